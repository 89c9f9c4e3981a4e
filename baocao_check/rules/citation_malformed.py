"""Ký hiệu văn bản sai mẫu, hoặc tên loại văn bản trái với ký hiệu.

A document symbol that fits no pattern, or a document-type word that contradicts the symbol.

Ba mẫu ký hiệu: văn bản quy phạm pháp luật "30/2020/NĐ-CP" (số/năm/loại-cơ quan);
văn bản hành chính "1669/NQ-UBTVQH15" (số/loại-cơ quan); văn bản Đảng "57-NQ/TW"
(số-loại/cơ quan). Chèn năm vào ký hiệu văn bản Đảng ("57-NQ/2025/TW") hay bỏ năm
khỏi ký hiệu nghị định, thông tư ("154/NĐ-CP") là sai mẫu. Tên loại đứng trước ký
hiệu phải khớp mã loại: "Nghị quyết số 300/2025/NĐ-CP" sai vì NĐ là nghị định.

Ví dụ sai (FAIL)::

    I. KẾT QUẢ
    Thực hiện Nghị quyết số 57-NQ/2025/TW, ngày 22/12/2024 của Bộ Chính trị.
    Cơ cấu Ủy viên theo Nghị quyết số 300/2025/NĐ-CP; nghỉ chế độ theo Nghị định 154/NĐ-CP.

Ví dụ đúng (PASS)::

    I. KẾT QUẢ
    Thực hiện Nghị quyết số 57-NQ/TW, ngày 22/12/2024 của Bộ Chính trị.
    Cơ cấu Ủy viên theo Nghị định số 300/2025/NĐ-CP; Nghị quyết số 1669/NQ-UBTVQH15; Văn bản số 4512/UBND-NC2.
"""

from __future__ import annotations

import sys

from ..parsing.symbols import TYPE_WORDS
from .base import Context

ID = "citation_malformed"
CATEGORY = "citation_malformed"
SEVERITY = "warning"
SUMMARY = {"vi": "Ký hiệu văn bản sai mẫu hoặc tên loại văn bản trái với ký hiệu",
           "en": "Malformed document symbol, or a type word that contradicts the symbol"}
RULE = sys.modules[__name__]
_KNOWN_CODES = {code for codes in TYPE_WORDS.values() for code in codes}

_TYPE_NAMES = {"NQ": "nghị quyết", "NĐ": "nghị định", "QĐ": "quyết định hoặc quy định", "CT": "chỉ thị",
               "KL": "kết luận", "KH": "kế hoạch", "HD": "hướng dẫn", "TT": "thông tư", "TB": "thông báo",
               "BC": "báo cáo", "TTr": "tờ trình", "CTr": "chương trình"}


def check(doc, ctx: Context):
    # the header's own "Số: 112-BC/ĐU" line too (a table in most drafts), then the body
    header = [b for b in doc.blocks if b.zone == "header"]
    for block in header + ctx.text_blocks():
        for cit in ctx.values(block).citations:
            sym = cit.symbol
            if sym.problem == "party_with_year":
                fixed = f"{sym.number}-{sym.type}/{sym.issuer}"
                yield ctx.finding(RULE, block, evidence=sym.text, offset=sym.start,
                                  message=ctx.t(f"Ký hiệu «{sym.text}» sai mẫu: văn bản Đảng không ghi năm trong ký hiệu.",
                                                f"Symbol «{sym.text}» is malformed: Party symbols carry no year."),
                                  suggestion=ctx.t(f"Sửa thành «{fixed}».", f"Write «{fixed}»."))
                continue
            if sym.problem == "normative_without_year":
                year = cit.date.year if cit.date else None
                fixed = f"{sym.number}/{year or 'NĂM'}/{sym.type}-{sym.issuer}"
                yield ctx.finding(RULE, block, evidence=sym.text, offset=sym.start,
                                  message=ctx.t(f"Ký hiệu «{sym.text}» thiếu năm ban hành (mẫu số/năm/{sym.type}-{sym.issuer}).",
                                                f"Symbol «{sym.text}» lacks its year (form number/year/{sym.type}-{sym.issuer})."),
                                  suggestion=ctx.t(f"Ghi đủ ký hiệu, ví dụ «{fixed}».", f"Write the full symbol, e.g. «{fixed}»."))
                continue
            if cit.type_word and sym.type in _KNOWN_CODES:
                # (a State letter's symbol holds its office, not a type: "Công văn số 7415/BNV-CCVC")
                allowed = TYPE_WORDS.get(cit.type_word.lower())
                if allowed and sym.type not in allowed and sym.type.upper() not in {a.upper() for a in allowed}:
                    right = _TYPE_NAMES.get(sym.type)
                    hint_vi = f" Mã «{sym.type}» là {right}." if right else ""
                    hint_en = f" Code «{sym.type}» is a {right}." if right else ""
                    yield ctx.finding(RULE, block, evidence=block.text[cit.start:sym.end], offset=cit.start,
                                      message=ctx.t(f"Tên loại «{cit.type_word}» không khớp ký hiệu «{sym.text}».{hint_vi}",
                                                    f"Type word «{cit.type_word}» does not match symbol «{sym.text}».{hint_en}"),
                                      suggestion=ctx.t("Sửa tên loại văn bản hoặc ký hiệu cho khớp văn bản gốc.",
                                                       "Correct the type word or the symbol to match the original."))
