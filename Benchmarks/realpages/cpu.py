#!/usr/bin/env python3
"""CPU seconds of `galley process --no-index --jobs 1` over every realpages rendering, for each
galley binary given, runs alternating (REPS, default 3); prints the best CPU and wall time of each."""
import json,subprocess,sys,os,resource,tempfile,time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import load_pages, PAGES
if not os.path.exists(PAGES):
    sys.exit(f"skipped: {PAGES} is absent (third-party pages are not part of the repository)")
P=load_pages()
d=tempfile.mkdtemp(); inp=d+'/in.jsonl'
with open(inp,'w') as f:
    for (pid,ren),r in P.items(): f.write(json.dumps({"id":f"{pid}#{ren}","text":r["text"],"url":r["url"]})+"\n")
size=os.path.getsize(inp)
res={b:[] for b in sys.argv[1:]}
for rep in range(int(os.environ.get("REPS","3"))):
    for b in sys.argv[1:]:
        r0=resource.getrusage(resource.RUSAGE_CHILDREN)
        t0=time.monotonic()
        subprocess.run([b,'process',inp,'--out',d+'/o.jsonl','--no-index','--quiet','--jobs','1'],check=True)
        t1=time.monotonic()
        r1=resource.getrusage(resource.RUSAGE_CHILDREN)
        res[b].append((r1.ru_utime-r0.ru_utime+r1.ru_stime-r0.ru_stime, t1-t0))
for b,v in res.items():
    cpu=min(x[0] for x in v); wall=min(x[1] for x in v)
    print(f"{b}: cpu {cpu:.3f}s ({size/1e6/cpu:.2f} MB/s CPU)  wall {wall:.3f}s  runs {[(round(a,2),round(w,2)) for a,w in v]}")
