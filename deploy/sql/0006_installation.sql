-- 0006 installation
--
-- Provides: gsp_installation, one row holding this database's installation id.
-- Why: several installations may share one Docker engine (a `deploy/gsp up` platform and a test run,
-- two tenants' platforms). Every container, network and volume a silo creates carries the id as the
-- `gsp.installation` label, and a silo removes or adopts only what carries its own, so one
-- installation's sweep never touches another's. The id is generated here, once per database, so every
-- silo of the installation (and every restart) reads the same one, and a new database is a new one.
--
-- Idempotent: safe to run any number of times; the id, once made, never changes.

CREATE TABLE IF NOT EXISTS gsp_installation
(
    singleton  boolean     PRIMARY KEY DEFAULT true CHECK (singleton),
    id         text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- 16 random bytes as 32 hex digits (gen_random_uuid is built in since PostgreSQL 13).
INSERT INTO gsp_installation (id)
VALUES (replace(gen_random_uuid()::text, '-', ''))
ON CONFLICT (singleton) DO NOTHING;
