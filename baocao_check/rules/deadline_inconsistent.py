"""Ngày tháng của một bước trong Kế hoạch trái với thời hạn Kế hoạch đặt ra; kỳ báo cáo không bắt đầu từ ngày Kế hoạch quy định.

A date the draft gives for a step of the plan contradicts the plan's deadline; the reporting period does not start when the plan says.

Thời hạn của Kế hoạch nằm trong khoá ``deadlines`` của bộ quy tắc (báo cáo thành phần trước
15/5/2026; chi bộ báo cáo trong tháng 5/2026; hội nghị sơ kết xong trước 15/6/2026), mỗi thời
hạn có các cách dự thảo gọi bước đó (``mentions``). Câu nhắc một bước mà ghi ngày trái thời
hạn thì bị báo; ngày của chính báo cáo (dòng địa danh, ngày tháng) cũng được so với thời hạn
báo cáo thành phần. Kỳ báo cáo ("từ ngày … đến …" ở đoạn mở đầu, hoặc câu có "kỳ báo cáo")
phải bắt đầu từ ``period.start`` (01/7/2025), và số liệu tính đến ngày nào ("số liệu tính đến ngày
15/6/2026") phải là ``period.end`` khi Kế hoạch quy định (trừ ``estimate_until``); chú thích của phụ lục
("(Kèm theo Báo cáo …; số liệu từ …)") cũng được xét. Báo cáo chưa ghi ngày ban hành thì không thể sớm
hơn văn bản nó thực hiện ("Thực hiện Công văn số … ngày 21/5/2026" ở đoạn mở đầu) và ngày cuối
của kỳ số liệu ("đến hết ngày 25/5/2026"): khi những ngày đó đã sau thời hạn báo cáo, báo cáo
chậm hạn — một phát hiện, ở ngày muộn nhất. Một loại báo cáo khác ("gửi báo cáo tham luận",
``vocabularies.other_report_kinds``) không phải là báo cáo mà thời hạn nói tới.

Ví dụ sai (FAIL)::

    Phường Mẫu, ngày 28 tháng 5 năm 2026
    BÁO CÁO
    Đảng ủy phường báo cáo kết quả từ ngày 15/7/2025 đến ngày 20/5/2026 như sau:
    I. KẾT QUẢ
    Dự kiến tổ chức Hội nghị sơ kết vào ngày 25/6/2026.

Ví dụ đúng (PASS)::

    Phường Mẫu, ngày 12 tháng 5 năm 2026
    BÁO CÁO
    Đảng ủy phường báo cáo kết quả từ ngày 01/7/2025 đến ngày 10/5/2026 như sau:
    I. KẾT QUẢ
    Dự kiến tổ chức Hội nghị sơ kết vào ngày 10/6/2026; các chi bộ báo cáo trong tháng 5/2026.
"""

from __future__ import annotations

import re
import sys

from ..facts.report import body_key, bound_bodies, issuer_head, issuer_text, named_at
from ..facts.text import clause_spans, opening, sentences
from ..matching import Phrase
from ..normalize import fold
from ..parsing.dates import find_place_date, parse_iso
from ..parsing.periods import is_as_of, opens_range, range_end
from .base import Context

ID = "deadline_inconsistent"
CATEGORY = "deadline_inconsistent"
SEVERITY = "warning"
SUMMARY = {"vi": "Ngày của một bước trái với thời hạn của Kế hoạch; kỳ báo cáo sai ngày bắt đầu",
           "en": "A step dated against the plan's deadline; the reporting period starts on the wrong day"}
RULE = sys.modules[__name__]



def _fmt(d):
    return f"{d.day}/{d.month}/{d.year}"


