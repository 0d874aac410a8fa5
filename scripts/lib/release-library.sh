# Sourced by scripts/install.sh and scripts/wheel.sh: the one place that
# builds libgalley.so for distribution.
#
#   release_library HERE BUILD_DIR TAG
#
# Makes sure the project's .venv has cmake and ninja (bootstrap installs
# them), puts .venv/bin on PATH, configures BUILD_DIR once as a Release
# Ninja build and builds the `galley` library target in it. TAG prefixes
# the progress line on stderr. Fails (non-zero) when any step does.
release_library() {
  _here=$1 _build=$2 _tag=$3
  if [ ! -x "$_here/.venv/bin/cmake" ] || [ ! -x "$_here/.venv/bin/ninja" ]; then
    "$_here/scripts/bootstrap.sh" >&2 || return
  fi
  export PATH="$_here/.venv/bin:$PATH"
  echo "$_tag: libgalley.so (CMake build in $_build)" >&2
  if [ ! -f "$_build/CMakeCache.txt" ]; then
    cmake -S "$_here" -B "$_build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DPython3_EXECUTABLE="$_here/.venv/bin/python" >/dev/null || return
  fi
  cmake --build "$_build" --target galley >&2
}
