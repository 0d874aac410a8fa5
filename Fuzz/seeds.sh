#!/usr/bin/env bash
# Makes the seed corpora (build-asan/fuzz/corpus/<harness>/) from the
# repository's own text: the samples, the shared test vectors and the
# conformance data, each file cut into pieces with each harness's option
# bytes in front. Deterministic; nothing downloaded.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$here/build-asan/fuzz/corpus}
exec "$here/.venv/bin/python" - "$here" "$out" <<'PY'
import hashlib, json, os, sys
root, out = sys.argv[1], sys.argv[2]

def texts():
    for base, _, files in sorted(os.walk(os.path.join(root, "Samples"))):
        for f in sorted(files):
            yield open(os.path.join(base, f), "rb").read()
    for name in ("segmentation.json", "normalization.json", "dedup.json"):
        p = os.path.join(root, "Tests", "vectors", name)
        if os.path.exists(p):
            def walk(v):
                if isinstance(v, str) and v:
                    yield v.encode()
                elif isinstance(v, list):
                    for x in v: yield from walk(x)
                elif isinstance(v, dict):
                    for x in v.values(): yield from walk(x)
            yield from list(walk(json.load(open(p))))[:400]

def urls():
    p = os.path.join(root, "Tests", "conformance", "urltestdata.json")
    for case in json.load(open(p)):
        if isinstance(case, dict):
            yield case["input"].encode("utf-8", "surrogatepass"), (case.get("base") or "").encode()

def put(harness, data):
    d = os.path.join(out, harness)
    os.makedirs(d, exist_ok=True)
    open(os.path.join(d, hashlib.sha1(data).hexdigest()[:16]), "wb").write(data)

pieces = [t[:4096] for t in texts()]
for i, t in enumerate(pieces):
    put("fuzz_segment", bytes([i % 64, i % 12]) + t)
    put("fuzz_normalize", bytes([i % 32]) + t)
    put("fuzz_related", bytes([i % 2]) + t)
    put("fuzz_process", bytes([i % 32]) + t)
    paras = t.replace(b"\n\n", b"\0")
    put("fuzz_fingerprints", bytes([i % 64, 79, i % 8, 89]) + paras)
    put("fuzz_dedup", bytes([i % 8, 128]) + b"doc%d\x02" % i + paras + b"\x01copy\x02" + paras)
for i, (u, b) in enumerate(urls()):
    put("fuzz_url", bytes([i % 16]) + u + (b"\n" + b if b else b""))
# Index files: made by the library itself (a small valid index) are left to
# the runner; an empty file and a non-SQLite file here.
put("fuzz_dbfile", b"")
put("fuzz_dbfile", b"SQLite format 3\0" + bytes(84))
print(out)
PY
