#!/usr/bin/env python3
"""Prints the resolver medians from a JMH JSON result file and checks them against the targets at 100,000 workloads:
each request case under 5 us, a snapshot build under 2 s."""
import json
import sys

# medians at 100,000 workloads, in the unit JMH reports each case in (ns for requests, ms for the build)
TARGETS = {"matched": 5000, "nearMiss": 5000, "unknown": 5000, "snapshotBuild": 2000}

rows = json.load(open(sys.argv[1]))
p50 = {}
for row in rows:
    name = row["benchmark"].rsplit(".", 1)[1]
    n = int(row["params"]["workloads"])
    metric = row["primaryMetric"]
    p50[(name, n)] = (metric["scorePercentiles"]["50.0"], metric["scoreUnit"].split("/")[0])
print(f"{'case':14} {'workloads':>9} {'median':>12}  target at 100,000: requests < 5,000 ns, build < 2,000 ms")
for (name, n), (v, unit) in sorted(p50.items()):
    limit = TARGETS.get(name)
    verdict = "" if n != 100000 or limit is None else ("pass" if v < limit else "MISS")
    print(f"{name:14} {n:>9} {v:>9.0f} {unit:2}  {verdict}")
