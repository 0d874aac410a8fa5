"""Worst-case inputs per path at two sizes (default 5 and 10 MB): CPU time
of the call (user + system: the machine is shared, so wall time says more
about the neighbours than about Galley) and peak RSS of a fresh process per
case, to show that the cost grows linearly.
Each case runs in its own interpreter (peak RSS is that process's); a case
over the time limit is reported as such and killed.

    GALLEY_LIBRARY=build/libgalley.so PYTHONPATH=bindings/python \\
      nice .venv/bin/python Benchmarks/hardening/worst_case.py [--mb 5 10] [--limit 120] [--only NAME]

Writes Benchmarks/hardening/results.md (the table, the machine, the command).
"""
import argparse
import os
import platform
import resource
import subprocess
import sys
import time

# name -> (builder of a str of about `size` bytes of UTF-8, the call, owner note)
CASES = {
    "normalize: a + (U+0301 U+0323)*n": ("'a' + '\\u0301\\u0323' * (size // 4)", "galley.normalize(t)", ""),
    "normalize NFKC: U+FDFA*n (18x growth)": ("'\\ufdfa' * (size // 3)", "galley.normalize(t, form='NFKC')", ""),
    "normalize: mixed marks, 30-mark runs": ("('e' + '\\u0308\\u0327\\u0344' * 10) * (size // 61)", "galley.normalize(t)", ""),
    "sentences en: glued a.B*n": ("'a.B' * (size // 3)", "galley.sentences(t, lang='en')", "sentences helper"),
    "sentences en: one 'word' x*n": ("'x' * size", "galley.sentences(t, lang='en')", ""),
    "words: a'b*n": ("\"a'b \" * (size // 4)", "galley.words(t)", ""),
    "related: a + marks*n": ("'a' + '\\u0301\\u0323' * (size // 4)", "galley.related_links(t)", "related-blocks helper"),
    "related: 'Read also:' + links*n": ("'Body.\\n\\nRead also:\\n' + '- [Title here](/x/y?a=1)\\n' * (size // 27)",
                                         "galley.related_links(t, 'https://e.com/a/')", ""),
    "fingerprints: one paragraph, n words": ("' '.join('w%d' % i for i in range(size // 7))", "galley.fingerprints([t])", ""),
    "fingerprints: chars, one paragraph": ("'abcdefghij' * (size // 10)", "galley.fingerprints([t], shingle='characters', n=5)", ""),
    "dedup_paragraphs: near-identical paragraphs": (
        "'\\n\\n'.join('the same long common paragraph text with many words in it number %d' % i "
        "for i in range(size // 70))", "galley.dedup_paragraphs(t)", ""),
    "canonicalize_url: query of n pairs": ("'http://e.com/?' + '&'.join('k%d=v' % (i % 997) for i in range(size // 9))",
                                           "galley.canonicalize_url(t)", ""),
    "parse_url: path of n segments": ("'http://e.com/' + 'x/../' * (size // 5)", "galley.parse_url(t)", ""),
    # Added for #12's missing rows; run at 1 and 10 MB (x10):
    # --mb 1 10 --only-new --out Benchmarks/hardening/results-x10.md
    "dedup_paragraphs: one LSH bucket, none duplicates (J~0.7)": (
        "'\\n\\n'.join(' '.join('w%d' % k for k in range(100)) + ' ' + ' '.join('u%d_%d' % (i, k) for k in range(15)) "
        "for i in range(size // 720))", "galley.dedup_paragraphs(t)", ""),
    "DedupIndex.add: one LSH bucket, none duplicates, batches of 100": (
        "[' '.join('w%d' % k for k in range(100)) + ' ' + ' '.join('u%d_%d' % (i, k) for k in range(15)) "
        "for i in range(size // 720)]",
        "ix = galley.DedupIndex()\nfor b in range(0, len(t), 100): ix.add('d%d' % b, t[b:b + 100])", ""),
    "parse_url: host of n labels": ("'http://' + 'a.' * (size // 2) + 'com/'", "galley.parse_url(t)", ""),
    "parse_url: IDN host, n non-ASCII labels": ("'http://' + 'ü.' * (size // 3) + 'de/'", "galley.parse_url(t)", ""),
    "canonicalize_url: path of n %-escapes": ("'http://e.com/' + '%41%e2%82%ac' * (size // 12)",
                                              "galley.canonicalize_url(t)", ""),
    "link_key: n amp./www. host labels and /amp/ segments": (
        "'https://' + 'www.amp.m.' * (size // 40) + 'e.com/' + 'amp/' * (size // 8)", "galley.link_key(t)", ""),
    "canonicalize_urls: n short URLs": ("['http://e.com/a%d?utm_source=x&b=%d' % (i, i) for i in range(size // 34)]",
                                        "galley.canonicalize_urls(t)", ""),
    "process: one paragraph of n sentences": ("'Title here now\\n\\n' + 'It rose today. ' * (size // 15)",
                                              "galley.process(t)", ""),
    "process: n near-identical paragraphs (one bucket)": (
        "'Title here now\\n\\n' + '\\n\\n'.join(' '.join('w%d' % k for k in range(100)) + ' ' + "
        "' '.join('u%d_%d' % (i, k) for k in range(15)) for i in range(size // 720))", "galley.process(t)", ""),
    "process: glued sentences and marks": (
        "('Title\\n\\n' + 'It rose.But not much. ' * 40 + '\\n\\ne' + '\\u0301\\u0323' * 50 + '\\n\\n') * (size // 1500)",
        "galley.process(t)", ""),
}

