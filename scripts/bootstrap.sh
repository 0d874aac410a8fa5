#!/usr/bin/env bash
# Installs what Galley's build and tests need and the machine lacks:
#   Debian packages: libicu-dev, libsqlite3-dev, unicode-data, pkg-config, valgrind, gcc
#   a local Python venv (.venv) with cmake, ninja, pytest and dask from pip
# Swift 6.3 must already be installed (swift.org toolchain on PATH).
# Safe to run again: it only installs what is missing.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)

if ! command -v swift >/dev/null 2>&1; then
  echo "bootstrap: Swift 6.3 or later is required (https://swift.org/install); 'swift' is not on PATH" >&2
  exit 1
fi

missing=()
dpkg -s libicu-dev >/dev/null 2>&1 || missing+=(libicu-dev)
dpkg -s libsqlite3-dev >/dev/null 2>&1 || missing+=(libsqlite3-dev)
[ -f /usr/share/unicode/auxiliary/WordBreakTest.txt ] || missing+=(unicode-data)
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
command -v valgrind >/dev/null 2>&1 || missing+=(valgrind)
command -v gcc >/dev/null 2>&1 || missing+=(gcc)
python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || missing+=(python3-venv)
if [ ${#missing[@]} -gt 0 ]; then
  echo "bootstrap: installing ${missing[*]}" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

venv="$here/.venv"
if [ ! -x "$venv/bin/python" ]; then
  echo "bootstrap: creating $venv" >&2
  python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c 'import pytest' >/dev/null 2>&1 \
   || [ ! -x "$venv/bin/cmake" ] || [ ! -x "$venv/bin/ninja" ]; then
  echo "bootstrap: installing cmake, ninja, pytest into $venv" >&2
  "$venv/bin/pip" install -q --disable-pip-version-check cmake ninja pytest
fi
# galley.dask's tests run on a LocalCluster: Dask with its distributed
# scheduler and DataFrames (pandas, pyarrow), as the binding's [dask] extra.
if ! "$venv/bin/python" -c 'import dask.dataframe, dask.distributed' >/dev/null 2>&1; then
  echo "bootstrap: installing dask[dataframe,distributed] into $venv" >&2
  "$venv/bin/pip" install -q --disable-pip-version-check "dask[dataframe,distributed]>=2024.1"
fi
