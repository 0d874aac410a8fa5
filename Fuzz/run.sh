#!/usr/bin/env bash
# Runs every harness (or those named) over its regression inputs
# (Fuzz/regressions/<harness>/, each must pass under a 5 s limit), then
# fuzzes it for SECONDS (default 30) from the seed corpus, under ASan and
# UBSan, with a 5 s time-out per input and a 2 GB memory limit. Prints one
# Markdown table row per harness: executions, coverage (edges), features,
# corpus size, findings (crash-/timeout-/leak- files left in the artifact
# folder). Exit status 1 if a regression input or the fuzzing found
# anything.
#   Fuzz/build.sh && Fuzz/seeds.sh && Fuzz/run.sh              # CI: 30 s each
#   FUZZ_SECONDS=1800 FUZZ_RUNS=1000000 TMPDIR=/dev/shm nice Fuzz/run.sh
#                                   # the long run: 1M executions or 30 min
#   Fuzz/run.sh fuzz_normalize fuzz_segment                    # some harnesses
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${GALLEY_ASAN_BUILD:-$here/build-asan}
seconds=${FUZZ_SECONDS:-30}
runs=${FUZZ_RUNS:--1}   # -1: no limit on executions
bin=$build/fuzz
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  for f in "$here"/Fuzz/harnesses/fuzz_*.c; do names+=("$(basename "$f" .c)"); done
fi
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
status=0
echo "| harness | seconds | executions | coverage (edges) | features | corpus | findings |"
echo "|---|---|---|---|---|---|---|"
for name in "${names[@]}"; do
  regress=$here/Fuzz/regressions/$name
  artifacts=$build/fuzz/artifacts/$name
  corpus=$build/fuzz/corpus/$name
  mkdir -p "$artifacts" "$corpus"
  log=$build/fuzz/$name.log
  if [ -d "$regress" ] && [ -n "$(ls -A "$regress")" ]; then
    if ! "$bin/$name" -timeout=5 -rss_limit_mb=2048 -artifact_prefix="$artifacts/" "$regress"/* >"$log.regress" 2>&1; then
      echo "$name: a regression input fails (see $log.regress)" >&2
      status=1
    fi
  fi
  findings=0
  elapsed=0
  if [ "$seconds" -gt 0 ]; then
    t0=$(date +%s)
    "$bin/$name" -max_total_time="$seconds" -runs="$runs" -timeout=5 -rss_limit_mb=2048 -max_len=65536 \
      -artifact_prefix="$artifacts/" -print_final_stats=1 "$corpus" >"$log" 2>&1 || true
    elapsed=$(( $(date +%s) - t0 ))
    findings=$(ls "$artifacts" | grep -c -E '^(crash|timeout|leak|oom|slow-unit)-' || true)
  fi
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" 2>/dev/null | grep -o '[0-9]*$' | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" 2>/dev/null | tail -1 | grep -o '[0-9]*')
  ft=$(grep -o 'ft: [0-9]*' "$log" 2>/dev/null | tail -1 | grep -o '[0-9]*')
  files=$(ls "$corpus" | wc -l)
  [ "$findings" -gt 0 ] && status=1
  echo "| $name | $elapsed | ${execs:-?} | ${cov:-?} | ${ft:-?} | $files | $findings |"
done
exit $status
