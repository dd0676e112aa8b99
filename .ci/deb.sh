#!/usr/bin/env bash
# deb.sh: build the Debian package (make deb), install it with dpkg -i,
# check its systemd unit (systemd-analyze verify) and that the service
# starts as the unit says, run the Postfix end-to-end tests against the
# installed /usr/sbin/bounce-milter, then purge the package. Needs root and
# what .ci/install-mta.sh installs; CI runs it on a fresh Debian 12 machine.
#
# Where systemd does not run (a container: PID 1 is not systemd), the
# unit cannot be started; the script says so and runs the unit's ExecStart
# line instead, as an unprivileged user with the unit's StateDirectory,
# RuntimeDirectory and LogsDirectory made by hand (without its sandbox).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/usr/local/go/bin:$PATH"
export DEBIAN_FRONTEND=noninteractive

if [ "$(id -u)" != 0 ]; then
	echo "deb.sh: must run as root (it installs the package)" >&2
	exit 1
fi
unit=/lib/systemd/system/bounce-milter.service

make deb
deb=$(ls -t bin/bounce-milter_*.deb | head -1)
dpkg -i "$deb"
trap 'dpkg --purge bounce-milter >/dev/null 2>&1 || true' EXIT
for f in /usr/sbin/bounce-milter /usr/sbin/bounce-milter-full "$unit" /etc/bounce-milter/bounce-milter.conf \
	/usr/share/man/man8/bounce-milter.8.gz /usr/share/doc/bounce-milter/copyright \
	/usr/share/doc/bounce-milter/contrib/procmail/bounces.procmailrc; do
	[ -f "$f" ] || { echo "deb.sh: $f not installed" >&2; exit 1; }
done
/usr/sbin/bounce-milter version
/usr/sbin/bounce-milter-full version
dpkg-query -W -f='${Conffiles}\n' bounce-milter | grep -q /etc/bounce-milter/bounce-milter.conf ||
	{ echo "deb.sh: the config file is not a conffile" >&2; exit 1; }
if command -v man >/dev/null 2>&1; then
	man --warnings -l /usr/share/man/man8/bounce-milter.8.gz 2>&1 >/dev/null | tee /tmp/deb-man.warn
	[ ! -s /tmp/deb-man.warn ] || { echo "deb.sh: the man page has warnings" >&2; exit 1; }
fi

# The unit: systemd-analyze verify (the systemd package has it).
if ! command -v systemd-analyze >/dev/null 2>&1; then
	apt-get install -y -qq --no-install-recommends systemd >/dev/null
fi
systemd-analyze verify "$unit"
echo "deb.sh: systemd-analyze verify $unit: no complaint"

listen=$(sed -n 's/^listen *= *inet:\(.*\)$/\1/p' /etc/bounce-milter/bounce-milter.conf)
host=${listen%:*}
port=${listen##*:}
probe() { # wait until the milter accepts on host:port
	for _ in $(seq 100); do
		if (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; then return 0; fi
		sleep 0.1
	done
	return 1
}
if [ -d /run/systemd/system ]; then
	systemctl daemon-reload
	systemctl restart bounce-milter.service
	probe || { systemctl status bounce-milter.service >&2 || true; journalctl -u bounce-milter -n 30 >&2 || true; exit 1; }
	systemctl reload bounce-milter.service
	sleep 1
	systemctl is-active --quiet bounce-milter.service || { journalctl -u bounce-milter -n 30 >&2; exit 1; }
	systemctl stop bounce-milter.service
	echo "deb.sh: the unit started under systemd, listened on $listen, reloaded and stopped"
else
	echo "deb.sh: systemd is not running here (PID 1 is $(cat /proc/1/comm)): the unit cannot be started;" \
		"running its ExecStart as nobody, with its StateDirectory, RuntimeDirectory and LogsDirectory made by hand, without its sandbox"
	if (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; then
		echo "deb.sh: $host:$port is taken by another process: the unit's listen address cannot be checked here" >&2
		exit 1
	fi
	exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
	for d in /var/lib/bounce-milter /run/bounce-milter /var/log/bounce-milter; do
		install -d -o nobody -g nogroup -m 0750 "$d"
	done
	log=$(mktemp)
	# shellcheck disable=SC2086 # ExecStart is split into words, as systemd does
	setpriv --reuid=nobody --regid=nogroup --clear-groups -- $exec_start 2>"$log" &
	pid=$!
	probe || { cat "$log" >&2; kill "$pid" 2>/dev/null || true; exit 1; }
	kill -HUP "$pid"
	sleep 1
	kill -0 "$pid" || { cat "$log" >&2; exit 1; }
	kill -TERM "$pid"
	wait "$pid" || { echo "deb.sh: serve exited with status $?" >&2; cat "$log" >&2; exit 1; }
	grep -q 'SIGHUP: log reopened and config reloaded' "$log" || { cat "$log" >&2; exit 1; }
	rm -rf /var/lib/bounce-milter /run/bounce-milter /var/log/bounce-milter "$log"
	echo "deb.sh: the unit's ExecStart served on $listen as nobody, reloaded on SIGHUP and stopped on SIGTERM"
fi

# The Postfix end-to-end tests (and the mailbox recipes on what Postfix
# delivered) against the installed binary.
BM_E2E_BIN=/usr/sbin/bounce-milter BM_E2E_RUN='^(TestPostfix|TestProcmailMaildrop)' bash .ci/e2e.sh

dpkg --purge bounce-milter
trap - EXIT
for f in /usr/sbin/bounce-milter /usr/sbin/bounce-milter-full "$unit" /etc/bounce-milter/bounce-milter.conf; do
	[ ! -e "$f" ] || { echo "deb.sh: $f left after purge" >&2; exit 1; }
done
echo "deb.sh: $deb built, installed, verified, started, passed the Postfix end-to-end tests and purged"
