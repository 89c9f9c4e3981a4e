"""Một địa danh được viết hai cách, hoặc sai một dấu so với danh mục hành chính chính thức.

One place name written two ways in the draft, or one diacritic away from the official gazetteer.

Tên sau "xã", "phường", "thôn", "tổ dân phố", "huyện", "tỉnh"… (và chính tên ấy khi đứng
một mình, như "Trạm Y tế Hương Chữ") được so với nhau: hai cách viết chỉ khác dấu ("Đội
Cấn"/"Đội Cán") là một tên viết không thống nhất. Mỗi chỗ viết theo cách lệch được nêu tại
chính chỗ đó (ví dụ «thôn Đông Văn», dòng của nó), kèm cách viết đúng và các chỗ viết đúng:
cách đúng là cách có trong danh mục đơn vị hành chính 2025 (dữ liệu của underthesea), nếu
không thì cách viết dùng nhiều hơn (cũng vậy khi cách dùng nhiều hơn là tên một đơn vị cũ, "xã
Lâm Hạ (cũ)", mà danh mục có thể không có). Tên trong bảng, phụ lục cũng được so. Hai cách đặt dấu thanh ("Hoà"/"Hòa") là cùng một cách viết.
Một tên xã, huyện, tỉnh chỉ viết một cách mà không có trong danh mục (đơn vị cũ như "huyện Phù
Nghĩa (cũ)", hay danh mục chưa có) không phải là lỗi chính tả: chỉ nhắc (mức info) khi danh mục
có một tên chỉ khác dấu.

Ví dụ sai (FAIL)::

    I. ĐẶC ĐIỂM TÌNH HÌNH
    Phường được thành lập trên cơ sở sáp nhập phường Đội Cán và xã Thái Long.
    Trụ sở phường Đội Cấn cũ được giao cho Công an phường; Trường Mầm non Đội Cấn được sửa chữa.

Ví dụ đúng (PASS)::

    I. ĐẶC ĐIỂM TÌNH HÌNH
    Phường được thành lập trên cơ sở sáp nhập phường Đội Cấn và xã Thái Long.
    Trụ sở phường Đội Cấn cũ được giao cho Công an phường; thôn Hoà Bình và thôn Hòa Bình là một.
"""

from __future__ import annotations

import sys

from ..facts.places import NameVariants, variants
from ..parsing.vocabulary import vocabulary
from .base import Context

ID = "name_inconsistent"
CATEGORY = "name_inconsistent"
SEVERITY = "warning"
SUMMARY = {"vi": "Địa danh viết hai cách, hoặc sai dấu so với danh mục đơn vị hành chính",
           "en": "A place name spelt two ways, or a diacritic off the official gazetteer"}
RULE = sys.modules[__name__]


def _where(doc, m):
    # the model's one way to say a place ("dòng 21", "đoạn 7", "chú thích 2 (đoạn 7)")
    return doc.place_text(m.block, "vi", m.name_start), doc.place_text(m.block, "en", m.name_start)


def _places(doc, mentions, limit=4):
    """ "dòng 21, dòng 51" for the mentions (one per line), at most ``limit`` shown."""
    seen_vi, seen_en = [], []
    for m in mentions:
        vi, en = _where(doc, m)
        if vi and vi not in seen_vi:
            seen_vi.append(vi)
            seen_en.append(en)
    more = len(seen_vi) - limit
    vi = ", ".join(seen_vi[:limit]) + (f"… (+{more})" if more > 0 else "")
    en = ", ".join(seen_en[:limit]) + (f"… (+{more})" if more > 0 else "")
    return vi, en


def _shown(m) -> str:
    """The full form of a mention: "thôn Đồng Văn" (the kind word as the draft writes it)."""
    return m.text()


