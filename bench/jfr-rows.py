#!/usr/bin/env python3
"""Where the CPU went during each row of a compare.sh run: per row, the threads, the methods on top of the stack, and
the nearest Concord frame and nearest HAPI frame of each sample (which of Concord's code asked for the work).
   python3 bench/jfr-rows.py <recording.jfr> <server log from bench/out/...> [top=8]
The rows' time spans are taken from the server's request log (a run of at least 50 requests of one kind is a row).
Streams `jfr print --events jdk.ExecutionSample --stack-depth 512` (record with
-XX:FlightRecorderOptions:stackdepth=512: the default 64 frames do not reach Concord's code in HAPI's deep stacks)."""
import collections
import re
import subprocess
import sys

recording, log = sys.argv[1], sys.argv[2]
top = int(sys.argv[3]) if len(sys.argv) > 3 else 8

# rows: runs of one request kind in the request log ("GET search-type CareTeam -> 200 in 12 ms")
request = re.compile(r"T(\d\d:\d\d:\d\d).*concord\.requests\s+: (\S+ \S+ ?\S*) -> ")
runs = []
for line in open(log, encoding="utf-8", errors="replace"):
    m = request.search(line)
    if not m:
        continue
    at, kind = m.groups()
    if runs and runs[-1][0] == kind:
        runs[-1][2] = at
        runs[-1][3] += 1
    else:
        runs.append([kind, at, at, 1])
rows = [(f"{kind} from {start}", start, end) for kind, start, end, count in runs if count >= 50]

threads = {row: collections.Counter() for row, _, _ in rows}
leaves = {row: collections.Counter() for row, _, _ in rows}
concord = {row: collections.Counter() for row, _, _ in rows}
hapi = {row: collections.Counter() for row, _, _ in rows}
frame = re.compile(r"^\s+([\w$.<>]+)\(.*\)\s+line:")
taken, thread, stack = "", "", None


def count():
    for row, start, end in rows:
        if start <= taken <= end:
            threads[row][thread] += 1
            leaves[row][stack[0] if stack else None] += 1
            concord[row][next((f for f in stack if f.startswith("uk.concord")), None)] += 1
            hapi[row][next((f for f in stack if f.startswith("ca.uhn.fhir")), None)] += 1


process = subprocess.Popen(["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "512", recording],
                           stdout=subprocess.PIPE, text=True)
for line in process.stdout:
    text = line.strip()
    if text.startswith("startTime = "):
        taken = text.split("=", 1)[1].strip()[:8]
    elif text.startswith("sampledThread = "):
        thread = re.sub(r"-\d+$", "", text.split('"')[1] if '"' in text else text)
    elif text.startswith("stackTrace = ["):
        stack = []
    elif stack is not None and text == "]":
        count()
        stack = None
    elif stack is not None:
        m = frame.match(line)
        if m:
            stack.append(m.group(1))
process.wait()

for row, start, end in rows:
    total = sum(threads[row].values())
    print(f"## {row} to {end}: {total} samples")
    for title, counter in (("threads", threads), ("on top of the stack", leaves),
                           ("nearest Concord frame", concord), ("nearest HAPI frame", hapi)):
        print(f"  {title}: " + "; ".join(f"{name} {n}" for name, n in counter[row].most_common(top)))
