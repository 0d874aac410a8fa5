#!/usr/bin/env bash
# galley.dask.dedup on LocalCluster(2 workers) beside one DedupIndex, on 1M
# generated paragraphs (issue 7). Uses build/libgalley.so (run
# ./scripts/test.sh or cmake --build build first) and .venv (bootstrap.sh
# installs Dask there).
#   Benchmarks/dask/run.sh [--paragraphs N]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
[ -s "$ROOT/Benchmarks/corpus/en.txt" ] || python3 "$ROOT/Benchmarks/make_corpus.py"
GALLEY_LIBRARY="$ROOT/build/libgalley.so" PYTHONPATH="$ROOT/bindings/python" \
  "$ROOT/.venv/bin/python" "$ROOT/Benchmarks/dask/bench_dask.py" "$@"
