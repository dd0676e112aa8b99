#!/usr/bin/env bash
# e2e.sh: bounce-milter end to end with real Postfix, Sendmail,
# Dovecot/Sieve, Exim and OpenSMTPD (milter/e2e, build tag e2e). It needs
# root and the packages .ci/install-mta.sh installs; run as root it
# installs what is missing itself. BM_E2E_LOAD=10000 runs the full load
# test; BM_E2E_RUN=REGEX only the tests it matches (go test -run);
# BM_E2E_BIN=/path tests that binary instead of building one (.ci/deb.sh:
# the packaged one).
#
#   bash .ci/e2e.sh              run the end-to-end tests
#   bash .ci/e2e.sh --preflight  only check (and as root install) what they need
#
# The exit status is the tests': a failing, interrupted or missing run never
# exits 0. On failure it prints the output of each failed test.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/usr/local/go/bin:$PATH"

SMROOT=/opt/sendmail-extract

missing() {
	local m=()
	[ -x /usr/sbin/postfix ] || m+=(postfix)
	[ -x "$SMROOT/usr/libexec/sendmail/sendmail" ] || m+=(sendmail)
	[ -x /usr/lib/dovecot/dovecot-lda ] || m+=(dovecot-lda)
	[ -e /usr/lib/dovecot/modules/lib90_sieve_plugin.so ] || m+=(dovecot-sieve)
	command -v m4 >/dev/null 2>&1 || m+=(m4)
	command -v procmail >/dev/null 2>&1 || m+=(procmail)
	command -v maildrop >/dev/null 2>&1 || m+=(maildrop)
	grep -qE '^127\.0\.0\.1[[:space:]]+mx\.test\.localhost' /etc/hosts || m+=("the /etc/hosts line for Sendmail")
	[ -x /opt/exim-extract/usr/sbin/exim4 ] || m+=(exim)
	[ -x /opt/opensmtpd-extract/usr/sbin/smtpd ] || m+=(opensmtpd)
	[ -d /var/lib/opensmtpd/empty ] || m+=("OpenSMTPD's chroot")
	local u
	for u in Debian-exim opensmtpd opensmtpq; do
		getent passwd "$u" >/dev/null || m+=("user $u")
	done
	echo "${m[*]}"
}

preflight() {
	local need
	need=$(missing)
	if [ "$(id -u)" != 0 ]; then
		if [ -n "$need" ]; then
			echo "e2e: not run: needs root and $need; run as root: sudo make test (it installs them with .ci/install-mta.sh), or make unit for the Go tests alone" >&2
		else
			echo "e2e: not run: the end-to-end tests need root (they start Postfix and Sendmail and create test users): sudo make test, or make unit for the Go tests alone" >&2
		fi
		exit 1
	fi
	if [ -n "$need" ]; then
		echo "e2e: missing $need: running .ci/install-mta.sh" >&2
		bash .ci/install-mta.sh
		need=$(missing)
		if [ -n "$need" ]; then
			echo "e2e: .ci/install-mta.sh ran, still missing: $need" >&2
			exit 1
		fi
	fi
}

preflight
if [ "${1:-}" = "--preflight" ]; then
	exit 0
fi

log=$(mktemp /tmp/bounce-milter-e2e.XXXXXX.log)
status=0
timeout 900 go test -count=1 -tags e2e -timeout 14m -v -run "${BM_E2E_RUN:-.}" ./milter/e2e/ >"$log" 2>&1 || status=$?

# The summary: each test's verdict and the lines the tests log.
grep -E '^(=== RUN|\s*--- |PASS|FAIL|ok|panic|e2e: )|_test\.go:[0-9]+:' "$log" || true

if [ "$status" != 0 ]; then
	echo >&2
	echo "e2e: FAILED (go test exit status $status). Why:" >&2
	# The output of every failed test (go test -v prints a test's lines
	# between its "=== RUN" and its "--- FAIL"), then what came after the
	# last test: a setup error, a panic, a timeout.
	awk '
		/^=== (RUN|CONT|PAUSE)/ { buf = ""; next }
		/^[[:space:]]*--- FAIL/ { printf "%s%s\n", buf, $0; buf = ""; next }
		/^[[:space:]]*--- (PASS|SKIP)/ { buf = ""; next }
		/^(FAIL|ok|PASS)([[:space:]]|$)/ { next }
		{ buf = buf $0 "\n" }
		END { printf "%s", buf }
	' "$log" >&2
	echo "e2e: full log: $log" >&2
	exit 1
fi
echo "e2e: passed (log: $log)"