def check(doc, ctx: Context):
    deadlines = ctx.ruleset.items("deadlines")
    period = ctx.ruleset.part("period")
    start = parse_iso(period["start"]) if period.get("start") else None
    end = parse_iso(period["end"]) if period.get("end") else None
    estimate = parse_iso(period["estimate_until"]) if period.get("estimate_until") else None
    issued = ctx.facts.report_date
    other_kinds = ctx.ruleset.phrases("other_report_kinds", strict=True)
    period_words = [fold(w) for w in ctx.ruleset.vocab("reporting_period_words")]
    header_block = next((b for b in doc.blocks if b.zone == "header" and find_place_date(b.text)), None)
    issuer = issuer_text(doc)
    for dl in deadlines:
        if dl.get("report_date") and issued and header_block is not None and _breaks(dl, issued) \
                and not _bound_elsewhere(dl, deadlines, issuer):
            yield ctx.finding(RULE, header_block, clause=dl["clause"], evidence=_date_text(header_block), code="report_date",
                              message=ctx.t(f"Báo cáo đề ngày {_fmt(issued)}, trái thời hạn «{dl['title']}».",
                                            f"The report is dated {_fmt(issued)}, against the deadline «{dl['title']}»."),
                              suggestion=ctx.t("Hoàn thành và gửi báo cáo đúng thời hạn của Kế hoạch, hoặc kiểm tra lại ngày.",
                                               "Finish and send the report by the plan's deadline, or check the date."))
    if issued is None:
        yield from _late_by_its_own_sources(ctx, deadlines)
    yield from _against_tables(ctx)
    mentions = [(dl, [Phrase(m, strict=True) for m in dl.get("mentions", [])]) for dl in deadlines]
    body = ctx.text_blocks()
    preamble = next((b for b in body if b.kind == "paragraph"), None)
    # (an annex's caption gives its figures' period too: "(Kèm theo Báo cáo …; số liệu từ 01/01/2023 …)")
    for block in body + [b for b in ctx.text_blocks(("annex",))]:
        values = ctx.values(block)
        if not values.dates:
            continue
        steps = mentions if block.zone == "body" else []
        for a, b in sentences(block.text):
            skey = block.key[a:b]
            dates = [d for d in values.dates if a <= d.start < b and d.valid]
            if not dates:
                continue
            for ca, cb in clause_spans(block.text, a, b):
                ckey = block.key[ca:cb]
                clause_dates = [d for d in dates if ca <= d.start < cb]
                if not clause_dates:
                    continue
                matched, other = {}, set()
                for dl, pats in steps:
                    m = next((m for p in pats if (m := p.pattern.search(ckey))), None)
                    if m is None:
                        continue
                    # "gửi báo cáo tham luận …": another kind of report than the one the deadline is about
                    rest = ckey[m.end():].lstrip()
                    if any(p.pattern.match(rest) for p in other_kinds):
                        other.add(id(dl))
                        continue
                    matched[id(dl)] = (dl, m)
                if not matched:
                    continue
                # the statement the clause belongs to, from its ";" or the sentence start: its subject
                stmt = max(a, skey.rfind(";", 0, ca - a) + a + 1)
                said = {w for _, m in matched.values() for w in m.group(0).split()}
                held = _applying([dl for dl, _ in matched.values()], [dl for dl in deadlines if id(dl) not in other],
                                 block.key[stmt:cb], said)
                for dl in held:
                    m = matched.get(id(dl), next(iter(matched.values())))[1]
                    # the step's own date: the first after its mention, else the last before it
                    after = [d for d in clause_dates if d.start >= ca + m.end()]
                    d = after[0] if after else clause_dates[-1]
                    if _breaks(dl, d.first_day()):
                        yield ctx.finding(RULE, block, evidence=d.text, offset=d.start, clause=dl["clause"], code="step",
                                          message=ctx.t(f"Ngày {d.display()} trái thời hạn của Kế hoạch: «{dl['title']}».",
                                                        f"{d.display()} is against the plan's deadline: «{dl['title']}»."),
                                          suggestion=ctx.t("Điều chỉnh cho đúng thời hạn của Kế hoạch.",
                                                           "Bring it within the plan's deadline."))
            # the reporting period
            if start and (block is preamble or any(w in skey for w in period_words)):
                for d in dates:
                    if d.precision == "day" and opens_range(block.text, d) \
                            and d.first_day() != start:
                        yield ctx.finding(RULE, block, evidence=d.text, offset=d.start, clause=period.get("clause"),
                                          code="period_start",
                                          message=ctx.t(f"Kỳ báo cáo bắt đầu từ {d.display()}, Kế hoạch quy định từ {_fmt(start)}.",
                                                        f"The reporting period starts {d.display()}; the plan says {_fmt(start)}."),
                                          suggestion=ctx.t(f"Báo cáo từ ngày {_fmt(start)}.", f"Report from {_fmt(start)}."))
                        break
            # the day the figures are given as of ("số liệu tính đến ngày 15/6/2026"; the plan: 30/6/2026)
            if end and (block is preamble or any(w in skey for w in period_words)):
                for d in dates:
                    if d.precision == "day" and (is_as_of(block.text, d) or range_end(block.text, d, dates)) \
                            and d.first_day() not in (end, estimate) and (start is None or d.first_day() > start):
                        yield ctx.finding(RULE, block, evidence=d.text, offset=d.start, clause=period.get("clause"),
                                          code="period_end",
                                          message=ctx.t(f"Số liệu tính đến {d.display()}, Kế hoạch yêu cầu đến {_fmt(end)}.",
                                                        f"The figures run to {d.display()}; the plan asks for {_fmt(end)}."),
                                          suggestion=ctx.t(f"Lấy số liệu đến ngày {_fmt(end)} (hoặc ghi «ước thực hiện đến» nếu chưa đến ngày đó).",
                                                           f"Give the figures to {_fmt(end)} (or mark them as estimates until then)."))
                        break




