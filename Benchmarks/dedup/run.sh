#!/usr/bin/env bash
# Near-duplicate paragraph detection benchmark (issue 4), one entry point:
# peer venv, corpus, exact ground truth, then the peers (each run in a fresh
# process) and Galley (bench_galley.py) side by side in one run, all scored
# against the same ground truth; results/peers.json, results/galley.json
# and the tables.
#
#   Benchmarks/dedup/run.sh [--runs N] [--out FILE] [--lib PATH] [--quick]
#
#   --runs N     fresh-process runs per system, in turns; best time (default 3)
#   --out FILE   default Benchmarks/dedup/results/peers.json
#   --lib PATH   libgalley.so for bench_galley.py (default $GALLEY_LIBRARY,
#                else build/libgalley.so). This script never builds Galley.
#   --quick      one run of each peer on the first 20,000 paragraphs,
#                written to /tmp/dedup-quick.json; no Galley (a smoke
#                test, ~10 s)
#
# Only what is missing is built: the venv (about 30 s), the corpus
# (make_corpus.py, about 2.5 minutes) and the ground truth (ground_truth.py,
# about 20 s). Delete Benchmarks/dedup/corpus/ to rebuild them.
# Environment: PYTHON (the python3 that creates the venv).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
LIB="${GALLEY_LIBRARY:-$ROOT/build/libgalley.so}"
RUNS=3
OUT="$HERE/results/peers.json"
LIMIT=0
COMMAND="Benchmarks/dedup/run.sh${*:+ $*}"
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --lib) LIB="$2"; shift 2 ;;
    --quick) RUNS=1; LIMIT=20000; OUT=/tmp/dedup-quick.json; shift ;;
    -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
PYTHON="${PYTHON:-python3}"
VENV="$HERE/.venv"
PY="$VENV/bin/python"
START=$(date +%s)
log() { printf '[dedup %3ds] %s\n' "$(( $(date +%s) - START ))" "$*" >&2; }

# 1. Peers' venv (once): datasketch, rensa, numpy, scipy.
if [ ! -x "$PY" ] || ! "$PY" -c 'import datasketch, rensa, numpy, scipy' 2>/dev/null; then
  log "setting up $VENV"
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$HERE/requirements-peers.txt" >&2
fi

# 2. Corpus (once): 200k base paragraphs of real prose + 40k near-copies.
if [ ! -s "$HERE/corpus/dedup.jsonl" ] || [ ! -s "$HERE/corpus/truth.jsonl" ]; then
  log "making the corpus (about 2.5 minutes)"
  rm -f "$HERE/corpus/truth_pairs.jsonl" "$HERE/corpus/stats.json"
  "$PY" "$HERE/make_corpus.py"
fi

# 3. Exact ground truth (once per corpus).
if [ ! -s "$HERE/corpus/truth_pairs.jsonl" ] || [ ! -s "$HERE/corpus/stats.json" ] \
   || [ "$HERE/corpus/dedup.jsonl" -nt "$HERE/corpus/truth_pairs.jsonl" ]; then
  log "exact ground truth (about 20 s)"
  "$PY" "$HERE/ground_truth.py"
fi

# 4. The peers, in turns, each run in a fresh process.
RESULTS="$(dirname "$OUT")"
mkdir -p "$RESULTS"
log "peers: ccnet, datasketch, rensa, rensa-dedup; $RUNS fresh-process run(s) each"
LIMIT_ARGS=()
[ "$LIMIT" -gt 0 ] && LIMIT_ARGS=(--limit "$LIMIT")
"$PY" "$HERE/bench_peers.py" --runs "$RUNS" --out "$OUT" --command "$COMMAND" "${LIMIT_ARGS[@]}"

# 5. Galley in the same run: bench_galley.py through the Python batch API,
#    scored on Jaccard matches (--no-containment; the targets are defined at
#    Jaccard >= 0.8), in memory, then once more with a file index for its
#    size and speed; writes galley.json (and galley-file.json).
GALLEY_JSON="$RESULTS/galley.json"
rm -f "$GALLEY_JSON" "$RESULTS/galley-file.json"
GALLEY_LIMIT=()
if [ "$LIMIT" -gt 0 ]; then
  GALLEY_JSON=/tmp/dedup-quick-galley.json
  GALLEY_LIMIT=(--limit "$LIMIT")
fi
log "Galley: bench_galley.py --runs $RUNS (library $LIB)"
set +e
GALLEY_LIBRARY="$LIB" PYTHONPATH="$ROOT/bindings/python:$HERE${PYTHONPATH:+:$PYTHONPATH}" \
  "$PY" "$HERE/bench_galley.py" --runs "$RUNS" --no-containment --memory "${GALLEY_LIMIT[@]}" \
  --json "$GALLEY_JSON" >/dev/null
RC=$?
if [ "$RC" -eq 0 ] && [ "$LIMIT" -eq 0 ]; then
  GALLEY_LIBRARY="$LIB" PYTHONPATH="$ROOT/bindings/python:$HERE${PYTHONPATH:+:$PYTHONPATH}" \
    "$PY" "$HERE/bench_galley.py" --runs 1 --no-containment --json "$RESULTS/galley-file.json" >/dev/null
  RC=$?
fi
set -e
if [ "$RC" -eq 3 ]; then
  rm -f "$GALLEY_JSON"
elif [ "$RC" -ne 0 ]; then
  rm -f "$GALLEY_JSON"
  if [ "$RC" -eq 2 ]; then
    log "Galley: not measured (bench_galley.py exit 2: not implemented yet, or bad arguments)"
  else
    echo "bench_galley.py failed (exit $RC)" >&2
    exit 1
  fi
fi

# 6. Tables.
"$PY" "$HERE/summarize.py" "$OUT" "$GALLEY_JSON"
log "done: $OUT"
