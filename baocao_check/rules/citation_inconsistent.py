"""Cùng một văn bản được trích dẫn với hai ngày, hai ký hiệu, hoặc ký hiệu trái với cơ quan ban hành.

The same document cited with different dates or issuers, or a symbol that contradicts the issuer named.

Một văn bản được nhận biết bằng số và loại (ví dụ "09-QĐ"). Nếu cùng số, cùng loại,
cùng ngày mà khác cơ quan ban hành ("09-QĐ/TU" và "09-QĐ/ĐU"), hoặc cùng ký hiệu mà
khác ngày, đó là trích dẫn không nhất quán. Ký hiệu văn bản Đảng phải khớp cơ quan
được nêu: "/TW" là Trung ương (Bộ Chính trị, Ban Bí thư), "/TU" là Tỉnh ủy, Thành
ủy, "/ĐU" là Đảng ủy xã, phường (các cách gọi nằm trong từ vựng chung, ``issuer_names``). Cùng số nhưng khác cơ quan và khác ngày là hai văn
bản khác nhau, không bị báo.

Ví dụ sai (FAIL)::

    I. KẾT QUẢ
    Ban hành Quy định số 09-QĐ/ĐU ngày 05/01/2026 về phân cấp quản lý cán bộ.
    Quy định số 09-QĐ/TU ngày 05/01/2026 của Ban Chấp hành Đảng bộ phường.
    Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị; thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2025.

Ví dụ đúng (PASS)::

    I. KẾT QUẢ
    Ban hành Quy định số 09-QĐ/ĐU ngày 05/01/2026 về phân cấp quản lý cán bộ.
    Thực hiện Kế hoạch số 01-KH/TU ngày 10/7/2025 của Tỉnh ủy, Đảng ủy ban hành Kế hoạch số 01-KH/ĐU ngày 05/7/2025.
    Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị; thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024.
"""

from __future__ import annotations

import sys

from ..facts.citations import checked_issuers, citations
from .base import Context

ID = "citation_inconsistent"
CATEGORY = "citation_inconsistent"
SEVERITY = "warning"
SUMMARY = {"vi": "Một văn bản được trích dẫn với ngày hoặc ký hiệu khác nhau, hoặc ký hiệu trái cơ quan ban hành",
           "en": "One document cited with different dates or symbols, or a symbol contradicting its issuer"}
RULE = sys.modules[__name__]


