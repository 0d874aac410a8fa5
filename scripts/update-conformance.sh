#!/usr/bin/env bash
# Copies the licence-compatible conformance data from the team's shared folder
# (default ../shared/conformance beside the checkout) into Tests/conformance and
# rewrites Tests/conformance/SHA256SUMS. Review the diff before committing:
# a changed file changes what the tests expect.
#   scripts/update-conformance.sh [SOURCE_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
src=${1:-"$here/../shared/conformance"}
dst="$here/Tests/conformance"
[ -f "$src/urltestdata.json" ] || { echo "update-conformance: $src has no urltestdata.json" >&2; exit 2; }
mkdir -p "$dst/pragmatic"
cp "$src"/urltestdata.json "$src"/toascii.json "$src"/IdnaTestV2.json "$src"/golden_*.json "$dst/"
cp "$src"/pragmatic/*.json "$dst/pragmatic/"
chmod u+w "$dst"/*.json "$dst"/pragmatic/*.json
(cd "$dst" && find . -name '*.json' | LC_ALL=C sort | xargs sha256sum > SHA256SUMS)
echo "update-conformance: copied from $src; git diff --stat Tests/conformance shows what changed" >&2
