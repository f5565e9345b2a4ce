#!/usr/bin/env python3
"""CPU time of a command's process by thread, grouped by thread name (digits folded), e.g.
    scripts/cpu_by_thread.py spark/segmentij-spark pipelines/nuclei.pipeline -i in/ -o out/ --master 'local[2]'
    scripts/cpu_by_thread.py ./segmentij batch pipelines/nuclei.pipeline -i in/ -o out/ --jobs 2 -q
The command must end as one process (the runners exec java). Reads /proc/PID/task/*/stat every
0.2 s and keeps each thread's last user+sys time, so a thread that ends less than 0.2 s after its
last reading is slightly undercounted. Shows where a JVM spends its CPU: compiler threads (JIT),
GC, the task or pool threads, Spark's scheduler threads."""
import collections, os, re, subprocess, sys, time

if len(sys.argv) < 2:
    sys.exit(__doc__)
proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
tick = os.sysconf('SC_CLK_TCK')
last = {}
while proc.poll() is None:
    try:
        tids = os.listdir(f'/proc/{proc.pid}/task')
    except OSError:
        tids = []
    for t in tids:
        try:
            with open(f'/proc/{proc.pid}/task/{t}/stat') as f:
                s = f.read()
        except OSError:
            continue
        name = s[s.index('(') + 1:s.rindex(')')]
        fields = s[s.rindex(')') + 2:].split()
        last[t] = (name, (int(fields[11]) + int(fields[12])) / tick)
    time.sleep(0.2)
groups = collections.Counter()
for name, cpu in last.values():
    groups[re.sub(r'[0-9]+', '#', name)] += cpu
print(f'exit {proc.returncode}; CPU of all threads {sum(groups.values()):.2f} s')
for name, cpu in groups.most_common():
    if cpu >= 0.01:
        print(f'{cpu:8.2f} s  {name}')
