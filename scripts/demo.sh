#!/usr/bin/env bash
# The main job on the bundled samples: galley process Samples/ (a release
# build of the CLI), writing one JSON line per article to standard output
# and a summary to standard error. The index is ./galley.db: run it twice
# and the second run marks every paragraph a repeat (delete galley.db to
# start over). Extra arguments go to galley process (--out FILE, --no-index,
# --quiet, ...). Installs what is missing first.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
"$here/scripts/bootstrap.sh" >&2
swift build -c release --product galley >&2
galley="$(swift build -c release --show-bin-path)/galley"
exec "$galley" process Samples/ "$@"
