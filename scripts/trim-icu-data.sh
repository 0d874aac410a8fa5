#!/usr/bin/env bash
# Writes OUTDIR/libicudata.so.NN: the system's ICU data library without the
# data Galley never reads, for the Python wheel (scripts/wheel.sh).
#
# usage: scripts/trim-icu-data.sh LIBICUDATA OUTDIR
#
# Removed, with ICU's own package tool (icupkg, Debian: icu-devtools):
# collation (coll/), currency, language, region, unit and time zone display
# names (curr/, lang/, region/, unit/, zone/ and the zone tables), number
# spell-out rules (rbnf/), legacy charset converters (*.cnv) and Unicode
# character names (unames.icu). Kept: break iterator rules and dictionaries
# and their per-locale data (brkitr/), transliterators (translit/),
# normalization and IDNA (*.nrm), character properties (*.icu), the locale
# data and aliases. Galley's segmentation, normalization, slugs, IDNA and
# language tags read only what is kept: the whole C and Python test suites
# and every capability over the real pages give identical results with the
# trimmed data (Benchmarks/wheel/README.md).
#
# The data is taken out of the library (the symbol icudtNN_dat), filtered,
# turned back into an object file by ICU's genccode, and linked as a shared
# library with the original's SONAME, so libicuuc loads it unchanged.
set -euo pipefail
lib=$1; out=$2
for tool in icupkg genccode nm objdump readelf cc; do
  command -v "$tool" >/dev/null || { echo "trim-icu-data: $tool not found (Debian: icu-devtools, binutils, gcc)" >&2; exit 1; }
done
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

soname=$(objdump -p "$lib" | awk '/SONAME/ {print $2}')
read -r symbol_address symbol_size symbol < <(nm -D --defined-only -S "$lib" | awk '$4 ~ /^icudt[0-9]+_dat$/ {print $1, $2, $4; exit}')
[ -n "${symbol:-}" ] || { echo "trim-icu-data: no icudtNN_dat symbol in $lib" >&2; exit 1; }
entry=${symbol%_dat}
# The package name inside the data: icudtNN and the byte order (l or b).
package=$entry$(python3 -c 'import sys; print("l" if sys.byteorder == "little" else "b")')

# The symbol's file offset: its address within the section that holds it.
python3 - "$lib" "$symbol_address" "$symbol_size" "$work/$package.dat" <<'PY'
import subprocess, sys
lib, address, size, dest = sys.argv[1], int(sys.argv[2], 16), int(sys.argv[3], 16), sys.argv[4]
for line in subprocess.run(["readelf", "-S", "-W", lib], capture_output=True, text=True, check=True).stdout.splitlines():
    fields = line.replace("[ ", "[").split()
    if len(fields) > 6 and fields[0].startswith("[") and fields[0] != "[Nr]":
        try:
            sh_addr, sh_offset, sh_size = int(fields[3], 16), int(fields[4], 16), int(fields[5], 16)
        except ValueError:
            continue
        if sh_addr <= address < sh_addr + sh_size and fields[2] != "NOBITS":
            with open(lib, "rb") as f:
                f.seek(address - sh_addr + sh_offset)
                open(dest, "wb").write(f.read(size))
            sys.exit(0)
sys.exit(f"trim-icu-data: no section holds {symbol!r}")
PY

icupkg -l "$work/$package.dat" > "$work/items.txt"
grep -E '^(coll|curr|lang|region|unit|zone|rbnf)/|\.cnv$|^(zoneinfo64|metaZones|timezoneTypes|windowsZones)\.res$|^unames\.icu$' \
  "$work/items.txt" > "$work/remove.txt"
mkdir "$work/pkg"
icupkg -r "$work/remove.txt" "$work/$package.dat" "$work/pkg/$package.dat"
genccode -q -a gcc -e "$entry" -d "$work/pkg" "$work/pkg/$package.dat"
cc -c -Wa,--noexecstack "$work/pkg/${package}_dat.S" -o "$work/pkg/data.o"
cc -shared -nostdlib -Wl,-soname,"$soname" -Wl,-z,noexecstack -o "$out/$soname" "$work/pkg/data.o"
echo "trim-icu-data: $out/$soname: $(wc -l < "$work/remove.txt") of $(wc -l < "$work/items.txt") items removed," \
  "$(( $(stat -L -c %s "$lib") / 1024 )) KiB -> $(( $(stat -c %s "$out/$soname") / 1024 )) KiB" >&2
