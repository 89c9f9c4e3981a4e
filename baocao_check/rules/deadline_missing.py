"""Việc tồn đọng không nêu ai chịu trách nhiệm và đến bao giờ; tài sản dôi dư không có thời hạn xử lý.

An outstanding issue without who is responsible and by when; a surplus asset without a deadline.

Đề cương mục II.3: "Báo cáo rõ những tồn đọng, khó khăn chưa xử lý được (nếu có) và
trách nhiệm, thời hạn giải quyết"; mục II.5.2: trụ sở, tài sản công dôi dư phải có "thời
hạn giải quyết đối với từng tài sản". Câu nêu việc còn tồn đọng, chưa xử lý, chưa giải
quyết (``vocabularies.outstanding_markers``) mà trong cùng đoạn không có cơ quan, người
chịu trách nhiệm hoặc không có thời hạn thì bị nhắc; câu nói đã xử lý xong, không còn tồn
đọng thì không. Câu nêu tài sản dôi dư cụ thể (có số lượng hoặc tên) mà không có thời hạn
xử lý cũng bị nhắc. Câu dẫn tới một phụ lục có trong văn bản ("phương án xử lý, cơ quan chủ
trì và thời hạn tại Phụ lục 3") được tính là có thời hạn, trách nhiệm nếu cột "Thời hạn",
"Cơ quan chủ trì" của phụ lục đó có ghi (``annex_deadline_columns``); cột ghi "Chưa xác định"
thì không. Khi kể kết quả, việc dở dang ("tài liệu chưa được chỉnh lý", "cơ bản hoàn thành",
``progress_markers``) và việc mới xử lý một phần ("đã giải quyết 51/59 hồ sơ",
``processing_verbs``) cũng cần trách nhiệm, thời hạn; trong mục hạn chế, khó khăn thì đó là
hạn chế, không xét ở đây. Việc còn lại được đếm rồi giao cho một cơ quan ("còn 08 hồ sơ …, giao
Phòng Kinh tế chủ trì giải quyết", ``assignment_verbs``) mà không có ngày cũng bị nhắc. Đề xuất,
kiến nghị thiếu thời hạn do ``proposal_incomplete`` báo.

Ví dụ sai (FAIL)::

    II. KẾT QUẢ THỰC HIỆN
    Hiện còn 12 hồ sơ đất đai tồn đọng từ các xã cũ chưa xử lý được.
    Nhà đất dôi dư: 01 cơ sở nhà đất (Phòng khám đa khoa cũ), địa phương sẽ nghiên cứu phương án chuyển đổi công năng.

Ví dụ đúng (PASS)::

    II. KẾT QUẢ THỰC HIỆN
    Hiện còn 12 hồ sơ đất đai tồn đọng từ các xã cũ; giao Phòng Kinh tế chủ trì giải quyết xong trước ngày 30/9/2026.
    Nhà đất dôi dư: 01 cơ sở (Phòng khám đa khoa cũ), giao Phòng Kinh tế lập phương án xử lý trong quý III/2026.
    Xã không có cơ sở nhà đất dôi dư; 100% hồ sơ tồn đọng đã giải quyết xong.
"""

from __future__ import annotations

import re
import sys

from ..facts import xrefs
from ..facts.figures import unit_at
from ..facts.statements import (addressee_in, deadline_in, lexis, quantities, responsible_in, says_undone,
                                surplus_asset_mentions)
from ..facts.text import clause_spans, opening, sentence_at, sentences
from ..matching import leads_with, phrases
from ..normalize import fold
from ..parsing.numbers import format_number
from ..parsing.vocabulary import word_start_alternation
from .base import Context

ID = "deadline_missing"
CATEGORY = "deadline_missing"
SEVERITY = "warning"
SUMMARY = {"vi": "Việc tồn đọng thiếu trách nhiệm, thời hạn; tài sản dôi dư thiếu thời hạn xử lý",
           "en": "Outstanding issue without responsibility and deadline; surplus asset without a deadline"}
