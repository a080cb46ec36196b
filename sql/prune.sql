-- prune.sql -- retention: removing old snapshots (src/review/prune.c)
-- Parameters: :snapshot (the one pruned), :at (ISO 8601 UTC).

-- Foreign keys are off during a prune: with them on, SQLite looks for
-- the accounts of every person deleted, and account.person_id has no
-- index.  The deletes below go children first and prune_foreign_key_check
-- must find nothing before the commit.  (A no-op inside a transaction:
-- run before BEGIN and after the end.)
-- name: prune_foreign_keys_off
PRAGMA foreign_keys = OFF;

-- name: prune_foreign_keys_on
PRAGMA foreign_keys = ON;

-- name: prune_foreign_key_check
PRAGMA foreign_key_check;

-- The snapshots a prune may consider, oldest first.
-- name: prune_live_snapshots
SELECT id, taken_at FROM snapshot WHERE pruned_at IS NULL ORDER BY id;

-- Open campaigns first, then the closed ones most recently closed first.
-- name: prune_campaigns
SELECT id, snapshot_id, state = 'open' AS open FROM campaign
ORDER BY state = 'open' DESC,
	CAST(strftime('%s', closed_at) AS INTEGER) DESC, id DESC;

-- What a prune of the snapshot removes, per table (a dry run's counts;
-- the same conditions as the deletes).
-- name: prune_snapshot_rows
SELECT (SELECT count(*) FROM access_grant WHERE snapshot_id = :snapshot)
		AS grants,
	(SELECT count(*) FROM finding WHERE snapshot_id = :snapshot)
		AS findings,
	(SELECT count(*) FROM warning WHERE snapshot_id = :snapshot)
		AS warnings,
	(SELECT count(*) FROM source WHERE snapshot_id = :snapshot)
		AS sources,
	(SELECT count(*) FROM account WHERE snapshot_id = :snapshot)
		AS accounts,
	(SELECT count(*) FROM entitlement WHERE system_id IN (SELECT id
		FROM system WHERE snapshot_id = :snapshot)) AS entitlements,
	(SELECT count(*) FROM person WHERE snapshot_id = :snapshot)
		AS people,
	(SELECT count(*) FROM system WHERE snapshot_id = :snapshot)
		AS systems;

-- The deletes, in the order of enum prune_table (children first).
-- name: prune_delete_grants
DELETE FROM access_grant WHERE snapshot_id = :snapshot;

-- name: prune_delete_findings
DELETE FROM finding WHERE snapshot_id = :snapshot;

-- name: prune_delete_warnings
DELETE FROM warning WHERE snapshot_id = :snapshot;

-- name: prune_delete_sources
DELETE FROM source WHERE snapshot_id = :snapshot;

-- name: prune_delete_accounts
DELETE FROM account WHERE snapshot_id = :snapshot;

-- entitlement has no index on snapshot_id; its unique key starts with
-- the system
-- name: prune_delete_entitlements
DELETE FROM entitlement WHERE system_id IN (SELECT id FROM system
	WHERE snapshot_id = :snapshot);

-- name: prune_delete_people
DELETE FROM person WHERE snapshot_id = :snapshot;

-- name: prune_delete_systems
DELETE FROM system WHERE snapshot_id = :snapshot;

-- The snapshot's own row stays, marked (0007_retention.sql).
-- name: prune_mark_snapshot
UPDATE snapshot SET pruned_at = :at WHERE id = :snapshot
	AND pruned_at IS NULL;

-- The database's size as SQLite counts it (the WAL included).
-- name: prune_database_bytes
SELECT page_count * page_size AS bytes
FROM pragma_page_count(), pragma_page_size();

-- name: prune_vacuum
VACUUM;

-- After VACUUM the pages are in the WAL: copy them back and truncate
-- both files, so the disk sees the space returned.
-- name: prune_checkpoint
PRAGMA wal_checkpoint(TRUNCATE);

-- name: prune_free_pages
SELECT freelist_count AS free_pages, page_count AS pages
FROM pragma_freelist_count(), pragma_page_count();
