"""Ngày tháng không thể đúng trong ngữ cảnh.

A date that cannot be right in context.

- Ngày không có thật ("31/02/2026", "tháng 13/2025").
- Văn bản được trích dẫn ban hành sau ngày của chính báo cáo, hoặc số liệu "tính đến"
  một ngày sau ngày báo cáo.
- Văn bản của đơn vị mới (ký hiệu "/ĐU" của Đảng ủy xã, phường; "/…-UBND" của Ủy ban nhân
  dân xã, phường) ghi ngày trước khi đơn vị mới hoạt động (ngày bắt đầu kỳ báo cáo
  trong từ vựng chung, ``new_units_since``), trừ khi câu nói rõ là của đơn vị cũ ("cũ",
  "trước sắp xếp"). Nghị quyết, quyết định của Trung ương, của tỉnh ban hành trước
  đó là bình thường.
- Các văn bản cùng loại, cùng cơ quan có số thứ tự tăng mà ngày lại lùi.

Ví dụ sai (FAIL)::

    Phường Mẫu, ngày 20 tháng 5 năm 2026
    BÁO CÁO
    I. KẾT QUẢ
    Đảng ủy ban hành Quy chế số 01-QC/ĐU ngày 30/02/2026; Quy định số 02-QĐ/ĐU ngày 15/3/2025 của Đảng ủy phường.
    Thực hiện Kế hoạch số 05-KH/ĐU ngày 10/9/2025 và Kế hoạch số 07-KH/ĐU ngày 02/8/2025 của Đảng ủy phường.
    Thực hiện Công văn số 45-CV/TU ngày 25/5/2026 của Tỉnh ủy.

Ví dụ đúng (PASS)::

    Phường Mẫu, ngày 20 tháng 5 năm 2026
    BÁO CÁO
    I. KẾT QUẢ
    Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị, Đảng ủy ban hành Kế hoạch số 05-KH/ĐU ngày 10/7/2025.
    Kế hoạch số 07-KH/ĐU ngày 02/8/2025; Nghị quyết số 03-NQ/ĐU ngày 10/3/2024 của Đảng ủy xã Tân Viên cũ.
    Hoàn thành trước ngày 15/6/2026; định hướng đến năm 2030.
"""

from __future__ import annotations

import re
import sys

from ..normalize import fold
from ..parsing.dates import parse_iso
from ..places import find_places, main_unit
from ..facts.report import report_date
from ..parsing.periods import is_as_of
from ..parsing.vocabulary import vocabulary
from .base import Context

ID = "date_implausible"
CATEGORY = "date_implausible"
SEVERITY = "warning"
SUMMARY = {"vi": "Ngày không có thật, sau ngày báo cáo, trước khi đơn vị mới hoạt động, hoặc số tăng mà ngày lùi",
           "en": "Impossible date, after the report's date, before the new unit existed, or numbers rising as dates fall"}
RULE = sys.modules[__name__]