RULE = sys.modules[__name__]


def _phrases(ctx, name):
    return ctx.ruleset.phrases(name, strict=True)


def check(doc, ctx: Context):
    facts = ctx.facts
    always = _phrases(ctx, "outstanding_markers") + _phrases(ctx, "backlog_markers")
    rests = _phrases(ctx, "remainder_markers")
    progress = _phrases(ctx, "progress_markers")
    remainder = {fold(p.text) for p in _phrases(ctx, "remainder_markers")}
    backlog = {fold(p.text) for p in _phrases(ctx, "backlog_markers")} | remainder
    verbs = _phrases(ctx, "processing_verbs")
    limits = phrases(ctx.ruleset.requirement("limitations").sections or ctx.ruleset.words("limitation_sections"))

    def telling_limits(block) -> bool:
        """Inside a limitation or difficulty section, or under a "Khó khăn:" lead: there undone work is a
        limitation (its concreteness is generic_limitation's matter), not an outstanding task."""
        path = block.section.path() if block.section else []
        return any(p.matches(s.norm_title) for p in limits for s in path) or \
            bool(block.lead and any(p.matches(fold(block.lead)) for p in limits))
    resolved = _phrases(ctx, "resolved_markers")
    not_after = _phrases(ctx, "not_outstanding_after")
    clause_out = ctx.ruleset.requirement("outstanding_issues").clause
    clause_surplus = ctx.ruleset.requirement("surplus_assets").clause
    lx = lexis(facts)
    flagged: set[int] = set()
    for block in facts.text_blocks():
        if block.kind not in ("paragraph", "list_item", "footnote") and block.text_at is None:
            continue      # (a heading that carries its text, "b) Hồ sơ tồn đọng: còn 12 hồ sơ …", is read too)
        key = block.key
        values = facts.values(block)
        text = block.text
        in_limits = telling_limits(block)
        outstanding = (always if in_limits else always + progress) + rests
        partial = [] if in_limits else _partly_handled(text, key, values, verbs, lx)
        if not partial and not any(p.pattern.search(key) for p in outstanding):
            continue
        lead_end = block.text_at or (len(block.lead) + 1 if block.lead and text.startswith(block.lead) else 0)
        whole_deadline = deadline_in(facts, text, values)
        whole_who = responsible_in(facts, text)
        done = False
        for a, b in sentences(text):
            for ca, cb in clause_spans(text, a, b):
                ca = max(ca, lead_end) if ca < lead_end else ca   # the lead ("Sổ nhà đất đã xử lý, chưa xử lý:") is a title
                if ca >= cb:
                    continue
                ckey = key[ca:cb]
                m_out = next((m for p in outstanding if (m := p.pattern.search(ckey))), None)
                bare = m_out is not None and fold(ckey[m_out.start():m_out.end()]) in backlog
                rest = m_out is not None and fold(ckey[m_out.start():m_out.end()]) in remainder
                if not m_out or not _is_outstanding(text, values, (a, b), (ca, cb), m_out, key, resolved, not_after, lx,
                                                    bare, rest):
                    # "đã giải quyết 51/59 hồ sơ": 8 still to do (unless the sentence hands them to an annex)
                    frac = next((n for n in partial if ca <= n.start < cb), None)
                    if frac is None or xrefs.referenced(facts, block, a, b):
                        continue
                    left = frac.denominator - frac.value
                    # the rest told of in its sentence ("81/87 đơn …; 06 đơn còn lại đang trong thời hạn
                    # giải quyết") or given its deadline elsewhere ("Còn 50 mét giá tài liệu …, hoàn thành
                    # chậm nhất ngày 30/9/2026")
                    if any(n.value == left and n.kind == "int" and a <= n.start < b for n in values.numbers) \
                            or _rest_dated(facts, left, unit_at(text, frac.end)) or _rest_tabled(facts, block, left):
                        continue
                    m_out = _Span(frac.start - ca, frac.end - ca)
                    m_out.left = left
                    rest = False
                who, when = whole_who, whole_deadline
                # "Những tồn đọng chưa xử lý được và trách nhiệm, thời hạn giải quyết:" and one item each
                items = xrefs.detail_items(facts, block)
                if items and all(deadline_in(facts, i.text, facts.values(i)) is not None for i in items):
                    who, when = who or "items", when or "items"
                # "… (chi tiết tại Phụ lục 2)": the annex the statement refers to may give them
                for _, annex in xrefs.referenced(facts, block, a, b):
                    if annex is not None:
                        who = who or ("annex" if xrefs.answers(facts, annex, "responsible") else None)
                        when = when or ("annex" if xrefs.answers(facts, annex, "deadline") else None)
                missing = []
                if who is None and not rest:     # "06 người còn lại": the sentence's subject does it
                    missing.append(("trách nhiệm", "who is responsible"))
                if when is None:
                    missing.append(("thời hạn giải quyết", "a deadline"))
                if missing:
                    start = ca + m_out.start()
                    if rest:      # "06 người còn lại": the count is the evidence too
                        start = _count_before(text, values, start) or start
                    word = text[start: ca + m_out.end()]
                    left = getattr(m_out, "left", None)
                    vi = " và ".join(x[0] for x in missing)
                    en = " and ".join(x[1] for x in missing)
                    yield ctx.finding(
                        RULE, block, evidence=word, offset=start, clause=clause_out,
                        code=("partial." if left is not None else "outstanding.")
                        + ".".join("responsible" if x[0] == "trách nhiệm" else "deadline" for x in missing),
                        message=ctx.t(f"Việc mới xử lý một phần («{word}», còn {format_number(left)}) chưa nêu {vi} "
                                      f"cho phần còn lại." if left is not None else
                                      f"Việc còn tồn đọng («{word}») chưa nêu {vi}.",
                                      f"Work done in part («{word}», {format_number(left)} left) has no {en} for the "
                                      f"rest." if left is not None else f"The outstanding issue («{word}») has no {en}."),
                        suggestion=ctx.t("Nêu rõ cơ quan, người chịu trách nhiệm và thời hạn giải quyết "
                                         "(ví dụ: «giao Phòng Kinh tế chủ trì, xong trước ngày 30/9/2026»).",
                                         "Say who is responsible and by when (e.g. «the Economic Office, by 30/9/2026»)."))
                    flagged.add(block.index)
                done = True
                break
            if done:
                break
    yield from _assignments_without_deadline(ctx, flagged)
    yield from _rows_without_deadline(ctx, always, resolved, clause_out)
    tables_flagged: set[int] = set()
    surplus_seen: set[int] = set()
    openers = _phrases(ctx, "proposal_openers")
    rows_flagged: set[tuple[int, str]] = set()

    def row_findings(annex):
        """The assets an annex lists with a deadline for each but some: each row left empty."""
        for table, label in xrefs.unanswered_rows(facts, annex):
            if (table.index, label) not in rows_flagged:
                rows_flagged.add((table.index, label))
                yield ctx.finding(
                    RULE, table, evidence=label, offset=table.text.find(label), clause=clause_surplus,
                    code="surplus.row_without_deadline",
                    message=ctx.t(f"Tài sản công dôi dư «{label}» trong bảng chưa có thời hạn xử lý (ô thời hạn để trống).",
                                  f"The surplus public asset «{label}» of the table has no deadline (its deadline cell is empty)."),
                    suggestion=ctx.t("Ghi thời hạn xử lý cho tài sản này trong bảng.", "Give this asset its deadline in the table."))

    mentions = surplus_asset_mentions(facts)
    if mentions:
        for annex in xrefs.annexes(facts).values():
            if any(p.pattern.search(annex.text) for p in lx.surplus):
                yield from row_findings(annex)
    for m in mentions:
        block = m.block
        if block.index in surplus_seen:
            continue      # one finding per paragraph: its assets share the one missing deadline
        if any(p.pattern.match(opening(block, m.clause[0])) for p in openers):
            continue      # "Đề nghị … nguồn thu từ đấu giá cơ sở nhà đất dôi dư": a request (proposal_incomplete's), no report of assets
        # "…; UBND xã đề xuất cơ chế để lại nguồn thu từ đấu giá các cơ sở nhà, đất dôi dư": a request,
        # when no asset is counted; "03/11 kiến nghị về … dôi dư": the word counted is a noun
        numbers = facts.values(block).numbers
        counted = any(m.start - 40 <= n.end <= m.start for n in numbers if n.kind == "int")
        if not counted and any(not any(0 <= o.start() - n.end <= 2 for n in numbers)
                               for p in openers for o in p.pattern.finditer(block.key, m.clause[0], m.start)):
            continue
        sentence_key, told = block.key[m.clause[0]:m.clause[1]], block.key[m.clause[0]:]
        if lx.surplus_dealt_re.search(told) and not says_undone(told) and not any(p.pattern.search(told) for p in rests):
            continue      # "dôi dư 02 xe (chiếm 66,7%), đã bàn giao Sở Tài chính xử lý": dealt with (no rest left)
        surplus_seen.add(block.index)
        # the annex it refers to, or a table of the assets right after it, with a row whose deadline
        # is left empty
        for annex in [a for _, a in xrefs.referenced(facts, block) if a is not None] or xrefs.details_near(facts, block):
            yield from row_findings(annex)
        if deadline_in(facts, block.text, facts.values(block)) is not None:
            continue
        items = xrefs.detail_items(facts, block)
        if len(items) >= 2:
            # one list item per asset: each gives its own deadline, or the one that does not is named
            for item in items:
                surplus_seen.add(item.index)
                if deadline_in(facts, item.text, facts.values(item)) is not None:
                    continue
                said = item.text.lstrip(" -+*•").split(":")[0].strip()
                yield ctx.finding(
                    RULE, item, evidence=said, clause=clause_surplus, code="surplus.item_without_deadline",
                    message=ctx.t(f"Tài sản công dôi dư «{said}» chưa có thời hạn xử lý.",
                                  f"The surplus public asset «{said}» has no deadline for dealing with it."),
                    suggestion=ctx.t("Nêu hướng xử lý, cơ quan chủ trì và thời hạn cho tài sản này.",
                                     "Give the plan, the body in charge and a deadline for this asset."))
            continue
        a, b = 0, len(block.text)     # the paragraph: "…dôi dư …; UBND xã đang xây dựng phương án (Phụ lục 3)."
        refs = [(ref, annex) for ref, annex in xrefs.referenced(facts, block, a, b) if annex is not None]
        if any(xrefs.answers(facts, annex, "deadline") for _, annex in refs):
            continue
        # the annex of the surplus assets (its title or rows say "dôi dư") gives their deadlines
        said = [p for p in lx.assets if p.pattern.search(sentence_key)]
        if not refs and any(any(p.pattern.search(a.text) for p in lx.surplus) and xrefs.answers(facts, a, "deadline")
                            and (not said or any(p.pattern.search(a.text) for p in said))
                            for a in xrefs.annexes(facts).values()):
            continue      # the annex of these assets (not of the houses and land when the text speaks of equipment)
        if not refs and any(any(p.pattern.search(fold(t.caption + " " + t.block.text)) for p in lx.surplus)
                            for t in _dated_tables_of_section(facts, block)):
            continue      # the section's table of the surplus assets gives each its deadline
        if not refs:
            # a table of the assets right after it in the body: its deadline column answers, or not
            details = xrefs.details_near(facts, block)
            if details and all(xrefs.answers(facts, t, "deadline") for t in details):
                continue
            if details and details[0].anchor.index in tables_flagged:
                continue      # one finding per table
            if details:
                table = details[0].anchor
                tables_flagged.add(table.index)
                cell = xrefs.unanswered_cell(facts, details[0])
                yield ctx.finding(
                    RULE, table, evidence=cell or "", offset=table.text.find(cell) if cell else None,
                    clause=clause_surplus, code="surplus.table_without_deadline",
                    message=ctx.t("Bảng tài sản công dôi dư có tài sản chưa có thời hạn xử lý"
                                  + (f" («{cell}»)." if cell else "."),
                                  "The table of surplus assets has an asset without a deadline"
                                  + (f" («{cell}»)." if cell else ".")),
                    suggestion=ctx.t("Ghi thời hạn xử lý cho từng tài sản trong bảng.",
                                     "Give each asset of the table its deadline."))
                continue
        if refs:
            # the annex it refers to gives no deadline: quote the clause that refers to it
            ref = refs[0][0]
            ca, cb = next(((x, y) for x, y in clause_spans(block.text, a, b) if x <= ref.start < y), (a, b))
            evidence, offset = block.text[ca:cb].strip(" ;."), ca + len(block.text[ca:cb]) - len(block.text[ca:cb].lstrip(" ;"))
            message = ctx.t(f"Tài sản công dôi dư: {ref.text} được dẫn tới nhưng không nêu thời hạn xử lý từng tài sản.",
                            f"Surplus public assets: {ref.text} is referred to but gives no deadline for each asset.")
        else:
            evidence, offset = block.text[m.start:m.end], m.start
            message = ctx.t("Tài sản công dôi dư được nêu nhưng chưa có thời hạn xử lý đối với từng tài sản.",
                            "A surplus public asset is reported without a deadline for dealing with it.")
        yield ctx.finding(
            RULE, block, evidence=evidence, offset=offset, clause=clause_surplus, message=message,
            code="surplus.annex_without_deadline" if refs else "surplus",
            suggestion=ctx.t("Nêu hướng xử lý, cơ quan chủ trì và thời hạn cho từng tài sản, lập phụ lục chi tiết.",
                             "Give the plan, the body in charge and a deadline for each asset, with a detailed annex."))


