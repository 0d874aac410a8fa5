#!/usr/bin/env bash
# Galley's benchmarks, one entry point: corpus, peer venv, C programs, all
# speed measurements in one run, the golden-rule quality scores
# (quality.py), and Benchmarks/results/results.json + quality.json.
#
#   Benchmarks/run.sh [--lib PATH] [--runs N] [--out FILE] [--quick]
#
#   --lib PATH   libgalley.so to measure (default: $GALLEY_LIBRARY, else
#                build/libgalley.so); its directory must hold it, and the
#                header is include/galley.h. This script never builds Galley.
#   --runs N     best of N for every measurement but pySBD (default 5)
#   --out FILE   default Benchmarks/results/results.json; quality.json is
#                written next to it
#   --quick      runs=2, no whole-prefix pySBD call (a smoke test, ~1 min)
#
# Environment: PYTHON (python3 used for the corpus and the venv),
# CC (default gcc).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
LIB="${GALLEY_LIBRARY:-$ROOT/build/libgalley.so}"
RUNS=5
OUT="$HERE/results/results.json"
PYSBD_WHOLE=1
COMMAND="Benchmarks/run.sh${*:+ $*}"
while [ $# -gt 0 ]; do
  case "$1" in
    --lib) LIB="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --quick) RUNS=2; PYSBD_WHOLE=0; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
PYTHON="${PYTHON:-python3}"
CC="${CC:-gcc}"
CORPUS="$HERE/corpus/en.txt"
VENV="$HERE/.venv"
BIN="$HERE/build"
LIB="$(cd "$(dirname "$LIB")" && pwd)/$(basename "$LIB")"
START=$(date +%s)

log() { printf '[bench %3ds] %s\n' "$(( $(date +%s) - START ))" "$*" >&2; }

if [ ! -f "$LIB" ]; then
  echo "no Galley library at $LIB: build it first (cmake -S . -B build -G Ninja && cmake --build build) or pass --lib" >&2
  exit 1
fi

# 1. Corpus (about 1-2 minutes, once).
if [ ! -s "$CORPUS" ]; then
  log "making the corpus"
  "$PYTHON" "$HERE/make_corpus.py" --out "$CORPUS" >&2
fi

# 2. Peers' venv (once).
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import sentencex, blingfire, pysbd' 2>/dev/null; then
  log "setting up $VENV"
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$HERE/requirements-peers.txt" >&2
fi

# 3. C programs.
log "building the C benchmarks against $LIB"
mkdir -p "$BIN"
LIBDIR="$(dirname "$LIB")"
"$CC" -O2 -Wall -Wextra -o "$BIN/icu_raw" "$HERE/icu_raw.c" -licuuc -licui18n
"$CC" -O2 -Wall -Wextra -I"$ROOT/include" -o "$BIN/galley_c" "$HERE/galley_c.c" \
  "$LIB" -licuuc -licui18n -Wl,-rpath,"$LIBDIR"

# 4. Measurements, all in this one run.
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
log "raw ICU (best of $RUNS)"
"$BIN/icu_raw" "$CORPUS" "$RUNS" | tee "$TMP/icu.jsonl" | cut -c1-160 >&2
log "Galley C ABI, interleaved with raw ICU (best of $RUNS)"
"$BIN/galley_c" "$CORPUS" "$RUNS" | tee "$TMP/galley_c.jsonl" | cut -c1-160 >&2
log "Python: galley, sentencex, blingfire, pysbd (best of $RUNS; pysbd fewer)"
GALLEY_LIBRARY="$LIB" PYTHONPATH="$ROOT/bindings/python${PYTHONPATH:+:$PYTHONPATH}" \
  "$VENV/bin/python" "$HERE/bench_python.py" --corpus "$CORPUS" --runs "$RUNS" \
  --pysbd-whole-runs "$PYSBD_WHOLE" | tee "$TMP/python.jsonl" | cut -c1-160 >&2

# 5. Quality: golden-rule pass counts of Galley and the peers (under a second).
mkdir -p "$(dirname "$OUT")"
QUALITY="$(dirname "$OUT")/quality.json"
log "quality: golden rules, galley, pysbd, sentencex, blingfire"
"$VENV/bin/python" "$HERE/quality.py" --lib "$LIB" --json "$QUALITY" >"$TMP/quality.md"
grep -m1 '^## Galley' "$TMP/quality.md" >&2 || true

# 6. results.json (with the quality summary) and both tables.
"$PYTHON" "$HERE/summarize.py" --out "$OUT" --command "$COMMAND" --lib "$LIB" \
  --corpus "$CORPUS" --runs "$RUNS" --seconds "$(( $(date +%s) - START ))" \
  --cc "$CC" --venv-python "$VENV/bin/python" --quality "$QUALITY" \
  "$TMP/icu.jsonl" "$TMP/galley_c.jsonl" "$TMP/python.jsonl"
log "done: $OUT, $QUALITY"