def check(doc, ctx: Context):
    issued = report_date(doc)
    own = main_unit(doc, ctx.places)
    flagged: set[tuple[int, int]] = set()
    # the new units' own documents are no older than the units (lexicon new_units_since), whatever
    # period a plan reports on
    from ..lexicon import lexicon
    since = lexicon().get("new_units_since")
    start = parse_iso(since) if since else None
    sequences: dict[tuple, list] = {}
    for block in ctx.text_blocks(zones=("header", "body", "annex")):
        values = ctx.values(block)
        for d in values.dates:
            if not d.valid:
                yield ctx.finding(RULE, block, evidence=d.text, offset=d.start, severity="error",
                                  message=ctx.t(f"Ngày không có thật: «{d.text}».", f"No such date: «{d.text}»."),
                                  suggestion=ctx.t("Kiểm tra lại ngày, tháng.", "Check the day and month."))
        if block.zone == "header":
            continue
        for cit in values.citations:
            if cit.date is None or not cit.date.valid:
                continue
            when = cit.date.first_day()
            sym = cit.symbol
            if issued and when > issued:
                flagged.add((block.index, cit.date.start))
                yield ctx.finding(RULE, block, evidence=cit.date.text, offset=cit.date.start,
                                  message=ctx.t(f"«{sym.text}» ghi ngày {cit.date.display()}, sau ngày của báo cáo "
                                                f"({issued.day}/{issued.month}/{issued.year}).",
                                                f"«{sym.text}» is dated {cit.date.display()}, after the report's own date "
                                                f"({issued.day}/{issued.month}/{issued.year})."),
                                  suggestion=ctx.t("Kiểm tra lại ngày ban hành của văn bản được trích dẫn.",
                                                   "Check the issue date of the cited document."))
            if start and when < start and _new_unit(ctx, block, cit, sym, own):
                flagged.add((block.index, cit.date.start))
                yield ctx.finding(RULE, block, evidence=cit.date.text, offset=cit.date.start,
                                  message=ctx.t(f"«{sym.text}» là văn bản của đơn vị cấp xã mới nhưng ghi ngày "
                                                f"{cit.date.display()}, trước ngày {start.day}/{start.month}/{start.year}.",
                                                f"«{sym.text}» is a document of the new commune-level unit but is dated "
                                                f"{cit.date.display()}, before {start.day}/{start.month}/{start.year}."),
                                  suggestion=ctx.t("Kiểm tra lại ngày; nếu là văn bản của đơn vị cũ, ghi rõ «(cũ)».",
                                                   "Check the date; if it is a document of a former unit, say so."))
            near = fold(block.text[max(0, cit.start - 60): cit.end + 80])
            if sym.number.isdigit() and not any(p.pattern.search(near) for p in _place_kinds(ctx, "former")):
                # a former unit's document is of another register
                # one register per document type and issuer (Quy định and Quyết định share "QĐ" but not a register);
                # State documents are numbered per year, Party documents per term
                kind = fold(cit.type_word or "")
                group = (sym.family, sym.type.upper(), kind, sym.issuer.upper(), when.year if sym.family != "party" else 0,
                         _issuer_level(ctx, block, cit))
                sequences.setdefault(group, []).append((int(sym.number), when, block, cit))
        # figures "as of" a date after the report; something told as done on a date after the report
        if issued:
            for d in values.dates:
                if not (d.valid and d.precision == "day" and d.first_day() > issued) \
                        or (block.index, d.start) in flagged:
                    continue
                if is_as_of(block.text, d):
                    yield ctx.finding(RULE, block, evidence=d.text, offset=d.start, code="as_of_after_report",
                                      message=ctx.t(f"Số liệu tính đến {d.display()}, sau ngày của báo cáo.",
                                                    f"Figures as of {d.display()}, after the report's own date."),
                                      suggestion=ctx.t("Kiểm tra lại mốc thời gian của số liệu.",
                                                       "Check the cut-off date of the figures."))
                elif _told_as_done(ctx, block.text, d, narrative=not _ahead(ctx, block)) \
                        or (block.kind == "footnote" and _cited_as_done(ctx, doc, block)):
                    yield ctx.finding(RULE, block, evidence=d.text, offset=d.start, code="done_after_report",
                                      message=ctx.t(f"Việc được kể là đã làm vào ngày {d.display()}, sau ngày của "
                                                    f"báo cáo ({issued.day}/{issued.month}/{issued.year}).",
                                                    f"Something is told as done on {d.display()}, after the report's "
                                                    f"own date ({issued.day}/{issued.month}/{issued.year})."),
                                      suggestion=ctx.t("Kiểm tra lại ngày, hoặc nói rõ đó là việc dự kiến.",
                                                       "Check the date, or say it is planned."))
    yield from _backwards(ctx, sequences, flagged)


def _ahead(ctx, block) -> bool:
    """In a part about the time ahead or a proposal ("Nhiệm vụ, giải pháp …", "Kiến nghị")."""
    from ..matching import leads_with, phrases
    ahead = phrases(list(ctx.ruleset.vocab("task_sections")) + list(ctx.ruleset.vocab("proposal_sections")))
    return any(leads_with(ahead, s.norm_title) for s in (block.section.path() if block.section else []))


