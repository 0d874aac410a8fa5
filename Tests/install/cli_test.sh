#!/bin/sh
# The installed CLI as a user runs it: scripts/install.sh PREFIX put it at
# PREFIX/bin/galley beside PREFIX/lib/libgalley.so. Checks that ldd shows
# no Swift library, then hides the Swift toolchain (tmpfs over it, in a
# private mount namespace) and the source tree, and runs the command:
# a version, a processed article, and the exit statuses (0 ok, 1 a record
# error, 2 a usage error, 2 an index error). Without mount namespaces (not
# root) it runs without the hiding.
# usage: cli_test.sh PREFIX SOURCE_DIR
set -eu
prefix=$1; src=$2
galley=$prefix/bin/galley
test -x "$galley"
test -f "$prefix/lib/libgalley.so"
test -s "$prefix/share/bash-completion/completions/galley"
if ldd "$galley" | grep -i swift; then
  echo "FAIL: $galley links Swift libraries"; exit 1
fi
echo "ldd: no Swift library ($(ldd "$galley" | wc -l) libraries)"

scratch=$(mktemp -d /tmp/galley-cli-test.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
cat > "$scratch/run.sh" <<'SCRIPT'
set -u
galley=$1; scratch=$2
fail=0
expect() {  # expect STATUS WHAT COMMAND...
  want=$1; what=$2; shift 2
  "$@" >"$scratch/out" 2>"$scratch/err"; got=$?
  if [ "$got" -ne "$want" ]; then
    echo "FAIL: $what: exit $got, expected $want"; cat "$scratch/err"; fail=1
  else
    echo "ok: $what (exit $got)"
  fi
}
cd "$scratch"
expect 0 "version" "$galley" --version
printf 'Bridge reopens\n\nIt reopened.But not for long.\n' > a.txt
expect 0 "process an article" "$galley" process a.txt --no-index --quiet
grep -q '"sentences":\[\[16,28\],\[28,45\]\]' out || { echo "FAIL: unexpected record: $(cat out)"; fail=1; }
printf 'Bad \377 byte.\n' > bad.txt
expect 1 "a record error" "$galley" process a.txt bad.txt --no-index --quiet
expect 2 "a usage error (unknown option)" "$galley" process a.txt --no-such-option
expect 2 "a usage error (no input)" "$galley" process
echo "not an index" > broken.db
expect 2 "an index error" "$galley" process a.txt --index broken.db --quiet
exit $fail
SCRIPT
swift_root=$(dirname "$(dirname "$(command -v swiftc || command -v swift || echo /opt/swift/usr/bin/swift)")")
if ! unshare -m true 2>/dev/null; then
  echo "note: no mount namespace here (needs root): running without hiding Swift"
  exec sh "$scratch/run.sh" "$galley" "$scratch"
fi
unshare -m sh -c '
  mount -t tmpfs none "$1" && mount -t tmpfs none "$2" || exit 1
  echo "hidden: $1 $2"
  exec env -i PATH=/usr/bin:/bin sh "$3/run.sh" "$4" "$3"
' sh "$swift_root" "$src" "$scratch" "$galley"
