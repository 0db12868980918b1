"""XML peer of the night benchmark: lxml.etree.iterparse over every XML feed of a night.

Run by night-bench in a process of its own:
`python3 lxml_iterparse_feeds.py FEEDS_JSON INPUTS_DIR`. The loop of
lxml_iterparse.py on each XML file that FEEDS_JSON lists: "end" events, the
<request> and <offer> elements of the feed namespace counted, every element
cleared. Prints one JSON line with the time of the loops, the records counted
(checked by the benchmark against the generated records) and VmHWM.
"""
import json
import os
import sys
import time

from lxml import etree

from peak_memory import own_peak_resident_bytes

NAMESPACE = "{urn:allot:feed:1}"
REQUEST = NAMESPACE + "request"
OFFER = NAMESPACE + "offer"


def main(manifest_path, inputs):
    with open(manifest_path) as f:
        files = [entry for entry in json.load(f)["files"] if entry["format"] == "xml"]
    start = time.perf_counter()
    cpu_start = time.process_time()
    records = 0
    for entry in files:
        for _event, elem in etree.iterparse(os.path.join(inputs, entry["path"]), events=("end",)):
            if elem.tag == REQUEST or elem.tag == OFFER:
                records += 1
            elem.clear()
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_start
    print(json.dumps({
        "seconds": seconds,
        "cpuSeconds": cpu_seconds,
        "records": records,
        "files": len(files),
        "ownPeakResidentBytes": own_peak_resident_bytes(),
        "library": "lxml " + etree.__version__,
    }))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
