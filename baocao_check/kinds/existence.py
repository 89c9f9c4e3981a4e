"""Kind ``existence``: the trigger itself is the fault (a banned or vague wording)."""

from __future__ import annotations

from .common import as_rule, scoped_blocks, texts, trigger_of


def run(doc, ctx, check: dict):
    rule = as_rule(check)
    trigger = trigger_of(ctx, check)
    for block in scoped_blocks(doc, ctx, check.get("scope")):
        for a, b in trigger.find(ctx.facts, block):
            word = block.text[a:b]
            message, suggestion = texts(ctx, check, match=word)
            yield ctx.finding(rule, block, evidence=word, offset=a, clause=check.get("clause"),
                              message=message, suggestion=suggestion)