def _rows_without_deadline(ctx, outstanding, resolved, clause):
    """A table of tasks with a deadline column («Giải pháp, thời hạn»): a row telling of work still
    undone in one cell («Còn 14 hồ sơ … chưa giải quyết xong») whose deadline cell gives none
    («thường xuyên», or nothing) and does not say it is done. Tables of surplus assets are the
    surplus check's (each row's deadline is the plan's own requirement there)."""
    from ..facts.tables import tables_of
    facts = ctx.facts
    lx = lexis(facts)
    for model in tables_of(facts):
        column = xrefs.deadline_column(facts, model)
        if column is None or any(p.pattern.search(fold(model.caption + " " + model.block.text)) for p in lx.surplus):
            continue
        col = column.index
        for row in model.rows:
            if row.kind != "item" or col >= len(row.cells) or xrefs.gives_deadline(facts, lx, row.cells, col):
                continue
            undone = next((c for k, c in enumerate(row.cells) if k != col and c.strip()
                           and any(p.pattern.search(fold(c)) for p in outstanding)
                           and not any(p.pattern.search(fold(c)) for p in resolved)), None)
            if undone is None:
                continue
            cell = row.cells[col].strip()
            said = " ".join(undone.split())
            said = said if len(said) <= 80 else said[:said.rfind(" ", 0, 80)] + "…"
            yield ctx.finding(
                RULE, model.block, evidence=cell or undone.strip(), offset=model.offset_of(row, column if cell else None),
                clause=clause, code="outstanding.row_without_deadline",
                message=ctx.t(f"Việc còn tồn đọng «{said}» chưa nêu thời hạn giải quyết: cột «{column.header}» "
                              + (f"ghi «{cell}»." if cell else "để trống."),
                              f"The outstanding issue «{said}» has no deadline: the column «{column.header}» "
                              + (f"says «{cell}»." if cell else "is empty.")),
                suggestion=ctx.t("Ghi thời hạn cụ thể (ngày, tháng hoặc quý) cho việc còn tồn đọng ở dòng này.",
                                 "Give a definite deadline (a date, month or quarter) for the work left in this row."))


