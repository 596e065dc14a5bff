"""The growth of resident memory over the second half of a soak run.

Reads the lines the runs print every N steps, "... [STEP] ... current_process_memory: RSS MB ...",
fits a least-squares line to the samples of the second half (STEP > last/2) and reports its rise
from the half to the end as a percentage of its value at the half. Usage:

    python3 memory_slope.py LOG [--limit 2.0]

Prints the curve and the figure; exits 1 when the growth is at the limit or above.
"""
import argparse
import re
import sys

SAMPLE = re.compile(r"\[(\d+)\].*current_process_memory: (\d+) MB")


def samples(path):
    out = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            m = SAMPLE.search(line)
            if m:
                out.append((int(m.group(1)), int(m.group(2))))
    return out


def second_half_growth(points):
    """(growth in percent, value of the fit at the half, at the end) over the samples after the half."""
    last = points[-1][0]
    half = [(x, y) for x, y in points if x > last / 2]
    if len(half) < 3:
        raise ValueError("need at least 3 samples in the second half, got %d" % len(half))
    n = len(half)
    mx = sum(x for x, _ in half) / n
    my = sum(y for _, y in half) / n
    slope = sum((x - mx) * (y - my) for x, y in half) / sum((x - mx) ** 2 for x, _ in half)
    at_half = my + slope * (last / 2 - mx)
    at_end = my + slope * (last - mx)
    return 100.0 * (at_end - at_half) / at_half, at_half, at_end


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("log")
    ap.add_argument("--limit", type=float, default=2.0, help="largest acceptable growth, percent")
    args = ap.parse_args()
    points = samples(args.log)
    if not points:
        sys.exit("%s: no memory samples" % args.log)
    print("step rss_mb: " + " ".join("%d:%d" % p for p in points))
    try:
        growth, at_half, at_end = second_half_growth(points)
    except ValueError as e:
        sys.exit("%s: %s" % (args.log, e))
    print("second half: fit %.0f MB -> %.0f MB, growth %.2f %% (limit %.1f %%)" % (at_half, at_end, growth, args.limit))
    sys.exit(0 if growth < args.limit else 1)


if __name__ == "__main__":
    main()
