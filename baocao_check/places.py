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
from .normalize import fold, normalize_text, strip_diacritics

# Words that introduce a place name, longest first.
PLACE_WORDS = ["tổ dân phố", "khu phố", "thành phố", "thị trấn", "thị xã", "đặc khu", "phường", "xã", "thôn",
               "xóm", "bản", "ấp", "làng", "huyện", "quận", "tỉnh"]
_UNIT_WORDS = ("xã", "phường", "thị trấn", "đặc khu")
_WORD = r"[^\W\d_]+"
_NAME = rf"{_WORD}(?:[ \t]+{_WORD}){{0,3}}(?:[ \t]+\d{{1,2}}\b)?"
# the kind word in any case ("Xã", "xã"); the name is checked for capitals in code
PLACE_RE = re.compile(r"(?<![\w])(?P<kind>(?i:" + "|".join(PLACE_WORDS) + rf"))[ \t]+(?P<name>{_NAME}|\d{{1,3}}\b)")
_STOP_NAMES = {"Nhân", "Ủy", "Uỷ", "Đảng", "Ban", "Hội", "Mặt", "Trung", "Văn", "Phòng", "Cũ", "Mới"}


@dataclass(frozen=True)
class PlaceName:
    kind: str      # "xã", "phường", "thôn" … (folded)
    name: str      # as written: "Đội Cấn"
    start: int     # offset of the name in the block text
    end: int


def find_places(text: str) -> list[PlaceName]:
    out = []
    for m in PLACE_RE.finditer(text):
        kind = m.group("kind").lower()
        if not m.group("kind")[0].islower() and m.start() > 0 and text[m.start() - 1] not in " (\t\n,;:":
            continue
        name = m.group("name")
        words = []
        for w in name.split():
            if not (w[0].isupper() or (w.isdigit() and words) or (w.isdigit() and len(name.split()) == 1)):
                break
            if w in _STOP_NAMES:   # "xã Ủy ban …" is not a place
                break
            words.append(w)
        if not words or words[0] in _STOP_NAMES:
            continue
        name = " ".join(words)
        start = m.start("name")
        out.append(PlaceName(kind, name, start, start + len(name)))
    return out


def main_unit(doc, places=None) -> str | None:
    """The report's own commune/ward: the unit name it mentions most (folded).
    ``places(block)``: the place names of a block, when a caller has them at hand."""
    counts: Counter[str] = Counter()
    for b in doc.blocks:
        if b.kind == "table":
            continue
        for p in (places(b) if places else find_places(b.text)):
            if p.kind in _UNIT_WORDS and not p.name.isdigit():
                counts[fold(p.name)] += 1
    if not counts:
        return None
    name, n = counts.most_common(1)[0]
    return name if n >= 2 else None


def skeleton(name: str) -> str:
    """Diacritics gone: names that differ only in one diacritic share a skeleton."""
    return " ".join(strip_diacritics(name).lower().split())


@lru_cache(maxsize=1)
def _raw_gazetteer() -> dict[str, list[str]]:
    """cheap skeleton -> official names as written; built once, then kept in the on-disk cache."""
    path = _mapping_path()
    out: dict[str, list[str]] = {}
    if path is None:
        return out
    st = os.stat(path)
    name = f"gazetteer-{int(st.st_mtime)}-{st.st_size}.json"
    cached = cache.load(name)
    if isinstance(cached, dict):
        return cached
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    names: set[str] = set()
    for info in list(data.get("province_names", {}).values()) + list(data.get("old_province_names", {}).values()):
        names.add(info.get("short", ""))
    for rec in data.get("ward_mapping", []):
        for key in ("old_ward", "new_ward", "old_district"):
            names.add(_strip_kind(rec.get(key, "")))
    for n in names:
        if n and not n.isdigit():
            out.setdefault(_cheap_skeleton(n), []).append(n)
    cache.save(name, out)
    return out


def _cheap_skeleton(name: str) -> str:
    return " ".join(strip_diacritics(name).lower().split())


def gazetteer_names(skel: str) -> set[str]:
    """Official spellings (folded) of the units whose name has this skeleton."""
    return {fold(normalize_text(n)) for n in _raw_gazetteer().get(skel, [])}


def _strip_kind(name: str) -> str:
    return re.sub(r"^(?:Thành phố|Thị xã|Thị trấn|Huyện|Quận|Xã|Phường|Đặc khu)\s+", "", name.strip())


def _mapping_path() -> str | None:
    spec = importlib.util.find_spec("underthesea")
    if spec is None or not spec.origin:
        return None
    path = os.path.join(os.path.dirname(spec.origin), "address", "data", "mapping.json")
    return path if os.path.exists(path) else None
