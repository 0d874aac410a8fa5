#!/usr/bin/env bash
# Builds the libFuzzer harnesses (Fuzz/harnesses/fuzz_*.c) over a libgalley
# instrumented with AddressSanitizer and libFuzzer's coverage (CMake with
# GALLEY_SANITIZE=address: Swift -sanitize=address -sanitize-coverage=edge,
# trace-cmp; the C shims also with UBSan), into build-asan/fuzz/. The
# harnesses themselves: clang -fsanitize=fuzzer,address,undefined.
#   Fuzz/build.sh            # build-asan/ (Debug: compiles in a few minutes)
#   GALLEY_FUZZ_BUILD_TYPE=Release GALLEY_ASAN_BUILD=build-asan-rel Fuzz/build.sh
#                            # optimised and instrumented, for the long run
#                            # (several times more executions per second)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
export PATH="$here/.venv/bin:$PATH"
build=${GALLEY_ASAN_BUILD:-$here/build-asan}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE="${GALLEY_FUZZ_BUILD_TYPE:-Debug}" -DGALLEY_SANITIZE=address -DCMAKE_C_COMPILER=clang \
  -DPython3_EXECUTABLE="$here/.venv/bin/python" >/dev/null
cmake --build "$build" --target galley
mkdir -p "$build/fuzz"
for src in Fuzz/harnesses/fuzz_*.c; do
  name=$(basename "$src" .c)
  clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -I include -o "$build/fuzz/$name" "$src" -L"$build" -lgalley -Wl,-rpath,"$build"
done
echo "harnesses in $build/fuzz" >&2
