"""A plan (Kế hoạch) becomes a ruleset draft, read with the same readers as the drafts.

- the outline (ĐỀ CƯƠNG) → required sections with their order; synonyms generated from each
  title's fragments and the shared lexicon (rulesets/lexicon.yaml);
- the content part ("NỘI DUNG …") → content areas to be covered, with their sub-items as aspects;
- "Hoàn thành … trước ngày …", "Thời gian hoàn thành trong tháng …" → deadlines, with the bodies
  they bind ("Giao …");
- the notes (Ghi chú) → the rules they name: annex tables N, concrete limitations, complete
  proposals, agreement between text and tables;
- "giai đoạn …", "nhiệm kỳ …", "từ ngày …" → the period.

The output is YAML valid against the ruleset schema, with Vietnamese comments saying where each
requirement came from (line or paragraph of the plan) and what a person should review.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass, field

import yaml

from .labels import int_to_roman
from .model import Block, Document, Section
from .normalize import fold
from .parsing.dates import find_dates
from .ruleset import RULESETS_DIR

LEXICON_PATH = os.path.join(RULESETS_DIR, "lexicon.yaml")
_BUILTIN_VOCABULARY = os.path.join(RULESETS_DIR, "so-ket-01-nam-cqdp-2-cap.yaml")


@dataclass
class Derived:
    data: dict
    notes: dict = field(default_factory=dict)     # key path (tuple) -> comment lines


def load_lexicon(path: str | None = None) -> dict:
    with open(path or LEXICON_PATH, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _where(doc: Document, block: Block) -> str:
    if block.line is not None:
        return f"dòng {block.line}"
    if block.paragraph is not None:
        return f"đoạn {block.paragraph}"
    return "?"


def _sentence_case(title: str) -> str:
    letters = [c for c in title if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) / len(letters) > 0.8:
        low = title.lower()
        return low[:1].upper() + low[1:]
    return title


def clean_title(title: str) -> str:
    title = title.split(":")[0].strip().rstrip(".").strip()
    return _sentence_case(title)


def fragments(title: str, lexicon: dict) -> list[str]:
    """Distinct phrases of a title: split at commas and semicolons, fillers and generic words dropped
    ("tổ chức và hoạt động" stays one phrase)."""
    key = fold(title)
    fillers = sorted((fold(f) for f in lexicon.get("filler_prefixes", [])), key=len, reverse=True)
    stops = {fold(s) for s in lexicon.get("stop_fragments", [])}
    out = []
    for piece in re.split(r"[,;()]|\s+-\s+", key):
        piece = piece.strip(" .:")
        changed = True
        while changed:
            changed = False
            for f in fillers:
                if piece.startswith(f + " "):
                    piece = piece[len(f) + 1:].strip()
                    changed = True
        if len(piece) >= 3 and piece not in stops and not piece.isdigit() and piece not in out:
            out.append(piece)
    return out


def _phrase_key(p) -> str:
    return fold(p["phrase"]) if isinstance(p, dict) else fold(p)


def requirement_for(title: str, lexicon: dict) -> dict:
    """match / scope / text_fallback for one outline title."""
    key = fold(title)
    match: list = []
    extra: dict = {}
    for topic in lexicon.get("topics", []):
        if any(re.search(rf"(?<!\w){re.escape(fold(t))}(?!\w)", key) for t in topic["triggers"]):
            for p in topic["match"]:
                if _phrase_key(p) not in {_phrase_key(m) for m in match}:
                    match.append(p)
            for k in ("scope", "text_fallback"):
                if k in topic and k not in extra:
                    extra[k] = topic[k]
    if not match:
        match = fragments(title, lexicon) or [fold(title)]
    return {"match": match, **extra}


def _outline_part(doc: Document) -> Section | None:
    for sec in doc.outline.children:
        if sec.label is None and fold(sec.title).startswith("đề cương"):
            return sec
    return None


def _content_part(doc: Document) -> Section | None:
    for sec in doc.sections():
        if sec.label is not None and sec.label.kind == "roman" and fold(sec.title).startswith("nội dung"):
            return sec
    return None


def _req_id(sec: Section, parent_id: str | None) -> str:
    label = sec.label
    if label.kind == "roman":
        return int_to_roman(label.value[-1])
    if label.kind == "dotted":
        return f"{parent_id.split('.')[0]}." + ".".join(str(v) for v in label.value) if parent_id else \
            ".".join(str(v) for v in label.value)
    return f"{parent_id}.{label.value[-1]}" if parent_id else str(label.value[-1])


def _outline(doc: Document, part: Section, lexicon: dict, notes: dict) -> list[dict]:
    def walk(secs, parent_id, path):
        out = []
        for sec in secs:
            if sec.label is None or sec.label.kind == "paren" or not sec.is_heading and sec.label.kind == "letter":
                continue
            rid = _req_id(sec, parent_id)
            title = clean_title(sec.title)
            item = {"id": rid, "title": title, "clause": f"Đề cương, mục {rid}", **requirement_for(title, lexicon)}
            here = path + (len(out),)
            notes[("outline",) + here] = [f"{_where(doc, doc.blocks[sec.block_index])} của kế hoạch: «{sec.heading_text[:90]}»"]
            children = walk([c for c in sec.children], rid, here + ("children",))
            if children:
                item["children"] = children
            out.append(item)
        return out
    return walk(part.children, None, ())


def _content_areas(doc: Document, part: Section, lexicon: dict, notes: dict) -> list[dict]:
    areas = []
    for i, sec in enumerate(c for c in part.children if c.label is not None):
        title = clean_title(sec.title)
        frags = fragments(title, lexicon)
        aspects = []
        for sub in sec.children:
            if sub.label is None:
                continue
            sub_title = clean_title(sub.title)
            kws = fragments(sub_title, lexicon)[:4] or [fold(sub_title)]
            aspects.append({"id": f"a{len(aspects) + 1}", "title": sub_title[:120], "keywords": kws})
        if not aspects:
            aspects = [{"id": "a1", "title": title, "keywords": frags or [fold(title)]}]
        area = {"id": f"area_{i + 1}", "title": title, "clause": f"Kế hoạch, mục {part.label.text.rstrip('.')}.{sec.label.last}",
                "match": frags or [fold(title)], "min_aspects": 1, "aspects": aspects}
        notes[("content_areas", len(areas))] = [
            f"{_where(doc, doc.blocks[sec.block_index])} của kế hoạch: «{sec.heading_text[:90]}»",
            "XEM LẠI: từ khoá của các khía cạnh được lấy từ tiêu đề; thêm cách gọi khác nếu cần."]
        areas.append(area)
    return areas


_DEADLINE_CUE = re.compile(fold(r"(?:hoàn thành|xong|thời gian tiến hành|thời hạn|thời gian hoàn thành)"))


def _deadlines(doc: Document, lexicon: dict, notes: dict) -> list[dict]:
    groups: dict[tuple, dict] = {}
    for b in doc.blocks:
        if b.zone != "body" or b.kind not in ("paragraph", "list_item", "heading"):
            continue
        key = b.key
        if not _DEADLINE_CUE.search(key):
            continue
        for d in find_dates(b.text):
            if not d.valid or d.precision == "quarter":
                continue
            before = key[max(0, d.start - 40):d.start]
            if not _DEADLINE_CUE.search(before) and "trước" not in before:
                continue
            if d.precision == "day":
                spec = ("before", f"{d.year:04d}-{d.month:02d}-{d.day:02d}")
            else:
                spec = ("within_month", f"{d.year:04d}-{d.month:02d}")
            step = _step_context(doc, b)
            binds = _binds(doc, b)
            g = groups.setdefault(spec, {"spec": spec, "steps": [], "binds": [], "where": []})
            g["steps"].append(step)
            g["where"].append(_where(doc, b))
            for x in binds:
                if x not in g["binds"]:
                    g["binds"].append(x)
    out = []
    for i, g in enumerate(sorted(groups.values(), key=lambda g: g["spec"][1])):
        kind, value = g["spec"]
        steps = g["steps"]
        when = (f"trước ngày {int(value[8:])}/{int(value[5:7])}/{value[:4]}" if kind == "before"
                else f"trong tháng {int(value[5:])}/{value[:4]}")
        title = f"{steps[0][:80]} … {when}" if len(steps) == 1 else f"{len(steps)} bước hoàn thành {when}"
        item = {"id": f"deadline_{i + 1}", "title": title, "clause": "Kế hoạch, " + ", ".join(g["where"][:3]),
                kind: value}
        if g["binds"]:
            item["binds"] = g["binds"]
        context = fold(" ".join(steps))
        mentions = []
        for m in lexicon.get("deadline_mentions", []):
            if any(re.search(rf"(?<!\w){re.escape(fold(t))}(?!\w)", context) for t in m["triggers"]):
                mentions = m["mentions"]
                if m.get("report_date"):
                    item["report_date"] = True
                break
        if mentions:
            item["mentions"] = mentions
        notes[("deadlines", len(out))] = [f"từ {', '.join(g['where'])} của kế hoạch",
                                           "XEM LẠI: tên bước (title) và cách dự thảo gọi bước đó (mentions)."]
        out.append(item)
    return out


def _step_context(doc: Document, block: Block) -> str:
    """The step a deadline belongs to: the enclosing item or heading text."""
    sec = block.section
    text = block.text
    if sec is not None and doc.blocks[sec.block_index] is not block:
        text = doc.blocks[sec.block_index].text + " " + text
    return " ".join(text.split())


_GIAO_RE = re.compile(r"[Gg]iao\s+(.+?)(?:\s+(?:xây dựng|chủ trì|phối hợp|chỉ đạo|tổ chức)\b|[.;,])")


def _binds(doc: Document, block: Block) -> list[str]:
    out = []
    for m in _GIAO_RE.finditer(block.text):
        who = m.group(1).strip(" *")
        if 2 <= len(who) <= 60:
            out.append(who)
    return out


def _notes_part(doc: Document) -> list[Block]:
    start = None
    for b in doc.blocks:
        if fold(b.text).startswith("ghi chú"):
            start = b.index
    if start is None:
        return []
    return [b for b in doc.blocks[start + 1:] if b.kind in ("paragraph", "list_item")]


def _requirements(doc: Document, outline_text: str, notes: dict, data: dict) -> None:
    reqs = {}
    annexes = {}
    for b in _notes_part(doc):
        key = b.key
        where = f"Đề cương, Ghi chú ({_where(doc, b)})"
        m = re.search(r"phụ lục\s+((?:\d+\s*,\s*)*\d+)", key)
        if m:
            annexes["required"] = [x.strip() for x in m.group(1).split(",")]
            annexes["clause"] = where
        if "hạn chế" in key and ("địa chỉ" in key or "chung chung" in key):
            reqs["limitations"] = {"clause": where, "needs": ["object", "content", "quantity", "address"],
                                   "sections": ["hạn chế", "khuyết điểm", "khó khăn", "vướng mắc", "tồn tại"]}
        if ("đề xuất" in key or "kiến nghị" in key) and "thời hạn" in key:
            reqs["proposals"] = {"clause": where, "needs": ["content", "responsible", "deadline"],
                                 "sections": ["đề xuất", "kiến nghị"]}
        if "phụ lục" in key and ("phù hợp" in key or "khớp" in key):
            annexes["body_agreement"] = True
            annexes.setdefault("clause", where)
    if "trách nhiệm, thời hạn giải quyết" in outline_text:
        reqs["outstanding_issues"] = {"clause": "Đề cương (tồn đọng: trách nhiệm, thời hạn giải quyết)",
                                      "needs": ["responsible", "deadline"]}
    if "dôi dư" in outline_text:
        reqs["surplus_assets"] = {"clause": "Đề cương (tài sản dôi dư: thời hạn giải quyết từng tài sản)",
                                  "needs": ["deadline", "annex"]}
        if "phụ lục chi tiết" in outline_text:
            annexes["surplus_asset_annex"] = True
    if reqs:
        data["requirements"] = reqs
    if annexes:
        data["annexes"] = annexes


_PERIOD_RE = re.compile(r"(?<!\w)(giai đoạn|nhiệm kỳ)\s+((?:19|20)\d\d)\s*-\s*((?:19|20)\d\d)")
_FROM_RE = re.compile(r"từ\s+(?:ngày\s+)?(\d{1,2}/\d{1,2}/\d{4})")


def _period(doc: Document, notes: dict) -> dict | None:
    counts: dict[str, Counter] = {"giai đoạn": Counter(), "nhiệm kỳ": Counter()}
    starts: Counter = Counter()
    for b in doc.blocks:
        key = b.key
        for m in _PERIOD_RE.finditer(key):
            counts[m.group(1)][(int(m.group(2)), int(m.group(3)))] += 1
        for m in _FROM_RE.finditer(key):
            starts[m.group(1)] += 1
    out = {"clause": "Kế hoạch (giai đoạn, nhiệm kỳ, kỳ báo cáo)"}
    if counts["giai đoạn"]:
        out["plan_period"] = list(counts["giai đoạn"].most_common(1)[0][0])
    if counts["nhiệm kỳ"]:
        out["term"] = list(counts["nhiệm kỳ"].most_common(1)[0][0])
    if starts:
        d = find_dates(starts.most_common(1)[0][0])[0]
        out["start"] = f"{d.year:04d}-{d.month:02d}-{d.day:02d}"
    if len(out) == 1:
        return None
    out["legitimate_terms"] = [{"years": [2026, 2031], "context": ["hội đồng nhân dân", "hđnd", "quốc hội", "đại biểu"]},
                               {"years": [2021, 2026], "context": ["ủy ban nhân dân", "hội đồng nhân dân", "hđnd", "ubnd"]}]
    notes[("period",)] = ["XEM LẠI: giai đoạn, nhiệm kỳ lấy theo cách viết gặp nhiều nhất trong kế hoạch; "
                          "nhiệm kỳ có thật của cơ quan khác ghi ở legitimate_terms."]
    return out


def _default_vocabularies() -> dict:
    with open(_BUILTIN_VOCABULARY, encoding="utf-8") as fh:
        return yaml.safe_load(fh).get("vocabularies", {})


def derive(doc: Document, rid: str, lexicon: dict | None = None) -> Derived:
    lexicon = lexicon or load_lexicon()
    notes: dict = {}
    title_block = next((b for b in doc.blocks if b.zone == "header" and len(b.text) > 20), None)
    plan_title = " ".join(title_block.text.split()) if title_block else os.path.basename(doc.path)
    data: dict = {"id": rid, "version": "0.1.0", "title": plan_title[:200],
                  "plan": {"title": plan_title[:300], "source": os.path.basename(doc.path)}}
    part = _outline_part(doc)
    if part is None:
        # no ĐỀ CƯƠNG part: the plan's own top-level sections are the outline
        part = doc.outline
        notes[("outline",)] = ["XEM LẠI: kế hoạch không có phần «ĐỀ CƯƠNG»; các mục lớn của kế hoạch được dùng làm đề cương."]
    data["outline"] = _outline(doc, part, lexicon, notes)
    content = _content_part(doc)
    if content is not None:
        data["content_areas"] = _content_areas(doc, content, lexicon, notes)
    # parts that answer no requirement ("nhiệm vụ, giải pháp" for the years ahead) — unless this plan's
    # outline asks for such a section itself
    titles = [fold(it["title"]) for _, it in _walk_items(data["outline"])]
    ignore = lexicon.get("outline_ignore", [])
    if ignore and not any(re.search(rf"(?<!\w){re.escape(fold(w))}(?!\w)", t) for w in ignore for t in titles):
        data["outline_ignore"] = ignore
    period = _period(doc, notes)
    if period:
        data["period"] = period
    deadlines = _deadlines(doc, lexicon, notes)
    if deadlines:
        data["deadlines"] = deadlines
    outline_text = " ".join(b.key for b in doc.blocks[part.block_index:part.end_index]) if part is not doc.outline \
        else " ".join(b.key for b in doc.blocks)
    _requirements(doc, outline_text, notes, data)
    data["vocabularies"] = _default_vocabularies()
    data["rules"] = {"missing_section": {"severity": "error"}, "section_order_or_numbering": {"severity": "warning"}}
    return Derived(data, notes)


def _walk_items(items, depth=0):
    for it in items:
        yield depth, it
        yield from _walk_items(it.get("children", []), depth + 1)


def to_yaml(derived: Derived, plan_path: str) -> str:
    """YAML with a Vietnamese comment above each requirement saying where it came from."""
    head = (f"# Bộ quy tắc sinh tự động từ kế hoạch {os.path.basename(plan_path)} (baocao-check ruleset from-plan).\n"
            "# Hãy đọc lại trước khi dùng: các dòng «XEM LẠI» chỉ chỗ cần người kiểm tra.\n"
            "# Kiểm tra tệp sau khi sửa: baocao-check ruleset check TỆP.yaml\n")
    text = yaml.safe_dump(derived.data, allow_unicode=True, sort_keys=False, width=110)
    lines = text.split("\n")
    out = []
    # annotate: find the line of each noted key path by walking the dumped structure's ids
    id_lines = {}
    for i, ln in enumerate(lines):
        m = re.match(r"^(\s*)- id: (.+)$", ln)
        if m:
            id_lines.setdefault(m.group(2).strip("'\""), i)
    comments_at: dict[int, list[str]] = {}

    def note_for(path, ident):
        if path in derived.notes and ident in id_lines:
            comments_at.setdefault(id_lines[ident], []).extend(derived.notes[path])

    def walk(items, path):
        for i, item in enumerate(items):
            note_for(path + (i,), str(item["id"]))
            if item.get("children"):
                walk(item["children"], path + (i, "children"))
    walk(derived.data.get("outline", []), ("outline",))
    for i, item in enumerate(derived.data.get("content_areas", [])):
        note_for(("content_areas", i), item["id"])
    for i, item in enumerate(derived.data.get("deadlines", [])):
        note_for(("deadlines", i), item["id"])
    top_comments = {"outline:": derived.notes.get(("outline",)), "period:": derived.notes.get(("period",))}
    for i, ln in enumerate(lines):
        if ln in top_comments and top_comments[ln]:
            out += [f"# {c}" for c in top_comments[ln]]
        if i in comments_at:
            indent = re.match(r"^(\s*)", ln).group(1)
            out += [f"{indent}# {c}" for c in comments_at[i]]
        out.append(ln)
    return head + "\n".join(out)
