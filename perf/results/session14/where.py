# where.py SECONDS PID...: sample which CPU each thread of the given pids (and all busy 'sh' loops) runs on
import os, sys, time, collections
secs = float(sys.argv[1]); pids = [int(p) for p in sys.argv[2:]]
c = collections.Counter(); n = 0; end = time.time() + secs
while time.time() < end:
    snap = []
    for p in os.listdir("/proc"):
        if not p.isdigit(): continue
        try:
            for t in os.listdir(f"/proc/{p}/task"):
                s = open(f"/proc/{p}/task/{t}/stat").read()
                comm = s[s.index("(")+1:s.rindex(")")]; f = s[s.rindex(")")+2:].split()
                if f[0] != "R": continue
                tag = "loop" if comm == "sh" else ("target:" + comm if int(p) in pids else None)
                if tag: snap.append((tag, int(f[36])))
        except OSError: pass
    cpu0 = tuple(sorted(t for t, cpu in snap if cpu == 0)); cpu1 = tuple(sorted(t for t, cpu in snap if cpu == 1))
    c[(cpu0, cpu1)] += 1; n += 1
    time.sleep(0.02)
for k, v in c.most_common(8): print("%.3f" % (v / n), "cpu0:", k[0], "cpu1:", k[1])