def _assignments_without_deadline(ctx, flagged):
    """"còn 08 hồ sơ …, giao Phòng Kinh tế chủ trì giải quyết dứt điểm.": the draft counts work left and
    assigns it to a body, and gives no date. Proposals (proposal_incomplete) and tasks ahead are not assignments of work left."""
    facts = ctx.facts
    verbs = [fold(w) for w in ctx.ruleset.words("assignment_verbs")]
    not_before = {fold(w) for w in ctx.ruleset.words("not_assignment_before")}
    work = _phrases(ctx, "processing_verbs")
    lx_res = _phrases(ctx, "responsible_markers")
    undone = [p for name in ("outstanding_markers", "backlog_markers", "remainder_markers", "progress_markers")
              for p in _phrases(ctx, name)]
    # "còn 08 hồ sơ": a count of work left (not "giảm xuống còn 0,5 ngày")
    left_re = re.compile(rf"(?:{word_start_alternation(fold(w) for w in ctx.ruleset.words('left_count_markers'))})\s+\d")
    result_words = {fold(w) for w in ctx.ruleset.words("left_count_not_after")}
    # "chưa tìm thấy bản gốc", "còn tồn đọng": something not yet done (not "xuống còn 0,5 ngày")
    still_re = re.compile(rf"(?:{word_start_alternation(lexis(facts).still_words)})\s+[^\W\d_]")

    def counts_left(said: str) -> bool:
        return any((said[:m.start()].split()[-1:] or [""])[0] not in result_words for m in left_re.finditer(said))
    skip = phrases(list(ctx.ruleset.vocab("proposal_sections")) + list(ctx.ruleset.vocab("task_sections")))
    if not verbs:
        return
    verb_re = re.compile(r"(?<!\w)(" + "|".join(re.escape(v) for v in verbs) + r")\s+")
    for block in facts.text_blocks():
        if block.index in flagged or (block.kind not in ("paragraph", "list_item") and block.text_at is None):
            continue
        if block.section and any(leads_with(skip, s.norm_title) for s in block.section.path()):
            continue
        key = block.key
        for m in verb_re.finditer(key):
            before = key[:m.start()].split()[-1:] or [""]
            if before[0] in not_before:
                continue      # "bàn giao", "được giao": a handover, a standing duty
            who = addressee_in(facts, block.text, m.end(), min(len(block.text), m.end() + 60))
            named_first = block.text[m.end():m.end() + 1].isupper()
            if not named_first and (not who or fold(block.text[m.end():]).find(fold(who)) != 0):
                continue      # "giao" must name the body right after it ("giao Phòng Kinh tế", "giao Công chức địa chính")
            who = _body_named(block.text, m.end(), [fold(x.text) for x in work + lx_res])
            a, b = sentence_at(block.text, m.start())
            if not any(p.pattern.search(key[m.end():b]) for p in work):
                continue
            # (the count may stand before a ";" of the same sentence: "Hồ sơ của 03 quần chúng … còn thiếu
            # …; Đảng ủy giao Văn phòng Đảng ủy … hoàn thiện hồ sơ.")
            whole = min(a, block.text.rfind(". ", 0, m.start()) + 1)
            if not quantities(block.text, facts.values(block), whole, m.start()):
                continue      # a standing arrangement ("giao Văn phòng tham mưu xử lý đơn thư"), not work left over
            # the work is what the body is given ("giao UBND xã giải quyết"), or the sentence says some is
            # left undone ("giao Công an phường trông coi, chưa có phương án xử lý"); else a standing
            # delegation ("giao Giám đốc Trung tâm … ký xác nhận 04 loại giấy tờ, rút ngắn thời gian giải quyết")
            said, clause_end = key[a:b], _CLAUSE_END_RE.search(key, m.end(), b)
            given = key[m.end():min(clause_end.start() if clause_end else b, m.end() + _GIVEN_REACH)]
            if not (any(p.pattern.search(given) for p in work) or _FRACTION_RE.search(said) or says_undone(said)
                    or any(p.pattern.search(said) for p in undone) or counts_left(said) or still_re.search(said)):
                continue
            if deadline_in(facts, block.text, facts.values(block), a, b) is not None:
                continue
            words = block.text[m.start():b].rstrip(" .;")
            evidence = words if len(words) <= 90 else words[:90].rsplit(" ", 1)[0]
            yield ctx.finding(
                RULE, block, evidence=evidence, offset=m.start(), code="assignment.deadline",
                clause=ctx.ruleset.requirement("outstanding_issues").clause,
                message=ctx.t(f"Việc được giao cho {who} chưa có thời hạn hoàn thành.",
                              f"The work assigned to {who} has no deadline."),
                suggestion=ctx.t("Nêu thời hạn hoàn thành (ví dụ: «xong trước ngày 30/9/2026», «trong quý III/2026»).",
                                 "Give the deadline (e.g. «by 30/9/2026», «in Q3 2026»)."))
            break


