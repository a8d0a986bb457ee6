-- 0002 orleans_clustering
--
-- Provides: the cluster membership table behind UseAdoNetClustering (silos) and the gateway list
-- behind the ADO.NET gateway provider (clients).
-- Why: Orleans' membership protocol needs one version counter per cluster plus one row per silo
-- incarnation; every insert or status change must bump the counter atomically, and only if the
-- caller saw the current value (optimistic concurrency). "DeploymentId" in Orleans' parameters is
-- the ClusterId. Status values are Orleans' SiloStatus enum (3 = Active, 6 = Dead).
--
-- Idempotent: safe to run any number of times.

CREATE TABLE IF NOT EXISTS orleans_cluster_version
(
    deployment_id varchar(150) NOT NULL,
    version       integer      NOT NULL DEFAULT 0,
    changed_at    timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT orleans_cluster_version_pk PRIMARY KEY (deployment_id)
);

-- One row per silo incarnation: a restarted silo has a new generation, so a new row.
CREATE TABLE IF NOT EXISTS orleans_cluster_member
(
    deployment_id   varchar(150) NOT NULL,
    address         varchar(45)  NOT NULL,
    port            integer      NOT NULL,
    generation      integer      NOT NULL,
    silo_name       varchar(150) NOT NULL,
    host_name       varchar(150) NOT NULL,
    status          integer      NOT NULL,
    proxy_port      integer      NOT NULL DEFAULT 0,
    suspect_times   text         NULL,
    start_time      timestamptz  NOT NULL,
    i_am_alive_time timestamptz  NOT NULL,
    CONSTRAINT orleans_cluster_member_pk PRIMARY KEY (deployment_id, address, port, generation),
    -- Deleting a cluster's version row removes its members too (DeleteMembershipTableEntriesKey).
    CONSTRAINT orleans_cluster_member_version_fk FOREIGN KEY (deployment_id)
        REFERENCES orleans_cluster_version (deployment_id) ON DELETE CASCADE
);

-- Adds a silo row and bumps the cluster version, or does neither. Every writer first locks the
-- cluster's version row, so concurrent joins of one cluster are serialised and the existence check
-- below cannot race. Returns false if the caller's version is stale or the silo row already exists.
CREATE OR REPLACE FUNCTION orleans_cluster_insert_member(
    p_deployment_id   varchar,
    p_seen_version    integer,
    p_address         varchar,
    p_port            integer,
    p_generation      integer,
    p_silo_name       varchar,
    p_host_name       varchar,
    p_status          integer,
    p_proxy_port      integer,
    p_start_time      timestamptz,
    p_i_am_alive_time timestamptz)
RETURNS boolean
LANGUAGE plpgsql
AS $fn$
BEGIN
    PERFORM 1
    FROM orleans_cluster_version
    WHERE deployment_id = p_deployment_id AND version = p_seen_version
    FOR UPDATE;
    IF NOT FOUND THEN
        RETURN false;
    END IF;

    INSERT INTO orleans_cluster_member
        (deployment_id, address, port, generation, silo_name, host_name, status, proxy_port,
         start_time, i_am_alive_time)
    VALUES
        (p_deployment_id, p_address, p_port, p_generation, p_silo_name, p_host_name, p_status,
         coalesce(p_proxy_port, 0), p_start_time, p_i_am_alive_time)
    ON CONFLICT ON CONSTRAINT orleans_cluster_member_pk DO NOTHING;
    IF NOT FOUND THEN
        RETURN false;
    END IF;

    UPDATE orleans_cluster_version
    SET version = version + 1, changed_at = now()
    WHERE deployment_id = p_deployment_id;
    RETURN true;
END;
$fn$;

-- Changes a silo's status, suspicions and liveness and bumps the cluster version, or does neither.
-- Returns false if the caller's version is stale or the silo row does not exist.
CREATE OR REPLACE FUNCTION orleans_cluster_update_member(
    p_deployment_id   varchar,
    p_seen_version    integer,
    p_address         varchar,
    p_port            integer,
    p_generation      integer,
    p_status          integer,
    p_suspect_times   text,
    p_i_am_alive_time timestamptz)
