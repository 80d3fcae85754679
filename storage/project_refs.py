"""A project's reference as people type it, and the forms resolve matches it in: a name copied
with the quotes or brackets of a notice around it (`“城区智慧物流园”`, `「物流园」`), a code in a
phone keyboard's full-width digits (`２０２４－１４０５…`), or without its hyphens
(`20241405024402011404` from a number pad, `2024 140502 44 02 011404` read out and spaced)."""

from __future__ import annotations

import re

from sqlalchemy import ColumnElement, func
from sqlalchemy.orm import InstrumentedAttribute

from storage.models import Project

# the quotes and brackets a name is copied in, each opening with its closing one
_PAIRS = {
    '"': '"',
    "'": "'",
    "＂": "＂",
    "＇": "＇",
    "“": "”",
    "‘": "’",
    "「": "」",
    "『": "』",
    "《": "》",
    "〈": "〉",
    "【": "】",
    "〔": "〕",
    "[": "]",
}
_CLOSING = {closing: opening for opening, closing in _PAIRS.items()}
_MARKS = frozenset(_PAIRS) | frozenset(_CLOSING)
DASHES = "-‐‑‒–—―－−﹣"
"""The dashes a code is written with, in a ledger cell or a message: hyphen, en and em dash,
full-width hyphen, minus and the like (the ledger's `—` is another's `-`)."""
# a phone keyboard's full-width digits, letters and hyphen (a code typed in Chinese mode)
_WIDE = range(0xFF10, 0xFF5B)  # ０…９ Ａ…Ｚ ａ…ｚ and the signs between them
_HALF_WIDTH = str.maketrans(
    {chr(c): chr(c - 0xFEE0) for c in _WIDE if chr(c - 0xFEE0).isalnum()} | {"－": "-", "—": "-"}
)
MIN_CODE_DIGITS = 15
"""Fewer digits are never taken for a code typed without hyphens (a code has 20; an amount,
a phone number or a year is shorter)."""
_APART = re.compile(rf"[\s{re.escape(DASHES)}]+")
_DASH = str.maketrans("", "", DASHES)
_CODE_DIGITS = re.compile(rf"[0-9]{{{MIN_CODE_DIGITS},}}")


def unwrapped(ref: str) -> str:
    """`ref` without the spaces around it, the quotes or brackets wrapping it whole
    (`「物流园」`, `“城区道路“白改黑””`; not those of `【北区】厂房【二期】`, which close inside
    it, nor the closing one of `城区道路“白改黑”`, which is the name's own), and one typed at
    an end that pairs with none (`物流园》`, `「物流园`); empty if nothing else is left (`“”`).
    Quotes doubled at both ends (`""物流园""`, as a phone keyboard pairs them) are left out too."""
    ref = ref.strip()
    while ref:
        partners, last = _partners(ref), len(ref) - 1
        if last > 0 and partners.get(0) == last:
            ref = ref[1:-1].strip()
        elif last > 3 and partners.get(0) == 1 and partners.get(last) == last - 1:
            ref = ref[2:-2].strip()  # an empty pair at each end, read as pairs of their own
        elif ref[-1] in _MARKS and last not in partners:
            ref = ref[:-1].strip()
        elif ref[0] in _MARKS and 0 not in partners:
            ref = ref[1:].strip()
        else:
            break
    return ref


def _partners(ref: str) -> dict[int, int]:
    """Where each quote or bracket of `ref` that is closed or closes one is, to where its
    partner is (`"` closes the one before it if that is open, as a person reads them)."""
    partners: dict[int, int] = {}
    open_at: dict[str, list[int]] = {}
    for i, char in enumerate(ref):
        opening = _CLOSING.get(char)
        if opening is not None and open_at.get(opening):
            j = open_at[opening].pop()
            partners[i], partners[j] = j, i
        elif char in _PAIRS:
            open_at.setdefault(char, []).append(i)
    return partners


def half_width(ref: str) -> str:
    """`ref` with full-width digits, letters and hyphens in plain ones."""
    return ref.translate(_HALF_WIDTH)


def code_key(code: str) -> str:
    """`code` as two writings of one code are compared (a ledger's `2025—140502—…` and
    another's `2025-140502-…`, `２０２５－…`, `2025 - 140502 - …`): in half-width characters,
    without spaces or dashes of any kind."""
    return _APART.sub("", half_width(code))


def code_digits(ref: str) -> str | None:
    """The digits of `ref` when it is a code typed without its hyphens or spaced out: only
    digits, spaces and dashes of any kind, and enough digits to be a code (a short number
    never is)."""
    digits = code_key(ref)
    return digits if _CODE_DIGITS.fullmatch(digits) else None


def digits_of(code: str) -> str:
    """A ledger code as `code_digits` is compared with it: without its dashes, of any kind."""
    return code.translate(_DASH)


def digits_of_column(code: InstrumentedAttribute[str]) -> ColumnElement[str]:
    """`digits_of` in SQL, the same on SQLite and PostgreSQL."""
    text: ColumnElement[str] = code.expression
    for dash in DASHES:
        text = func.replace(text, dash, "")
    return text


def names_exactly(ref: str, project: Project) -> bool:
    """Whether `ref` is the project's full name or its code, however it was typed."""
    ref = unwrapped(ref)
    typed = {ref, half_width(ref)}
    digits = code_digits(ref)
    return project.name in typed or project.code in typed or digits == digits_of(project.code)
