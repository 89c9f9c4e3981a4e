"""Annexes: the ones a draft refers to ("Phụ lục 3", "(có biểu 6B và biểu 7B kèm theo)") and
the ones it contains (tables named "Phụ lục 2", "Biểu 6B", annex headings). Shared by the
annex rules."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .labels import roman_to_int
from .normalize import fold

# "phụ lục 3", "phụ lục số 03", "biểu 6B", "biểu mẫu số 2", "phụ lục II"
# "Biểu 01/CĐS" (a form's code after its number), "Mẫu số 02" (a form attached as an annex)
_REF_RE = re.compile(r"(?<!\w)(?P<kind>phụ lục|biểu mẫu|biểu|mẫu(?=\s*số))\s*(?:số\s*)?"
                     r"(?P<id>\d{1,3}[a-zA-Z]?(?:/[A-ZĐ][A-ZĐ0-9-]*)?|[IVXivx]{1,5}|[A-Z])(?![\w/])",
                     re.IGNORECASE)
# "(Phụ lục 3)", "(xem Biểu 2)": a bracketed annex name refers to it as well
_ATTACHED_RE = re.compile(fold(r"kèm theo|gửi kèm|đính kèm|chi tiết tại|chi tiết theo|theo phụ lục|tại phụ lục|có biểu|có phụ lục"
                               r"|\(\s*(?:xem\s+)?(?:phụ lục|biểu)"))
_GENERIC_RE = re.compile(fold(r"(?:các|những)\s+(?:phụ lục|biểu mẫu|biểu)\s+(?:gửi kèm|kèm theo|đính kèm)"))


@dataclass(frozen=True)
class AnnexRef:
    kind: str        # "phụ lục" | "biểu"
    ident: str       # canonical: "3", "6B"
    text: str        # as written
    start: int
    end: int


def canonical(ident: str) -> str:
    ident = ident.strip().upper().split("/")[0]     # "01/CĐS" is form 1
    if re.fullmatch(r"[IVX]+", ident):
        value = roman_to_int(ident)
        if value:
            return str(value)
    m = re.fullmatch(r"0*(\d+)([A-Z]?)", ident)
    return f"{m.group(1)}{m.group(2)}" if m else ident


ANNEX, SHEET = "phụ lục", "biểu"      # the two kinds of attachment a draft refers to


def _kind(word: str) -> str:
    return ANNEX if fold(word).startswith("phụ") else SHEET


def references(text: str, key: str | None = None) -> list[AnnexRef]:
    """Annexes a sentence refers to as attached (``key``: the text already folded, if at hand)."""
    key = fold(text) if key is None else key
    if not _ATTACHED_RE.search(key):
        return []
    out = []
    for m in _REF_RE.finditer(text):
        ident = m.group("id")
        if ident.isalpha() and len(ident) == 1 and not ident.isupper():
            continue
        out.append(AnnexRef(_kind(m.group("kind")), canonical(ident), m.group(0), m.start(), m.end()))
    return out


def generic_reference(text: str, key: str | None = None) -> tuple[int, int] | None:
    m = _GENERIC_RE.search(fold(text) if key is None else key)
    return m.span() if m else None


def present(doc) -> dict[tuple[str, str], object]:
    """Annexes the document contains: (kind, id) -> the table block or heading block."""
    out = {}
    for b in doc.blocks:
        if b.kind == "table" and b.table and b.table.identifier:
            m = _REF_RE.match(b.table.identifier)
            if m:
                out.setdefault((_kind(m.group("kind")), canonical(m.group("id"))), b)
        elif b.zone == "annex" and (b.is_heading or b.kind == "paragraph" or b.bullet is not None):
            # (a list of the annexes sent with it, "- Phụ lục 1: Biên chế …", names each as attached)
            m = _REF_RE.match(b.text.strip(" *_(-+•"))
            if m:
                out.setdefault((_kind(m.group("kind")), canonical(m.group("id"))), b)
    return out


def key_of(identifier: str) -> tuple[str, str] | None:
    """(kind, canonical id) of an annex name ("Phụ lục 3", "Biểu 6B"), or None."""
    m = _REF_RE.match(identifier.strip(" *_("))
    return (_kind(m.group("kind")), canonical(m.group("id"))) if m else None


def has(doc_annexes: dict, kind: str, ident: str) -> bool:
    """Is this annex there? "Phụ lục 3" and "Biểu 3" are accepted for each other when only a number."""
    if (kind, ident) in doc_annexes:
        return True
    if ident.isdigit():
        other = "biểu" if kind == "phụ lục" else "phụ lục"
        return (other, ident) in doc_annexes
    return False


def annex_tables(doc):
    return [b for b in doc.blocks if b.kind == "table" and b.table and not b.table.is_header
            and (b.table.identifier or b.zone == "annex")]
