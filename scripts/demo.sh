#!/usr/bin/env bash
# Runs Galley's main job on the bundled samples (for now: sentence
# segmentation with Galley's rules of every file in Samples/, each in the
# language its name starts with, "de-…" German, "uk-…" Ukrainian; language
# detection comes with `galley process`). Installs what is missing first.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
"$here/scripts/bootstrap.sh"
swift build -c release --product galley >&2
galley="$(swift build -c release --show-bin-path)/galley"
for file in Samples/*.txt Samples/*.md; do
  [ -e "$file" ] || continue
  name=$(basename "$file")
  echo "==> $file <=="
  "$galley" segment --unit sentence --lang "${name%%-*}" "$file" "$@"
done
