-- decisions.sql -- checking and applying a reviewer's decisions
-- Parameters: :item, :campaign, :reviewer, :version (the worksheet's),
-- :decision, :expires, :comment, :at, :import.

-- name: decision_item
SELECT i.id, i.campaign_id, i.kind, i.system, i.account, i.person,
	i.entitlement, i.privileged, i.reviewer, i.reviewer_role, i.version,
	i.decision, i.expires, i.comment, i.decided_by, i.decided_on_version,
	c.state, c.due
FROM review_item i JOIN campaign c ON c.id = i.campaign_id
WHERE i.id = :item;

-- name: decision_is_delegate
SELECT count(*) FROM campaign_delegate
WHERE campaign_id = :campaign AND system = :system
	AND lower(delegate) = lower(:reviewer);

-- The version check and the bump are one statement: a row someone else
-- decided since the worksheet was read changes nothing (0 rows).
-- name: decision_update
UPDATE review_item SET decision = :decision, expires = nullif(:expires, ''),
	comment = nullif(:comment, ''), decided_by = :reviewer,
	decided_at = :at, decided_on_version = :version,
	version = version + 1, import_id = :import
WHERE id = :item AND version = :version;

-- name: decision_import_insert
INSERT INTO decision_import (campaign_id, reviewer, file_name, sha256,
	signature, signer_fingerprint, imported_at, rows, changed, content)
VALUES (:campaign, :reviewer, :file, :sha256, :signature, :signer, :at,
	:rows, :changed, :content);
