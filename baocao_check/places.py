"""Place names: the ones a draft writes, the report's own unit, and the official gazetteer.

The gazetteer is the 2025 list of provinces, districts (before 01/7/2025) and
wards/communes (before and after the 2025 rearrangement) that underthesea ships
offline for ``convert_address``. It is read straight from its data file, without
importing underthesea, once per process.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from . import cache
from .normalize import VI_UPPER, fold, normalize_text, strip_diacritics
from .parsing.vocabulary import vocabulary

_WORD = rf"[{VI_UPPER}][^\W\d_]*"     # a name's words are capitalised ("Đồng Văn", "THANH LÂM")
_NAME = rf"{_WORD}(?:[ \t]+{_WORD}){{0,3}}(?:[ \t]+\d{{1,2}}\b)?"


@lru_cache(maxsize=1)
def _place_re() -> re.Pattern:
    # the kind word in any case ("Xã", "xã"); the name is checked for capitals in code
    kinds = vocabulary().place_kinds()
    # the kinds' first letters in both cases lead: the engine skips to them (a case-blind pattern
    # that opens with a look-behind is tried at every position)
    firsts = "".join(sorted({c for k in kinds if k for c in (k[0].lower(), k[0].upper())}))
    return re.compile(rf"(?=[{re.escape(firsts)}])(?<![\w])(?P<kind>(?i:" + "|".join(re.escape(k) for k in kinds)
                      + rf"))[ \t]+(?P<name>{_NAME}|\d{{1,3}}\b)")


@lru_cache(maxsize=1)
def _stops() -> tuple[tuple[str, ...], ...]:
    """Phrases that open an organisation's name ("Ủy ban", "Văn phòng"), as folded words, longest first."""
    return tuple(sorted((tuple(fold(p).split()) for p in vocabulary().name_stops if p.strip()), key=len, reverse=True))


@lru_cache(maxsize=1)
def _former_re() -> re.Pattern:
    words = "|".join(re.escape(fold(w)) for w in vocabulary().former_markers) or "cũ"
    return re.compile(rf"^[ \t]*\(?[ \t]*(?:{words})\b")


@dataclass(frozen=True)
class PlaceName:
    kind: str      # "xã", "phường", "thôn" … (folded)
    name: str      # as written: "Đội Cấn"
    start: int     # offset of the name in the block text
    end: int
    kind_start: int = -1    # offset of the kind word ("thôn Đông Văn" starts here)
    former: bool = False    # "xã Lâm Hạ (cũ)": a unit before the 2025 rearrangement

    @property
    def full_start(self) -> int:
        return self.kind_start if self.kind_start >= 0 else self.start


@lru_cache(maxsize=1)
def _stop_firsts() -> frozenset[str]:
    return frozenset(stop[0] for stop in _stops())


def _stop_at(words: list[str], i: int) -> bool:
    if fold(words[i]) not in _stop_firsts():
        return False
    folded = [fold(w) for w in words[i:i + 4]]
    return any(tuple(folded[:len(stop)]) == stop for stop in _stops())


def _name_words(text: str, name: str, end: int) -> list[str]:
    """The words of a matched name that belong to it: capitalised, up to an organisation's name."""
    all_words = name.split()
    # the words after the match, so that a stop phrase running past it is still seen
    after = text[end:end + 40].split()
    words = []
    for i, w in enumerate(all_words):
        if not (w[0].isupper() or (w.isdigit() and words) or (w.isdigit() and len(all_words) == 1)):
            break
        if _stop_at(all_words + after, i):   # "xã Ủy ban …" is not a place
            break
        words.append(w)
    return words


@lru_cache(maxsize=1)
def _lead_res() -> tuple[re.Pattern, re.Pattern]:
    v = vocabulary()
    lists = "|".join(re.escape(w) for w in v.place_list_leads) or r"(?!x)x"
    pairs = "|".join(re.escape(w) for w in v.place_pair_leads) or r"(?!x)x"
    return (re.compile(rf"(?:(?<!\w)(?i:{lists})|\d{{1,3}})[ \t]+$"), re.compile(rf"(?<!\w)(?i:{pairs})[ \t]*$"))


_NEXT_IN_LIST_RE = re.compile(rf"[ \t]*(?:,|và)[ \t]*(?P<name>{_NAME})")
_NEXT_IN_PAIR_RE = re.compile(rf"[ \t]*[-–][ \t]*(?P<name>{_NAME})")


