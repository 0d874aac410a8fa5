#!/bin/sh
# Proves libgalley.so is self-contained: hides the Swift toolchain (a tmpfs
# over its folder, in a private mount namespace) and runs the C test and the
# Python binding against the library. Exit 77 (skipped) where mount
# namespaces are not allowed (not root, or a restricted container).
# usage: without_swift.sh TEST_GALLEY VECTORS LIBGALLEY PYTHON BINDINGS_DIR
set -eu
test_program=$1; vectors=$2; lib=$3; python=$4; bindings=$5
swift_root=$(dirname "$(dirname "$(command -v swiftc || command -v swift || echo /opt/swift/usr/bin/swift)")")
if ! unshare -m true 2>/dev/null; then
  echo "SKIP: cannot create a mount namespace here (needs root)"; exit 77
fi
# The Python interpreter may live in a venv; it must not come from the toolchain.
exec unshare -m sh -c '
  set -e
  mount -t tmpfs none "$1"
  echo "hidden: $1 (now $(ls "$1" | wc -l) entries)"
  "$2" "$3" | tail -n 1
  GALLEY_LIBRARY="$4" PYTHONPATH="$6" "$5" -c "
import galley
spans = galley.sentences(\"Mr. Smith left. He did.\")
assert [s.text for s in spans] == [\"Mr. Smith left.\", \"He did.\"], spans
print(\"python OK\", galley.__version__)
"' sh "$swift_root" "$test_program" "$vectors" "$lib" "$python" "$bindings"
