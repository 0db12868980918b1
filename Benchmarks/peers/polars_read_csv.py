"""CSV peer of the ingest benchmark: polars.read_csv on the whole file.

Run by ingest-bench in a process of its own: `python3 polars_read_csv.py FILE`.
polars keeps its default settings (one thread per core, schema inferred from
the first rows). Prints one JSON line with the time of the read call, the rows
read (checked by the benchmark against the generated count) and VmHWM.
"""
import json
import sys
import time

import polars

from peak_memory import own_peak_resident_bytes


def main(path):
    start = time.perf_counter()
    cpu_start = time.process_time()
    frame = polars.read_csv(path)
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_start
    print(json.dumps({
        "seconds": seconds,
        "cpuSeconds": cpu_seconds,
        "records": frame.height,
        "ownPeakResidentBytes": own_peak_resident_bytes(),
        "library": "polars " + polars.__version__,
    }))


if __name__ == "__main__":
    main(sys.argv[1])