def check(doc, ctx: Context):
    occurrences = citations(ctx.facts)
    checked = checked_issuers()
    flagged: set[tuple[int, int]] = set()
    # 1. the symbol's issuer against the issuer the sentence names
    for occ in occurrences:
        block, cit, sym, named = occ.block, occ.citation, occ.citation.symbol, occ.issuer_named
        if sym.family != "party" or sym.issuer.upper() not in checked:
            continue
        if named and named != sym.issuer.upper():
            flagged.add((block.index, sym.start))
            fixed = sym.text[: len(sym.text) - len(sym.issuer)] + named
            yield ctx.finding(RULE, block, evidence=sym.text, offset=sym.start,
                              message=ctx.t(f"Ký hiệu «{sym.text}» ghi cơ quan ban hành «{sym.issuer}» nhưng câu nêu văn "
                                            f"bản của cơ quan có ký hiệu «{named}».",
                                            f"Symbol «{sym.text}» names issuer «{sym.issuer}» but the sentence says the "
                                            f"document is by a body whose code is «{named}»."),
                              suggestion=ctx.t(f"Kiểm tra lại ký hiệu (có thể là «{fixed}»).",
                                               f"Check the symbol (perhaps «{fixed}»)."))
    # 2. the same document (number + type) cited two ways
    groups: dict[tuple, list] = {}
    for occ in occurrences:
        groups.setdefault(occ.citation.symbol.key, []).append((occ.block, occ.citation))
    for key, occ in groups.items():
        first_block, first = occ[0]
        for block, cit in occ[1:]:
            if (block.index, cit.symbol.start) in flagged or (first_block.index, first.symbol.start) in flagged:
                continue  # one side is already reported as the wrong one
            same_issuer = cit.symbol.issuer.upper() == first.symbol.issuer.upper()
            d1 = first.date.first_day() if first.date else None
            d2 = cit.date.first_day() if cit.date else None
            if cit.symbol.family == "state" and d1 and d2 and d1.year != d2.year:
                continue  # State documents are numbered anew each year: "12/UBND" of 2025 and of 2026 are two
            if same_issuer and d1 and d2 and d1 != d2:
                yield ctx.finding(RULE, block, evidence=cit.date.text, offset=cit.date.start,
                                  message=ctx.t(f"«{cit.symbol.text}» được ghi ngày {cit.date.display()}, nhưng ở chỗ "
                                                f"khác ghi ngày {first.date.display()}.",
                                                f"«{cit.symbol.text}» is dated {cit.date.display()} here but "
                                                f"{first.date.display()} elsewhere."),
                                  suggestion=ctx.t("Thống nhất ngày ban hành theo văn bản gốc.",
                                                   "Use the issue date of the original document everywhere."))
                flagged.add((block.index, cit.symbol.start))
            elif not same_issuer and d1 and d2 and d1 == d2:
                yield ctx.finding(RULE, block, evidence=cit.symbol.text, offset=cit.symbol.start,
                                  message=ctx.t(f"Cùng văn bản số {cit.symbol.number}, ngày {cit.date.display()} được ghi hai "
                                                f"ký hiệu: «{first.symbol.text}» và «{cit.symbol.text}».",
                                                f"The same document no. {cit.symbol.number} of {cit.date.display()} has "
                                                f"two symbols: «{first.symbol.text}» and «{cit.symbol.text}»."),
                                  suggestion=ctx.t("Thống nhất ký hiệu theo văn bản gốc.",
                                                   "Use the symbol of the original document everywhere."))
                flagged.add((block.index, cit.symbol.start))
    # 3. one number typed with two digits swapped ("1671/NQ-UBTVQH15 ngày 16/6/2025" … "1617/NQ-UBTVQH15")
    yield from _swapped_numbers(ctx, occurrences, flagged)


def _swapped(a: str, b: str) -> bool:
    """Two numbers alike but for two neighbouring digits swapped ("1671", "1617")."""
    if len(a) != len(b) or len(a) < 3 or a == b:
        return False
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]


def _swapped_numbers(ctx, occurrences, flagged):
    by_kind: dict[tuple, list] = {}
    for occ in occurrences:
        sym = occ.citation.symbol
        if sym.number.isdigit():
            by_kind.setdefault((sym.family, sym.type.upper(), sym.issuer.upper()), []).append(occ)
    reported = set()
    for occs in by_kind.values():
        numbers = {o.citation.symbol.number for o in occs}
        for first in occs:
            for later in occs:
                a, b = first.citation, later.citation
                if later.block.index < first.block.index or (later.block.index == first.block.index
                                                             and b.symbol.start <= a.symbol.start):
                    continue
                if not _swapped(a.symbol.number, b.symbol.number) or (later.block.index, b.symbol.start) in flagged:
                    continue
                if a.date and b.date and a.date.first_day() != b.date.first_day():
                    continue      # two dates: two documents
                if (b.symbol.number, a.symbol.number) in reported or len(numbers) > 3:
                    continue
                reported.add((a.symbol.number, b.symbol.number))
                where = {lang: ctx.doc.place_text(first.block, lang, a.symbol.start) for lang in ("vi", "en")}
                yield ctx.finding(RULE, later.block, evidence=b.symbol.text, offset=b.symbol.start, code="swapped_number",
                                  message=ctx.t(f"«{b.symbol.text}» và «{a.symbol.text}» ({where['vi']}) chỉ khác hai chữ số "
                                                "đổi chỗ cho nhau: có thể là một văn bản, gõ nhầm số.",
                                                f"«{b.symbol.text}» and «{a.symbol.text}» ({where['en']}) differ only by two "
                                                "swapped digits: perhaps one document with a mistyped number."),
                                  suggestion=ctx.t("Đối chiếu văn bản gốc, thống nhất số ký hiệu.",
                                                   "Check the original document and use one number."))
