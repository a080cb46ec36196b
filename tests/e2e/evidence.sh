# evidence.sh -- the auditor's bundle: keygen, export, offline verify with
# the tool and with the stock sha256sum and minisign, byte-identical
# re-export, every kind of tampering named, the chain across bundles,
# sampling reproduced from the bundle alone
. tests/e2e/lib.sh
. tests/e2e/campaign-lib.sh

command -v minisign >/dev/null || skip "no minisign (package minisign)"

campaign_setup
run 0 -c "$conf" campaign open 2026-Q4 --now 2026-12-01T09:00:00Z
run 0 -c "$conf" decisions import \
	"$WORK/examples/demo/decisions/lena.hoffmann@example.com.csv" \
	--reviewer lena.hoffmann@example.com --now 2026-12-02T10:00:00Z

# ---- keys ----
run 0 keygen -o "$WORK/keys"
expect_in stdout "secret key $WORK/keys/accessreview.key"
[ "$(stat -c %a "$WORK/keys/accessreview.key")" = 600 ] ||
	fail "the secret key is not mode 0600"
run 73 keygen -o "$WORK/keys"
expect_in stderr "keygen never replaces a key"
secret=$(sed -n 2p "$WORK/keys/accessreview.key")
# the demo configuration names the demo's key: point it at this one
sed -i "s|^secret-key = .*|secret-key = $WORK/keys/accessreview.key|" "$conf"
run 78 -c "$WORK/examples/demo/accessreview-previous.conf" evidence export 1 \
	-o "$WORK/nokey"
expect_in stderr "[evidence] secret-key is not set"
chmod 644 "$WORK/keys/accessreview.key"
run 77 -c "$conf" evidence export 1 -o "$WORK/b1" --now 2026-12-05T09:00:00Z
expect_in stderr "is mode 0644: a secret key open to group or others"
chmod 600 "$WORK/keys/accessreview.key"

# ---- export, and the stock tools agree ----
run 0 -c "$conf" evidence export 1 -o "$WORK/b1" --now 2026-12-05T09:00:00Z
expect_in stdout "bundle of campaign 1 in $WORK/b1"
for file in campaign-report.xml campaign-report.html snapshot-report.xml \
	snapshot-report.html accessreview.xsd decisions.json attestations.json \
	exceptions.json revocations.csv revocations.json \
	previous-revocations.json audit-log.jsonl audit-head.txt receipt.json \
	controls.xml controls.html MANIFEST MANIFEST.minisig \
	"decisions/0001-lena.hoffmann@example.com.csv"; do
	[ -f "$WORK/b1/$file" ] || fail "the bundle has no $file"
done
(cd "$WORK/b1" && sha256sum --quiet -c MANIFEST) ||
	fail "sha256sum -c MANIFEST does not accept the bundle"
minisign -Vm "$WORK/b1/MANIFEST" -p "$WORK/keys/accessreview.pub" \
	>"$WORK/minisign.out" 2>&1 || fail "minisign -V does not accept it"
expect_in "$WORK/minisign.out" "campaign:1"
cmp -s "$WORK/b1/decisions/0001-lena.hoffmann@example.com.csv" \
	"$WORK/examples/demo/decisions/lena.hoffmann@example.com.csv" ||
	fail "the decision file is not kept byte for byte"
python3 -c 'import json, sys
r = json.load(open(sys.argv[1]))
assert r["campaign"]["id"] == 1 and r["inputs"], r
assert any(i["location"].endswith("github-users.json") and
           len(i["sha256"]) == 64 for i in r["inputs"])
assert r["previous_bundle"] is None' "$WORK/b1/receipt.json" ||
	fail "receipt.json does not list the inputs with their hashes"
grep -rqF "$secret" "$WORK/b1" && fail "the secret key is in the bundle"
expect_in "$WORK/b1/receipt.json" "$WORK/keys/accessreview.key"
run 0 verify "$WORK/b1" --pubkey "$WORK/keys/accessreview.pub"
expect_not_in stdout FAILED
expect_in stdout "ok      audit chain"
expect_in stdout "ok      MANIFEST.minisig"
# same database, same time: the same bytes
run 0 -c "$conf" evidence export 1 -o "$WORK/b1again" \
	--now 2026-12-05T09:00:00Z
diff -r "$WORK/b1" "$WORK/b1again" >/dev/null ||
	fail "a second export differs from the first"
run 73 -c "$conf" evidence export 1 -o "$WORK/b1"
expect_in stderr "is not empty: export a bundle into a new directory"

