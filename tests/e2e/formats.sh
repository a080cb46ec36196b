# formats.sh -- every sample export of tests/data/formats in one review,
# checking the findings each format's quirks must produce
. tests/e2e/lib.sh

F=$FORMATS
cat >"$WORK/accessreview.conf" <<CONF
[review]
database = var/formats.db
reports = reports
[directory]
source = ldif:$F/ldif/openldap-users.ldif
[system "scim"]
category = deployment
source = scim:$F/scim/listresponse-users.json
groups = scim:$F/scim/listresponse-groups.json
[system "scim2"]
category = deployment
source = scim:$F/scim/listresponse-users-page2.json
[system "idcs"]
category = logs
source = scim:$F/scim/idcs-users-with-mfa-extension.json
[system "full"]
category = logs
source = scim:$F/scim/rfc7643-user-full.json
[system "aws"]
category = deployment
source = csv:$F/csv/aws-iam-credential-report.csv
match = uid
[system "google"]
category = marketplace_admin
source = csv:$F/csv/google-workspace-users.csv
[system "jira"]
category = support
source = csv:$F/csv/atlassian-users.csv
[system "github"]
category = source_control
source = json:$F/json/github-org-members-2fa-disabled.json
match = uid
[system "gitlab"]
category = source_control
source = json:$F/json/gitlab-users.json
[system "zendesk"]
category = support
source = json:$F/json/zendesk-users.json
[system "datadog"]
category = logs
source = json:$F/json/datadog-users.json
[system "ipa"]
category = deployment
source = ldif:$F/ldif/freeipa-users.ldif
match = uid
[system "ad"]
category = deployment
source = ldif:$F/ldif/activedirectory-export.ldif
[system "groups"]
category = deployment
source = ldif:$F/ldif/openldap-groups.ldif
match = uid
privileged = "deployers"
CONF
run 0 -c "$WORK/accessreview.conf" init
run 1 -c "$WORK/accessreview.conf" run --now 2026-11-20T00:00:00Z
expect_in stdout "at or above [review] fail-on = high"
# the directory's jpegPhoto URL is skipped with a warning, never opened
expect_in stderr "openldap-users.ldif:109: URL value for 'jpegPhoto' skipped"
"$ACCESSREVIEW" -c "$WORK/accessreview.conf" findings >"$WORK/findings"

# has CODE SYSTEM TEXT: a finding of that code and system mentions TEXT
has() {
	grep -E "^[a-z]+ +$1 +$2 " "$WORK/findings" | grep -qF -- "$3" ||
		fail "no $1 in $2 mentioning '$3'"
}
hasnt() {
	if grep -E "^[a-z]+ +$1 +$2 " "$WORK/findings" | grep -qF -- "$3"; then
		fail "unexpected $1 in $2 mentioning '$3'"
	fi
}

# SCIM: 12 of 25 delivered; string boolean "False"; case-only email clash
has incomplete-export scim "12 of 25 records delivered"
has incomplete-export scim2 "5 of 25 records delivered"
has orphan-account scim "rachel.vance@example.com"
has shared-account scim "'praman' matches 2 people"
hasnt terminated-with-access scim "tom.becker"
# Oracle IDCS MFA extension: UN_ENROLLED/IGNORED = not enabled, absent = unknown
has mfa-disabled idcs "lucas.silva@example.com"
has mfa-unknown idcs ""
# the directory: tom.becker and kwame.asante are locked
has terminated-with-access groups "'tom.becker' is still active"
has terminated-with-access groups "'kwame.asante' is still active"
has terminated-with-access aws "'tom.becker' is still active"
has terminated-with-access zendesk "tom.becker@example.com"
has terminated-with-access jira "tom.becker@example.com"
# LDIF groups: nesting through release-managers, dangling rachel.vance
has privileged-access groups "'mei.lin' holds privileged 'deployers' via 'release-managers'"
has orphan-account groups "'rachel.vance'"
# AWS IAM: root is privileged; MFA only for console users
has privileged-access aws "'<root_account>' holds privileged 'root'"
has mfa-disabled aws "'oliver.grant'"
hasnt mfa-disabled aws "'ci-deploy'"
# Google Workspace: 2sv Enrolled False, sign-in dates without a zone
has mfa-disabled google "'jose.nunez@example.com'"
has dormant-account google "yuki.tanaka@example.com"
# Atlassian: site-admins privileged, the app account has no email
has privileged-access jira "'amara.okafor@example.com' holds privileged 'site-admins'"
has orphan-account jira "SAM.WHITFORD@EXAMPLE.ORG"
has mfa-unknown jira ""
# GitHub 2FA-disabled list: logins, not emails
has mfa-disabled github "'flowdence-release-bot'"
# GitLab: root is an admin without 2FA; the contractor is external
has privileged-access gitlab "'root' holds privileged 'admin'"
has mfa-disabled gitlab "'root'"
# Zendesk: null 2FA is unknown, not disabled; customers are not accounts
has mfa-disabled zendesk "sofia.rossi@example.com"
has privileged-access zendesk "fatima.haddad@example.com"
# Datadog: the admin role joined from `included`
has privileged-access datadog "'amara.okafor@example.com' holds privileged 'Datadog Admin Role'"
has shared-account datadog "platform-team@example.com"
# FreeIPA: password+otp does not enforce OTP; otp alone does
has mfa-disabled ipa "'daniel.moreau'"
hasnt mfa-disabled ipa "'amara.okafor'"
# Active Directory: ranged member list, disabled UAC, computers excluded
has incomplete-export ad "members 0-1499"
hasnt orphan-account ad "BUILD01"
has dormant-account ad ""

# every source is recorded with its SHA-256
xml=$WORK/reports/access-review-2026-Q4.xml
xmllint --noout --schema "$ROOT/templates/accessreview.xsd" "$xml" \
	2>"$WORK/xmllint" || { fail "XML report does not validate";
	cat "$WORK/xmllint"; }
sum=$(sha256sum "$F/json/zendesk-users.json" | cut -d' ' -f1)
expect_in "$xml" "$sum"
[ "$(sqlite3 "$WORK/var/formats.db" 'SELECT count(*) FROM source')" = 16 ] ||
	fail "expected 16 sources recorded"
finish
