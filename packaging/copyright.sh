#!/bin/sh
# copyright.sh BIN: write the Debian copyright file of the package holding
# BIN, a Go binary: the project's own notice, then every Go module compiled
# into BIN (go version -m) with its license text from the module cache, as
# the modules' licenses ask of a binary distribution. Run from the
# repository's root, after the build (the modules are in the cache then).
set -eu
bin=$1
cat <<'HEAD'
bounce-milter

Source: https://github.com/bounce-milter/bounce-milter
Copyright: the bounce-milter developers.
HEAD
printf '\n'
cat LICENSE
cat <<'HEAD'

The Go modules compiled into /usr/sbin/bounce-milter-full (those of /usr/sbin/bounce-milter are
a subset of them), each with its license:
HEAD
goversion=$(go version -m "$bin" | head -1 | awk '{print $2}')
printf '\n%s\n%s\n%s\n\n' "------------------------------------------------------------------------" "Go $goversion (runtime and standard library)" "------------------------------------------------------------------------"
cat "$(go env GOROOT)/LICENSE"
go version -m "$bin" | awk '$1 == "dep" { print $2, $3 }' | while read -r path version; do
	dir=$(go list -m -f '{{.Dir}}' "$path@$version")
	printf '\n%s\n%s %s\n%s\n\n' "------------------------------------------------------------------------" "$path" "$version" "------------------------------------------------------------------------"
	found=
	for f in "$dir"/LICENSE* "$dir"/LICENCE* "$dir"/COPYING* "$dir"/NOTICE*; do
		[ -f "$f" ] || continue
		cat "$f"
		found=1
	done
	if [ -z "$found" ]; then
		echo "copyright.sh: no license file in $dir" >&2
		exit 1
	fi
done
