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
    """`ref` without the spaces around it and the quotes or brackets wrapping it whole
    (`「物流园」`; not those of `【北区】厂房【二期】`, which open and close inside it)."""
    ref = ref.strip()
    while len(ref) > 2 and _PAIRS.get(ref[0]) == ref[-1]:
        inner = ref[1:-1]
        if ref[0] in inner or ref[-1] in inner:
            break
        ref = inner.strip()
    return ref


def half_width(ref: str) -> str:
    """`ref` with full-width digits, letters and hyphens in plain ones."""
    return ref.translate(_HALF_WIDTH)


def code_digits(ref: str) -> str | None:
    """The digits of `ref` when it is a code typed without its hyphens or spaced out: only
    digits, spaces and dashes of any kind, and enough digits to be a code (a short number
    never is)."""
    digits = _APART.sub("", half_width(ref))
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