def _told_as_done(ctx, text: str, d, narrative: bool = False) -> bool:
    """"đã bàn giao … ngày 26/6/2026": the clause of the date tells a thing done ("đã"), with no word of a
    plan or a time limit before the date ("dự kiến", "sẽ", "trước ngày", "hoàn thành trong").
    ``narrative``: a date that opens its sentence ("Ngày 26/6/2026, Đảng ủy tiếp tục phối hợp … tổ chức …")
    tells an event of the period as well, outside the parts about the time ahead."""
    from ..facts.text import BULLET_CHARS, clause_spans, sentence_at
    a, b = sentence_at(text, d.start)
    ca, cb = next(((x, y) for x, y in clause_spans(text, a, b) if x <= d.start < y), (a, b))
    before = fold(text[ca:d.start])
    after = fold(text[d.end:cb])
    # "Ngày 25/6/2026, cử tri đã bầu …": the date may open the clause it dates; "kỳ họp … tổ chức ngày
    # 25/6/2026 đã bầu …": or the verb of a done thing may follow it at once
    openers = {fold(w) for w in ctx.ruleset.vocab("date_openers")}
    lead = before.strip(BULLET_CHARS + ",")      # a list item's bullet is no word before the date
    opens = lead == "" or lead in openers
    if opens and not after.strip(" ,;"):
        # "Ngày 22/5/2026, Thường trực HĐND đã tổ chức …": the clause after the date's own
        nxt = next(((x, y) for x, y in clause_spans(text, a, b) if x >= cb), None)
        after = fold(text[nxt[0]:nxt[1]]) if nxt else ""
    done = ctx.ruleset.phrases("done_markers", strict=True)
    if opens:
        # what the date opens ends at the first comma after its verb ("…, yêu cầu … trước ngày 31/8")
        first = min((m.start() for p in done if (m := p.pattern.search(after))), default=None)
        if first is not None:
            stop = re.search(r"[,;]", after[first:])
            after = after[:first + stop.start()] if stop else after
    clause = before + " " + (after if opens else " ".join(after.split()[:3]))
    if not any(p.pattern.search(clause) for p in done) and not (narrative and opens and a == ca and lead in openers):
        return False
    return not any(p.pattern.search(clause) for p in ctx.ruleset.phrases("plan_markers", strict=True)) and \
        not any(p.pattern.search(before[-20:]) for p in ctx.ruleset.phrases("deadline_words"))


def _cited_as_done(ctx, doc, block) -> bool:
    """A footnote's dates are of the things its citing sentence tells as done: "đã tổ chức 03 hội
    nghị …²" with footnote 2 listing the conferences and their dates."""
    from ..facts.text import sentence_at
    ref = next((r for r in doc.footnote_refs if r.number == block.footnote_number), None)
    if ref is None or not 0 <= ref.block_index < len(doc.blocks):
        return False
    holder = doc.blocks[ref.block_index].text
    a, _ = sentence_at(holder, max(0, ref.offset - 1))
    told = fold(holder[a:ref.offset])
    return any(p.pattern.search(told) for p in ctx.ruleset.phrases("done_markers", strict=True)) and \
        not any(p.pattern.search(told) for p in ctx.ruleset.phrases("plan_markers", strict=True))


def _place_kinds(ctx, kind: str):
    """The lexicon's place kinds ("commune": xã, phường…; "former": cũ, trước sắp xếp…) as phrases."""
    def build():
        from ..matching import Phrase
        return [Phrase(w, strict=True) for w in _lexicon_kinds(kind)]
    return ctx.facts.memo(("place_kinds", kind), build)


def _new_unit(ctx, block, cit, sym, own: str | None) -> bool:
    """Is the cited document one of the new commune-level unit (not of a former commune)?"""
    sentence = fold(block.text[max(0, cit.start - 60): cit.end + 80])
    if any(p.pattern.search(sentence) for p in _place_kinds(ctx, "former")):
        return False
    tail = block.text[cit.end: cit.end + 90]
    vocab = vocabulary()
    named = [p for p in find_places(tail) if p.kind in vocab.commune_kinds]
    if named and own and fold(named[0].name) != own:
        return False   # "của Ủy ban nhân dân xã Đội Cấn": a former commune
    level = _issuer_level(ctx, block, cit)
    if level and level not in {fold(k) for k in _lexicon_kinds("commune")}:
        return False   # "Kế hoạch số 120/KH-UBND ngày 20/02/2025 của UBND tỉnh": another level's
    codes = vocab.commune_issuers     # the bodies a commune has: ĐU, UBND, HĐND
    if sym.family == "party":
        return sym.issuer.upper() in codes
    if sym.issuer.upper() in codes or sym.type.upper() in codes:
        if any(p.pattern.search(fold(tail[:60])) for p in _place_kinds(ctx, "commune")):
            return True
        return _issued_by_commune_before(ctx, block, cit, own)
    return False


