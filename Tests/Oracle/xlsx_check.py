"""Opens an .xlsx export written by allot with openpyxl (an independent
reader) and checks it against the CSV export of the same table.

usage: xlsx_check.py WORKBOOK CSV --plan-date YYYY-MM-DD --plan-date-label TEXT
       --totals-label TEXT [--numeric COLS] [--dates COLS] [--percent COLS]
       [--summed COLS] [--material COLS] [--requested COL] [--delivered COL]
COLS: comma-separated 0-based columns of the table.

Checks, row by row:
- row 1: the plan date label (bold) and the plan date as a date cell
  (a datetime read back, number format yyyy-mm-dd);
- row 2: the CSV's header, bold and frozen (panes split at A3), with an
  autofilter over it and the data rows only;
- the data rows: the CSV's rows; numeric columns hold numbers equal in value,
  date columns datetimes of the CSV's day formatted yyyy-mm-dd, percent
  columns the CSV's fraction formatted 0.00%, text equal (the CSV's formula
  guard aside); every column has a width;
- then one bold totals row per material (the material columns' values, in the
  order they first appear; one row of zeros for no rows): the totals label in
  the first column that is neither material, summed nor percent, the sums of
  the summed columns over the data rows of that material, the percent column
  the fill ratio of the sums (delivered / requested, 4 decimals rounded half
  up), every other cell empty; nothing after them.
Prints "ok <rows> rows <totals> totals" or the first difference, and exits 1
on a difference.
"""
import argparse
import csv
import datetime
import sys
import warnings
from fractions import Fraction

warnings.simplefilter("error")  # openpyxl warns about parts it had to guess
import openpyxl  # noqa: E402

DATE_FORMAT = "yyyy-mm-dd"
PERCENT_FORMAT = "0.00%"


def fail(message):
    print(message)
    sys.exit(1)


def columns(text):
    return [int(c) for c in text.split(",") if c]


def fill_ratio(delivered, requested):
    if requested == 0:
        return Fraction(1)
    tenthousandths = Fraction(delivered * 10000, requested) + Fraction(1, 2)
    return Fraction(tenthousandths.numerator // tenthousandths.denominator, 10000)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("workbook")
    parser.add_argument("csv")
    parser.add_argument("--plan-date", required=True)
    parser.add_argument("--plan-date-label", required=True)
    parser.add_argument("--totals-label", required=True)
    for name in ("numeric", "dates", "percent", "summed", "material"):
        parser.add_argument("--" + name, type=columns, default=[])
    parser.add_argument("--requested", type=int)
    parser.add_argument("--delivered", type=int)
    args = parser.parse_args()

    sheet = openpyxl.load_workbook(args.workbook).active
    with open(args.csv, newline="", encoding="utf-8-sig") as f:
        expected = list(csv.reader(f))
    header, data = expected[0], expected[1:]
    width = len(header)
    last = openpyxl.utils.get_column_letter(width)

    label, date = sheet["A1"], sheet["B1"]
    if label.value != args.plan_date_label or not label.font.b:
        fail(f"A1 is {label.value!r} (bold {label.font.b}), not the bold {args.plan_date_label!r}")
    if not isinstance(date.value, datetime.datetime) or date.value.date().isoformat() != args.plan_date:
        fail(f"B1 is {date.value!r}, not the date {args.plan_date}")
    if date.number_format != DATE_FORMAT:
        fail(f"B1's number format is {date.number_format!r}")
    if sheet.freeze_panes != "A3":
        fail(f"freeze_panes is {sheet.freeze_panes}, not A3")
    if sheet.auto_filter.ref != f"A2:{last}{len(data) + 2}":
        fail(f"the autofilter is {sheet.auto_filter.ref}, not the header and the {len(data)} rows")
    if [c.value for c in sheet[2]] != header or not all(c.font.b for c in sheet[2]):
        fail(f"row 2 is {[c.value for c in sheet[2]]}, not the bold header {header}")
    for i in range(width):
        column_width = sheet.column_dimensions[openpyxl.utils.get_column_letter(i + 1)].width
        if not column_width or column_width < 6:
            fail(f"column {i + 1} has width {column_width}")

    rows = list(sheet.iter_rows(min_row=3, max_col=max(width, 2)))
    for r, (got, want) in enumerate(zip(rows, data), start=3):
        if len(want) != width:
            fail(f"CSV row {r - 1} has {len(want)} fields")
        for c, (cell, text) in enumerate(zip(got, want)):
            value = cell.value
            where = f"row {r} column {c + 1}"
            if c in args.dates:
                if not isinstance(value, datetime.datetime) or value.date().isoformat() != text:
                    fail(f"{where}: {value!r} is not the date {text}")
                if cell.number_format != DATE_FORMAT:
                    fail(f"{where}: number format {cell.number_format!r}")
                continue
            if c in args.numeric or c in args.percent:
                if not isinstance(value, (int, float)) or isinstance(value, bool):
                    fail(f"{where}: {value!r} is not a number")
                if abs(float(text) - value) > 1e-9:
                    fail(f"{where}: {value!r} != CSV {text!r}")
                if c in args.percent and cell.number_format != PERCENT_FORMAT:
                    fail(f"{where}: number format {cell.number_format!r}, not {PERCENT_FORMAT}")
                continue
            value = "" if value is None else value
            if not isinstance(value, str):
                fail(f"{where}: {value!r} is not text")
            guarded = "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
            if guarded != text:
                fail(f"{where}: {value!r} != CSV {text!r}")

    groups = {}
    for row in data:
        key = tuple(row[c] for c in args.material)
        sums = groups.setdefault(key, [0] * width)
        for c in args.summed:
            sums[c] += int(row[c])
    if not groups:
        groups[tuple("" for _ in args.material)] = [0] * width
    label_column = next(c for c in range(width) if c not in args.material + args.summed + args.percent)
    totals = rows[len(data):]
    if len(totals) != len(groups):
        fail(f"{len(totals)} rows after the data, not {len(groups)} totals rows")
    for r, (got, (key, sums)) in enumerate(zip(totals, groups.items()), start=len(data) + 3):
        for c, cell in enumerate(got[:width]):
            value, where = cell.value, f"totals row {r} column {c + 1}"
            if value is not None and not cell.font.b:
                fail(f"{where}: {value!r} is not bold")
            if c in args.material:
                want = key[args.material.index(c)] or None
            elif c in args.summed:
                want = sums[c]
            elif c in args.percent:
                want = None if not data else fill_ratio(sums[args.delivered], sums[args.requested])
                if want is not None and cell.number_format != PERCENT_FORMAT:
                    fail(f"{where}: number format {cell.number_format!r}, not {PERCENT_FORMAT}")
            elif c == label_column:
                want = args.totals_label
            else:
                want = None
            if c in args.summed and (not isinstance(value, int) or isinstance(value, bool)):
                fail(f"{where}: {value!r} is not a whole number")
            if isinstance(want, Fraction) and not isinstance(value, float | int):
                fail(f"{where}: {value!r} is not a number")
            if isinstance(want, Fraction) and abs(value - float(want)) < 1e-12:
                continue
            if value != want:
                fail(f"{where}: {value!r}, expected {want!r}")
    print(f"ok {len(data)} rows {len(totals)} totals")


main()
