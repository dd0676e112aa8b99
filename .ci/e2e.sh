#!/usr/bin/env bash
# e2e.sh: bounce-milter end to end with real Postfix, Sendmail and
# Dovecot/Sieve (milter/e2e, build tag e2e). Needs root and the packages
# .ci/install-mta.sh installs. BM_E2E_LOAD=10000 runs the full load test.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/usr/local/go/bin:$PATH"
if [ "$(id -u)" != 0 ]; then
	echo "e2e: needs root (the MTAs deliver to test users); skipping is not an option: run .ci/run as root" >&2
	exit 1
fi
timeout 900 go test -count=1 -tags e2e -timeout 14m -v ./milter/e2e/ 2>&1 | tee /tmp/bounce-milter-e2e.log | grep -E '^(=== RUN|--- |PASS|FAIL|ok|panic)|e2e_test|_test.go:[0-9]+:' || true
test "${PIPESTATUS[0]}" = 0
