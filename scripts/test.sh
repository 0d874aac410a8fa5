#!/usr/bin/env bash
# Runs every test: the C library (CMake build of libgalley.so; C tests over
# the shared vectors and Unicode's break tests, valgrind, header check,
# install consumer), the Python binding (pytest, with its UAX #29 run; the
# wheel in a new venv), the Swift core (swift test), and the installed CLI.
# Installs what is missing first.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
"$here/scripts/bootstrap.sh"
export PATH="$here/.venv/bin:$PATH"
jobs=$(nproc 2>/dev/null || echo 2)

echo "== CMake: libgalley.so, C and Python tests" >&2
cmake -S . -B build -G Ninja -DPython3_EXECUTABLE="$here/.venv/bin/python" >/dev/null
cmake --build build
ctest --test-dir build --output-on-failure -j "$jobs"

echo "== SwiftPM: Swift tests" >&2
swift build --build-tests -j "$jobs"
swift test --skip-build

echo "== Installed: scripts/install.sh, the CLI with Swift hidden" >&2
prefix=$(mktemp -d /tmp/galley-install.XXXXXX)
"$here/scripts/install.sh" "$prefix"
sh "$here/Tests/install/cli_test.sh" "$prefix" "$here"
rm -rf "$prefix"

"$here/scripts/sanitizers.sh"   # ASan/UBSan C tests and fuzzing, TSan threads

echo "all tests passed" >&2
