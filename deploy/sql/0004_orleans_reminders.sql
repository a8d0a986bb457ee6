-- 0004 orleans_reminders
--
-- Provides: the reminder table behind UseAdoNetReminderService.
-- Why: reminders must outlive silos. Each silo owns a slice of the 32-bit grain-hash ring and
-- loads the reminders whose grain hash falls in its slice, so rows carry the grain's hash (Orleans
-- passes it as a signed 32-bit number) next to the grain id. Each row's version is its ETag: an
-- upsert bumps it, and a delete only succeeds for the version the caller last saw.
-- The period is stored in milliseconds; Orleans sends it as a 32-bit number up to ~24.8 days and as
-- a 64-bit one beyond, so the column is bigint.
--
-- Idempotent: safe to run any number of times.

CREATE TABLE IF NOT EXISTS orleans_reminder
(
    service_id    varchar(150) NOT NULL,
    grain_id      varchar(150) NOT NULL,
    reminder_name varchar(150) NOT NULL,
    grain_hash    integer      NOT NULL,
    start_time    timestamptz  NOT NULL,
    period_ms     bigint       NOT NULL,
    version       integer      NOT NULL,
    CONSTRAINT orleans_reminder_pk PRIMARY KEY (service_id, grain_id, reminder_name)
);

-- Range reads ask for a service's reminders within a slice of the hash ring.
CREATE INDEX IF NOT EXISTS orleans_reminder_ring_ix ON orleans_reminder (service_id, grain_hash);

-- Creates a reminder (version 1) or replaces its schedule (version + 1). Returns the new version.
CREATE OR REPLACE FUNCTION orleans_reminder_upsert(
    p_service_id    varchar,
    p_grain_id      varchar,
    p_reminder_name varchar,
    p_grain_hash    integer,
    p_start_time    timestamptz,
    p_period_ms     bigint)
RETURNS integer
LANGUAGE plpgsql
AS $fn$
DECLARE
    new_version integer;
BEGIN
    INSERT INTO orleans_reminder AS r
        (service_id, grain_id, reminder_name, grain_hash, start_time, period_ms, version)
    VALUES
        (p_service_id, p_grain_id, p_reminder_name, p_grain_hash, p_start_time, p_period_ms, 1)
    ON CONFLICT ON CONSTRAINT orleans_reminder_pk DO UPDATE
        SET grain_hash = EXCLUDED.grain_hash,
            start_time = EXCLUDED.start_time,
            period_ms  = EXCLUDED.period_ms,
            version    = r.version + 1
    RETURNING r.version INTO new_version;
    RETURN new_version;
END;
$fn$;

-- Result columns are the names Orleans reads. Orleans picks ReadRangeRows1Key when the slice
-- does not wrap (begin < end, compared as signed numbers) and ReadRangeRows2Key when it wraps
-- past the end of the ring; both mean "hash in (begin, end]".
INSERT INTO orleansquery (querykey, querytext) VALUES
('ReadReminderRowsKey', $q$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime",
       period_ms AS "Period", version AS "Version"
FROM orleans_reminder
WHERE service_id = @ServiceId AND grain_id = @GrainId;
$q$),
('ReadReminderRowKey', $q$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime",
       period_ms AS "Period", version AS "Version"
FROM orleans_reminder
WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName;
$q$),
('ReadRangeRows1Key', $q$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime",
       period_ms AS "Period", version AS "Version"
FROM orleans_reminder
WHERE service_id = @ServiceId AND grain_hash > @BeginHash AND grain_hash <= @EndHash;
$q$),
('ReadRangeRows2Key', $q$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime",
       period_ms AS "Period", version AS "Version"
FROM orleans_reminder
WHERE service_id = @ServiceId AND (grain_hash > @BeginHash OR grain_hash <= @EndHash);
$q$),
('UpsertReminderRowKey', $q$
SELECT orleans_reminder_upsert(
    @ServiceId, @GrainId, @ReminderName, @GrainHash, @StartTime, @Period) AS "Version";
$q$),
('DeleteReminderRowKey', $q$
WITH removed AS (
    DELETE FROM orleans_reminder
    WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName
      AND version = @Version
    RETURNING 1)
SELECT EXISTS (SELECT 1 FROM removed) AS "Removed";
$q$),
('DeleteReminderRowsKey', $q$
DELETE FROM orleans_reminder WHERE service_id = @ServiceId;
$q$)
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;
