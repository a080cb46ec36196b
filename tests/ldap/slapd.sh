# slapd.sh -- start and stop a throwaway slapd for the LDAP tests (sourced)
# slapd_start DIR LDIF... : TLS certificates from a test CA made here with
#   openssl, a slapd.conf from tests/ldap/slapd.conf.in, the LDIF files
#   loaded with slapadd -q, slapd listening on free ports of 127.0.0.1
#   (ldap:// and ldaps://) and on DIR/ldapi.  Sets SLAPD_DIR, LDAP_PORT,
#   LDAPS_PORT, LDAP_URL, LDAPS_URL, LDAPI_URL, and DIR/reader.secret (the
#   readers' password, mode 0600; @PASSWORD@ in the LDIF files).
# slapd_stop: stop it by the PID in its pidfile and wait for it.
# slapd_available: 0 when slapd and slapadd are installed.
# slapd_tools_missing: prints what else the tests need and lacks
#   (ldapsearch from ldap-utils, openssl).

SLAPD=${SLAPD:-/usr/sbin/slapd}
SLAPADD=${SLAPADD:-/usr/sbin/slapadd}

slapd_available() {
	[ -x "$SLAPD" ] && [ -x "$SLAPADD" ]
}

slapd_tools_missing() {
	for tool in ldapsearch openssl; do
		command -v "$tool" >/dev/null || printf '%s ' "$tool"
	done
}

# CA, server certificate for 127.0.0.1/localhost, a client certificate,
# and a second CA that signed nothing of this server's ("wrong CA").
slapd_certificates() {
	dir=$1
	(
		cd "$dir" || exit 1
		key="-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes"
		openssl req -x509 $key -keyout ca.key -out ca.pem -days 2 \
			-subj "/O=accessreview tests/CN=test CA" &&
		openssl req -x509 $key -keyout wrong-ca.key \
			-out wrong-ca.pem -days 2 \
			-subj "/O=accessreview tests/CN=another CA" &&
		openssl req $key -keyout server.key -out server.csr \
			-subj "/O=accessreview tests/CN=127.0.0.1" &&
		printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' \
			>server.ext &&
		openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key \
			-CAcreateserial -days 2 -extfile server.ext \
			-out server.pem &&
		openssl req $key -keyout client.key -out client.csr \
			-subj "/O=accessreview tests/CN=client" &&
		openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key \
			-CAcreateserial -days 2 -out client.pem
	) >"$dir/openssl.log" 2>&1
}

slapd_start() {
	SLAPD_DIR=$1
	shift
	mkdir -p "$SLAPD_DIR/db"
	umask 077
	# the readers' password: random, never on a command line
	od -An -N12 -tx1 /dev/urandom | tr -d ' \n' >"$SLAPD_DIR/reader.secret"
	umask 022
	slapd_certificates "$SLAPD_DIR" || {
		cat "$SLAPD_DIR/openssl.log"
		return 1
	}
	sed "s|@DIR@|$SLAPD_DIR|g" "$ROOT/tests/ldap/slapd.conf.in" \
		>"$SLAPD_DIR/slapd.conf"
	for ldif in "$@"; do
		awk 'NR == FNR { password = $0; next }
			{ gsub(/@PASSWORD@/, password); print }
			END { print "" }' \
			"$SLAPD_DIR/reader.secret" "$ldif"
	done >"$SLAPD_DIR/seed.ldif"
	"$SLAPADD" -q -f "$SLAPD_DIR/slapd.conf" -l "$SLAPD_DIR/seed.ldif" \
		>"$SLAPD_DIR/slapadd.log" 2>&1 || {
		cat "$SLAPD_DIR/slapadd.log"
		return 1
	}
	LDAPI_URL="ldapi://$(printf '%s' "$SLAPD_DIR/ldapi" |
		sed 's|/|%2F|g')"
	slapd_listen
}

# Free ports: try a few pseudo-random pairs; slapd fails at once when a
# port is taken, before it daemonises.
slapd_listen() {
	seed=$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')
	tries=0
	while [ "$tries" -lt 20 ]; do
		LDAP_PORT=$((20000 + (seed + tries * 7919) % 20000))
		LDAPS_PORT=$((LDAP_PORT + 1))
		LDAP_URL="ldap://127.0.0.1:$LDAP_PORT"
		LDAPS_URL="ldaps://127.0.0.1:$LDAPS_PORT"
		if "$SLAPD" -f "$SLAPD_DIR/slapd.conf" \
			-h "$LDAP_URL/ $LDAPS_URL/ $LDAPI_URL/" \
			>"$SLAPD_DIR/slapd.log" 2>&1; then
			slapd_wait_ready && return 0
			slapd_stop KILL
		fi
		tries=$((tries + 1))
	done
	echo "slapd did not start:"
	cat "$SLAPD_DIR/slapd.log"
	return 1
}

# slapd daemonises, then writes its pidfile, then accepts: wait until an
# anonymous read of the root DSE works on every listener (5 s at most).
slapd_wait_ready() {
	waited=0
	while :; do
		if [ -s "$SLAPD_DIR/slapd.pid" ] &&
			slapd_answers "$LDAP_URL" &&
			slapd_answers "$LDAPI_URL" &&
			LDAPTLS_CACERT=$SLAPD_DIR/ca.pem \
				slapd_answers "$LDAPS_URL"
		then
			return 0
		fi
		[ "$waited" -ge 100 ] && return 1
		sleep 0.05
		waited=$((waited + 1))
	done
}

slapd_answers() {
	ldapsearch -x -H "$1" -b "" -s base -LLL 1.1 >/dev/null 2>&1
}

slapd_pid() {
	cat "$SLAPD_DIR/slapd.pid" 2>/dev/null
}

# slapd_stop [SIGNAL]: stop slapd by its PID and wait until it is gone.
slapd_stop() {
	[ -n "${SLAPD_DIR:-}" ] || return 0
	pid=$(slapd_pid)
	[ -n "$pid" ] || return 0
	kill -CONT "$pid" 2>/dev/null
	kill "-${1:-TERM}" "$pid" 2>/dev/null
	waited=0
	while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt 100 ]; do
		sleep 0.05
		waited=$((waited + 1))
	done
	rm -f "$SLAPD_DIR/slapd.pid"
}
