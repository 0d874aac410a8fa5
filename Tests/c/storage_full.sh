#!/bin/sh
# A really full disk: a 256 KB tmpfs in a private mount namespace, and
# test_storage --full-dir on it (GALLEY_STATUS_FULL, batch rolled back,
# nothing committed lost). Skipped (exit 77) where namespaces or mounts are
# not allowed.
exe=$1
if ! unshare -m true 2>/dev/null; then echo "SKIP: no mount namespaces here"; exit 77; fi
exec unshare -m sh -c '
  d=$(mktemp -d /tmp/galley-full-XXXXXX)
  mount -t tmpfs -o size=256k tmpfs "$d" || { echo "SKIP: cannot mount a tmpfs"; exit 77; }
  "$0" --full-dir "$d"; rc=$?
  umount "$d"; rmdir "$d"; exit $rc' "$exe"