def find_places(text: str) -> list[PlaceName]:
    out = []
    list_lead, pair_lead = _lead_res()
    for m in _place_re().finditer(text):
        kind = fold(m.group("kind"))
        if not m.group("kind")[0].islower() and m.start() > 0 and text[m.start() - 1] not in " (\t\n,;:":
            continue
        words = _name_words(text, m.group("name"), m.end())
        if not words:
            continue
        name = " ".join(words)
        start = m.start("name")
        end = start + len(name)
        out.append(PlaceName(kind, name, start, end, m.start(), bool(_former_re().match(fold(text[end:end + 30])))))
        # "các thôn Khe Mạ, Đồng Dọc, Suối Cát và Gò Chè", "liên thôn Đồng Dọc - Suối Cát": each a place
        before = text[max(0, m.start() - 12):m.start()]
        nxt = _NEXT_IN_LIST_RE if list_lead.search(before) else _NEXT_IN_PAIR_RE if pair_lead.search(before) else None
        while nxt is not None:
            n = nxt.match(text, end)
            if n is None:
                break
            more = _name_words(text, n.group("name"), n.end())
            if not more:
                break
            start = n.start("name")
            end = start + len(" ".join(more))
            out.append(PlaceName(kind, " ".join(more), start, end, -1,
                                 bool(_former_re().match(fold(text[end:end + 30])))))
            if nxt is _NEXT_IN_PAIR_RE:
                break
    return out


def _named_counts(doc, kinds, places=None, key=lambda name: name) -> Counter[str]:
    """How often the text (tables aside) names a place of these kinds, by ``key(name)``.
    ``places(block)``: the place names of a block, when a caller has them at hand."""
    counts: Counter[str] = Counter()
    kinds = set(kinds)
    for b in doc.blocks:
        if b.kind == "table":
            continue
        for p in (places(b) if places else find_places(b.text)):
            if p.kind in kinds and not p.name.isdigit():
                counts[key(p.name)] += 1
    return counts


def main_unit(doc, places=None) -> str | None:
    """The report's own commune/ward: the unit name it mentions most (folded)."""
    counts = _named_counts(doc, vocabulary().commune_kinds, places, fold)
    if not counts:
        return None
    name, n = counts.most_common(1)[0]
    return name if n >= 2 else None


def skeleton(name: str) -> str:
    """Diacritics gone: names that differ only in one diacritic share a skeleton."""
    return " ".join(strip_diacritics(name).lower().split())


@lru_cache(maxsize=1)
def _raw_gazetteer() -> dict[str, dict[str, list[str]]]:
    """cheap skeleton -> {official name as written: the provinces (cheap skeletons, new and former)
    it is in}; built once, then kept in the on-disk cache."""
    path = _mapping_path()
    out: dict[str, dict[str, list[str]]] = {}
    if path is None:
        return out
    st = os.stat(path)
    name = f"gazetteer-provinces-{int(st.st_mtime)}-{st.st_size}.json"
    cached = cache.load(name)
    if isinstance(cached, dict):
        return cached
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    names: dict[str, set[str]] = {}
    for info in list(data.get("province_names", {}).values()) + list(data.get("old_province_names", {}).values()):
        short = info.get("short", "")
        names.setdefault(short, set()).add(_cheap_skeleton(short))
    for rec in data.get("ward_mapping", []):
        provinces = {_cheap_skeleton(_strip_kind(rec.get(k, ""))) for k in ("new_province", "old_province")}
        for key in ("old_ward", "new_ward", "old_district"):
            names.setdefault(_strip_kind(rec.get(key, "")), set()).update(provinces)
    for n, provinces in names.items():
        if n and not n.isdigit():
            out.setdefault(_cheap_skeleton(n), {})[n] = sorted(p for p in provinces if p)
    cache.save(name, out)
    return out


def _cheap_skeleton(name: str) -> str:
    return " ".join(strip_diacritics(name).lower().split())


def gazetteer_names(skel: str, province: str | None = None) -> set[str]:
    """Official spellings (folded) of the units whose name has this skeleton; of one province's
    (and its former provinces') units when ``province`` (a province the gazetteer knows) is given."""
    found = _raw_gazetteer().get(skel, {})
    return {fold(normalize_text(n)) for n, provinces in found.items()
            if province is None or _cheap_skeleton(province) in provinces}


def is_province(name: str) -> bool:
    """A province (or centrally-run city) of the gazetteer, new or former: "Gia Lai", "Bình Định"."""
    skel = _cheap_skeleton(name)
    return any(skel in provinces for provinces in _raw_gazetteer().get(skel, {}).values())


def main_province(doc, places=None) -> str | None:
    """The report's province: the province of the gazetteer the draft names most after "tỉnh" /
    "thành phố" ("UBND tỉnh Gia Lai"), or None."""
    counts = _named_counts(doc, vocabulary().province_kinds, places)
    return next((name for name, _ in counts.most_common() if is_province(name)), None)


def _strip_kind(name: str) -> str:
    return re.sub(r"^(?:Tỉnh|Thành phố|Thị xã|Thị trấn|Huyện|Quận|Xã|Phường|Đặc khu)\s+", "", name.strip())


def _mapping_path() -> str | None:
    spec = importlib.util.find_spec("underthesea")
    if spec is None or not spec.origin:
        return None
    path = os.path.join(os.path.dirname(spec.origin), "address", "data", "mapping.json")
    return path if os.path.exists(path) else None
