-- 0007 host_rows
--
-- Provides: the host directory and the hosts' public ports as rows, one per host, one per placed server
-- and one per block of ports, each scoped by the Orleans service id (as grain state is).
-- Why: the directory and each host's ports were one Orleans state blob each, rewritten whole at every
-- placement, wake and stop, so a write grew with the servers on the host. Now a change writes the one
-- row it changes; the grains load their rows once when they activate and keep indexes in memory.
-- gsp_host_import records that the blobs an older build wrote ("hosts", "ports") were imported, once.
--
-- Idempotent: safe to run any number of times.

CREATE TABLE IF NOT EXISTS gsp_host
(
    service_id        text        NOT NULL,
    name              text        NOT NULL,
    public_address    text        NOT NULL,
    memory_mb         integer     NOT NULL,
    cpus              numeric     NOT NULL,
    port_first        integer     NOT NULL,
    port_last         integer     NOT NULL,
    memory_overcommit numeric     NOT NULL,
    cpu_overcommit    numeric     NOT NULL,
    draining          boolean     NOT NULL DEFAULT false,
    registered_at     timestamptz NOT NULL,
    busy_refusals     bigint      NOT NULL DEFAULT 0,
    PRIMARY KEY (service_id, name)
);

-- A server may be placed on two hosts for a while (a move reserves the target before it frees the source):
-- the host is part of the key, and seq keeps the order of placement.
CREATE TABLE IF NOT EXISTS gsp_host_server
(
    service_id text      NOT NULL,
    host       text      NOT NULL,
    server_id  text      NOT NULL,
    seq        bigserial NOT NULL,
    owner_id   text      NOT NULL,
    name       text      NOT NULL,
    game_id    text      NOT NULL,
    memory_mb  integer   NOT NULL,
    cpus       numeric   NOT NULL,
    port_count integer   NOT NULL,
    running    boolean   NOT NULL DEFAULT false,
    PRIMARY KEY (service_id, host, server_id)
);

CREATE TABLE IF NOT EXISTS gsp_host_port_block
(
    service_id text    NOT NULL,
    host       text    NOT NULL,
    server_id  text    NOT NULL,
    first_port integer NOT NULL,
    port_count integer NOT NULL,
    PRIMARY KEY (service_id, host, server_id)
);

CREATE TABLE IF NOT EXISTS gsp_host_import
(
    service_id  text        NOT NULL,
    scope       text        NOT NULL,
    imported_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (service_id, scope)
);
