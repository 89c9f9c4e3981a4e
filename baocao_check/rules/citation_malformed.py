"""Ký hiệu văn bản sai mẫu, hoặc tên loại văn bản trái với ký hiệu.

A document symbol that fits no pattern, or a document-type word that contradicts the symbol.

Ba mẫu ký hiệu: văn bản quy phạm pháp luật "30/2020/NĐ-CP" (số/năm/loại-cơ quan);
văn bản hành chính "1669/NQ-UBTVQH15", "4512/UBND-NC2" (số/loại-cơ quan); văn bản Đảng
"57-NQ/TW", "09-QĐ/ĐU" (số-loại/cơ quan). Cơ quan ban hành quyết định mẫu: TW, TU, ĐU, HU…
là cơ quan Đảng, nên "16/KL-TW" (mẫu nhà nước) hay "71-NQ-TW" (toàn gạch nối) phải là
"16-KL/TW", "71-NQ/TW". Chèn năm vào ký hiệu văn bản Đảng ("57-NQ/2025/TW"), thiếu gạch nối
giữa loại và cơ quan ("150/2025/NĐCP") hay bỏ năm khỏi ký hiệu nghị định, thông tư
("154/NĐ-CP") là sai mẫu. Tên loại đứng trước ký hiệu phải khớp mã loại: "Nghị quyết số
300/2025/NĐ-CP" sai vì NĐ là nghị định. Mã loại và mã cơ quan nằm trong từ vựng chung
(``document_types``, ``issuer_codes``).

Ví dụ sai (FAIL)::

    I. KẾT QUẢ
    Thực hiện Nghị quyết số 57-NQ/2025/TW, ngày 22/12/2024 của Bộ Chính trị; Kết luận số 16/KL-TW.
    Cơ cấu Ủy viên theo Nghị quyết số 300/2025/NĐ-CP; nghỉ chế độ theo Nghị định 154/NĐ-CP, Nghị định 150/2025/NĐCP.

Ví dụ đúng (PASS)::

    I. KẾT QUẢ
    Thực hiện Nghị quyết số 57-NQ/TW, ngày 22/12/2024 của Bộ Chính trị; Kết luận số 16-KL/TW.
    Cơ cấu Ủy viên theo Nghị định số 300/2025/NĐ-CP; Nghị quyết số 1669/NQ-UBTVQH15; Văn bản số 4512/UBND-NC2.
"""

from __future__ import annotations

import sys

from ..parsing.vocabulary import vocabulary
from .base import Context

ID = "citation_malformed"
CATEGORY = "citation_malformed"
SEVERITY = "warning"
SUMMARY = {"vi": "Ký hiệu văn bản sai mẫu hoặc tên loại văn bản trái với ký hiệu",
           "en": "Malformed document symbol, or a type word that contradicts the symbol"}
RULE = sys.modules[__name__]

# why a symbol is malformed -> (vi, en) explanation
_WHY = {
    "party_with_year": ("văn bản Đảng không ghi năm trong ký hiệu", "Party symbols carry no year"),
    "party_as_state": ("cơ quan «{issuer}» là cơ quan Đảng, ký hiệu theo mẫu số-loại/cơ quan",
                       "«{issuer}» is a Party body: its symbols are number-TYPE/ISSUER"),
    "state_as_party": ("cơ quan «{issuer}» là cơ quan nhà nước, ký hiệu theo mẫu số/loại-cơ quan",
                       "«{issuer}» is a State body: its symbols are number/TYPE-ISSUER"),
    "separators": ("dấu «/» và «-» đặt sai chỗ", "the «/» and «-» are misplaced"),
    "number_glued": ("số và mã loại «{type}» viết liền, thiếu dấu phân cách",
                     "the number and the type «{type}» are run together, without a separator"),
    "year_glued": ("năm «{year}» và mã loại «{type}» viết liền, thiếu dấu «/»",
                   "the year «{year}» and the type «{type}» are run together, without a «/»"),
    "missing_hyphen": ("thiếu dấu «-» giữa mã loại «{type}» và cơ quan «{issuer}»",
                       "the «-» between type «{type}» and issuer «{issuer}» is missing"),
}


def check(doc, ctx: Context):
    vocab = vocabulary()
    # the header's own "Số: 112-BC/ĐU" line too (a table in most drafts), then the body
    header = [b for b in doc.blocks if b.zone == "header"]
    for block in header + ctx.text_blocks():
        for cit in ctx.values(block).citations:
            sym = cit.symbol
            if sym.problem in _WHY:
                vi, en = (w.format(issuer=sym.issuer, type=sym.type, year=sym.year) for w in _WHY[sym.problem])
                yield ctx.finding(RULE, block, evidence=sym.text, offset=sym.start,
                                  message=ctx.t(f"Ký hiệu «{sym.text}» sai mẫu: {vi}.", f"Symbol «{sym.text}» is malformed: {en}."),
                                  suggestion=ctx.t(f"Sửa thành «{sym.fixed}».", f"Write «{sym.fixed}»."))
                continue
            if sym.problem == "normative_without_year":
                year = cit.date.year if cit.date else None
                # with no date beside it the year is unknown: say where it goes, never a literal "NĂM"
                fixed = f"{sym.number}/{year}/{sym.type}-{sym.issuer}" if year else None
                yield ctx.finding(RULE, block, evidence=sym.text, offset=sym.start,
                                  message=ctx.t(f"Ký hiệu «{sym.text}» thiếu năm ban hành (mẫu số/năm/{sym.type}-{sym.issuer}).",
                                                f"Symbol «{sym.text}» lacks its year (form number/year/{sym.type}-{sym.issuer})."),
                                  suggestion=ctx.t(f"Ghi đủ ký hiệu: «{fixed}»." if fixed else
                                                   f"Bổ sung năm ban hành vào ký hiệu, sau số «{sym.number}/» "
                                                   f"(dạng số/năm/{sym.type}-{sym.issuer}), theo văn bản gốc.",
                                                   f"Write the full symbol: «{fixed}»." if fixed else
                                                   f"Add the year of issue after «{sym.number}/» (form "
                                                   f"number/year/{sym.type}-{sym.issuer}), as in the original."))
                continue
            if cit.type_word and sym.type in vocab.known_codes:
                # (a State letter's symbol holds its office, not a type: "Công văn số 7415/BNV-CCVC")
                allowed = vocab.type_codes.get(cit.type_word.lower())
                if allowed and sym.type.upper() not in {a.upper() for a in allowed}:
                    right = vocab.type_name(sym.type)
                    hint_vi = f" Mã «{sym.type}» là {right}." if right else ""
                    hint_en = f" Code «{sym.type}» is a {right}." if right else ""
                    yield ctx.finding(RULE, block, evidence=block.text[cit.start:sym.end], offset=cit.start,
                                      message=ctx.t(f"Tên loại «{cit.type_word}» không khớp ký hiệu «{sym.text}».{hint_vi}",
                                                    f"Type word «{cit.type_word}» does not match symbol «{sym.text}».{hint_en}"),
                                      suggestion=ctx.t("Sửa tên loại văn bản hoặc ký hiệu cho khớp văn bản gốc.",
                                                       "Correct the type word or the symbol to match the original."))
