-- 0001 orleans_query_table
--
-- Provides: the OrleansQuery table, the registry of statements Orleans runs.
-- Why: Orleans' ADO.NET providers ship no SQL of their own. At start-up each provider runs
-- "SELECT QueryKey, QueryText FROM OrleansQuery" and looks up the statements it needs by key;
-- a provider whose keys are missing refuses to start. Scripts 0002-0004 register their statements
-- here. The names are unquoted in Orleans' query, so they fold to lower case: keep them lower case.
--
-- Idempotent: safe to run any number of times.

CREATE TABLE IF NOT EXISTS orleansquery
(
    querykey  varchar(64) NOT NULL,
    querytext text        NOT NULL,
    CONSTRAINT orleansquery_pk PRIMARY KEY (querykey)
);
