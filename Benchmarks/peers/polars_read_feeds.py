"""CSV peer of the night benchmark: polars.read_csv on every CSV feed of a night.

Run by night-bench in a process of its own:
`python3 polars_read_feeds.py FEEDS_JSON INPUTS_DIR`. Reads each CSV file that
FEEDS_JSON (the generator's manifest) lists, in its order, with
`polars.read_csv`: every column as text (`infer_schema=False`: the feeds mix
`3.5万` and `1200` in one column, which an inferred schema refuses), UTF-8, and
for the GB18030 files `utf8-lossy` (polars reads no other encoding). Prints
one JSON line with the time of the reads, the rows read (checked by the
benchmark against the generated records) and VmHWM.
"""
import json
import os
import sys
import time

import polars

from peak_memory import own_peak_resident_bytes


def main(manifest_path, inputs):
    with open(manifest_path) as f:
        files = [entry for entry in json.load(f)["files"] if entry["format"] == "csv"]
    start = time.perf_counter()
    cpu_start = time.process_time()
    rows = 0
    for entry in files:
        encoding = "utf8-lossy" if entry["encoding"] == "GB18030" else "utf8"
        frame = polars.read_csv(os.path.join(inputs, entry["path"]), infer_schema=False, encoding=encoding)
        rows += frame.height
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_start
    print(json.dumps({
        "seconds": seconds,
        "cpuSeconds": cpu_seconds,
        "records": rows,
        "files": len(files),
        "ownPeakResidentBytes": own_peak_resident_bytes(),
        "library": "polars " + polars.__version__,
    }))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
