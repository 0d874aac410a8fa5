#!/usr/bin/env bash
# Installs Galley under PREFIX: the C library (include/galley.h,
# lib/libgalley.so*, lib/pkgconfig/galley.pc, lib/cmake/Galley) through
# `cmake --install`, and beside it the `galley` command, built with the
# Swift standard library linked statically (it runs where Swift is not
# installed; it needs the system's ICU and SQLite, as libgalley.so does),
# with its shell completion scripts:
#   PREFIX/bin/galley
#   PREFIX/share/bash-completion/completions/galley
#   PREFIX/share/zsh/site-functions/_galley
#   PREFIX/share/fish/vendor_completions.d/galley.fish
#
# usage: scripts/install.sh PREFIX [--build DIR]
#   --build DIR  the CMake build to install from (default: build/; configured
#                and built when absent or stale)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build="$here/build"
prefix=""
while [ $# -gt 0 ]; do
  case $1 in
    --build) build=$2; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    -*) echo "install.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) [ -z "$prefix" ] || { echo "install.sh: one PREFIX only" >&2; exit 2; }; prefix=$1; shift ;;
  esac
done
[ -n "$prefix" ] || { echo "usage: scripts/install.sh PREFIX [--build DIR]" >&2; exit 2; }
mkdir -p "$prefix"
prefix=$(cd "$prefix" && pwd)

. "$here/scripts/lib/release-library.sh"
release_library "$here" "$build" install
cmake --install "$build" --prefix "$prefix" >&2

echo "install: the galley command (release, static Swift stdlib)" >&2
cd "$here"
swift build -c release --static-swift-stdlib --product galley >&2
bin=$(swift build -c release --static-swift-stdlib --show-bin-path)
install -d "$prefix/bin" "$prefix/share/bash-completion/completions" \
  "$prefix/share/zsh/site-functions" "$prefix/share/fish/vendor_completions.d"
install -m 755 "$bin/galley" "$prefix/bin/galley"
strip "$prefix/bin/galley" 2>/dev/null || true
"$prefix/bin/galley" --generate-completion-script bash > "$prefix/share/bash-completion/completions/galley"
"$prefix/bin/galley" --generate-completion-script zsh > "$prefix/share/zsh/site-functions/_galley"
"$prefix/bin/galley" --generate-completion-script fish > "$prefix/share/fish/vendor_completions.d/galley.fish"
echo "install: $prefix/bin/galley ($(du -k "$prefix/bin/galley" | cut -f1) KiB), $prefix/lib/libgalley.so" >&2