def _late_by_its_own_sources(ctx, deadlines):
    """A report with no date of its own cannot be earlier than what it relies on: the instruction it
    answers ("Thực hiện Công văn số … ngày 21/5/2026", in its opening) and the end of the period it
    reports ("từ ngày 01/7/2025 đến hết ngày 25/5/2026"). When these fall after the plan's deadline
    for the report, the report is late: one finding, at the latest of them."""
    due = [dl for dl in deadlines if dl.get("report_date") and dl.get("before")]
    if not due:
        return
    body = ctx.text_blocks()
    opening = []
    for b in body:
        if b.is_heading:
            break
        if b.kind == "paragraph":
            opening.append(b)
    sources = []   # (date, block, Date, what)
    for b in opening:
        values = ctx.values(b)
        for c in values.citations:
            if c.date is not None and c.date.valid and c.date.precision == "day":
                sources.append((c.date.first_day(), b, c.date, "instruction"))
        for d in values.dates:
            if d.valid and d.precision == "day" and range_end(b.text, d, values.dates):
                sources.append((d.first_day(), b, d, "period_end"))
    if not sources:
        return
    for dl in due:
        limit = parse_iso(dl["before"])
        late = [x for x in sources if x[0] > limit]
        if not late:
            continue
        when, block, d, what = max(late, key=lambda x: (x[0], x[3] == "period_end"))
        if what == "period_end":
            vi = f"Báo cáo lấy số liệu đến ngày {d.display()}, sau thời hạn «{dl['title']}»."
            en = f"The report's figures run to {d.display()}, after the deadline «{dl['title']}»."
        else:
            vi = f"Báo cáo thực hiện văn bản ngày {d.display()}, sau thời hạn «{dl['title']}»: báo cáo không thể đúng hạn."
            en = f"The report answers an instruction of {d.display()}, after the deadline «{dl['title']}»."
        yield ctx.finding(RULE, block, evidence=d.text, offset=d.start, clause=dl["clause"], message=ctx.t(vi, en),
                          code=f"late.{what}",
                          suggestion=ctx.t("Ghi ngày ban hành của báo cáo và đối chiếu với thời hạn của Kế hoạch; "
                                           "nếu chậm, nêu lý do.",
                                           "Date the report and compare it with the plan's deadline; if late, say why."))




