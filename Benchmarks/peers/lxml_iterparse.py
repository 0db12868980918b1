"""XML peer of the ingest benchmark: lxml.etree.iterparse over the whole feed.

Run by ingest-bench in a process of its own: `python3 lxml_iterparse.py FILE`.
Streams "end" events, counts the <request> and <offer> elements of the feed
namespace and clears every element once it is processed. Prints one JSON line
with the time of the loop, the records counted (checked by the benchmark
against the generated count) and VmHWM.
"""
import json
import sys
import time

from lxml import etree

from peak_memory import own_peak_resident_bytes

NAMESPACE = "{urn:allot:feed:1}"
REQUEST = NAMESPACE + "request"
OFFER = NAMESPACE + "offer"


def main(path):
    start = time.perf_counter()
    cpu_start = time.process_time()
    requests = offers = 0
    for _event, elem in etree.iterparse(path, events=("end",)):
        if elem.tag == REQUEST:
            requests += 1
        elif elem.tag == OFFER:
            offers += 1
        elem.clear()
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_start
    print(json.dumps({
        "seconds": seconds,
        "cpuSeconds": cpu_seconds,
        "records": requests + offers,
        "ownPeakResidentBytes": own_peak_resident_bytes(),
        "library": "lxml " + etree.__version__,
    }))


if __name__ == "__main__":
    main(sys.argv[1])