RETURNS boolean
LANGUAGE plpgsql
AS $fn$
BEGIN
    PERFORM 1
    FROM orleans_cluster_version
    WHERE deployment_id = p_deployment_id AND version = p_seen_version
    FOR UPDATE;
    IF NOT FOUND THEN
        RETURN false;
    END IF;

    UPDATE orleans_cluster_member
    SET status = p_status, suspect_times = p_suspect_times, i_am_alive_time = p_i_am_alive_time
    WHERE deployment_id = p_deployment_id
      AND address = p_address AND port = p_port AND generation = p_generation;
    IF NOT FOUND THEN
        RETURN false;
    END IF;

    UPDATE orleans_cluster_version
    SET version = version + 1, changed_at = now()
    WHERE deployment_id = p_deployment_id;
    RETURN true;
END;
$fn$;

-- The statements Orleans runs, by the key it looks them up with. Result column names are the ones
-- Orleans reads (quoted, so their case survives). Reads always return the version row, joined to
-- zero or more members: Orleans takes the table version from the first row.
INSERT INTO orleansquery (querykey, querytext) VALUES
('InsertMembershipVersionKey', $q$
WITH created AS (
    INSERT INTO orleans_cluster_version (deployment_id) VALUES (@DeploymentId)
    ON CONFLICT ON CONSTRAINT orleans_cluster_version_pk DO NOTHING
    RETURNING 1)
SELECT EXISTS (SELECT 1 FROM created) AS "Created";
$q$),
('InsertMembershipKey', $q$
SELECT orleans_cluster_insert_member(
    @DeploymentId, @Version, @Address, @Port, @Generation, @SiloName, @HostName, @Status,
    @ProxyPort, @StartTime, @IAmAliveTime) AS "Inserted";
$q$),
('UpdateMembershipKey', $q$
SELECT orleans_cluster_update_member(
    @DeploymentId, @Version, @Address, @Port, @Generation, @Status, @SuspectTimes,
    @IAmAliveTime) AS "Updated";
$q$),
('UpdateIAmAlivetimeKey', $q$
UPDATE orleans_cluster_member
SET i_am_alive_time = @IAmAliveTime
WHERE deployment_id = @DeploymentId
  AND address = @Address AND port = @Port AND generation = @Generation;
$q$),
('MembershipReadAllKey', $q$
SELECT v.version AS "Version",
       m.address AS "Address", m.port AS "Port", m.generation AS "Generation",
       m.silo_name AS "SiloName", m.host_name AS "HostName", m.status AS "Status",
       m.proxy_port AS "ProxyPort", m.suspect_times AS "SuspectTimes",
       m.start_time AS "StartTime", m.i_am_alive_time AS "IAmAliveTime"
FROM orleans_cluster_version v
LEFT JOIN orleans_cluster_member m ON m.deployment_id = v.deployment_id
WHERE v.deployment_id = @DeploymentId;
$q$),
('MembershipReadRowKey', $q$
SELECT v.version AS "Version",
       m.address AS "Address", m.port AS "Port", m.generation AS "Generation",
       m.silo_name AS "SiloName", m.host_name AS "HostName", m.status AS "Status",
       m.proxy_port AS "ProxyPort", m.suspect_times AS "SuspectTimes",
       m.start_time AS "StartTime", m.i_am_alive_time AS "IAmAliveTime"
FROM orleans_cluster_version v
LEFT JOIN orleans_cluster_member m
       ON m.deployment_id = v.deployment_id
      AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
WHERE v.deployment_id = @DeploymentId;
$q$),
('GatewaysQueryKey', $q$
SELECT address AS "Address", proxy_port AS "ProxyPort", generation AS "Generation"
FROM orleans_cluster_member
WHERE deployment_id = @DeploymentId AND status = @Status AND proxy_port > 0;
$q$),
('DeleteMembershipTableEntriesKey', $q$
DELETE FROM orleans_cluster_version WHERE deployment_id = @DeploymentId;
$q$),
-- Removes silos that are no longer active and have shown no sign of life since the cut-off.
('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM orleans_cluster_member
WHERE deployment_id = @DeploymentId
  AND status <> 3
  AND greatest(i_am_alive_time, start_time) < @IAmAliveTime;
$q$)
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;
