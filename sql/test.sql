-- test.sql -- read-only counts used by the unit tests

-- name: test_grant_count
SELECT count(*) FROM access_grant WHERE snapshot_id = :snapshot;

-- name: test_grant_via_count
SELECT count(*) FROM access_grant WHERE snapshot_id = :snapshot
	AND via IS NOT NULL;

-- name: test_warning_count
SELECT count(*) FROM warning WHERE snapshot_id = :snapshot;

-- name: test_account_count
SELECT count(*) FROM account WHERE snapshot_id = :snapshot;

-- name: test_finding_count
SELECT count(*) FROM finding WHERE snapshot_id = :snapshot AND code = :code;
