#!/usr/bin/env python3
"""The planner benchmark's peer: OR-Tools' SimpleMinCostFlow on the tier-1
networks `plan-bench network` exported (the same files allot's NetworkSimplex
reads), one fresh process per measurement.

    python3 ortools_min_cost_flow.py NETWORK_DIR

For each network in NETWORK_DIR/network.json: load the arcs into a
SimpleMinCostFlow (`add_arcs_with_capacity_and_unit_cost`, timed apart as
buildSeconds), give the source the supply of all its arcs and the sink the
opposite, and time `solve_max_flow_with_min_cost()`: the maximum flow from
source to sink of least cost. Prints one line of JSON with the same keys as
allot's measurement (`seconds`, `flow`, `cost`, `status` per material).

File format (little-endian): b"ALLOTNET", int64 version (1), nodes, arcs,
source, sink; then tail and head (int32 each), capacity and cost (int64 each).
"""
import json
import os
import resource
import struct
import sys
import time

import numpy as np
from ortools.graph.python import min_cost_flow
import ortools

HEADER = 48


def load(path):
    with open(path, "rb") as f:
        header = f.read(HEADER)
        if header[:8] != b"ALLOTNET":
            raise SystemExit(f"{path} is not a network file")
        version, nodes, arcs, source, sink = struct.unpack("<5q", header[8:])
        if version != 1:
            raise SystemExit(f"{path}: version {version}, expected 1")
        tail = np.fromfile(f, dtype="<i4", count=arcs)
        head = np.fromfile(f, dtype="<i4", count=arcs)
        capacity = np.fromfile(f, dtype="<i8", count=arcs)
        cost = np.fromfile(f, dtype="<i8", count=arcs)
    if len(cost) != arcs:
        raise SystemExit(f"{path} is truncated")
    return nodes, source, sink, tail, head, capacity, cost


def main():
    folder = sys.argv[1]
    with open(os.path.join(folder, "network.json")) as f:
        manifest = json.load(f)
    results = []
    for entry in manifest["networks"]:
        nodes, source, sink, tail, head, capacity, cost = load(os.path.join(folder, entry["file"]))
        flow = min_cost_flow.SimpleMinCostFlow()
        start = time.perf_counter()
        if len(tail):
            flow.add_arcs_with_capacity_and_unit_cost(tail, head, capacity, cost)
        # Every node exists even without arcs, so supplies can be set on them.
        out = int(capacity[tail == source].sum())
        flow.set_node_supply(source, out)
        flow.set_node_supply(sink, -out)
        built = time.perf_counter()
        status = flow.solve_max_flow_with_min_cost()
        solved = time.perf_counter()
        optimal = status == flow.OPTIMAL
        results.append({
            "material": entry["material"],
            "seconds": solved - built,
            "buildSeconds": built - start,
            "flow": int(flow.maximum_flow()) if optimal else -1,
            "cost": int(flow.optimal_cost()) if optimal else -1,
            "status": "optimal" if optimal else f"status {status}",
        })
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"solver": f"OR-Tools SimpleMinCostFlow {ortools.__version__}", "results": results,
                      "ownPeakResidentBytes": peak}, sort_keys=True))


if __name__ == "__main__":
    main()
