#!/usr/bin/env python3
"""Reads async-profiler's collapsed stacks (bench/profile.sh): shares of one kind of thread's samples.
   python3 bench/collapsed.py <file> threads                   samples per thread kind (numbers dropped from names)
   python3 bench/collapsed.py <file> <thread> top [n]          frames with the most samples anywhere in the stack
   python3 bench/collapsed.py <file> <thread> self [n]         frames with the most samples on top of the stack
   python3 bench/collapsed.py <file> <thread> incl <text>...   share of samples with a frame containing each text
   python3 bench/collapsed.py <file> <thread> callees <text>   what the first frame containing the text calls
<thread> is a regular expression on the thread's name: http-nio (request threads), DestroyJavaVM (the main thread
after start-up), CompilerThre (the JIT compilers). A sample is counted once per frame however often the frame recurs."""
import collections
import re
import sys


def stacks(path, thread):
    pattern = re.compile(thread or "")
    for line in open(path):
        frames, _, count = line.rstrip("\n").rpartition(" ")
        frames = frames.split(";")
        if pattern.search(frames[0]):
            yield frames[0], frames[1:], int(count)


def main(path, thread, mode="top", *args):
    if thread == "threads":
        kinds = collections.Counter()
        for name, _, count in stacks(path, None):
            kinds[re.sub(r"\d+", "", name.split(" tid=")[0])] += count
        for kind, count in kinds.most_common():
            print(f"{count:8d} {kind}")
        return
    samples = list(stacks(path, thread))
    total = sum(count for _, _, count in samples)
    print(f"{total} samples")
    counted = collections.Counter()
    if mode in ("top", "self"):
        for _, frames, count in samples:
            for frame in (frames[-1:] if mode == "self" else set(frames)):
                counted[frame] += count
        shown = counted.most_common(int(args[0]) if args else 40)
    elif mode == "incl":
        shown = [(text, sum(c for _, frames, c in samples if any(text in f for f in frames))) for text in args]
    elif mode == "callees":
        for _, frames, count in samples:
            at = next((i for i, f in enumerate(frames) if args[0] in f), None)
            if at is not None:
                counted[frames[at + 1] if at + 1 < len(frames) else "<self>"] += count
        shown = counted.most_common(int(args[1]) if len(args) > 1 else 30)
    else:
        sys.exit(__doc__)
    for frame, count in shown:
        print(f"{100 * count / max(total, 1):5.1f} % {frame[:160]}")


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(*sys.argv[1:])