def _issued_by_commune_before(ctx, block, cit, own: str | None) -> bool:
    """"UBND xã đã ban hành Quyết định số 05/QĐ-UBND …", "… Quy chế làm việc của Ủy ban nhân dân xã
    (Quyết định số 25/QĐ-UBND …)": the commune's body is named before the citation, in its sentence,
    issuing it or owning what the bracket cites."""
    from ..facts.text import sentences
    sent = next(((a, b) for a, b in sentences(block.text) if a <= cit.start < b), (0, len(block.text)))
    raw = block.text[max(sent[0], cit.start - 120):cit.start]
    before = fold(raw)
    pat = _body_kind_re(ctx, "commune")
    if pat is None:
        return False
    named = None
    for named in pat.finditer(before):
        pass
    if named is None:
        return False
    rest = before[named.end():]
    # the name after the kind word, as written (capitalised words): "UBND xã Đội Cấn ban hành …"
    m = re.match(r"(?:\s+[A-ZĐÀ-Ỹ][^\W\d_]*){1,4}", raw[named.end():]) if len(raw) == len(before) else None
    place = fold(" ".join(m.group(0).split())) if m else ""
    if place and own and not place.startswith(own) and not own.startswith(place):
        return False     # a former commune named
    verbs = "|".join(re.escape(fold(w)) for w in ctx.ruleset.vocab("issue_verbs"))
    issuing = bool(verbs) and re.search(rf"(?<!\w)(?:{verbs})(?!\w)", rest) and not re.search(r"[.;]", rest)
    bracket = rest.rstrip().endswith("(") and not re.search(r"[.;,]", rest)
    return bool(issuing or bracket)


def _issuer_level(ctx, block, cit) -> str:
    """The level of the body that issued a cited document, as the sentence names it ("UBND tỉnh đã ban
    hành …", "… của UBND xã"): "UBND" of a province and of a commune keep two registers."""
    pat = _body_kind_re(ctx, "admin")
    if pat is None:
        return ""
    after = pat.search(fold(block.text[cit.end:cit.end + 80]))
    if after:
        return after.group(1)
    before = list(pat.finditer(fold(block.text[max(0, cit.start - 80):cit.start])))
    return before[-1].group(1) if before else ""


def _body_kind_re(ctx, kind: str):
    """A body of the lexicon's ``commune_bodies`` followed by a place kind ("ubnd tỉnh", "ủy ban nhân dân
    xã"), the kind as group 1; compiled once per draft."""
    def build():
        kinds = "|".join(re.escape(fold(w)) for w in sorted(_lexicon_kinds(kind), key=len, reverse=True))
        bodies = "|".join(re.escape(fold(w)) for w in sorted(ctx.ruleset.vocab("commune_bodies"), key=len, reverse=True))
        return re.compile(rf"(?<!\w)(?:{bodies})\s+({kinds})(?!\w)") if kinds and bodies else None
    return ctx.facts.memo(("body_kind_re", kind), build)


def _lexicon_kinds(kind: str) -> list[str]:
    from ..lexicon import lexicon
    return list((lexicon().get("place_kinds") or {}).get(kind, []))


def _backwards(ctx, sequences, flagged):
    for group, items in sequences.items():
        seen = {}
        for number, when, block, cit in items:
            seen.setdefault(number, (when, block, cit))
        ordered = sorted(seen.items())
        for (n1, (d1, b1, c1)), (n2, (d2, b2, c2)) in zip(ordered, ordered[1:]):
            if d2 < d1 and (b1.index, c1.date.start) not in flagged and (b2.index, c2.date.start) not in flagged:
                yield ctx.finding(RULE, b2, evidence=c2.date.text, offset=c2.date.start, severity="info",
                                  message=ctx.t(f"Số và ngày không cùng chiều: «{c1.symbol.text}» ngày {c1.date.display()} "
                                                f"có số nhỏ hơn «{c2.symbol.text}» ngày {c2.date.display()} nhưng ngày lại muộn hơn.",
                                                f"Numbers and dates disagree: «{c2.symbol.text}» of {c2.date.display()} has a "
                                                f"higher number than «{c1.symbol.text}» of {c1.date.display()} but is older."),
                                  suggestion=ctx.t("Kiểm tra lại số hoặc ngày của hai văn bản.",
                                                   "Check the numbers or dates of the two documents."))
