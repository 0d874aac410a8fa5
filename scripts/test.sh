#!/usr/bin/env bash
# Runs every test: the C library (CMake build of libgalley.so; C tests over
# the shared vectors and Unicode's break tests, valgrind, header check,
# install consumer), the Python binding (pytest, with its UAX #29 run), and
# the Swift core (swift test). Installs what is missing first.
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

"$here/scripts/sanitizers.sh"   # ASan/UBSan C tests and fuzzing, TSan threads

echo "all tests passed" >&2
