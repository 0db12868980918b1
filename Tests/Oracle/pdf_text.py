"""Prints the text of each page of a PDF that Chromium printed (Skia's
PDF writer), with Python's standard library only.

usage: pdf_text.py PDF

Writes one JSON array to standard output: one string per page, in page
order, each text object (BT ... ET) of the page on a line of its own.
Enough for the PDFs Skia writes: no object streams, Type0 fonts with a
ToUnicode CMap, text shown with Tj and TJ, Form XObjects drawn with Do.
Not a general PDF reader: a PDF it does not understand exits 1 with
the reason.
"""
import json
import re
import sys
import zlib


def fail(message):
    print(message)
    sys.exit(1)


OBJECT = re.compile(rb"(\d+) 0 obj")
REFERENCE = rb"(\d+) 0 R"


def read_objects(data):
    """Object number -> (dictionary text, stream bytes or None)."""
    objects = {}
    position = 0
    while True:
        match = OBJECT.search(data, position)
        if not match:
            return objects
        number = int(match.group(1))
        start = match.end()
        stream = data.find(b"stream", start)
        end = data.find(b"endobj", start)
        if end < 0:
            fail(f"object {number} has no endobj")
        if 0 <= stream < end:
            head = data[start:stream]
            length = re.search(rb"/Length (\d+)( 0 R)?", head)
            if not length or length.group(2):
                fail(f"object {number}: a stream without a direct /Length")
            body_start = stream + len(b"stream")
            if data[body_start:body_start + 2] == b"\r\n":
                body_start += 2
            elif data[body_start:body_start + 1] == b"\n":
                body_start += 1
            body_end = body_start + int(length.group(1))
            body = data[body_start:body_end]
            if b"/FlateDecode" in head:
                body = zlib.decompress(body)
            objects[number] = (head, body)
            position = data.find(b"endobj", body_end) + len(b"endobj")
        else:
            objects[number] = (data[start:end], None)
            position = end + len(b"endobj")


def dictionary_entry(text, key, objects):
    """The text of a dictionary value `<< ... >>` under `key`, following one reference."""
    match = re.search(rb"/" + key + rb"\s*(<<|" + REFERENCE + rb")", text)
    if not match:
        return None
    if match.group(2):
        return objects[int(match.group(2))][0]
    depth, i = 0, match.start(1)
    while i < len(text):
        if text[i:i + 2] == b"<<":
            depth, i = depth + 1, i + 2
        elif text[i:i + 2] == b">>":
            depth, i = depth - 1, i + 2
            if depth == 0:
                return text[match.start(1):i]
        else:
            i += 1
    fail(f"unbalanced dictionary under /{key.decode()}")


def names_to_references(text):
    return {name.decode(): int(number) for name, number in re.findall(rb"/([A-Za-z0-9_.+-]+)\s+(\d+) 0 R", text or b"")}


def to_unicode(cmap):
    """Glyph code (hex text, upper case) -> Unicode text, from a ToUnicode CMap."""
    table = {}

    def text_of(hex_text):
        return bytes.fromhex(hex_text.decode()).decode("utf-16-be", errors="replace")

    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        for source, target in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            table[source.decode().upper()] = text_of(target)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
        for low, high, rest in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(\[[^\]]*\]|<[0-9A-Fa-f]+>)", block):
            width = len(low)
            first, last = int(low, 16), int(high, 16)
            if rest.startswith(b"["):
                targets = re.findall(rb"<([0-9A-Fa-f]+)>", rest)
                for offset, target in enumerate(targets):
                    table[format(first + offset, "0%dX" % width)] = text_of(target)
            else:
                start = int(rest[1:-1], 16)
                target_width = len(rest) - 2
                for offset in range(last - first + 1):
                    table[format(first + offset, "0%dX" % width)] = text_of(
                        format(start + offset, "0%dX" % target_width).encode())
    return table


TOKENS = re.compile(rb"<[0-9A-Fa-f\s]*>|\[|\]|/[^\s/\[\]<>()]+|\((?:\\.|[^\\)])*\)|[^\s\[\]<>/()]+")


class Page:
    def __init__(self, objects):
        self.objects = objects
        self.fonts = {}

    def font_table(self, number):
        if number not in self.fonts:
            head, _ = self.objects[number]
            unicode_ref = re.search(rb"/ToUnicode " + REFERENCE, head)
            self.fonts[number] = to_unicode(self.objects[int(unicode_ref.group(1))][1]) if unicode_ref else {}
        return self.fonts[number]

    def text(self, content, resources, lines):
        fonts = names_to_references(dictionary_entry(resources, b"Font", self.objects))
        forms = names_to_references(dictionary_entry(resources, b"XObject", self.objects))
        table, width, line, operands = {}, 4, [], []
        for token in TOKENS.findall(content):
            if token == b"BT":
                line = []
            elif token == b"ET":
                if line:
                    lines.append("".join(line))
                line = []
            elif token == b"Tf":
                name = operands[-2].decode()[1:]
                table = self.font_table(fonts[name]) if name in fonts else {}
                width = len(next(iter(table))) if table else 4
            elif token in (b"Tj", b"TJ"):
                for operand in operands:
                    if operand.startswith(b"<"):
                        hex_text = re.sub(rb"\s", b"", operand[1:-1]).decode().upper()
                        for i in range(0, len(hex_text), width):
                            line.append(table.get(hex_text[i:i + width], "\ufffd"))
            elif token == b"Do":
                name = operands[-1].decode()[1:]
                if name in forms:
                    head, body = self.objects[forms[name]]
                    if b"/Form" in head and body is not None:
                        self.text(body, dictionary_entry(head, b"Resources", self.objects) or resources, lines)
            if re.fullmatch(rb"[A-Za-z'\"*]+\d?", token) and token not in (b"true", b"false", b"null"):
                operands = []
            else:
                operands.append(token)


def pages(objects):
    catalog = next(head for head, _ in objects.values() if re.search(rb"/Type\s*/Catalog", head))
    root = int(re.search(rb"/Pages " + REFERENCE, catalog).group(1))
    order = []

    def walk(number):
        head, _ = objects[number]
        if re.search(rb"/Type\s*/Pages", head):
            kids = re.search(rb"/Kids\s*\[([^\]]*)\]", head).group(1)
            for kid in re.findall(REFERENCE, kids):
                walk(int(kid))
        else:
            order.append(number)

    walk(root)
    return order


def main():
    with open(sys.argv[1], "rb") as f:
        data = f.read()
    objects = read_objects(data)
    result = []
    for number in pages(objects):
        head, _ = objects[number]
        resources = dictionary_entry(head, b"Resources", objects) or b""
        contents = re.search(rb"/Contents\s*(\[[^\]]*\]|" + REFERENCE + rb")", head)
        streams = re.findall(REFERENCE, contents.group(1)) if contents.group(1).startswith(b"[") else [contents.group(2)]
        lines = []
        page = Page(objects)
        for stream in streams:
            page.text(objects[int(stream)][1], resources, lines)
        result.append("\n".join(lines))
    json.dump(result, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
