-- attestation.sql -- MFA attestations of a campaign's systems and accounts
-- Parameters: :campaign, :system, :snapshot, :reviewer, :account.

-- The system in the campaign's scope, with the campaign's state.
-- name: attestation_scope
SELECT c.state, c.snapshot_id, cs.owner,
	(SELECT count(*) FROM campaign_delegate d
		WHERE d.campaign_id = c.id AND d.system = cs.system
		AND lower(d.delegate) = lower(:reviewer)) AS is_delegate
FROM campaign c JOIN campaign_system cs ON cs.campaign_id = c.id
WHERE c.id = :campaign AND cs.system = :system;

-- The MFA figures of one system in the campaign's snapshot (active
-- accounts), and how many unknown ones were attested one by one.
-- name: attestation_figures
SELECT count(*) AS active,
	coalesce(sum(s.mfa_supported = 1 AND a.mfa = 'enabled'), 0)
		AS enabled,
	coalesce(sum(s.mfa_supported = 1 AND a.mfa = 'disabled'), 0)
		AS disabled,
	coalesce(sum(s.mfa_supported = 1 AND a.mfa = 'unknown'), 0)
		AS unknown,
	coalesce(sum(s.mfa_supported = 0 OR a.mfa = 'not-applicable'), 0)
		AS not_applicable,
	(SELECT count(DISTINCT t.account_id) FROM mfa_attestation t
		WHERE t.campaign_id = :campaign AND t.system = :system
		AND t.kind = 'account') AS attested_accounts
FROM system s JOIN account a ON a.system_id = s.id
WHERE s.snapshot_id = :snapshot AND s.name = :system AND a.active = 1;

-- Active accounts without MFA that no exception (or revocation) of this
-- campaign, and no earlier exception still running, covers.
-- name: attestation_uncovered
SELECT coalesce(a.login, a.email, a.external_id) AS account,
	a.external_id AS account_id
FROM system s JOIN account a ON a.system_id = s.id
WHERE s.snapshot_id = :snapshot AND s.name = :system AND a.active = 1
	AND s.mfa_supported = 1 AND a.mfa = 'disabled'
	AND NOT EXISTS (SELECT 1 FROM review_item i
		WHERE i.campaign_id = :campaign AND i.system = s.name
		AND i.account_id = a.external_id
		AND i.decision IN ('exception', 'revoke'))
	AND NOT EXISTS (SELECT 1 FROM exception_register x
		WHERE x.system = s.name AND x.account_id = a.external_id
		AND x.replaced_by IS NULL AND x.campaign_id <> :campaign
		AND x.expires > :today)
ORDER BY 1;

-- One account of the system in the campaign's snapshot, by login, email
-- or id (case-insensitive).
-- name: attestation_account
SELECT a.external_id AS account_id,
	coalesce(a.login, a.email, a.external_id) AS account, a.mfa,
	a.active, s.mfa_supported
FROM system s JOIN account a ON a.system_id = s.id
WHERE s.snapshot_id = :snapshot AND s.name = :system
	AND (lower(a.login) = lower(:account) OR lower(a.email) = lower(:account)
		OR a.external_id = :account)
ORDER BY a.active DESC, a.external_id LIMIT 1;

-- name: attestation_insert
INSERT INTO mfa_attestation (campaign_id, system, kind, account_id,
	account, mfa, enforced, statement, figures, attested_by, attested_at,
	signature, signer_fingerprint)
VALUES (:campaign, :system, :kind, :account_id, :account, :mfa,
	:enforced, :statement, :figures, :reviewer, :at, :signature,
	:signer);

-- The systems of a campaign without a system attestation.
-- name: attestation_missing
SELECT cs.system FROM campaign_system cs
WHERE cs.campaign_id = :campaign AND NOT EXISTS (SELECT 1
	FROM mfa_attestation t WHERE t.campaign_id = cs.campaign_id
	AND t.system = cs.system AND t.kind = 'system')
ORDER BY cs.system;

-- Every attestation of a campaign, for its report.
-- name: attestation_list
SELECT id, system, kind, account_id, account, mfa, enforced, statement,
	figures, attested_by, attested_at, signer_fingerprint
FROM mfa_attestation WHERE campaign_id = :campaign ORDER BY system, id;

-- The exception register: every exception no later decision replaced
-- (with :all = 1, the replaced ones too), soonest expiry first.
-- name: exceptions_register
SELECT item_id, campaign_id, period, system, kind, account, account_id,
	person, person_name, entitlement, reviewer, decided_by,
	justification, granted_at, expires, replaced_by
FROM exception_register WHERE replaced_by IS NULL OR :all = 1
ORDER BY expires, system, account, entitlement, item_id;