CHILD = r"""
import resource, sys, time
import galley
size = int(sys.argv[1])
t = {build}
n = len(t.encode('utf-8', 'surrogatepass')) if isinstance(t, str) else sum(len(x.encode()) + 1 for x in t)
def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime
start = cpu()
try:
    exec({call})
except ValueError as error:   # a hostile URL may be refused: the refusal is what is timed
    print("refused:", str(error)[:80], file=sys.stderr)
elapsed = cpu() - start
print(n, elapsed, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def run(name, mb, limit):
    build, call, _ = CASES[name]
    code = CHILD.format(build=build, call=repr(call))
    try:
        out = subprocess.run([sys.executable, "-c", code, str(int(mb * 1_000_000))], capture_output=True, text=True,
                             timeout=limit, env=os.environ)
    except subprocess.TimeoutExpired:
        return None, f">{limit} s", None
    if out.returncode != 0:
        return None, "error: " + out.stderr.strip().splitlines()[-1][:80], None
    n, elapsed, rss = out.stdout.split()
    return int(n), float(elapsed), int(rss) / 1024


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, nargs=2, default=[5, 10])
    ap.add_argument("--limit", type=int, default=120)
    ap.add_argument("--only")
    ap.add_argument("--only-new", action="store_true", help="only the cases after the first process case")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "results.md"))
    args = ap.parse_args()
    rows = ["| path | owner | bytes (small) | CPU | peak RSS MB | bytes (large) | CPU | peak RSS MB | CPU ratio |",
            "|---|---|---|---|---|---|---|---|---|"]
    names = list(CASES)
    if args.only_new:
        names = names[names.index("dedup_paragraphs: one LSH bucket, none duplicates (J~0.7)"):]
        names.remove("process: glued sentences and marks")
    for name in names:
        if args.only and args.only not in name:
            continue
        cells = []
        times = []
        for mb in args.mb:
            n, t, rss = run(name, mb, args.limit)
            if n is None:
                cells += ["", t, ""]
                times.append(None)
            else:
                cells += [f"{n:,}", f"{t:.2f} s", f"{rss:.0f}"]
                times.append(t)
        ratio = f"{times[1] / times[0]:.2f}" if None not in times and times[0] > 0 else "—"
        row = f"| {name} | {CASES[name][2] or '—'} | " + " | ".join(cells) + f" | {ratio} |"
        print(row, flush=True)
        rows.append(row)
    with open(args.out, "w") as f:
        f.write("# Worst-case inputs per path\n\n")
        f.write(f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()} (shared with other "
                "builds while measured; times are CPU seconds of the call; linear is a ratio of ~2 for 2x the input; \">N s\" is the wall-clock limit of the whole process, input building included).\n\n")
        f.write("Command: `GALLEY_LIBRARY=build/libgalley.so PYTHONPATH=bindings/python nice .venv/bin/python "
                f"Benchmarks/hardening/worst_case.py --mb {args.mb[0]:g} {args.mb[1]:g} --limit {args.limit}"
                f"{' --only-new' if args.only_new else ''}{' --only ' + repr(args.only) if args.only else ''}`\n\n")
        f.write(f"Load average when it finished: {os.getloadavg()[0]:.1f}\n\n")
        f.write("\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
