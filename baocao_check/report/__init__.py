"""Reporters: each takes check results and writes one format."""

from __future__ import annotations

from ..model import place_text


def footnote_of(f) -> int | None:
    """The number of the Word footnote a finding sits in, else None (its location says it)."""
    return f.location.get("footnote")


def place_of(f, lang: str) -> str:
    """Where a finding is, as a person says it ("dòng 59", "đoạn 18", "chú thích 5 (đoạn 18)"):
    the model's one place_text."""
    return place_text(f.location, lang)


def short_evidence(evidence: str, limit: int = 160) -> str:
    """Evidence to quote to a person: whole when short; else the figures that matter, each with a
    little of its context, joined by "…" (an arithmetic total quotes a whole breakdown)."""
    import re
    text = " ".join(evidence.split())
    if len(text) <= limit:
        return text
    spans = []
    for m in re.finditer(r"\d[\d.,/%]*", text):
        a, b = max(0, m.start() - 14), min(len(text), m.end() + 5)
        if spans and a <= spans[-1][1]:
            spans[-1][1] = b
        else:
            spans.append([a, b])
    if not spans:
        return text[: limit - 40].rstrip() + " … " + text[-35:].lstrip()
    parts, used = [], 0
    for a, b in spans:
        # widen to whole words
        while a > 0 and text[a - 1] != " ":
            a -= 1
        while b < len(text) and text[b] != " ":
            b += 1
        piece = text[a:b].strip()
        if used + len(piece) > limit and parts:
            break
        parts.append(piece)
        used += len(piece) + 3
    out = " … ".join(parts)
    return ("… " if not text.startswith(parts[0]) else "") + out + (" …" if not text.endswith(parts[-1]) else "")
