"""Opens an .xlsx written by allot with openpyxl (an independent reader) and
checks it against the CSV export of the same table.

usage: xlsx_check.py WORKBOOK CSV NUMERIC_COLUMNS
NUMERIC_COLUMNS: comma-separated 0-based columns that must hold numbers.

Checks: the header row is frozen and bold, every column has a width, the
rows and cells are those of the CSV (numbers as numbers, equal in value;
text equal, the CSV's formula guard aside). Prints "ok <rows> rows" or
the first difference, and exits 1 on a difference.
"""
import csv
import sys
import warnings

warnings.simplefilter("error")  # openpyxl warns about parts it had to guess
import openpyxl  # noqa: E402


def fail(message):
    print(message)
    sys.exit(1)


def main():
    workbook_path, csv_path, numeric = sys.argv[1], sys.argv[2], sys.argv[3]
    numeric_columns = {int(c) for c in numeric.split(",") if c}
    sheet = openpyxl.load_workbook(workbook_path).active
    with open(csv_path, newline="", encoding="utf-8-sig") as f:
        expected = list(csv.reader(f))
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    if sheet.freeze_panes != "A2":
        fail(f"freeze_panes is {sheet.freeze_panes}, not A2")
    if not all(cell.font.b for cell in sheet[1]):
        fail("the header row is not bold")
    for i in range(len(expected[0])):
        width = sheet.column_dimensions[openpyxl.utils.get_column_letter(i + 1)].width
        if not width or width < 6:
            fail(f"column {i + 1} has width {width}")
    if len(rows) != len(expected):
        fail(f"{len(rows)} rows in the workbook, {len(expected)} in the CSV")
    for r, (got, want) in enumerate(zip(rows, expected), start=1):
        if len(got) != len(want):
            fail(f"row {r}: {len(got)} cells, the CSV has {len(want)}")
        for c, (value, text) in enumerate(zip(got, want)):
            if r > 1 and c in numeric_columns:
                if not isinstance(value, (int, float)) or isinstance(value, bool):
                    fail(f"row {r} column {c + 1}: {value!r} is not a number")
                if abs(float(text) - value) > 1e-9:
                    fail(f"row {r} column {c + 1}: {value!r} != CSV {text!r}")
                continue
            value = "" if value is None else value
            if not isinstance(value, str):
                fail(f"row {r} column {c + 1}: {value!r} is not text")
            guarded = "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
            if guarded != text:
                fail(f"row {r} column {c + 1}: {value!r} != CSV {text!r}")
    print(f"ok {len(rows) - 1} rows")


main()
