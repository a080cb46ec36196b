# decisions-signed.sh -- signed decision files, signed and checked by the
# real ssh-keygen: the reviewer's key is accepted and its fingerprint
# recorded; another key, another reviewer's key, a changed file, another
# namespace and an unsigned file under require-signatures are refused
. tests/e2e/lib.sh
. tests/e2e/campaign-lib.sh

command -v ssh-keygen >/dev/null || skip "no ssh-keygen (openssh-client)"

campaign_setup
run 0 -c "$conf" campaign open 2026-Q4 --now 2026-12-01T09:00:00Z
run 0 -c "$conf" worksheets 1 -o "$WORK/sheets" --now 2026-12-01T09:05:00Z
lena=lena.hoffmann@example.com
decide_all "$WORK/sheets/$lena.csv" keep "reviewed" >"$WORK/lena.csv"

keys=$WORK/keys
mkdir -p "$keys"
for who in lena charlotte stranger; do
	ssh-keygen -q -t ed25519 -N '' -C "$who" -f "$keys/$who" ||
		fail "ssh-keygen could not make a key for $who"
done
{
	printf '%s namespaces="accessreview" %s\n' "$lena" \
		"$(cut -d' ' -f1,2 "$keys/lena.pub")"
	printf 'charlotte.evans@example.com namespaces="accessreview" %s\n' \
		"$(cut -d' ' -f1,2 "$keys/charlotte.pub")"
} >"$WORK/allowed_signers"
printf '\n[review]\nallowed-signers = %s\n' "$WORK/allowed_signers" >>"$conf"

# sign FILE KEY [NAMESPACE]: FILE.sig made by ssh-keygen
sign() {
	rm -f "$1.sig"
	ssh-keygen -q -Y sign -n "${3:-accessreview}" -f "$keys/$2" "$1" \
		2>/dev/null || fail "ssh-keygen could not sign $1 with $2"
}

# ---- refused: the file is untouched by each of these ----
cp "$WORK/lena.csv" "$WORK/stranger.csv"
sign "$WORK/stranger.csv" stranger
run 77 -c "$conf" decisions import "$WORK/stranger.csv" --reviewer "$lena" \
	--signature "$WORK/stranger.csv.sig" --now 2026-12-02T10:00:00Z
stranger_fp=$(ssh-keygen -l -f "$keys/stranger.pub" | cut -d' ' -f2)
expect_in stderr "signed by key $stranger_fp"
expect_in stderr "does not list for $lena (namespace accessreview)"

cp "$WORK/lena.csv" "$WORK/by-charlotte.csv"
sign "$WORK/by-charlotte.csv" charlotte
run 77 -c "$conf" decisions import "$WORK/by-charlotte.csv" \
	--reviewer "$lena" --signature "$WORK/by-charlotte.csv.sig" \
	--now 2026-12-02T10:00:00Z
expect_in stderr "does not list for $lena"

cp "$WORK/lena.csv" "$WORK/changed.csv"
sign "$WORK/changed.csv" lena
sed -i '2s/"keep","","reviewed"/"revoke","","reviewed"/' "$WORK/changed.csv"
run 77 -c "$conf" decisions import "$WORK/changed.csv" --reviewer "$lena" \
	--signature "$WORK/changed.csv.sig" --now 2026-12-02T10:00:00Z
expect_in stderr "changed.csv.sig: the signature does not match the file"

cp "$WORK/lena.csv" "$WORK/git.csv"
sign "$WORK/git.csv" lena git
run 77 -c "$conf" decisions import "$WORK/git.csv" --reviewer "$lena" \
	--signature "$WORK/git.csv.sig" --now 2026-12-02T10:00:00Z
expect_in stderr "signed for another namespace, not 'accessreview'"

printf 'not a signature\n' >"$WORK/junk.sig"
run 65 -c "$conf" decisions import "$WORK/lena.csv" --reviewer "$lena" \
	--signature "$WORK/junk.sig" --now 2026-12-02T10:00:00Z
expect_in stderr "junk.sig"

[ "$(sql "SELECT count(*) FROM decision_import")" -eq 0 ] ||
	fail "a refused signed file was imported"
[ "$(sql "SELECT count(*) FROM review_item WHERE decision IS NOT NULL")" \
	-eq 0 ] || fail "a refused signed file wrote decisions"

# ---- require-signatures: unsigned files are refused ----
printf 'require-signatures = yes\n' >>"$conf"
run 77 -c "$conf" decisions import "$WORK/lena.csv" --reviewer "$lena" \
	--now 2026-12-02T10:00:00Z
expect_in stderr "unsigned, and require-signatures = yes"
expect_in stderr "ssh-keygen -Y sign -n accessreview"

# ---- accepted: lena's own key, checked by ssh-keygen too ----
sign "$WORK/lena.csv" lena
ssh-keygen -Y verify -f "$WORK/allowed_signers" -I "$lena" -n accessreview \
	-s "$WORK/lena.csv.sig" <"$WORK/lena.csv" >/dev/null 2>&1 ||
	fail "ssh-keygen itself does not accept the signature the test made"
run 0 -c "$conf" decisions import "$WORK/lena.csv" --reviewer "$lena" \
	--signature "$WORK/lena.csv.sig" --now 2026-12-02T10:00:00Z
lena_fp=$(ssh-keygen -l -f "$keys/lena.pub" | cut -d' ' -f2)
expect_in stdout "signed by $lena_fp"
expect_in stdout "10 changed"
[ "$(sql "SELECT signer_fingerprint FROM decision_import")" = "$lena_fp" ] ||
	fail "the signer's fingerprint is not recorded with the import"
sql "SELECT signature FROM decision_import" | grep -q "BEGIN SSH SIGNATURE" ||
	fail "the armored signature is not kept with the import"
run 0 -c "$conf" audit verify
expect_in stdout "audit log verified"

finish
