#!/usr/bin/env bash
# End-to-end throughput of `galley process` (issue 6) on a generated corpus
# of >= 100 MB, beside the single stages' own throughputs (the per-stage
# CPU time --profile reports), in one run:
#
#   1. the corpus: gen_articles.py (fixed seed) from Benchmarks/corpus/en.txt
#      (made by Benchmarks/make_corpus.py if missing);
#   2. galley built in release mode (swift build -c release);
#   3. runs, each with a fresh index file: --jobs 2 (both cores) best of N,
#      then --jobs 1 and --no-index once each for comparison;
#   4. summarize.py writes results/results.json and prints the table.
#
#   Benchmarks/process/run.sh [--runs N] [--mb MB]
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
RUNS=3
MB=110
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS=$2; shift 2 ;;
    --mb) MB=$2; shift 2 ;;
    *) echo "usage: $0 [--runs N] [--mb MB]" >&2; exit 2 ;;
  esac
done
BUILD="$HERE/build"
mkdir -p "$BUILD" "$HERE/results"
log() { echo "== $*" >&2; }

if [ ! -s "$ROOT/Benchmarks/corpus/en.txt" ]; then
  log "making Benchmarks/corpus/en.txt (a few minutes, once)"
  python3 "$ROOT/Benchmarks/make_corpus.py"
fi
log "generating $MB MB of articles"
python3 "$HERE/gen_articles.py" --out "$BUILD/articles.jsonl" --mb "$MB" --seed 1 > "$BUILD/corpus.json"

log "building galley (release)"
(cd "$ROOT" && swift build -c release --product galley >&2)
GALLEY="$(cd "$ROOT" && swift build -c release --show-bin-path)/galley"

run() {  # name, extra args...
  local name=$1; shift
  rm -f "$BUILD/bench.db" "$BUILD/bench.db-wal"
  /usr/bin/time -f "%e %M" -o "$BUILD/$name.time" \
    "$GALLEY" process "$BUILD/articles.jsonl" --out "$BUILD/out.jsonl" --profile "$@" 2> "$BUILD/$name.err"
  cat "$BUILD/$name.err" >&2
}
for i in $(seq 1 "$RUNS"); do
  log "galley process --jobs 2, run $i"
  run "jobs2-$i" --index "$BUILD/bench.db" --jobs 2
done
log "galley process --jobs 1"
run jobs1 --index "$BUILD/bench.db" --jobs 1
log "galley process --no-index"
run noindex --no-index --jobs 2
rm -f "$BUILD/bench.db" "$BUILD/bench.db-wal"

python3 "$HERE/summarize.py" --build "$BUILD" --runs "$RUNS" --out "$HERE/results/results.json" \
  --command "Benchmarks/process/run.sh --runs $RUNS --mb $MB"
