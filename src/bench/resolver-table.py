#!/usr/bin/env python3
"""Prints the resolver medians and their ratio to the 10-workload figure from a JMH JSON result file."""
import json
import sys

rows = json.load(open(sys.argv[1]))
p50 = {}
for row in rows:
    name = row["benchmark"].rsplit(".", 1)[1]
    n = int(row["params"]["workloads"])
    p50[(name, n)] = row["primaryMetric"]["scorePercentiles"]["50.0"]
print(f"{'case':10} {'workloads':>9} {'median ns':>10} {'x of 10':>8}  target: < 2000 ns and <= 1.5x")
for (name, n), v in sorted(p50.items()):
    base = p50.get((name, 10))
    ratio = v / base if base else float("nan")
    diagnostic = name == "keyReadFloor"
    ok = "" if n != 100000 else "(diagnostic)" if diagnostic else ("pass" if v < 2000 and ratio <= 1.5 else "MISS")
    print(f"{name:10} {n:>9} {v:>10.0f} {ratio:>8.2f}  {ok}")
