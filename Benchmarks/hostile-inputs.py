#!/usr/bin/env python3
"""Hostile feeds against `allot validate`: time, peak memory, and the reject each ends in.

Usage: python3 Benchmarks/hostile-inputs.py PATH/TO/allot [--scale S]

Each case is the only feed of an inputs folder that also holds the sample
night's allot.toml and reference tables (Inputs/), generated in a temporary
folder by streaming writes, validated once, and deleted before the next:

  csv-one-line-2GB     2 GB of one CSV row, no line break        line_too_long
  csv-300MB-field      a 300 MB quoted field, then good rows      line_too_long
  xml-deep-100000      elements nested 100,000 deep              the XML reader's reject
  xml-billion-laughs   10 levels of 10 entities                   the XML reader's reject

It prints one table row per case (input size, exit status, wall seconds,
peak resident memory of the child, the reject code found in its output) and
exits non-zero when a case takes more than 1 GiB or 120 s, or ends in no
reject. `--scale 0.01` makes every file a hundredth as large, for a quick look.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LIMIT_MIB = 1024
LIMIT_SECONDS = 120
BLOCK = 1 << 20

REQUEST_HEADER = "request_id,enterprise_id,enterprise_name,region,material,quantity,unit,needed_by,category,updated_at,status\n"
GOOD_ROW = "R-{n},91371500706079729C,山东力得汽车科技股份有限公司,371503,口罩,10,只,2020-02-12,sme,2020-02-10 08:30,\n"


def write_repeated(out, piece, total):
    """Writes `piece` repeated to `total` bytes, a block at a time."""
    block = (piece * (BLOCK // len(piece) + 1))[:BLOCK]
    left = total
    while left > 0:
        n = min(left, len(block))
        out.write(block[:n])
        left -= n


def csv_one_line(path, size):
    with open(path, "wb") as out:
        out.write(REQUEST_HEADER.encode())
        write_repeated(out, b"x", size)


def csv_big_field(path, size):
    with open(path, "wb") as out:
        out.write(REQUEST_HEADER.encode())
        out.write(GOOD_ROW.format(n=1).encode())
        out.write(b'R-2,91371500706079729C,"')
        write_repeated(out, "名字,\n".encode(), size)
        out.write('",371503,口罩,10,只,2020-02-12,sme,2020-02-10 08:30,\n'.encode())
        for n in range(3, 103):
            out.write(GOOD_ROW.format(n=n).encode())


def xml_deep(path, depth):
    with open(path, "wb") as out:
        out.write(b'<?xml version="1.0" encoding="UTF-8"?>\n<feed source="deep" generated="2020-02-10T08:00:00+08:00">\n')
        write_repeated(out, b"<a>", 3 * depth)
        write_repeated(out, b"</a>", 4 * depth)
        out.write(b"\n</feed>\n")


def xml_laughs(path, _size):
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', "<!DOCTYPE feed [", '<!ENTITY lol0 "lol">']
    for i in range(1, 10):
        lines.append('<!ENTITY lol%d "%s">' % (i, ("&lol%d;" % (i - 1)) * 10))
    lines += ["]>", '<feed source="laughs" generated="2020-02-10T08:00:00+08:00">',
              '<request id="R-1"><enterprise_id>91371500706079729C</enterprise_id>'
              "<enterprise_name>&lol9;</enterprise_name><material>口罩</material>"
              "<quantity>10</quantity></request>", "</feed>", ""]
    with open(path, "w", encoding="utf-8") as out:
        out.write("\n".join(lines))


def run_case(allot, inputs):
    """Runs `allot validate` in a child; returns (status, seconds, peak MiB, output)."""
    started = time.monotonic()
    child = subprocess.Popen([allot, "validate", "--inputs", inputs],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    # Read the output while the child runs (a full pipe would stop it), then
    # collect its own peak memory from wait4, not the sum over all children.
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.monotonic() - started
    return child.returncode, seconds, usage.ru_maxrss / 1024.0, output.decode("utf-8", "replace")


def reject_code(output):
    codes = ("line_too_long", "field_too_large", "too_many_records", "input_too_large",
             "nesting_too_deep", "too_many_attributes", "not_well_formed", "unterminated_quote")
    found = [c for c in codes if re.search(r"\b%s\b" % c, output)]
    if found:
        return found[0]
    # The only feed refused whole: `allot validate` names the reason, not the code.
    refused = re.search(r"no feed file could be read: (\S+: .*)", output)
    return "refused (" + refused.group(1)[:60] + ")" if refused else ""


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("allot")
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    allot = os.path.abspath(args.allot)
    cases = [
        ("csv-one-line-2GB", "one-line.csv", csv_one_line, int(2_000_000_000 * args.scale)),
        ("csv-300MB-field", "big-field.csv", csv_big_field, int(300_000_000 * args.scale)),
        ("xml-deep-100000", "deep.xml", xml_deep, max(int(100_000 * args.scale), 100)),
        ("xml-billion-laughs", "laughs.xml", xml_laughs, 0),
    ]
    print("%-20s %12s %5s %9s %9s  %s" % ("case", "input bytes", "exit", "seconds", "peak MiB", "reject"))
    failed = []
    for name, file_name, generate, size in cases:
        scratch = tempfile.mkdtemp(prefix="allot-hostile-")
        try:
            inputs = os.path.join(scratch, "inputs")
            os.makedirs(os.path.join(inputs, "feeds"))
            shutil.copy(os.path.join(REPO, "Inputs", "allot.toml"), inputs)
            shutil.copytree(os.path.join(REPO, "Inputs", "reference"), os.path.join(inputs, "reference"))
            feed = os.path.join(inputs, "feeds", file_name)
            generate(feed, size)
            status, seconds, peak, output = run_case(allot, inputs)
            code = reject_code(output)
            print("%-20s %12d %5d %9.2f %9.1f  %s" % (name, os.path.getsize(feed), status, seconds, peak, code or "-"),
                  flush=True)
            if peak > LIMIT_MIB or seconds > LIMIT_SECONDS or not code:
                failed.append(name)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    if failed:
        print("over 1 GiB, over 120 s, or no reject: " + ", ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
