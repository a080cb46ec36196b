-- 0007_evidence.sql -- what the auditor's bundle needs: the decision files
-- as they were signed, and each bundle's MANIFEST hash for the next one

-- The decision file's bytes (UTF-8, checked at import), so that its SSH
-- signature can be checked again from the bundle.
ALTER TABLE decision_import ADD COLUMN content TEXT;

-- Every evidence export: the next campaign's bundle records the SHA-256
-- of the previous campaign's MANIFEST, a chain across quarters.
CREATE TABLE evidence_export (
	id INTEGER PRIMARY KEY,
	campaign_id INTEGER NOT NULL REFERENCES campaign(id),
	manifest_sha256 TEXT NOT NULL,
	exported_at TEXT NOT NULL,
	directory TEXT NOT NULL
);
CREATE INDEX evidence_export_campaign ON evidence_export (campaign_id);
