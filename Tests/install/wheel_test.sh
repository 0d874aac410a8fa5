#!/bin/sh
# The wheel as a user gets it: scripts/wheel.sh builds it (reusing this
# CMake build), pip installs it into a brand-new venv, and the smoke test
# runs every capability with the build tree, the source tree and the Swift
# toolchain hidden (tmpfs over each, in a private mount namespace) and the
# system's ICU and SQLite libraries made unloadable (/dev/null bound over
# each): only what the wheel carries can be loaded. Without mount
# namespaces (not root) the smoke test runs without the hiding.
# usage: wheel_test.sh SOURCE_DIR BUILD_DIR
set -eu
src=$1; build=$2
scratch=$(mktemp -d /tmp/galley-wheel-test.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
wheel=$("$src/scripts/wheel.sh" --build "$build" --out "$scratch/dist" 2>"$scratch/wheel.log") \
  || { cat "$scratch/wheel.log"; exit 1; }
count=$(ls "$scratch/dist" | wc -l)
[ "$count" -eq 1 ] || { echo "expected one wheel, got: $(ls "$scratch/dist")"; exit 1; }
case $wheel in
  *py3-none-manylinux_*_"$(uname -m)".whl) ;;
  *) echo "unexpected platform tag: $wheel"; exit 1 ;;
esac
echo "wheel: $(basename "$wheel") ($(du -k "$wheel" | cut -f1) KiB)"

python3 -m venv "$scratch/venv"
"$scratch/venv/bin/pip" install -q --disable-pip-version-check --no-index "$wheel"
cp "$src/Tests/install/smoke_wheel.py" "$scratch/"
mkdir "$scratch/work"

swift_root=$(dirname "$(dirname "$(command -v swiftc || command -v swift || echo /opt/swift/usr/bin/swift)")")
system_libs=$(ls /lib/*-linux-gnu/libicu*.so* /usr/lib/*-linux-gnu/libicu*.so* \
  /lib/*-linux-gnu/libsqlite3.so* /usr/lib/*-linux-gnu/libsqlite3.so* 2>/dev/null || true)
run() {
  cd "$scratch/work" && env -i PATH=/usr/bin:/bin HOME="$scratch" "$scratch/venv/bin/python" \
    "$scratch/smoke_wheel.py" "$scratch/work"
}
if ! unshare -m true 2>/dev/null; then
  echo "note: no mount namespace here (needs root): running without hiding anything"
  run
  exit
fi
export scratch src build swift_root system_libs
unshare -m sh -c '
  set -eu
  mount --make-rprivate / 2>/dev/null || true
  for d in "$build" "$src" "$swift_root"; do mount -t tmpfs none "$d"; done
  for f in $system_libs; do [ -L "$f" ] || mount --bind /dev/null "$f"; done
  echo "hidden: $build $src $swift_root and $(echo $system_libs | wc -w) ICU/SQLite files"
  cd "$scratch/work"
  env -i PATH=/usr/bin:/bin HOME="$scratch" "$scratch/venv/bin/python" "$scratch/smoke_wheel.py" "$scratch/work"
'