# ---- tampering: each kind named ----
# tamper NAME EXPECTED COMMAND...: run COMMAND in a copy, verify fails
tamper() {
	name=$1
	want=$2
	shift 2
	rm -rf "$WORK/t"
	cp -r "$WORK/b1" "$WORK/t"
	(cd "$WORK/t" && "$@") || fail "tamper $name: the change failed"
	run 65 verify "$WORK/t" --pubkey "$WORK/keys/accessreview.pub"
	expect_in stdout "$want"
}
tamper report "FAILED  campaign-report.xml: its SHA-256 is not the MANIFEST's" \
	sed -i 's/decision="revoke"/decision="keep"/' campaign-report.xml
tamper decision \
	"FAILED  decisions/0001-lena.hoffmann@example.com.csv: its SHA-256" \
	sed -i 's/"revoke"/"keep"/' decisions/0001-lena.hoffmann@example.com.csv
tamper audit "FAILED  audit-log.jsonl: its SHA-256" \
	sed -i '3s/"actor":"[^"]*"/"actor":"mallory"/' audit-log.jsonl
tamper receipt "FAILED  receipt.json: its SHA-256" \
	sed -i 's/"tool": "accessreview"/"tool": "other"/' receipt.json
tamper manifest "FAILED  MANIFEST.minisig: MANIFEST.minisig: the signature does not match" \
	sed -i '1{s/^0/1/;t;s/^./0/}' MANIFEST
tamper signature "FAILED  MANIFEST.minisig" \
	sed -i '4{s/^A/B/;t;s/^./A/}' MANIFEST.minisig
tamper added "FAILED  notes.txt: not in the MANIFEST (a file was added)" \
	sh -c 'echo hello >notes.txt'
tamper removed "FAILED  exceptions.json: listed in the MANIFEST, missing" \
	rm exceptions.json
# an audit log rewritten consistently with a new MANIFEST still fails:
# the chain, then the signature
tamper chain "FAILED  audit chain" sh -c \
	'sed -i "2s/\"actor\":\"[^\"]*\"/\"actor\":\"mallory\"/" audit-log.jsonl &&
	 sha256sum $(sed "s/^[0-9a-f]*  //" MANIFEST) >MANIFEST'
expect_in stdout "FAILED  MANIFEST.minisig"
# hostile MANIFEST lines are refused, never followed
tamper hostile "FAILED  MANIFEST: MANIFEST:1: not 'SHA256  NAME'" sh -c \
	'printf "%064d  ../../etc/passwd\n" 0 >MANIFEST'
run 66 verify "$WORK/nowhere"
expect_in stderr "cannot open the bundle '$WORK/nowhere'"

# ---- sampling: the bundle alone gives the auditor's sample ----
run 0 -c "$conf" evidence sample 1 --size 10 --seed q4-audit \
	--stratify privileged
sed -n '3,$p' "$WORK/stdout" >"$WORK/sample-db"
[ "$(wc -l <"$WORK/sample-db")" -eq 10 ] || fail "not a sample of 10"
expect_in stdout "accessreview-sample-v1"
run 0 verify "$WORK/b1" --sample 10 --seed q4-audit --stratify privileged
grep -E '^[0-9]+	' "$WORK/stdout" >"$WORK/sample-bundle"
cmp -s "$WORK/sample-db" "$WORK/sample-bundle" ||
	fail "the bundle's sample is not the database's"
run 0 -c "$conf" evidence sample 1 --size 3
seed=$(sed -n 's/.*seed \([0-9a-f]*\).*/\1/p' "$WORK/stdout" | head -n 1)
[ ${#seed} -eq 32 ] || fail "no random seed printed"
sed -n '3,$p' "$WORK/stdout" >"$WORK/drawn"
run 0 -c "$conf" evidence sample 1 --size 3 --seed "$seed"
sed -n '3,$p' "$WORK/stdout" | cmp -s - "$WORK/drawn" ||
	fail "the printed seed does not give the same sample"

# ---- the chain across bundles ----
run 0 -c "$conf" campaign close 1 --force --reason "quarter end" \
	--now 2026-12-20T09:00:00Z
run 0 -c "$conf" campaign open --event "access incident" --system github \
	--now 2026-12-21T09:00:00Z
run 0 -c "$conf" evidence export 2 -o "$WORK/b2" --include-inputs \
	--now 2026-12-22T09:00:00Z
expect_in stdout "follows the previous bundle, MANIFEST"
[ -f "$WORK/b2/inputs/github-users.json" ] ||
	fail "--include-inputs did not copy the inputs"
run 0 verify "$WORK/b2" --previous "$WORK/b1"
expect_in stdout "ok      previous bundle"
sed -i '1{s/^0/1/;t;s/^./0/}' "$WORK/b1/MANIFEST"
run 65 verify "$WORK/b2" --previous "$WORK/b1"
expect_in stdout "FAILED  previous bundle"

finish
