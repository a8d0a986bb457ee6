-- 0005 data_protection_keys
--
-- Provides: the key ring of ASP.NET Core data protection, shared by every dashboard.
-- Why: session cookies and antiforgery tokens are encrypted with these keys. Kept in PostgreSQL (not
-- in each dashboard's home folder), a restarted dashboard keeps everyone signed in and two dashboards
-- behind one address accept each other's cookies. Each row is one key's XML as data protection writes
-- it, under the unique name it chose; keys are never updated, only added (expired ones stay, so old
-- cookies fail cleanly as expired rather than as unreadable).
-- The XML holds the key material itself: whoever can read this table can forge sessions, which is no
-- more than what the database's credentials already grant (they control all platform data).
--
-- Idempotent: safe to run any number of times.

CREATE TABLE IF NOT EXISTS gsp_data_protection_key
(
    friendly_name varchar(200) NOT NULL PRIMARY KEY,
    xml           text         NOT NULL,
    created_at    timestamptz  NOT NULL DEFAULT now()
);
