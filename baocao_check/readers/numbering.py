"""Rebuild the automatic numbering labels Word shows but the text does not hold.

numbering.xml has abstract definitions (per level: start, format, label
text such as ``%1.`` or ``%1.%2.``) and numbering instances that point at
one and may override a level's start. Word counts per abstract definition;
an instance with a start override restarts that level where it is first
used; a higher level resets the levels below it. Paragraphs get their
numbering directly or from their style (and the style's base styles).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import limits
from ..labels import int_to_roman

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    restart: int | None = None  # lvlRestart


@dataclass
class NumberingResolver:
    abstract_levels: dict[str, dict[int, Level]] = field(default_factory=dict)
    num_to_abstract: dict[str, str] = field(default_factory=dict)
    overrides: dict[str, dict[int, int]] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    started_overrides: set[tuple[str, int]] = field(default_factory=set)

    @classmethod
    def from_xml(cls, root) -> "NumberingResolver":
        res = cls()
        if root is None:
            return res
        for absnum in root.iter(W + "abstractNum"):
            aid = absnum.get(W + "abstractNumId")
            levels: dict[int, Level] = {}
            for lvl in absnum.iter(W + "lvl"):
                ilvl = level_number(lvl.get(W + "ilvl"), 0)
                level = Level()
                el = lvl.find(W + "start")
                if el is not None:
                    level.start = _start(el.get(W + "val"))
                el = lvl.find(W + "numFmt")
                if el is not None:
                    level.fmt = el.get(W + "val", "decimal")
                el = lvl.find(W + "lvlText")
                if el is not None:
                    level.text = el.get(W + "val", "")
                el = lvl.find(W + "lvlRestart")
                if el is not None:
                    level.restart = _int(el.get(W + "val"), None)
                levels[ilvl] = level
            res.abstract_levels[aid] = levels
        for num in root.iter(W + "num"):
            nid = num.get(W + "numId")
            ref = num.find(W + "abstractNumId")
            if ref is None:
                continue
            res.num_to_abstract[nid] = ref.get(W + "val")
            for ov in num.iter(W + "lvlOverride"):
                ilvl = level_number(ov.get(W + "ilvl"), 0)
                so = ov.find(W + "startOverride")
                if so is not None:
                    res.overrides.setdefault(nid, {})[ilvl] = _start(so.get(W + "val"))
        return res

    def label(self, num_id: str, ilvl: int) -> tuple[str | None, bool]:
        """Advance the counters for one numbered paragraph; (label, is_bullet)."""
        if num_id in (None, "0"):
            return None, False
        aid = self.num_to_abstract.get(num_id)
        if aid is None:
            return None, False
        levels = self.abstract_levels.get(aid, {})
        level = levels.get(ilvl)
        if level is None:
            return None, False
        if level.fmt == "bullet":
            return None, True
        counters = self.counters.setdefault(aid, {})
        override = self.overrides.get(num_id, {}).get(ilvl)
        if override is not None and (num_id, ilvl) not in self.started_overrides:
            self.started_overrides.add((num_id, ilvl))
            counters[ilvl] = override
        elif ilvl in counters:
            counters[ilvl] += 1
        else:
            counters[ilvl] = level.start
        # deeper levels restart after this one
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if level.fmt == "none":
            return None, False
        text = level.text
        for k in range(9):
            token = f"%{k + 1}"
            if token not in text:
                continue
            lvl_k = levels.get(k, Level())
            value = counters.get(k, lvl_k.start)
            fmt = "decimal" if (k != ilvl and _is_legal(text)) else lvl_k.fmt
            text = text.replace(token, _format(value, fmt))
        return text.strip() or None, False


def _is_legal(text: str) -> bool:
    # "%1.%2." multi-level labels show the higher levels as numbers
    return text.count("%") > 1


def _format(value: int, fmt: str) -> str:
    if fmt in ("upperRoman", "lowerRoman") and not 1 <= value <= limits.MAX_ROMAN:
        return str(value)      # Word shows no Roman numeral past 3999; a huge one would be a huge string
    if fmt in ("upperRoman",):
        return int_to_roman(value)
    if fmt == "lowerRoman":
        return int_to_roman(value).lower()
    if fmt in ("upperLetter", "lowerLetter"):
        # as Word shows it: the 26 Latin letters (no "đ"), then "aa", "bb" …
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1) if value >= 1 else str(value)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt == "decimalZero":
        return f"{value:02d}"
    return str(value)


def level_number(text, default: int) -> int:
    """A w:ilvl or w:outlineLvl value: 0..9, anything else (a word, a huge or negative number) the default."""
    value = _int(text, default)
    return value if 0 <= value <= 9 else default


def _start(text) -> int:
    """A level's start or start override, within what Word allows (0..32767)."""
    value = _int(text, 1)
    return min(max(value, 0), limits.MAX_NUMBER_START)


def _int(text, default):
    try:
        return int(text)
    except (TypeError, ValueError):
        return default
