"""Formula cells saved without their result, which calamine reads as blank.

Excel and WPS save each formula's result beside it; openpyxl, other scripts and some web
exports save the formula alone. Read as blank, `=SUM(K3:V3)` in a plan column would store 0
over the real figure, so such cells are found in the sheets' XML and their rows refused.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zipfile
from functools import cache
from html import unescape
from posixpath import join, normpath

from storage.ledger.error_cells import ExcelError

# some exporters write every element with a namespace prefix (<x:sheetData>, <x:c>, <x:f>)
_SHEET_DATA = re.compile(rb"<([\w.-]+:)?sheetData\b")
_REF = re.compile(rb'\br="([A-Z]{1,3})(\d+)"')
_TEXT_TYPE = re.compile(rb'\bt="str"')
_SHOWN = 60  # characters of a long formula the message quotes


class Uncalculated(ExcelError):
    """A formula cell saved without its result; the value is the formula (`=SUM(K3:V3)`).

    An `ExcelError`, so that the rows holding nothing else (a template's spare rows) are
    passed over and any other row is refused, as for Excel's error values.
    """


Found = list[tuple[int, int, Uncalculated]]


def uncalculated(xml: bytes) -> Found:
    """(row, column, formula), 0-based, of each formula cell in a sheet's XML saved without
    its result."""
    found: Found = []
    if b"f>" not in xml:  # no formula at all (<f>…</f>, <x:f …>…</x:f>): the common case
        return found
    prefix = (match.group(1) or b"") if (match := _SHEET_DATA.search(xml)) else b""
    closed, shared = _ends(prefix)
    ends = [(end, False) for end in closed.finditer(xml)]
    ends += [(end, True) for end in shared.finditer(xml)]
    for end, bare in ends:
        cell = _cell(xml, prefix, end.start(), bare)
        if cell is None:
            continue
        attributes, formula = cell
        # an empty text result (=IF(A1="","",…)) is a result: Excel saves it as t="str" <v></v>
        if end.group(1) is not None and _TEXT_TYPE.search(attributes):
            continue
        if ref := _REF.search(attributes):  # none: a cell placed by its order alone, rare
            row, column = int(ref.group(2)) - 1, _column_index(ref.group(1).decode())
            found.append((row, column, Uncalculated(_shown(formula))))
    return found


@cache
def _ends(prefix: bytes) -> tuple[re.Pattern[bytes], re.Pattern[bytes]]:
    """Where a formula ends with no result after it, or an empty one: `</f><v/></c>` or
    `</f></c>`, and a shared formula's other cells' `<f t="shared" si="0"/></c>`.

    Each pattern opens with a literal, which `re` skips ahead to: one matching the whole
    cell took a second on a 20,000-row ledger, these take a tenth of that.
    """
    p = re.escape(prefix)
    tail = rb"\s*(<%sv\s*/>|<%sv>\s*</%sv>)?\s*</%sc>" % (p, p, p, p)
    return re.compile(b"</" + p + b"f>" + tail), re.compile(b"<" + p + b"f [^>]*/>" + tail)


def _cell(xml: bytes, prefix: bytes, at: int, bare: bool) -> tuple[bytes, bytes] | None:
    """The attributes and formula text of the cell whose formula ends (or, bare, is) at `at`;
    None unless the formula is that cell's first element, as the format has it."""
    f_open = at if bare else xml.rfind(b"<" + prefix + b"f", 0, at)
    start = xml.rfind(b"<" + prefix + b"c ", 0, f_open)
    head_end = xml.find(b">", start, f_open)
    if min(f_open, start, head_end) < 0 or xml[head_end + 1 : f_open].strip():
        return None
    text = b"" if bare else xml[xml.find(b">", f_open, at) + 1 : at]
    return xml[start:head_end], text


def sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Each sheet's name → the archive member holding its cells."""
    try:
        book = ET.fromstring(archive.read("xl/workbook.xml"))
        rels = ET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ET.ParseError):
        return {}
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels}
    parts = {}
    for sheet in book.iter():
        if not sheet.tag.endswith("}sheet"):
            continue
        rel_id = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), None)
        if (name := sheet.get("name")) and (target := targets.get(rel_id)):
            # a target is relative to xl/ (worksheets/sheet1.xml) or from the root (/xl/…)
            parts[name] = target[1:] if target.startswith("/") else normpath(join("xl", target))
    return parts


def _shown(formula: bytes) -> str:
    # a shared formula's other cells carry none of their own (<f t="shared" si="0"/>)
    if not formula.strip():
        return ""
    text = "=" + unescape(formula.decode("utf-8", "replace")).strip()
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1
