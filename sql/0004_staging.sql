-- 0004_staging.sql -- memberships are staged outside the database file
-- The raw memberships of the system being read now live in a TEMP table
-- (store.sql, staging_create), created by every collect: a million rows
-- written and deleted again per collect no longer go through the WAL.
-- The closure view moves with them.  access_grant's UNIQUE (account_id,
-- entitlement_id) index already serves lookups by account, so
-- grant_account only cost time on every insert.
DROP VIEW main.group_nesting;
DROP TABLE main.membership;
DROP INDEX main.grant_account;
