-- 0003 orleans_persistence
--
-- Provides: the grain state table behind AddAdoNetGrainStorage, with version-checked writes.
-- Why: Orleans hands the provider the grain key split into two 64-bit numbers plus an optional
-- string (n0, n1, extension), the *state name* from [PersistentState("name")] as the "grain type",
-- and two 32-bit hashes of those for indexing. Each row carries a version that is the grain's
-- ETag: a write or clear names the version it last saw, and a stale one must change nothing and
-- report a conflict, so two activations of one grain can never overwrite each other silently.
--
-- Note: the grain type is not part of the key, only the state name is. Two grain classes with the
-- same key and the same state name would share one row: give every grain class its own state name.
--
-- Idempotent: safe to run any number of times.

CREATE TABLE IF NOT EXISTS orleans_grain_state
(
    service_id          varchar(150) NOT NULL,
    grain_id_hash       integer      NOT NULL,
    grain_type_hash     integer      NOT NULL,
    grain_id_n0         bigint       NOT NULL,
    grain_id_n1         bigint       NOT NULL,
    grain_id_extension  text         NULL,
    state_name          text         NOT NULL,
    payload             bytea        NULL,
    version             integer      NOT NULL,
    modified_at         timestamptz  NOT NULL DEFAULT now()
);

-- One row per grain state. The hashes lead so lookups are narrow; the extension appears twice
-- because a NULL extension ("no extension") and an empty one are different keys, and a unique
-- index would otherwise treat NULLs as distinct (NULLS NOT DISTINCT needs PostgreSQL 15).
CREATE UNIQUE INDEX IF NOT EXISTS orleans_grain_state_key_ux ON orleans_grain_state
    (grain_id_hash, grain_type_hash, service_id, grain_id_n0, grain_id_n1, state_name,
     coalesce(grain_id_extension, ''), (grain_id_extension IS NULL));

-- Inserts (seen version NULL: the grain believes it has no row) or overwrites (seen version
-- matches) a state. Returns the new version, or NULL on a version conflict, which Orleans turns
-- into an InconsistentStateException.
CREATE OR REPLACE FUNCTION orleans_grain_state_write(
    p_service_id      varchar,
    p_grain_id_hash   integer,
    p_grain_type_hash integer,
    p_grain_id_n0     bigint,
    p_grain_id_n1     bigint,
    p_extension       text,
    p_state_name      text,
    p_seen_version    integer,
    p_payload         bytea)
RETURNS integer
LANGUAGE plpgsql
AS $fn$
DECLARE
    new_version integer;
BEGIN
    IF p_seen_version IS NULL THEN
        -- A concurrent first write of the same grain loses here, on the unique index.
        INSERT INTO orleans_grain_state
            (service_id, grain_id_hash, grain_type_hash, grain_id_n0, grain_id_n1,
             grain_id_extension, state_name, payload, version)
        VALUES
            (p_service_id, p_grain_id_hash, p_grain_type_hash, p_grain_id_n0, p_grain_id_n1,
             p_extension, p_state_name, p_payload, 1)
        ON CONFLICT DO NOTHING
        RETURNING version INTO new_version;
    ELSE
        UPDATE orleans_grain_state
        SET payload = p_payload, version = version + 1, modified_at = now()
        WHERE grain_id_hash = p_grain_id_hash AND grain_type_hash = p_grain_type_hash
          AND service_id = p_service_id
          AND grain_id_n0 = p_grain_id_n0 AND grain_id_n1 = p_grain_id_n1
          AND state_name = p_state_name
          AND grain_id_extension IS NOT DISTINCT FROM p_extension
          AND version = p_seen_version
        RETURNING version INTO new_version;
    END IF;
    RETURN new_version;
END;
$fn$;