def _against_tables(ctx):
    """"Trụ sở UBND xã A (cũ) … hoàn thành trước ngày 30/9/2026" while the table of the assets gives
    the row «Trụ sở UBND xã A (cũ)» the time limit 31/12/2026: the body and the table set two
    deadlines for one thing. Compared by the last day each gives ("quý IV/2026" is 31/12/2026)."""
    from ..facts import xrefs
    from ..facts.tables import tables_of
    facts = ctx.facts
    not_before = facts.not_before
    openers = ctx.ruleset.phrases("proposal_openers")
    # a proposal asks another body for one step ("Đề nghị Sở Tài chính thẩm định phương án … trước ngày
    # 30/9/2026"), not the time limit the table gives the whole
    body = [b for b in ctx.text_blocks() if b.kind != "footnote"
            and not any(p.pattern.match(opening(b)) for p in openers)]
    seen: set[tuple[int, int]] = set()
    for model in tables_of(facts):
        if model.label_col is None:
            continue
        col = xrefs.deadline_column(facts, model)
        if col is None:
            continue
        for row in model.rows:
            label = fold(row.label).strip()
            cell = row.cells[col.index].strip() if col.index < len(row.cells) else ""
            if row.kind != "item" or len(label.split()) < 3 or not cell:
                continue
            cell_dates = [d for d in facts.values_of_text(cell).dates if d.valid]
            if len(cell_dates) != 1:
                continue
            due = cell_dates[0].last_day()
            for block in body:
                at = block.key.find(label)
                if at < 0:
                    continue
                a, b = next(((x, y) for x, y in sentences(block.text) if x <= at < y), (0, len(block.text)))
                dates = [d for d in ctx.values(block).dates if at < d.start < b and d.valid
                         and (not_before is None or d.last_day() > not_before)]
                if len(dates) != 1 or (block.index, dates[0].start) in seen:
                    continue
                d = dates[0]
                if d.last_day() == due:
                    continue
                seen.add((block.index, d.start))
                name = model.table.identifier or ctx.t("bảng", "the table")
                yield ctx.finding(RULE, block, evidence=d.text, offset=d.start, code="table_deadline",
                                  clause=ctx.ruleset.part("annexes").get("clause"),
                                  message=ctx.t(f"Thời hạn {d.display()} của «{row.label}» khác với {name} "
                                                f"(cột «{col.header}»: {cell}).",
                                                f"The deadline {d.display()} of «{row.label}» differs from {name} "
                                                f"(column «{col.header}»: {cell})."),
                                  suggestion=ctx.t("Thống nhất một thời hạn giữa báo cáo lời và bảng.",
                                                   "State one deadline in the text and the table."))


def _bound_elsewhere(dl, deadlines, issuer: str) -> bool:
    """The header names a body another deadline binds and this one does not (the Party committee's own
    report is not one of the component reports due earlier), or a body of a kind this deadline does
    not name but another does ("Đảng ủy phường …" against the ward's People's Committee's and Front's
    deadline, with the Party committee's office named in another)."""
    if not issuer or _binds(dl, issuer):
        return False
    others = [o for o in deadlines if o is not dl]
    if any(_binds(o, issuer) for o in others):
        return True
    head = issuer_head(issuer)
    return bool(head) and not any(head in k for k in _bodies(dl)) and any(head in k for o in others for k in _bodies(o))


def _bodies(dl) -> list[str]:
    return [body_key(b) for b in bound_bodies(dl)]


def _binds(dl, issuer: str) -> bool:
    """Does the deadline bind the issuer: by name ("UBND xã" and "Ủy ban nhân dân xã Tân Lập"), or by
    kind ("các sở, ban, ngành tỉnh" and "Sở Nội vụ")?"""
    return any(re.search(rf"(?<!\w){re.escape(key)}(?!\w)", issuer)
               or ("," in key and any(issuer.startswith(kind.strip() + " ") for kind in key.split(",") if kind.strip()))
               for key in _bodies(dl))


def _applying(candidates, deadlines, ckey, said=frozenset()):
    """The deadlines a clause is held to: when it names a bound body ("07 chi bộ còn lại hoàn thành,
    gửi báo cáo về … (qua Ban Xây dựng Đảng)"), the deadline of the body named first, the clause's
    subject; else those whose wording it uses. A body's deadline about another thing than the clause
    speaks of does not apply ("UBND xã … chuẩn bị nội dung phục vụ Hội nghị sơ kết, dự kiến tổ chức
    trước ngày 10/6/2026": the conference's deadline, not UBND's reports'); ``said``: the words of the
    deadline wordings the clause uses."""
    def about(dl) -> bool:
        return any(dl is c for c in candidates) or not said or \
            any(w in said for m in dl.get("mentions") or () for w in fold(str(m)).split())
    named = [(at, k, dl) for k, dl in enumerate(deadlines) if about(dl) and (at := named_at(dl, ckey)) is not None]
    if not named:
        return candidates
    first = min(at for at, _, _ in named)
    return [dl for at, _, dl in sorted(named, key=lambda x: x[:2]) if at == first]


def _breaks(dl, when) -> bool:
    if dl.get("before"):
        return when > parse_iso(dl["before"])
    if dl.get("within_month"):
        y, m = map(int, dl["within_month"].split("-"))
        return (when.year, when.month) != (y, m)
    return False


def _date_text(block) -> str:
    d = find_place_date(block.text)
    return d.text if d else ""