_FRACTION_RE = re.compile(r"\d/\d")      # "đã giải quyết 51/59 hồ sơ": some left
_CLAUSE_END_RE = re.compile(r"[;.](?!\d)")
_UNTIL_PUNCT_RE = re.compile(r"[^,;.:()]*")
_WORD_END_RE = re.compile(r"\s*\w+")
_GIVEN_REACH = 70      # characters after "giao": the body's name ("Phòng Kinh tế, Hạ tầng và Đô thị") and its task


def _body_named(text: str, start: int, verbs: list[str]) -> str:
    """The body's name as the draft writes it after "giao": up to the verb of the task, a comma or eight words
    ("giao Phòng Kinh tế chủ trì …" → "Phòng Kinh tế")."""
    words = []
    for m in re.finditer(r"\S+", text[start:start + 80]):
        w = m.group(0)
        rest = fold(text[start + m.start():start + m.start() + 20])
        if words and any(rest.startswith(v) for v in verbs):
            break
        words.append(w.rstrip(",;."))
        if w.endswith((",", ";", ".")) or sum(any(c.isalpha() for c in x) for x in words) >= 8:
            break
    return " ".join(words)


class _Span:
    def __init__(self, start, end):
        self._s, self._e = start, end

    def start(self):
        return self._s

    def end(self):
        return self._e


