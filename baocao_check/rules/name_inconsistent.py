"""Một địa danh được viết hai cách, hoặc sai một dấu so với danh mục hành chính chính thức.

One place name written two ways in the draft, or one diacritic away from the official gazetteer.

Tên sau "xã", "phường", "thôn", "tổ dân phố", "huyện", "tỉnh"… được so với nhau: hai cách
viết chỉ khác dấu ("Đội Cấn"/"Đội Cán") là một tên viết không thống nhất; cách viết
đúng là cách có trong danh mục đơn vị hành chính 2025 (dữ liệu của underthesea), nếu
không thì cách viết dùng nhiều hơn. Tên xã, phường, huyện, tỉnh không có trong danh
mục nhưng chỉ khác dấu với một tên trong danh mục cũng được nhắc. Hai cách đặt dấu
thanh ("Hoà"/"Hòa") là cùng một cách viết. Tên cũ có trong danh mục (xã trước sắp
xếp) là đúng.

Ví dụ sai (FAIL)::

    I. ĐẶC ĐIỂM TÌNH HÌNH
    Phường được thành lập trên cơ sở sáp nhập phường Đội Cán và xã Thái Long, thuộc tỉnh Tuyền Quang.
    Trụ sở phường Đội Cấn cũ được giao cho Công an phường.

Ví dụ đúng (PASS)::

    I. ĐẶC ĐIỂM TÌNH HÌNH
    Phường được thành lập trên cơ sở sáp nhập phường Đội Cấn và xã Thái Long, thuộc tỉnh Tuyên Quang.
    Trụ sở phường Đội Cấn cũ được giao cho Công an phường; thôn Hoà Bình và thôn Hòa Bình là một.
"""

from __future__ import annotations

import sys
from collections import defaultdict

from ..normalize import fold
from ..places import gazetteer_names, skeleton
from .base import Context

ID = "name_inconsistent"
CATEGORY = "name_inconsistent"
SEVERITY = "warning"
SUMMARY = {"vi": "Địa danh viết hai cách, hoặc sai dấu so với danh mục đơn vị hành chính",
           "en": "A place name spelt two ways, or a diacritic off the official gazetteer"}
RULE = sys.modules[__name__]

_ADMIN_KINDS = {"xã", "phường", "thị trấn", "thị xã", "huyện", "quận", "tỉnh", "thành phố", "đặc khu"}


def _where(doc, block, offset):
    loc = doc.location_of(block, offset)
    return (f"dòng {loc['line']}", f"line {loc['line']}") if loc["line"] is not None else \
        (f"đoạn {loc['paragraph']}", f"paragraph {loc['paragraph']}") if loc["paragraph"] is not None else ("", "")


def check(doc, ctx: Context):
    occurrences = defaultdict(list)      # skeleton -> [(folded, place, block)]
    for block in ctx.text_blocks(zones=("body", "annex")):
        for place in ctx.places(block):
            if place.name.isdigit() or len(place.name) < 3:
                continue
            occurrences[skeleton(place.name)].append((fold(place.name), place, block))
    reported: set[str] = set()
    for skel, occ in occurrences.items():
        spellings = defaultdict(list)
        for folded, place, block in occ:
            spellings[folded].append((place, block))
        official = gazetteer_names(skel)
        if len(spellings) > 1:
            in_gaz = [s for s in spellings if s in official]
            right = in_gaz[0] if len(in_gaz) == 1 else max(spellings, key=lambda s: len(spellings[s]))
            right_place, right_block = spellings[right][0]
            for folded, places in spellings.items():
                if folded == right:
                    continue
                place, block = places[0]
                reported.add(folded)
                w_vi, w_en = _where(doc, right_block, right_place.start)
                yield ctx.finding(
                    RULE, block, evidence=place.name, offset=place.start,
                    message=ctx.t(f"Địa danh viết không thống nhất: «{place.name}» ({len(places)} lần) và "
                                  f"«{right_place.name}» ({len(spellings[right])} lần, {w_vi}).",
                                  f"Place name spelt two ways: «{place.name}» ({len(places)}×) and "
                                  f"«{right_place.name}» ({len(spellings[right])}×, {w_en})."),
                    suggestion=ctx.t(f"Thống nhất viết «{right_place.name}»"
                                     + (" (theo danh mục đơn vị hành chính)." if right in official else "."),
                                     f"Write «{right_place.name}» everywhere"
                                     + (" (as the official list does)." if right in official else ".")))
        # a commune, district or province name off the gazetteer by diacritics only
        if official:
            for folded, places in spellings.items():
                if folded in official or folded in reported:
                    continue
                place, block = places[0]
                if place.kind not in _ADMIN_KINDS:
                    continue
                right = sorted(official)
                shown = " hoặc ".join(f"«{_title(r)}»" for r in right)
                shown_en = " or ".join(f"«{_title(r)}»" for r in right)
                yield ctx.finding(
                    RULE, block, evidence=place.name, offset=place.start,
                    message=ctx.t(f"«{place.kind} {place.name}» không có trong danh mục đơn vị hành chính; "
                                  f"danh mục có {shown}.",
                                  f"«{place.kind} {place.name}» is not in the official list of units; it has {shown_en}."),
                    suggestion=ctx.t(f"Kiểm tra chính tả, có thể là {shown}.", f"Check the spelling; perhaps {shown_en}."))


def _title(folded: str) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in folded.split())
