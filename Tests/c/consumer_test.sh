#!/bin/sh
# Installs the build into a scratch prefix, then builds and runs
# Tests/c/consumer against it with find_package(Galley) and pkg-config.
# usage: consumer_test.sh BUILD_DIR SOURCE_DIR
set -eu
build=$1; src=$2
prefix=$build/test-install
rm -rf "$prefix" "$build/test-consumer"
"${CMAKE:-cmake}" --install "$build" --prefix "$prefix" >/dev/null
PKG_CONFIG_PATH="$prefix/lib/pkgconfig:$prefix/lib64/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}" \
  "${CMAKE:-cmake}" -S "$src/Tests/c/consumer" -B "$build/test-consumer" -G Ninja \
    ${GENERATOR_PROGRAM:+-DCMAKE_MAKE_PROGRAM="$GENERATOR_PROGRAM"} \
    -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_RPATH="$prefix/lib" >/dev/null
"${CMAKE:-cmake}" --build "$build/test-consumer" >/dev/null
"$build/test-consumer/consumer_cmake"
LD_LIBRARY_PATH="$prefix/lib" "$build/test-consumer/consumer_pkgconfig"
test -f "$prefix/include/galley.h"
test -L "$prefix/lib/libgalley.so"
echo "install OK: $prefix"
