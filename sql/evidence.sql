-- evidence.sql -- what the evidence bundle reads (src/evidence/)

-- name: evidence_campaign
SELECT c.id, c.kind, c.period, c.state, c.snapshot_id, c.opened_at,
	c.closed_at, c.due, s.taken_at
FROM campaign c JOIN snapshot s ON s.id = c.snapshot_id
WHERE c.id = :campaign;

-- name: evidence_imports
SELECT id, reviewer, file_name, sha256, signature, signer_fingerprint,
	imported_at, rows, changed, content
FROM decision_import WHERE campaign_id = :campaign ORDER BY id;

-- name: evidence_attestations
SELECT id, system, kind, account_id, account, mfa, enforced, statement,
	figures, attested_by, attested_at, signature, signer_fingerprint
FROM mfa_attestation WHERE campaign_id = :campaign ORDER BY id;

-- The MANIFEST hash of the latest bundle of an earlier campaign.
-- name: evidence_previous_manifest
SELECT campaign_id, manifest_sha256 FROM evidence_export
WHERE campaign_id < :campaign ORDER BY campaign_id DESC, id DESC LIMIT 1;

-- name: evidence_export_insert
INSERT INTO evidence_export (campaign_id, manifest_sha256, exported_at,
	directory)
VALUES (:campaign, :sha256, :at, :directory);

-- The population an auditor samples from.
-- name: evidence_sample_items
SELECT id, system, account, entitlement, decision, privileged
FROM review_item WHERE campaign_id = :campaign ORDER BY id;
