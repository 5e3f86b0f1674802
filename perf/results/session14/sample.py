# sample thread states of a process tree's threads: python3 sample.py PID OUT
import os, sys, time, collections, json
pid = int(sys.argv[1]); out = sys.argv[2]
hist = collections.Counter(); names = collections.Counter(); n = 0
ticks = {}
while os.path.exists(f"/proc/{pid}"):
    running = 0; shard = 0
    try:
        for t in os.listdir(f"/proc/{pid}/task"):
            try:
                s = open(f"/proc/{pid}/task/{t}/stat").read()
            except OSError:
                continue
            comm = s[s.index("(") + 1:s.rindex(")")]
            f = s[s.rindex(")") + 2:].split()
            st = f[0]
            ticks[(t, comm)] = int(f[11]) + int(f[12])
            if st == "R":
                running += 1
                names[comm] += 1
    except OSError:
        break
    hist[running] += 1; n += 1
    time.sleep(0.01)
json.dump({"samples": n, "runnable_threads_hist": {str(k): v / n for k, v in sorted(hist.items())},
           "runnable_by_name": {k: v / n for k, v in names.most_common(8)},
           "top_ticks": sorted(([c, v] for (t, c), v in ticks.items()), key=lambda x: -x[1])[:8]}, open(out, "w"), indent=1)
