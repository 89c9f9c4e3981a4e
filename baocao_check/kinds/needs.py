"""Kind ``needs``: every statement (sentence) with the trigger must have each required element.

Elements are those of ``facts.statements.ELEMENTS`` (quantity, address, responsible, deadline,
annex, content, object), or one the check defines by its own words:
``{name: so sánh với chỉ tiêu được giao, phrases: [so với, đạt … kế hoạch]}``. A statement that
refers to an annex which gives the element (a "Thời hạn" column with dates) has it.
"""

from __future__ import annotations

from ..facts.statements import ELEMENTS, element_in
from ..facts.text import sentences
from .common import Trigger, as_rule, scoped_blocks, texts, trigger_of


def _custom(ctx, check, i, spec):
    return ctx.facts.memo(("need", check["id"], i), lambda: Trigger(spec))


def run(doc, ctx, check: dict):
    rule = as_rule(check)
    trigger = trigger_of(ctx, check)
    needs = check.get("needs") or []
    facts = ctx.facts
    for block in scoped_blocks(doc, ctx, check.get("scope")):
        hits = trigger.find(facts, block)
        if not hits:
            continue
        context = " ".join(s.heading_text for s in (block.section.path() if block.section else []))
        # a statement is a sentence, or with a ``statements`` trigger the whole item ("a) Lắp đặt 02 trạm
        # BTS …; Phòng Kinh tế chủ trì, thực hiện trong quý III/2026.")
        for a, b in ([(0, len(block.text))] if trigger.statements else sentences(block.text)):
            inside = [h for h in hits if a <= h[0] < b]
            if not inside:
                continue
            missing = []
            for i, need in enumerate(needs):
                if isinstance(need, str):
                    if element_in(facts, need, block, a, b, context=context) is None:
                        missing.append(ELEMENTS[need][0 if ctx.lang == "vi" else 1])
                elif not _custom(ctx, check, i, need).find(facts, block, a, b):
                    missing.append(need["name"])
            if not missing:
                continue
            ms, me = inside[0]
            word = block.text[ms:me]
            message, suggestion = texts(ctx, check, match=word, missing=", ".join(missing))
            if not message:
                message = ctx.t(f"«{word}»: chưa nêu {', '.join(missing)}.", f"«{word}»: no {', '.join(missing)}.")
            yield ctx.finding(rule, block, evidence=word, offset=ms, clause=check.get("clause"),
                              message=message, suggestion=suggestion)
