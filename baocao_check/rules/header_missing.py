"""Thiếu số, ký hiệu hoặc địa danh, ngày tháng ở phần đầu văn bản (thể thức).

The header lacks the number/symbol line ("Số: 15/BC-UBND") and/or the place-date line.

Theo Nghị định 30/2020/NĐ-CP (và Hướng dẫn 36-HD/VPTW với văn bản của Đảng), phần đầu báo cáo
phải có số, ký hiệu ("Số: 15/BC-UBND", "Số 12-BC/ĐU") và địa danh, ngày tháng ("Tân Lập, ngày 20
tháng 5 năm 2026"). Quy tắc xét các dòng trước tiêu đề "BÁO CÁO" (cả bảng đầu văn bản trong Word,
bảng Markdown). Dòng có nhưng để trống ("Số:    /BC-UBND", "ngày  tháng 5 năm 2026") thuộc quy tắc
``placeholder_unfilled``, không báo ở đây. Văn bản đã có chữ ký ("TM. ỦY BAN NHÂN DÂN", "T/M BAN
THƯỜNG VỤ") mà không có phần «Nơi nhận» cũng bị nhắc (mã ``recipients``); dự thảo chưa đến phần ký thì không.

Ví dụ sai (FAIL)::

    ỦY BAN NHÂN DÂN PHƯỜNG KIM TRÀ
    BÁO CÁO
    Sơ kết 01 năm thực hiện mô hình chính quyền địa phương 02 cấp

Ví dụ đúng (PASS)::

    ỦY BAN NHÂN DÂN PHƯỜNG KIM TRÀ
    Số: 15/BC-UBND                  Kim Trà, ngày 20 tháng 5 năm 2026
    BÁO CÁO
    Sơ kết 01 năm thực hiện mô hình chính quyền địa phương 02 cấp
"""

from __future__ import annotations

import re
import sys
from functools import lru_cache

from ..parsing.dates import find_blank_dates, find_place_date
from ..parsing.symbols import find_blank_symbols, find_symbols
from ..parsing.vocabulary import vocabulary
from .base import Context

ID = "header_missing"
CATEGORY = "other"
SEVERITY = "warning"
SUMMARY = {"vi": "Thiếu số, ký hiệu hoặc địa danh, ngày tháng ở phần đầu văn bản",
           "en": "The header lacks the number/symbol or the place-date line"}
RULE = sys.modules[__name__]

REPORT_CODE = "BC"     # the document type this tool checks, by its code in the lexicon's document_types


def _report_name() -> str:
    """"BÁO CÁO": the lexicon's name of the document type BC, in capitals."""
    return (vocabulary().type_name(REPORT_CODE) or "").split(" hoặc ")[0].upper()


@lru_cache(maxsize=1)
def _title_res() -> tuple[re.Pattern, re.Pattern]:
    """The report's title line ("BÁO CÁO", letter-spaced "B Á O  C Á O"), and a title run together with
    its subtitle ("BÁO CÁO sơ kết 1 năm …", one paragraph in some DOCX); the name comes from the lexicon."""
    name = _report_name()
    if not name:
        return re.compile(r"(?!x)x"), re.compile(r"(?!x)x")
    spaced = r"\s+".join(r"\s*".join(re.escape(ch) for ch in word) for word in name.split())
    return (re.compile(rf"^[#*\s]*{spaced}[*\s]*$"),
            re.compile(rf"^[#*\s]*{re.escape(name)}(?!\w)"))


# the signer's authority ("TM. ỦY BAN NHÂN DÂN", "T/M BAN THƯỜNG VỤ", "KT. CHỦ TỊCH") and the recipients
_SIGNER_RE = re.compile(r"(?m)^[\W_]*(?:t/?m\.?|kt\.?|k/t\.?|q\.|tl\.|tuq\.)\s+\w")
_RECIPIENTS_RE = re.compile(r"(?<!\w)nơi nhận(?!\w)")


def _recipients(doc, ctx):
    """A draft signed ("TM. ỦY BAN NHÂN DÂN …") without its «Nơi nhận» (where it is sent), which
    Nghị định 30/2020/NĐ-CP and Hướng dẫn 36-HD/VPTW require beside the signature. A draft not yet
    signed is not judged."""
    signer = next((b for b in doc.blocks if b.zone != "header" and _SIGNER_RE.search(b.key)), None)
    if signer is None or any(_RECIPIENTS_RE.search(b.key) for b in doc.blocks):
        return
    line = next(m for m in _SIGNER_RE.finditer(signer.key))
    at = line.start() + len(line.group(0)) - len(line.group(0).lstrip("*_ #"))
    said = signer.text[at:].split("\n")[0].strip(" *_")
    yield ctx.finding(RULE, signer, evidence=said, offset=signer.text.find(said) if said else None, code="recipients",
                      message=ctx.t("Văn bản thiếu phần «Nơi nhận» bên cạnh chữ ký (thể thức theo Nghị định 30/2020/NĐ-CP).",
                                    "The document has no «Nơi nhận» (recipients) beside the signature (Decree 30/2020/NĐ-CP)."),
                      suggestion=ctx.t("Thêm «Nơi nhận:» với các cơ quan nhận báo cáo và «Lưu: VT, …».",
                                       "Add «Nơi nhận:» with the bodies the report goes to and «Lưu: VT, …»."))


def check(doc, ctx: Context):
    yield from _recipients(doc, ctx)
    blocks = doc.blocks
    title_re, title_start_re = _title_res()
    title = next((b for b in blocks if title_re.match((b.text or "").strip())), None)
    if title is None:
        title = next((b for b in blocks if b.zone == "header" and title_start_re.match((b.text or "").strip())), None)
    if title is None:
        return
    head = [b for b in blocks if b.index < title.index or b.zone == "header"]
    text = "\n".join(b.text or "" for b in head)
    # the shared parsers read the lines, filled or blank ("Số: 15/BC-UBND", "Số:    /BC-UBND";
    # "…, ngày 20 tháng 5 năm 2026", "ngày   tháng   năm 2026")
    has_number = bool(find_symbols(text) or find_blank_symbols(text))
    has_date = find_place_date(text) is not None or bool(find_blank_dates(text))
    if has_number and has_date:
        return
    if not has_number and not has_date:
        vi, en = "số, ký hiệu và địa danh, ngày tháng", "the number/symbol and the place-date line"
    elif not has_number:
        vi, en = "số, ký hiệu (\"Số: …/BC-…\")", "the number/symbol line"
    else:
        vi, en = "địa danh, ngày tháng", "the place-date line"
    name = _report_name()
    yield ctx.finding(RULE, title, evidence=name if name and name in title.text else title.text.strip(),
                      message=ctx.t(f"Phần đầu văn bản thiếu {vi} (thể thức theo Nghị định 30/2020/NĐ-CP).",
                                    f"The header lacks {en} (format of Decree 30/2020/NĐ-CP)."),
                      suggestion=ctx.t("Thêm dòng số, ký hiệu và dòng địa danh, ngày tháng phía trên tiêu đề.",
                                       "Add the number/symbol and place-date lines above the title."))