def _two_ways(doc, ctx, g: NameVariants, admin: set[str]):
    # the gazetteer lists units (xã, huyện, tỉnh…), not villages: it speaks for a spelling only
    # where the draft uses that spelling for a unit
    about_a_unit = any(m.kind in admin for ms in g.spellings.values() for m in ms)
    in_gaz = [s for s in g.spellings if s in g.official] if about_a_unit else []
    major = max(g.spellings, key=lambda s: (len(g.spellings[s]), -_first(g.spellings[s])))
    right = in_gaz[0] if len(in_gaz) == 1 else major
    if right != major and len(g.spellings[major]) > len(g.spellings[right]) and \
            any(m.former for m in g.spellings[major]):
        # the draft's usual spelling names a former unit, which the 2025 list may not know
        right = major
        in_gaz = []
    right_ms = g.spellings[right]
    # shown with its kind word as the draft writes it ("thôn Suối Cát", not a list's bare "Suối Cát")
    model = next((m for m in right_ms if m.kind and m.start < m.name_start),
                 next((m for m in right_ms if m.kind), right_ms[0]))
    where_vi, where_en = _places(doc, right_ms)
    # two official spellings may be two real units, and one-word village names ("xóm Đông", "xóm
    # Đồng") may be two villages: only a note
    one_word = all(len(s.split()) == 1 for s in g.spellings)
    severity = "info" if len(in_gaz) == len(g.spellings) or (one_word and not in_gaz) else None
    right_former = any(m.former for m in right_ms)
    for folded, ms in g.spellings.items():
        if folded == right:
            continue
        if not right_former and any(m.former for m in ms):
            continue      # "xã Ngọc Đông (cũ)" beside the new "xã Ngọc Đồng": a former unit, named like the new one
        done = set()
        for m in ms:                      # one finding per block where the other spelling stands
            if m.block.index in done:
                continue
            done.add(m.block.index)
            here_vi, here_en = _where(doc, m)
            yield ctx.finding(
                RULE, m.block, evidence=_shown(m), offset=m.start, severity=severity,
                message=ctx.t(f"Địa danh viết không thống nhất: «{_shown(m)}» ({here_vi}) khác «{_shown(model)}» "
                              f"({len(right_ms)} lần: {where_vi}).",
                              f"Place name spelt two ways: «{_shown(m)}» ({here_en}) differs from «{_shown(model)}» "
                              f"({len(right_ms)}×: {where_en})."),
                suggestion=ctx.t(f"Thống nhất viết «{model.name}»"
                                 + (" (theo danh mục đơn vị hành chính)." if right in in_gaz else "."),
                                 f"Write «{model.name}» everywhere"
                                 + (" (as the official list does)." if right in in_gaz else ".")))


def _first(ms) -> int:
    return min(m.block.index * 100000 + m.start for m in ms)


def check(doc, ctx: Context):
    admin = set(vocabulary().admin_kinds)
    for g in variants(ctx.facts):
        if len(g.spellings) > 1:
            yield from _two_ways(doc, ctx, g, admin)
            continue
        # one spelling, off the gazetteer by diacritics only: a former unit or a gap in the list
        # is as likely as a slip, so only a note
        if not g.official:
            continue
        folded, ms = next(iter(g.spellings.items()))
        units = [m for m in ms if m.kind in admin]
        if folded in g.official or not units:
            continue
        m = units[0]
        former = any(u.former for u in units)
        right = sorted(g.official)
        shown = " hoặc ".join(f"«{_title(r)}»" for r in right)
        shown_en = " or ".join(f"«{_title(r)}»" for r in right)
        yield ctx.finding(
            RULE, m.block, evidence=_shown(m), offset=m.start, severity="info",
            message=ctx.t(f"«{_shown(m)}» không có trong danh mục đơn vị hành chính 2025; danh mục có {shown}"
                          + (" (nếu là đơn vị cũ thì không cần sửa)." if not former else " (đơn vị cũ)."),
                          f"«{_shown(m)}» is not in the 2025 official list of units; it has {shown_en}"
                          + (" (if it is a former unit, nothing to fix)." if not former else " (a former unit).")),
            suggestion=ctx.t(f"Kiểm tra chính tả, có thể là {shown}.", f"Check the spelling; perhaps {shown_en}."))


def _title(folded: str) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in folded.split())
