#!/usr/bin/env bash
# Runs Galley's main job on the bundled samples (for now: sentence
# segmentation of every file in Samples/). Installs what is missing first.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
"$here/scripts/bootstrap.sh"
swift build -c release --product galley >&2
exec "$(swift build -c release --show-bin-path)/galley" segment --unit sentence Samples/ "$@"
