#!/usr/bin/env bash
# The sanitizer step of ./scripts/test.sh (also runnable alone):
#  1. AddressSanitizer + UBSan: libgalley instrumented (build-asan/, CMake
#     GALLEY_SANITIZE=address, Debug), the C tests run on it, then every
#     fuzz harness over its regression inputs and for GALLEY_FUZZ_SECONDS
#     (default 30) from the seed corpus (Fuzz/run.sh; 5 s time-out per input).
#  2. ThreadSanitizer: build-tsan/ (GALLEY_SANITIZE=thread), Tests/c/test_threads.c
#     (a segmenter per thread, one index under a lock) and test_errors.c (the
#     per-thread last error).
# Set GALLEY_SKIP_SANITIZERS=1 to leave it out.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
export PATH="$here/.venv/bin:$PATH"
if [ "${GALLEY_SKIP_SANITIZERS:-0}" = 1 ]; then echo "sanitizers skipped" >&2; exit 0; fi

echo "== ASan/UBSan: C tests over an instrumented libgalley" >&2
"$here/Fuzz/build.sh"
asan=$here/build-asan
# Every capability's C test (Tests/c/test_*.c).
cmake --build "$asan" --target test_segmentation test_normalize test_dedup test_url test_related test_article \
  test_errors test_storage
export ASAN_OPTIONS=detect_leaks=1:halt_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
"$asan/Tests/c/test_segmentation" Tests/vectors/segmentation.json
"$asan/Tests/c/test_normalize" Tests/vectors/normalization.json Tests/vectors/segmentation.json
"$asan/Tests/c/test_dedup" Tests/vectors/dedup.json
"$asan/Tests/c/test_url"
"$asan/Tests/c/test_related"
"$asan/Tests/c/test_article"
"$asan/Tests/c/test_errors"
"$asan/Tests/c/test_storage"

echo "== ASan/UBSan: fuzz regressions and ${GALLEY_FUZZ_SECONDS:-30} s per harness" >&2
"$here/Fuzz/seeds.sh" >/dev/null
FUZZ_SECONDS=${GALLEY_FUZZ_SECONDS:-30} "$here/Fuzz/run.sh"

echo "== ThreadSanitizer: segmenters on threads, one index under a lock" >&2
tsan=$here/build-tsan
cmake -S . -B "$tsan" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DGALLEY_SANITIZE=thread -DCMAKE_C_COMPILER=clang \
  -DPython3_EXECUTABLE="$here/.venv/bin/python" >/dev/null
cmake --build "$tsan" --target test_threads test_errors
TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$here/Tests/c/tsan.supp" "$tsan/Tests/c/test_threads"
# The last error is per thread: test_errors reads it from a second thread.
TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$here/Tests/c/tsan.supp" "$tsan/Tests/c/test_errors"
echo "sanitizers: clean" >&2
