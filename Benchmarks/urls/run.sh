#!/usr/bin/env bash
# Galley's URL canonicalization benchmark, one entry point: generated URLs,
# peer venv (ada-url, courlan, w3lib), the C program, Galley C and all the
# Python implementations in one run, and results/results.json.
#
#   Benchmarks/urls/run.sh [--lib PATH] [--runs N] [--out FILE]
#
#   --lib PATH   libgalley.so to measure (default: $GALLEY_LIBRARY, else
#                build/libgalley.so); the header is include/galley.h and the
#                Python binding bindings/python. This script never builds Galley.
#   --runs N     best of N for every measurement (default 3)
#   --out FILE   default Benchmarks/urls/results/results.json
#
# Environment: PYTHON (python3 for the generator and the venv), CC (gcc).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
LIB="${GALLEY_LIBRARY:-$ROOT/build/libgalley.so}"
RUNS=3
OUT="$HERE/results/results.json"
COMMAND="Benchmarks/urls/run.sh${*:+ $*}"
while [ $# -gt 0 ]; do
  case "$1" in
    --lib) LIB="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
PYTHON="${PYTHON:-python3}"
CC="${CC:-gcc}"
VENV="$HERE/.venv"
BIN="$HERE/build"            # gitignored (build/)
DATA="$BIN/urls.tsv"
START=$(date +%s)
log() { printf '[urls %3ds] %s\n' "$(( $(date +%s) - START ))" "$*" >&2; }

if [ ! -f "$LIB" ]; then
  echo "no Galley library at $LIB: build it first (cmake -S . -B build -G Ninja && cmake --build build) or pass --lib" >&2
  exit 1
fi
LIB="$(cd "$(dirname "$LIB")" && pwd)/$(basename "$LIB")"
LIBDIR="$(dirname "$LIB")"
mkdir -p "$BIN"

# 1. URLs (deterministic; regenerated every run, a second or two).
log "generating URLs"
"$PYTHON" "$HERE/gen_urls.py" --out "$DATA"
SHA=$(sha256sum "$DATA" | cut -d' ' -f1)

# 2. Peers' venv (once).
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import ada_url, courlan, w3lib, url_normalize' 2>/dev/null; then
  log "setting up $VENV"
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/pip" install -q -r "$HERE/requirements-peers.txt"
fi

# 3. C program.
log "building bench_c"
"$CC" -O2 -Wall -I"$ROOT/include" "$HERE/bench_c.c" -o "$BIN/bench_c" \
  -L"$LIBDIR" -l:"$(basename "$LIB")" -Wl,-rpath,"$LIBDIR"

# 4. Measurements, one after the other.
log "Galley C, best of $RUNS"
"$BIN/bench_c" "$DATA" "$RUNS" > "$BIN/c.json"
log "Python: Galley, ada-url, courlan, w3lib, best of $RUNS"
GALLEY_LIBRARY="$LIB" PYTHONPATH="$ROOT/bindings/python" \
  "$VENV/bin/python" "$HERE/bench_python.py" "$DATA" --runs "$RUNS" > "$BIN/py.json"

# 4b. Issue 16: per call against ada_url.URL(u).href, and the news set.
log "Python per call vs ada_url.URL(u).href (30,000 URLs, best of $(( RUNS > 5 ? RUNS : 5 )))"
GALLEY_LIBRARY="$LIB" PYTHONPATH="$ROOT/bindings/python" \
  "$VENV/bin/python" "$HERE/per_call.py" "$DATA" --count 30000 --runs "$(( RUNS > 5 ? RUNS : 5 ))" \
  > "$HERE/results/per_call.json"
log "news set: merged pairs and false merges"
GALLEY_LIBRARY="$LIB" PYTHONPATH="$ROOT/bindings/python" \
  "$VENV/bin/python" "$HERE/news/score.py" --json "$HERE/results/news.json"

# 5. Results.
"$PYTHON" "$HERE/summarize.py" --c "$BIN/c.json" --py "$BIN/py.json" --out "$OUT" \
  --command "$COMMAND" --data-sha256 "$SHA" --lib "$LIB" \
  --wall-seconds "$(( $(date +%s) - START ))"
log "wrote $OUT"
