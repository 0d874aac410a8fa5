#!/usr/bin/env bash
# Growth run (issue 11): per-call add and RSS per paragraph at 10k, 100k, 1M
# (and 10M) paragraphs, Galley in memory and with a file, rensa and
# datasketch beside it, each in its own process; results/growth-*.json.
#
#   Benchmarks/dedup/growth.sh BASE.jsonl [MAX_MEMORY] [PEER_SECONDS]
#
# BASE.jsonl: articles from Benchmarks/process/gen_articles.py (--seed 1);
# growth.py reads it in passes (expand_articles.py) as far as it needs.
# Needs build/libgalley.so (cmake) and Benchmarks/dedup/.venv (run.sh).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
BASE=$1
MAX=${2:-10000000}
PEER_SECONDS=${3:-600}
PY="$HERE/.venv/bin/python"
export GALLEY_LIBRARY="${GALLEY_LIBRARY:-$ROOT/build/libgalley.so}"
mkdir -p "$HERE/results"
nice "$PY" "$HERE/growth.py" --system galley --articles "$BASE" --max 1000000 --json "$HERE/results/growth-galley.json"
nice "$PY" "$HERE/growth.py" --system galley-file --articles "$BASE" --max 1000000 --json "$HERE/results/growth-galley-file.json"
for peer in rensa datasketch; do
  nice "$PY" "$HERE/growth.py" --system "$peer" --articles "$BASE" --max 1000000 --time-limit "$PEER_SECONDS" \
    --json "$HERE/results/growth-$peer.json"
done
if [ "$MAX" -gt 1000000 ]; then
  nice "$PY" "$HERE/growth.py" --system galley --articles "$BASE" --max "$MAX" --json "$HERE/results/growth-galley-10m.json"
fi
