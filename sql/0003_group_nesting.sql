-- 0003_group_nesting.sql -- the transitive closure of nested groups
-- Rows of `membership` exist only while one system's snapshot is being
-- resolved, so the view never mixes systems.  UNION (not UNION ALL)
-- makes loops terminate: a group reached twice is not expanded again.
CREATE VIEW group_nesting (system_id, outer_key, inner_key) AS
WITH RECURSIVE nest (system_id, outer_key, inner_key) AS (
	SELECT system_id, entitlement_key, ref FROM membership
	WHERE ref_type = 'group'
	UNION
	SELECT n.system_id, n.outer_key, m.ref FROM nest n
	JOIN membership m ON m.system_id = n.system_id
		AND m.entitlement_key = n.inner_key AND m.ref_type = 'group'
)
SELECT system_id, outer_key, inner_key FROM nest;
