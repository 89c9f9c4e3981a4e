"""A rule's documentation for people (``baocao-check rules RULE_ID``): its docstring, which is
reStructuredText in Vietnamese with one English paragraph, rendered in the chosen language —
no ``literal`` marks or ``::``, names instead of ids, the failing and passing examples indented."""

from __future__ import annotations

import re
import textwrap

from ..findings import CATEGORY_NAMES, SEVERITY_NAMES

_VI_LETTERS = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.I)
_EXAMPLE_RE = re.compile(r"^Ví dụ (sai|đúng) \((FAIL|PASS)\)::\s*$")


def _plain(text: str) -> str:
    """reStructuredText inline marks removed: ``x`` and `x` -> x, a closing :: -> :."""
    text = re.sub(r"``([^`]+)``", r"\1", text)
    text = re.sub(r"`([^`]+)`", r"\1", text)
    return re.sub(r"::\s*$", ":", text)


def _paragraphs(doc: str) -> tuple[list[str], dict[str, str]]:
    """The prose paragraphs (examples left out) and the examples."""
    prose, skip = [], False
    for para in re.split(r"\n\s*\n", textwrap.dedent(doc).strip()):
        first = para.strip().splitlines()[0] if para.strip() else ""
        if _EXAMPLE_RE.match(first):
            skip = True
            continue
        if skip and para.startswith((" ", "\t")):
            continue
        skip = False
        prose.append(" ".join(para.split()))
    return prose, examples_of(doc)


def examples_of(doc: str) -> dict[str, str]:
    out = {}
    for kind, marker in (("fail", "Ví dụ sai (FAIL)::"), ("pass", "Ví dụ đúng (PASS)::")):
        start = doc.find(marker)
        if start < 0:
            continue
        block = re.match(r"\s*\n((?:[ \t]+.*\n|\s*\n)+)", doc[start + len(marker):] + "\n")
        if block:
            out[kind] = textwrap.dedent(block.group(1)).strip("\n")
    return out


def render(rule, lang: str = "vi", width: int = 100) -> str:
    lang = "en" if lang == "en" else "vi"
    t = (lambda vi, en: en if lang == "en" else vi)
    prose, examples = _paragraphs(rule.__doc__ or "")
    vi_paras = [p for p in prose if _VI_LETTERS.search(p)]
    en_paras = [p for p in prose if not _VI_LETTERS.search(p)]
    category = (CATEGORY_NAMES.get(lang) or {}).get(rule.CATEGORY, rule.CATEGORY)
    lines = [f"{rule.ID} — {rule.SUMMARY[lang]}", "",
             f"  {t('Loại', 'Category')}: {category}",
             f"  {t('Mức mặc định', 'Default severity')}: {SEVERITY_NAMES[lang][rule.SEVERITY]}", ""]
    body = vi_paras if lang == "vi" else en_paras
    for para in body:
        lines += textwrap.wrap(_plain(para), width=width) + [""]
    if lang == "en" and vi_paras:
        lines += [t("", "The detailed notes are in Vietnamese: baocao-check rules " + rule.ID + " --lang vi"), ""]
    for kind, title in (("fail", t("Ví dụ sai (có phát hiện)", "Failing example (a finding)")),
                        ("pass", t("Ví dụ đúng (không có phát hiện)", "Passing example (no finding)"))):
        if kind in examples:
            lines.append(title + ":")
            lines += ["    " + line for line in examples[kind].splitlines()]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def table(rules, lang: str = "vi") -> str:
    """The list of rules with a header row: id, category in words, default severity, what it checks."""
    lang = "en" if lang == "en" else "vi"
    t = (lambda vi, en: en if lang == "en" else vi)
    names = CATEGORY_NAMES.get(lang) or {}
    rows = [(t("MÃ QUY TẮC", "RULE"), t("LOẠI", "CATEGORY"), t("MỨC", "SEVERITY"), t("KIỂM TRA", "CHECKS"))]
    for rid, rule in rules.items():
        rows.append((rid, names.get(rule.CATEGORY, rule.CATEGORY), SEVERITY_NAMES[lang][rule.SEVERITY],
                     rule.SUMMARY[lang]))
    w = [max(len(r[i]) for r in rows) for i in range(3)]
    return "".join(f"{a:<{w[0]}}  {b:<{w[1]}}  {c:<{w[2]}}  {d}\n" for a, b, c, d in rows)
