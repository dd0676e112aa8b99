#!/usr/bin/env bash
# install-exim-opensmtpd.sh: put Exim 4 and OpenSMTPD beside Postfix for the
# end-to-end tests that make them write their own bounces
# (milter/e2e/ownmta_test.go), on Debian 12, as root. install-mta.sh calls
# it. Idempotent: a second run changes nothing.
#
# The exim4-daemon-light and opensmtpd packages cannot be installed with
# Postfix: all three provide and conflict with mail-transport-agent. So
# they are downloaded and extracted (dpkg-deb -x), never installed, like
# Sendmail in install-mta.sh; what their maintainer scripts would have
# done that the binaries need is done here:
#   - the shared libraries their Depends name (libidn12 and
#     libgnutls-dane0 for Exim, libevent-2.1-7 for OpenSMTPD, ...);
#   - the system users compiled into them: Debian-exim (Exim's EXIM_USER),
#     opensmtpd and opensmtpq (Debian builds OpenSMTPD with
#     --with-user-smtpd=opensmtpd --with-user-queue=opensmtpq);
#   - OpenSMTPD's privilege-separation chroot, compiled in as
#     /var/lib/opensmtpd/empty (--with-path-empty). Its queue,
#     /var/spool/smtpd, is compiled in too; smtpd makes it itself.
#
# EXIMROOT and OSMTPDROOT name the extraction directories (the tests read
# the defaults below).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

if [ "$(id -u)" != 0 ]; then
	echo "install-exim-opensmtpd.sh: must run as root" >&2
	exit 1
fi

EXIMROOT=${EXIMROOT:-/opt/exim-extract}
OSMTPDROOT=${OSMTPDROOT:-/opt/opensmtpd-extract}
EXIMBIN=usr/sbin/exim4
OSMTPDBIN=usr/sbin/smtpd

updated=
apt_update() {
	if [ -z "$updated" ]; then
		apt-get update -qq
		updated=1
	fi
}

# extract ROOT BINARY PACKAGE...: download the packages and extract them
# into ROOT, unless ROOT/BINARY is there already. The tree is built beside
# ROOT and renamed, so an interrupted run leaves no half tree behind. The
# library packages the .debs depend on are listed in ROOT/.libdepends.
extract() {
	local root=$1 bin=$2
	shift 2
	[ -x "$root/$bin" ] && [ -f "$root/.libdepends" ] && return 0
	apt_update
	local tmp
	tmp=$(mktemp -d)
	(cd "$tmp" && apt-get download -qq "$@" 2>/dev/null)
	rm -rf "$root.new"
	mkdir -p "$root.new"
	for f in "$tmp"/*.deb; do
		dpkg-deb -x "$f" "$root.new"
		# Depends: the first of each alternative, without versions; keep
		# the libraries (the rest is debconf, adduser, the config package).
		dpkg-deb -f "$f" Depends | tr ',' '\n' | sed -E 's/\|.*//; s/\(.*\)//; s/[[:space:]]//g' |
			grep -E '^lib' >>"$root.new/.libdepends" || true
	done
	rm -rf "$tmp"
	[ -x "$root.new/$bin" ] || { echo "install-exim-opensmtpd.sh: $bin not in $*" >&2; exit 1; }
	rm -rf "$root"
	mv "$root.new" "$root"
}

extract "$EXIMROOT" "$EXIMBIN" exim4-daemon-light
extract "$OSMTPDROOT" "$OSMTPDBIN" opensmtpd

need=()
for lib in $(sort -u "$EXIMROOT/.libdepends" "$OSMTPDROOT/.libdepends"); do
	dpkg-query -W -f='${Status}' "$lib" 2>/dev/null | grep -q 'install ok installed' || need+=("$lib")
done
if [ ${#need[@]} -gt 0 ]; then
	apt_update
	apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
for b in "$EXIMROOT/$EXIMBIN" "$OSMTPDROOT/$OSMTPDBIN"; do
	if ldd "$b" | grep -q 'not found'; then
		echo "install-exim-opensmtpd.sh: $b still misses libraries:" >&2
		ldd "$b" | grep 'not found' >&2
		exit 1
	fi
done

# The users, as the packages' postinst scripts make them (with useradd:
# adduser is not on every minimal image).
sysuser() {
	local name=$1 home=$2
	getent passwd "$name" >/dev/null && return 0
	getent group "$name" >/dev/null || groupadd --system "$name"
	useradd --system --gid "$name" --no-create-home --home-dir "$home" --shell /usr/sbin/nologin "$name"
}
sysuser Debian-exim /var/spool/exim4
sysuser opensmtpd /var/lib/opensmtpd/empty
sysuser opensmtpq /var/lib/opensmtpd/empty
install -d -o root -g root -m 755 /var/lib/opensmtpd/empty

echo "install-exim-opensmtpd.sh: $("$EXIMROOT/$EXIMBIN" -bV 2>/dev/null | head -1) in $EXIMROOT;" \
	"$("$OSMTPDROOT/$OSMTPDBIN" -h 2>&1 | sed -n 's/^version: //p') in $OSMTPDROOT"