-- Clears a state: keeps the row with no payload and a bumped version, or (p_delete_row) removes
-- it. Returns one row with the new version (for a deleted row: its last version + 1), one row with
-- NULL on a version conflict, or no row when there was nothing to clear and the caller knew it.
CREATE OR REPLACE FUNCTION orleans_grain_state_clear(
    p_service_id      varchar,
    p_grain_id_hash   integer,
    p_grain_type_hash integer,
    p_grain_id_n0     bigint,
    p_grain_id_n1     bigint,
    p_extension       text,
    p_state_name      text,
    p_seen_version    integer,
    p_delete_row      boolean)
RETURNS TABLE (new_version integer)
LANGUAGE plpgsql
AS $fn$
DECLARE
    stored_version integer;
BEGIN
    SELECT s.version INTO stored_version
    FROM orleans_grain_state s
    WHERE s.grain_id_hash = p_grain_id_hash AND s.grain_type_hash = p_grain_type_hash
      AND s.service_id = p_service_id
      AND s.grain_id_n0 = p_grain_id_n0 AND s.grain_id_n1 = p_grain_id_n1
      AND s.state_name = p_state_name
      AND s.grain_id_extension IS NOT DISTINCT FROM p_extension
    FOR UPDATE;

    IF NOT FOUND AND p_seen_version IS NULL THEN
        RETURN;
    END IF;
    IF NOT FOUND OR stored_version IS DISTINCT FROM p_seen_version THEN
        new_version := NULL;
        RETURN NEXT;
        RETURN;
    END IF;

    IF p_delete_row THEN
        DELETE FROM orleans_grain_state s
        WHERE s.grain_id_hash = p_grain_id_hash AND s.grain_type_hash = p_grain_type_hash
          AND s.service_id = p_service_id
          AND s.grain_id_n0 = p_grain_id_n0 AND s.grain_id_n1 = p_grain_id_n1
          AND s.state_name = p_state_name
          AND s.grain_id_extension IS NOT DISTINCT FROM p_extension;
    ELSE
        UPDATE orleans_grain_state s
        SET payload = NULL, version = s.version + 1, modified_at = now()
        WHERE s.grain_id_hash = p_grain_id_hash AND s.grain_type_hash = p_grain_type_hash
          AND s.service_id = p_service_id
          AND s.grain_id_n0 = p_grain_id_n0 AND s.grain_id_n1 = p_grain_id_n1
          AND s.state_name = p_state_name
          AND s.grain_id_extension IS NOT DISTINCT FROM p_extension;
    END IF;
    new_version := stored_version + 1;
    RETURN NEXT;
END;
$fn$;

-- Orleans passes @GrainTypeString (the state name) and @GrainIdExtensionString (NULL when the key
-- has no extension). A read returns no row for a grain never written.
INSERT INTO orleansquery (querykey, querytext) VALUES
('ReadFromStorageKey', $q$
SELECT payload AS "PayloadBinary", version AS "Version"
FROM orleans_grain_state
WHERE grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash
  AND service_id = @ServiceId
  AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
  AND state_name = @GrainTypeString
  AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString;
$q$),
('WriteToStorageKey', $q$
SELECT orleans_grain_state_write(
    @ServiceId, @GrainIdHash, @GrainTypeHash, @GrainIdN0, @GrainIdN1,
    @GrainIdExtensionString, @GrainTypeString, @GrainStateVersion, @PayloadBinary)
    AS "NewGrainStateVersion";
$q$),
('ClearStorageKey', $q$
SELECT new_version AS "Version"
FROM orleans_grain_state_clear(
    @ServiceId, @GrainIdHash, @GrainTypeHash, @GrainIdN0, @GrainIdN1,
    @GrainIdExtensionString, @GrainTypeString, @GrainStateVersion, false);
$q$),
-- Used instead of ClearStorageKey when AdoNetGrainStorageOptions.DeleteStateOnClear is true.
('DeleteStorageKey', $q$
SELECT new_version AS "Version"
FROM orleans_grain_state_clear(
    @ServiceId, @GrainIdHash, @GrainTypeHash, @GrainIdN0, @GrainIdN1,
    @GrainIdExtensionString, @GrainTypeString, @GrainStateVersion, true);
$q$)
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;
