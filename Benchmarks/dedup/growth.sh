#!/usr/bin/env bash
# Growth run (issue 11): per-call add and RSS per paragraph at 10k, 100k, 1M
# and 10M paragraphs; results/growth-*.json(l).
#
#   Benchmarks/dedup/growth.sh [MAX_PYTHON] [PEER_SECONDS] [MAX_C]
#
# 1. Side by side through Python, one article of 5 paragraphs per call, each
#    system in its own process, on growth.py's synthetic news-length
#    paragraphs: Galley in memory, rensa and datasketch (each stops at
#    MAX_PYTHON paragraphs, default 100000, or at the first checkpoint after
#    PEER_SECONDS of adding, default 600).
# 2. Galley alone through the C ABI (growth_c.c: no Python cost per call),
#    in memory to MAX_C (default 1000000; 10000000 for the 10M point) and
#    with a file to 1M, then the file reopened in a fresh process.
# Needs build/libgalley.so (cmake) and Benchmarks/dedup/.venv (run.sh).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
MAX=${1:-100000}
PEER_SECONDS=${2:-600}
MAX_C=${3:-1000000}
PY="$HERE/.venv/bin/python"
export GALLEY_LIBRARY="${GALLEY_LIBRARY:-$ROOT/build/libgalley.so}"
R="$HERE/results"
mkdir -p "$R"
for system in galley rensa datasketch; do
  nice "$PY" "$HERE/growth.py" --system "$system" --source synthetic --max "$MAX" --time-limit "$PEER_SECONDS" \
    --json "$R/growth-$system.json"
done
cc -O2 -I "$ROOT/include" "$HERE/growth_c.c" -L "$ROOT/build" -lgalley -Wl,-rpath,"$ROOT/build" -lm \
  -o "$ROOT/build/growth_c"
nice "$ROOT/build/growth_c" --max "$MAX_C" > "$R/growth-c-memory.jsonl"
DB="${TMPDIR:-/tmp}/galley-growth-$$.db"
nice "$ROOT/build/growth_c" --max 1000000 --file "$DB" > "$R/growth-c-file.jsonl"
nice "$ROOT/build/growth_c" --reopen "$DB" >> "$R/growth-c-file.jsonl"
rm -f "$DB" "$DB-wal"
