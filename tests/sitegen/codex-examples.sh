#!/bin/sh
# tests/sitegen/codex-examples.sh - builds Codex's example course with
# bin/sitegen and prints its errors and warnings, for people to rerun by
# hand (not part of make check: the course is not in this repository).
#
#   tests/sitegen/codex-examples.sh DIR [OUT]
#
# DIR is a copy of the pbv/codex-examples repository (its public/ folder is
# the course; a copy of public/ itself is accepted too). OUT (default: a
# temporary directory, removed afterwards) receives the site. Prints every
# diagnostic, then a summary: the errors and warnings counted, the unknown
# fields and unsupported testers listed once each. Exit status: sitegen's.
set -u
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
	echo "usage: $0 CODEX-EXAMPLES-DIR [OUT]" >&2
	exit 2
fi
course=$(realpath "$1") || exit 2
[ -d "$course/public" ] && course=$course/public
[ $# -eq 2 ] && { mkdir -p "$2" && out=$(realpath "$2") || exit 2; }
cd "$(dirname "$0")/../.." || exit 2
if [ ! -f "$course/index.md" ]; then
	echo "$0: no index.md in $course" >&2
	exit 2
fi
[ -x bin/sitegen ] || make bin/sitegen >/dev/null || exit 2
if [ $# -eq 1 ]; then
	out=$(mktemp -d /tmp/codex-examples-site.XXXXXX) || exit 2
	trap 'rm -rf "$out"' EXIT
fi
log=$(mktemp /tmp/codex-examples-log.XXXXXX) || exit 2
bin/sitegen "$course" "$out" >"$log" 2>&1
rc=$?
cat "$log"
echo "----"
printf 'errors: %s, warnings: %s\n' \
	"$(grep -v ': warning: ' "$log" | grep -c '^[^ ]*:[0-9][0-9]*[:0-9]* ')" \
	"$(grep -c ': warning: ' "$log")"
fields=$(sed -n 's/.*warning: unknown field "\([^"]*\)".*/\1/p' "$log" | sort -u | tr '\n' ' ')
testers=$(sed -n 's/.*tester "\([^"]*\)" is not supported.*/\1/p' "$log" | sort -u | tr '\n' ' ')
[ -n "$fields" ] && echo "unknown fields: $fields"
[ -n "$testers" ] && echo "unsupported testers: $testers"
rm -f "$log"
exit $rc
