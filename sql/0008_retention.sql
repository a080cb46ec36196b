-- 0008_retention.sql -- pruned snapshots keep their row
-- `accessreview prune` deletes everything a snapshot holds (systems,
-- sources, people, accounts, entitlements, grants, findings, warnings)
-- but keeps its line here with the time it was pruned: campaigns keep
-- pointing at the snapshot they froze (campaign.snapshot_id), and the
-- audit log's prune events and the new-access findings' "since snapshot
-- N" still name a snapshot whose time is known.  Every query that picks
-- a snapshot (the latest, the previous, one by id) skips pruned ones.
ALTER TABLE snapshot ADD COLUMN pruned_at TEXT;