def _partly_handled(text, key, values, verbs, lx):
    """Fractions of work handled, less than the whole, right after a verb of handling:
    "đã giải quyết 51/59 hồ sơ", "chỉnh lý 52/102 mét tài liệu"."""
    out = []
    for n in values.numbers:
        if n.denominator is None or not (0 < n.value < n.denominator):
            continue
        before = key[max(0, n.start - 24):n.start].rstrip()
        if any(before.endswith(v) or any(before.endswith(v + " " + p) for p in lx.passive_words)
               for v in (fold(x.text) for x in verbs)):
            out.append(n)
    return out


def _rest_dated(facts, left, unit: str) -> bool:
    """Is the rest of a piece of work ("còn 50 mét giá tài liệu") given a deadline in a statement
    of its own: the same count of the same thing, with a deadline in its paragraph?"""
    def build():
        where: dict = {}
        for block in facts.text_blocks():
            for n in facts.values(block).numbers:
                if n.kind == "int":
                    where.setdefault((n.value, unit_at(block.text, n.end)), []).append(block)
        return where
    return bool(unit) and any(deadline_in(facts, b.text, facts.values(b)) is not None
                              for b in facts.memo("counts_said", build).get((left, unit), ()))


def _dated_tables_of_section(facts, block) -> list:
    """The table models of the block's section (before or after it) with a deadline column that
    gives each item row its deadline (or says it is done)."""
    from ..facts.tables import tables_of
    section = block.section
    if section is None:
        return []
    lx = lexis(facts)
    out = []
    for model in tables_of(facts):
        if not section.block_index <= model.block.index < (section.end_index or len(facts.doc.blocks)):
            continue
        column = xrefs.deadline_column(facts, model)
        items = [r for r in model.rows if r.kind == "item"]
        if column is not None and items and all(xrefs.gives_deadline(facts, lx, r.cells, column.index) for r in items):
            out.append(model)
    return out


