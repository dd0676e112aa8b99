#!/usr/bin/env bash
# install-mta.sh: install the real mail systems the milter's end-to-end
# tests drive (Postfix, Sendmail, Dovecot with Sieve, procmail and maildrop
# for the contrib recipes, swaks; Exim and OpenSMTPD through
# install-exim-opensmtpd.sh), on Debian 12,
# as root, without systemd. Idempotent: a second run changes nothing.
#
# It follows ../shared/MTA-TESTING.md:
#   - policy-rc.d stops maintainer scripts from starting daemons;
#   - Postfix is installed with "No configuration" (the tests write their
#     own configuration directory, queue and ports);
#   - Sendmail is extracted from its .debs beside Postfix (route A), because
#     the postfix and sendmail-bin packages conflict;
#   - /etc/hosts gets a dotted name for this host, or Sendmail sleeps 60 s
#     on every start.
# The tests create their own users and mailboxes for each run.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

if [ "$(id -u)" != 0 ]; then
	echo "install-mta.sh: must run as root" >&2
	exit 1
fi

SMROOT=/opt/sendmail-extract

# Stop maintainer scripts from starting daemons.
if [ ! -e /usr/sbin/policy-rc.d ]; then
	printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
	chmod 755 /usr/sbin/policy-rc.d
fi

# Sendmail needs the host name to resolve to a dotted name. Write /etc/hosts
# in place: it is often a bind mount. Never run hostname(1) here.
if ! grep -qE '^127\.0\.0\.1[[:space:]]+mx\.test\.localhost' /etc/hosts; then
	cp /etc/hosts /tmp/hosts.orig
	{
		echo "127.0.0.1 localhost"
		echo "127.0.0.1 mx.test.localhost $(hostname)"
		grep -vE '^127\.0\.0\.1[[:space:]]+localhost([[:space:]]|$)' /tmp/hosts.orig || true
	} >/tmp/hosts.new
	cat /tmp/hosts.new >/etc/hosts
fi

need=()
command -v postfix >/dev/null 2>&1 || need+=(postfix)
command -v swaks >/dev/null 2>&1 || need+=(swaks)
[ -x /usr/lib/dovecot/dovecot-lda ] || need+=(dovecot-core)
[ -e /usr/lib/dovecot/modules/lib90_sieve_plugin.so ] || need+=(dovecot-sieve)
command -v m4 >/dev/null 2>&1 || need+=(m4)
command -v procmail >/dev/null 2>&1 || need+=(procmail)
command -v maildrop >/dev/null 2>&1 || need+=(maildrop)
for lib in liblockfile1 liblockfile-bin libwrap0 libnsl2 libldap-2.5-0 libdb5.3 libsasl2-2; do
	dpkg-query -W -f='${Status}' "$lib" 2>/dev/null | grep -q 'install ok installed' || need+=("$lib")
done
if [ ${#need[@]} -gt 0 ] || [ ! -x "$SMROOT/usr/libexec/sendmail/sendmail" ]; then
	apt-get update -qq
fi
if [ ${#need[@]} -gt 0 ]; then
	echo 'postfix postfix/main_mailer_type select No configuration' | debconf-set-selections
	apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

# Sendmail, route A: extracted beside the Postfix package, never installed.
if [ ! -x "$SMROOT/usr/libexec/sendmail/sendmail" ]; then
	tmp=$(mktemp -d)
	(cd "$tmp" && apt-get download -qq sendmail-bin sendmail-cf 2>/dev/null)
	mkdir -p "$SMROOT"
	for f in "$tmp"/*.deb; do dpkg-deb -x "$f" "$SMROOT"; done
	rm -rf "$tmp"
fi
# mail.local locks /var/mail/USER.lock and needs egid mail.
chgrp mail "$SMROOT/usr/libexec/sendmail/mail.local"
chmod 2755 "$SMROOT/usr/libexec/sendmail/mail.local"

# Exim and OpenSMTPD, extracted beside Postfix as Sendmail is.
bash "$(dirname "$0")/install-exim-opensmtpd.sh"

echo "install-mta.sh: postfix $(postconf -d -h mail_version 2>/dev/null), sendmail in $SMROOT, dovecot $(dovecot --version 2>/dev/null | cut -d' ' -f1)"