def _rest_tabled(facts, block, left) -> bool:
    """Is the rest a table of the same section: one whose rows give each their deadline, with the
    rest among its figures ("đã xử lý 55/170 tài sản" and a table «Còn lại … 115», «Thời hạn xử lý»)?"""
    for model in _dated_tables_of_section(facts, block):
        items = [r for r in model.rows if r.kind == "item"]
        totals = [v for r in model.rows if r.kind == "total" for v in r.values if v is not None]
        sums = [sum(vs) for c in range(len(model.columns)) if (vs := [r.values[c] for r in items if r.values[c] is not None])]
        if left in totals or left in sums:
            return True
    return False


def _count_before(text, values, at: int, reach: int = 20) -> int | None:
    """Where the count of the noun phrase right before ``at`` starts ("06 người còn lại"; not "45 đơn,
    các đơn còn lại")."""
    return max((n.start for n in values.numbers if at - reach <= n.start < at and n.end <= at
                and not re.search(r"[,;:()]", text[n.end:at])), default=None)


def _is_outstanding(text, values, sentence, clause, m, key, resolved, not_after, lx, bare=False, rest=False) -> bool:
    """Does this clause report work still undone (not merely mention a backlog that was dealt with)?"""
    ca, cb = clause
    ckey = key[ca:cb]
    word = ckey[m.start():m.end()]
    for still in lx.still_words:
        if word.startswith(still + " "):
            verb = word[len(still) + 1:]
            if any(ckey[:m.start()].rstrip().endswith((done + " " + verb + ",", done + " " + verb)) for done in lx.done_words):
                return False      # "nhà đất đã xử lý, chưa xử lý": the two kinds a register lists, not a statement
    if any(p.pattern.search(ckey) for p in resolved) or lx.negated_re.search(ckey):
        return False
    after = ckey[m.end(): m.end() + 40]
    # "chưa giải quyết kịp thời": late, not outstanding; "chưa giải quyết xong đang trong thời hạn giải
    # quyết": within its time (the words may come a word or two after, before any punctuation)
    head = _UNTIL_PUNCT_RE.match(after).group(0)
    starts = [0] + [w.end() for w in _WORD_END_RE.finditer(head)][:2]
    if any(p.pattern.match(head[s:].lstrip()) for p in not_after for s in starts):
        return False
    if not bare:
        return True
    # a bare "tồn đọng" needs a count, and the sentence must not say how the backlog was dealt with
    # ("09 đơn tồn đọng … chuyển sang; đã giải quyết 55 đơn")
    a, b = sentence
    if rest:
        # "đã khắc phục 05, 02 nội dung còn lại …": the rest of it, counted right before the word;
        # "05 cơ sở còn lại: Công an xã, Trạm Y tế …" names the others of a list, nothing undone
        if after.lstrip().startswith(":"):
            return False
        return _count_before(text, values, ca + m.start()) is not None
    return bool(quantities(text, values, ca, cb)) and not lx.dealt_re.search(key[a:b])
