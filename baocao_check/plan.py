"""A plan (Kế hoạch) becomes a ruleset draft, read with the same readers as the drafts.

Plans come from many issuers and in many layouts, so the plan is read by its own text, not by
the draft's section tree:

- the outline (ĐỀ CƯƠNG) wherever it is — after the signature, as an annex ("Phụ lục: Đề cương
  báo cáo"), inside the plan, or in a separate file — with any numbering the plan uses ("Phần thứ
  nhất", "Phần I", "A.", "I.", "1.", "1.1.", "a)", "(1)", bullets), typed or automatic; items
  "(nếu có)" / "(nếu phát sinh)" are optional; "nêu rõ …" lists an item's required contents; ids
  follow the items' positions, so the plan's own numbering slips ("5." after "3.") are noted and
  not encoded;
- deadlines ("trước ngày 20/6/2026", "chậm nhất ngày …", "trong tháng 7/2026", "trong quý
  III/2026", "trước 15/6", "định kỳ hằng tháng"), each with the bodies it binds and whether it
  binds the report's author (the report must be sent by then);
- the reporting period ("số liệu tính từ … đến …, ước thực hiện đến …"), the plan's period and
  term ("giai đoạn …", "nhiệm kỳ …");
- annexes ("Phụ lục 1…4", "Phụ lục I, II", "Biểu 01/CĐS", "Mẫu số 02", "Biểu số 3") with their
  titles, required or not, and agreement between the text and the annex tables;
- the notes (Ghi chú, Lưu ý, Yêu cầu): requirements the rules know (concrete limitations,
  complete proposals, who-and-when for lagging tasks) and, for the others, a "to review" entry
  that quotes the clause — nothing is silently dropped.

Nothing comes from the built-in ruleset: the plan-independent vocabularies (vague phrases, typo
pairs, …) live in the shared lexicon, which every ruleset uses. The output is YAML valid against the ruleset schema, with Vietnamese comments
saying where each requirement came from (line or paragraph of the plan) and what to review.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as _dt
import os
import re
from collections import Counter
from dataclasses import dataclass, field

import yaml

from .annexes import canonical as annex_canonical
from .labels import PART_ORDINALS, PART_RE, int_to_roman, parse_label, roman_to_int, VI_LETTERS
from .model import Block, Document
from .normalize import fold
from .lexicon import shared_vocabularies
from .parsing.dates import find_dates, find_place_date
from .ruleset import RULESETS_DIR

LEXICON_PATH = os.path.join(RULESETS_DIR, "lexicon.yaml")


@dataclass
class Derived:
    data: dict
    notes: dict = field(default_factory=dict)     # (top key, id) or (top key,) -> comment lines
    review: list[str] = field(default_factory=list)  # what a person must look at (terminal summary)
    outline_found: bool = True


def load_lexicon(path: str | None = None) -> dict:
    if path is None:
        from .lexicon import lexicon
        return lexicon()      # parsed and validated once, cached on disk
    with open(path, encoding="utf-8") as fh:
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
        # a document's symbol keeps its capitals ("CHỈ THỊ SỐ 05-CT/TW" -> "Chỉ thị số 05-CT/TW")
        low = " ".join(w if re.search(r"\d", w) and re.search(r"[-/]", w) else w.lower() for w in title.split(" "))
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


# ---------------------------------------------------------------------------------------------
# Item markers: the numbering systems plans use, typed or rebuilt from Word's automatic numbering

_ORDINALS, _PART_RE = PART_ORDINALS, PART_RE     # a part's title: "Phần thứ hai", "PHẦN II"
_UPPER_RE = re.compile(r"^(?P<v>[A-ZĐ])\s*[.)]\s+(?=\S)")
_OPTIONAL_RE = re.compile(r"\s*[(\[]\s*(?:nếu\s+(?:có|phát\s+sinh|có\s+phát\s+sinh)|(?:không\s+)?bắt\s+buộc|tùy\s+chọn|tuỳ\s+chọn)\s*[)\]]\s*",
                          re.IGNORECASE)
_CONTENTS_RE = re.compile(r"(?:nêu\s+rõ|làm\s+rõ|nêu\s+cụ\s+thể|phải\s+nêu|cần\s+nêu|trong\s+đó\s+nêu)\s*:?\s+(?P<what>.+)",
                          re.IGNORECASE)
_INSTRUCTION_RE = re.compile(fold(r"^(?:nêu|đánh giá|báo cáo|làm rõ|phân tích|tập trung|tổng hợp|lưu ý|ghi rõ)\b"))
_SENTENCE_BREAK_RE = re.compile(r"[.!?]\s+\S")


@dataclass
class Marker:
    kind: str          # part | upper | roman | arabic | dottedN | letter | paren | bullet
    value: int | None  # the number the plan wrote (None for bullets)
    written: str       # the label as written: "Phần thứ nhất", "A.", "2.1.", "a)", "-"
    rest: str          # the text after the label


def marker_of(block: Block) -> Marker | None:
    text = block.text.strip()
    low = text.lower()
    m = _PART_RE.match(low)
    if m:
        if m.group("ord"):
            value = _ORDINALS[m.group("ord")]
        elif m.group("num").isdigit():
            value = int(m.group("num"))
        else:
            value = roman_to_int(m.group("num")) or 0
        written = text[:m.end()].rstrip(" .:-–—")
        return Marker("part", value, written, text[m.end():].strip())
    if block.bullet is not None:
        body = re.sub(r"^\s*[-+*•–—·▪◦○●■□➢✓]\s+", "", text)
        return Marker("bullet", None, block.bullet, body.strip())
    label, rest = parse_label(text)
    if label is not None:
        kind = f"dotted{len(label.value)}" if label.kind == "dotted" else label.kind
        return Marker(kind, label.value[-1], label.text.strip(), rest.strip())
    m = _UPPER_RE.match(text)
    if m:
        letter = m.group("v").lower()
        value = VI_LETTERS.index(letter) + 1 if letter in VI_LETTERS else ord(letter) - 96
        return Marker("upper", value, m.group(0).strip(), text[m.end():].strip())
    return None


def _id_part(kind: str, pos: int) -> str:
    if kind == "part":
        return f"P{pos}"
    if kind == "roman":
        return int_to_roman(pos)
    if kind in ("upper", "letter", "caps"):
        ch = VI_LETTERS[pos - 1] if pos <= len(VI_LETTERS) else f"x{pos}"
        ch = "dd" if ch == "đ" else ch
        return ch if kind == "letter" else ch.upper()
    return str(pos)


def _expected_written(kind: str, pos: int) -> str:
    if kind == "part":
        return str(pos)
    if kind == "roman":
        return int_to_roman(pos)
    if kind in ("upper", "letter"):
        return VI_LETTERS[pos - 1] if pos <= len(VI_LETTERS) else "?"
    return str(pos)


def _written_value(m: Marker) -> str:
    if m.kind == "roman":
        return int_to_roman(m.value or 0)
    if m.kind in ("upper", "letter"):
        return VI_LETTERS[(m.value or 1) - 1] if m.value and m.value <= len(VI_LETTERS) else "?"
    return str(m.value)


def _heading_like(text: str, max_words: int) -> bool:
    # what an item must give, in brackets ("(tổng số, trực tuyến, …; so sánh cùng kỳ)"), is not its title
    head = re.sub(r"\([^()]*\)", " ", text).split(":")[0]
    words = head.split()
    return 0 < len(words) <= max_words and not _SENTENCE_BREAK_RE.search(head.rstrip(". "))


def _bullet_item_like(text: str) -> bool:
    words = text.split()
    return (0 < len(words) <= 12 and ";" not in text and not re.search(r"[.;:!?…]\s*$", text)
            and not _INSTRUCTION_RE.match(fold(text)))


# ---------------------------------------------------------------------------------------------
# Where the outline is

_OUTLINE_HEAD_RE = re.compile(r"^\W*(?:phụ lục(?:\s+(?:số\s+)?[0-9ivx]{1,4})?\s*[:.\-–—]?\s*)?đề cương\b")
_NOTES_HEAD_RE = re.compile(r"^\W*(?:ghi chú|lưu ý|một số lưu ý|chú ý|yêu cầu(?:\s+(?:đối với|về|của))?\s+báo cáo|mục đích,?\s+yêu cầu|yêu cầu)\s*[:.]?\s*(?P<rest>.*)$")
_ANNEX_FORM_RE = re.compile(r"^\W*(?:phụ lục|biểu mẫu|biểu|mẫu)\s*(?:số\s*)?(?:\d{1,3}[a-z]?(?:/\S+)?|[ivx]{1,5})(?!\w)")
_CLOSING_RE = re.compile(r"^\W*(?:nơi nhận|t/?m\.?\s|tm\.|kt\.|k/t\.?|q\.\s|tl\.|tuq\.)")


def _is_outline_head(block: Block) -> bool:
    """«ĐỀ CƯƠNG BÁO CÁO», «Phụ lục: Đề cương báo cáo», «III. ĐỀ CƯƠNG …» — a heading, not a sentence
    that mentions the outline («Đề cương báo cáo gửi kèm Kế hoạch này.»)."""
    mk = marker_of(block)
    text = (block.text if mk is None else mk.rest).strip(" *_")
    if not _OUTLINE_HEAD_RE.match(fold(text)):
        return False
    return len(text.split()) <= 16 and not re.search(r"[.;]\s*$", text) and not _SENTENCE_BREAK_RE.search(text)


def _is_notes_head(block: Block) -> re.Match | None:
    if block.kind == "table":
        return None
    label, rest = parse_label(block.text.strip(" *_"))
    key = fold((rest if label is not None else block.text).strip(" *_"))     # "2. Yêu cầu" as "Yêu cầu"
    m = _NOTES_HEAD_RE.match(key)
    if not m:
        return None
    rest = m.group("rest")
    head = key[: len(key) - len(rest)]
    # "Yêu cầu" alone must end the line or be followed by a colon ("Yêu cầu:"), not run into a sentence
    if head.strip().startswith(("yêu cầu", "mục đích")) and rest and ":" not in head:
        return None
    return m


def _outline_region(doc: Document) -> tuple[int, int] | None:
    """(first, end) block indices of the outline's items, or None."""
    heads = [b for b in doc.blocks if b.kind != "table" and _is_outline_head(b)]
    if not heads:
        return None
    head = heads[0]
    head_marker = marker_of(head)
    start = head.index + 1
    end = len(doc.blocks)
    for b in doc.blocks[start:]:
        if b.kind == "table":
            continue
        key = fold(b.text)
        mk = marker_of(b)
        if head_marker is not None and mk is not None and mk.kind == head_marker.kind:
            end = b.index
            break
        if _is_notes_head(b) or _CLOSING_RE.match(key) or \
                (mk is None and _ANNEX_FORM_RE.match(key) and "đề cương" not in key and len(b.text.split()) <= 14):
            end = b.index
            break
    return start, end


# ---------------------------------------------------------------------------------------------
# The outline


@dataclass
class _Node:
    marker: Marker
    block: Block
    title: str
    required: bool = True
    contents: list[str] = field(default_factory=list)
    children: list["_Node"] = field(default_factory=list)
    parent: "_Node | None" = None
    descriptions: list[Block] = field(default_factory=list)


_OUTLINE_CUE_RE = re.compile(r"đề cương|nội dung báo cáo")


def _outline_table(doc: Document) -> tuple[Block, list[_Node]] | None:
    """An outline given as a table («STT | Nội dung báo cáo | Yêu cầu», its items numbered I, 1, 2, II…
    in the first column) after a sentence or under a heading that speaks of the outline: its items,
    nested by their numbering, each item's requirement cell read for what it must give."""
    for b in doc.blocks:
        if b.kind != "table" or not b.table or b.table.is_header or len(b.table.rows) < 5:
            continue
        head = [fold(c) for c in b.table.rows[0]]
        what = next((i for i, c in enumerate(head) if c.startswith("nội dung")), None)
        if what is None or what == 0 or head[0] not in ("stt", "tt", "số tt", "số thứ tự"):
            continue
        before = " ".join(x.key for x in doc.blocks[max(0, b.index - 3):b.index]) + " " + \
            (fold(b.section.title) if b.section else "")
        if not _OUTLINE_CUE_RE.search(before):
            continue
        needs = next((i for i, c in enumerate(head) if c.startswith("yêu cầu")), None)
        root = _Node(Marker("root", None, "", ""), b, "")
        stack: list[_Node] = [root]
        rows = 0
        for row in b.table.rows[1:]:
            label, _ = parse_label(row[0].strip() + ". x") if row and row[0].strip() else (None, "")
            title = row[what].strip() if what < len(row) else ""
            if label is None or not title:
                continue
            kind = f"dotted{len(label.value)}" if label.kind == "dotted" else label.kind
            mk = Marker(kind, label.value[-1], row[0].strip(), title)
            pos = next((i for i in range(len(stack) - 1, 0, -1) if stack[i].marker.kind == kind), None)
            if pos is not None:
                del stack[pos:]
            node = _Node(mk, b, title, parent=stack[-1])
            cell = row[needs].strip() if needs is not None and needs < len(row) else ""
            node.contents = _contents_of(cell)
            stack[-1].children.append(node)
            stack.append(node)
            rows += 1
        if rows >= 4:
            return b, root.children
    return None


def _contents_of(text: str) -> list[str]:
    m = _CONTENTS_RE.search(text)
    if not m:
        return []
    what = re.sub(r"\s+và\s+", ", ", m.group("what").strip().rstrip("."))
    return [p.strip(" .") for p in re.split(r"[,;]", what) if len(p.strip(" .")) >= 3]


def _parse_outline(doc: Document, first: int, end: int) -> list[_Node]:
    root = _Node(Marker("root", None, "", ""), doc.blocks[first] if first < len(doc.blocks) else doc.blocks[-1], "")
    stack: list[_Node] = [root]
    started = False
    pending_part: _Node | None = None
    blocks = [b for b in doc.blocks[first:end] if b.kind not in ("table", "footnote")]
    caps = _caps_level(blocks)
    for b in blocks:
        mk = marker_of(b)
        if mk is None and b.index in caps:
            mk = Marker("caps", None, "", b.text.strip(" *_"))
        if mk is None:
            if pending_part is not None and b.text.strip():
                # "PHẦN THỨ NHẤT" on a line of its own, its title on the next
                pending_part.title = b.text.strip()
                pending_part = None
                continue
            if started:
                stack[-1].descriptions.append(b)
            continue
        pending_part = None
        if mk.kind == "bullet":
            # "- 3.2. Tiếp nhận, giải quyết đơn thư … (số đơn, phân loại, kết quả)": a numbered item written
            # behind a dash is an item, however long
            lab, after = parse_label(mk.rest)
            if started and lab is not None and lab.kind == "dotted" and _heading_like(after, 40):
                mk = Marker(f"dotted{len(lab.value)}", lab.value[-1], lab.text, after.strip())
        if mk.kind == "bullet":
            if not started:
                continue
            stack[-1].descriptions.append(b)   # decided below: sub-items or description
            continue
        max_words = 25 if mk.kind in ("letter", "paren") else 40
        if mk.kind in ("letter", "paren") and not _heading_like(mk.rest, max_words):
            if started:
                stack[-1].descriptions.append(b)
            continue
        started = True
        pos = next((i for i in range(len(stack) - 1, 0, -1) if stack[i].marker.kind == mk.kind), None)
        if pos is not None:
            del stack[pos:]
        parent = stack[-1]
        node = _Node(mk, b, mk.rest, parent=parent)
        parent.children.append(node)
        stack.append(node)
        if mk.kind == "part" and not mk.rest:
            pending_part = node
    _bullets_to_items(root)
    for node in _walk_nodes(root.children):
        text = node.title
        if _OPTIONAL_RE.search(text):
            node.required = False
        title = _OPTIONAL_RE.sub(" ", text).strip()
        contents = []
        # "5/ ĐỀ XUẤT, KIẾN NGHỊ (nêu rõ nội dung, cơ quan giải quyết, …)": what it must give, not its title
        for aside in re.findall(r"\([^()]*\)", title):
            if _CONTENTS_RE.match(aside[1:]):
                contents += [c for c in _contents_of(aside[1:-1]) if c not in contents]
                title = re.sub(r"\s+([,;.:])", r"\1", " ".join(title.replace(aside, " ").split()))
        node.title = title
        head, _, tail = title.partition(":")
        contents += _contents_of(tail) if tail else []
        for d in node.descriptions:
            contents += [c for c in _contents_of(d.text) if c not in contents]
        # "Ưu điểm, nguyên nhân": the title itself asks for the causes, beside what it names
        causes = {fold(w) for w in shared_vocabularies().get("cause_markers") or []}
        for part in re.split(r",|;|\s+và\s+", fold(head)):
            if part.strip() in causes and not any(fold(c) == part.strip() for c in contents):
                contents.append(part.strip())
        node.contents = contents
    return root.children


def _is_caps_heading(b: Block) -> bool:
    text = b.text.strip(" *_")
    letters = [c for c in text if c.isalpha()]
    return b.is_heading and len(letters) >= 4 and sum(c.isupper() for c in letters) / len(letters) > 0.85 \
        and len(text.split()) <= 15 and not text.startswith("(")


def _caps_level(blocks: list[Block]) -> set[int]:
    """Unnumbered headings in capitals that come back between numbered items are a level of the outline
    of their own: Word's automatic "A." / "B." (a numbering the readers cannot show), or a plan that
    does not number its parts. The title lines under «ĐỀ CƯƠNG» are not, nor a part's title line."""
    first_marked = None
    caps_before, caps_after = [], []
    for i, b in enumerate(blocks):
        mk = marker_of(b)
        if mk is not None:
            if first_marked is None and mk.kind != "bullet":
                first_marked = i
            continue
        if _is_caps_heading(b):
            after_bare_part = i > 0 and (m := marker_of(blocks[i - 1])) is not None and m.kind == "part" and not m.rest
            if after_bare_part:
                continue
            (caps_before if first_marked is None else caps_after).append(i)
    if not caps_after:
        return set()
    chosen = {blocks[i].index for i in caps_after}
    if caps_before and caps_before[-1] == (first_marked or 0) - 1:
        chosen.add(blocks[caps_before[-1]].index)     # the first one, just before the first numbered item
    return chosen


def _bullets_to_items(node: _Node) -> None:
    """Bullets under an item are its sub-items when every one of them reads as a heading ("- Tuyên
    truyền tại các khu dân cư") and the item has no numbered sub-items; otherwise they describe it."""
    for child in node.children:
        _bullets_to_items(child)
    bullets = [d for d in node.descriptions if d.bullet is not None]
    if node.marker.kind == "root" or not bullets or node.children:
        return
    texts = [marker_of(d).rest for d in bullets]
    if len(bullets) >= 2 and all(_bullet_item_like(t) for t in texts):
        for d, t in zip(bullets, texts):
            node.children.append(_Node(marker_of(d), d, t, parent=node))
        node.descriptions = [d for d in node.descriptions if d.bullet is None]


def _walk_nodes(nodes):
    for n in nodes:
        yield n
        yield from _walk_nodes(n.children)


def _matches_itself(match: list, title: str) -> bool:
    from .matching import phrases
    key = fold(title)
    return any(p.matches(key) for p in phrases(match))


def _outline_items(doc: Document, nodes: list[_Node], lexicon: dict, notes: dict) -> list[dict]:
    ids: set[str] = set()

    def walk(children, parent_id, part_written):
        out = []
        counters: Counter = Counter()
        last_written: dict = {}
        for node in children:
            counters[node.marker.kind] += 1
            pos = counters[node.marker.kind]
            own = _id_part(node.marker.kind, pos)
            rid = f"{parent_id}.{own}" if parent_id else own
            while rid in ids:
                rid += "_"
            ids.add(rid)
            title = clean_title(node.title) or node.marker.written
            here_part = node.marker.written if node.marker.kind == "part" else part_written
            if node.marker.kind == "part":
                clause = f"Đề cương, {_sentence_case(node.marker.written)}"
            elif part_written:
                clause = f"Đề cương, {_sentence_case(part_written)}, mục {rid.split('.', 1)[1]}"
            else:
                clause = f"Đề cương, mục {rid}"
            item = {"id": rid, "title": title, "clause": clause, **requirement_for(title, lexicon)}
            if not _matches_itself(item["match"], title):
                # the lexicon's synonyms miss the plan's own words: a draft copying the title must match
                known = {_phrase_key(p) for p in item["match"]}
                item["match"] += [f for f in (fragments(title, lexicon) or [fold(title)]) if f not in known]
            if node.marker.kind in ("paren", "bullet") and "text_fallback" not in item:
                # drafts write "(1) …" and "- …" as list items, which are not headings: when the words are
                # there without a heading of their own, a note rather than a missing section
                keys = [k for k in (fragments(title, lexicon) or [fold(title)])]
                item["text_fallback"] = {"keywords": keys, "min_hits": 1}
            if not node.required:
                item["required"] = False
            if node.contents:
                item["contents"] = node.contents
            comment = [f"{_where(doc, node.block)} của kế hoạch: «{' '.join(node.block.text.split())[:90]}»"]
            prev = last_written.get(node.marker.kind)
            last_written[node.marker.kind] = node.marker.value
            if node.marker.kind not in ("bullet",) and node.marker.value is not None \
                    and _written_value(node.marker) != _expected_written(node.marker.kind, pos) \
                    and node.marker.value != (prev or 0) + 1:
                # the slip itself ("5." after "3."), not every item after it
                comment.append(f"XEM LẠI: kế hoạch ghi «{node.marker.written}» ở vị trí thứ {pos} "
                               f"(số thứ tự của kế hoạch bị nhảy); mục được đánh số lại là {rid}, các mục sau theo đó.")
            if not node.required:
                comment.append("Mục tuỳ chọn («nếu có»): dự thảo không có mục này thì không bị báo.")
            if node.marker.kind == "bullet":
                comment.append("XEM LẠI: mục này là một gạch đầu dòng của kế hoạch.")
            notes[("outline", rid)] = comment
            kids = walk(node.children, rid, here_part)
            if kids:
                item["children"] = kids
            out.append(item)
        return out
    return walk(nodes, None, None)


# ---------------------------------------------------------------------------------------------
# Content areas (the plan's "NỘI DUNG" part, when it lists topics)


def _content_areas(doc: Document, lexicon: dict, notes: dict) -> list[dict]:
    part = None
    for sec in doc.sections():
        if sec.label is not None and sec.label.kind == "roman" and fold(sec.title).startswith("nội dung"):
            part = sec
            break
    if part is None:
        return []
    areas = []
    for sec in (c for c in part.children if c.label is not None):
        title = clean_title(sec.title)
        key = fold(title)
        if len(title.split()) > 15 or re.search(r"báo cáo|hội nghị|đề cương|kế hoạch", key):
            continue   # a step of the plan ("Các chi bộ xây dựng báo cáo …"), not a topic to cover
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
        aid = f"area_{len(areas) + 1}"
        areas.append({"id": aid, "title": title, "clause": f"Kế hoạch, mục {part.label.text.rstrip('.')}.{sec.label.last}",
                      "match": frags or [fold(title)], "min_aspects": 1, "aspects": aspects})
        notes[("content_areas", aid)] = [
            f"{_where(doc, doc.blocks[sec.block_index])} của kế hoạch: «{sec.heading_text[:90]}»",
            "XEM LẠI: từ khoá của các khía cạnh được lấy từ tiêu đề; thêm cách gọi khác nếu cần."]
    return areas


# ---------------------------------------------------------------------------------------------
# Deadlines

_DAY_RE = re.compile(r"(?P<cue>trước|chậm nhất(?:\s+là)?|hạn chót(?:\s+là)?|không muộn hơn|hoàn thành(?:\s+xong)?|xong|"
                     r"thời hạn\s*:|hạn\s+(?:nộp|gửi)(?:\s+báo cáo)?\s*:?)"
                     r"\s*(?:ngày\s+)?(?P<d>\d{1,2})\s*(?:/|\s+tháng\s+)(?P<m>\d{1,2})"
                     r"(?:\s*(?:/|\s+năm\s+)(?P<y>(?:19|20)\d\d))?(?![\d/])")
_MONTH_RE = re.compile(r"trong\s+tháng\s+(?P<m>\d{1,2})\s*(?:/|\s+năm\s+)(?P<y>(?:19|20)\d\d)")
_QUARTER_RE = re.compile(r"trong\s+quý\s+(?P<q>iv|i{1,3}|[1-4])\s*(?:/|\s+năm\s+)(?P<y>(?:19|20)\d\d)")
_RECURRING_RE = re.compile(r"(?:định kỳ\s+)?(?:hằng|hàng)\s+(?P<u>tháng|quý|tuần|năm)(?!\w)")
_STEP_CUE_RE = re.compile(r"hoàn thành|xong|gửi|nộp|thời gian|thời hạn|tổ chức|tiến hành|báo cáo")
_AUTHOR_CUE_RE = re.compile(r"(?:gửi|nộp|hoàn thành|xây dựng)\b.*?\bbáo cáo|báo cáo\b.*?\b(?:gửi|nộp|về)\b")
_NOT_AUTHOR_RE = re.compile(r"tổng hợp|báo cáo chung|hội nghị|\btrình\b")
_ORG_START = ("các ", "sở ", "ban ", "văn phòng", "ủy ban", "ubnd", "hđnd", "hội đồng", "mặt trận", "đảng ủy",
              "đảng bộ", "chi bộ", "phòng ", "trung tâm", "hội ", "đoàn ", "công an", "thường trực", "bộ phận",
              "cơ quan", "tỉnh ủy", "thành ủy", "lãnh đạo", "ubmttq", "mttq", "liên đoàn", "tổ ")
_SUBJECT_END_RE = re.compile(r"\s(?:gửi|xây dựng|tổng hợp|hoàn thành|báo cáo|tổ chức|chủ trì|phối hợp|tham mưu|có trách nhiệm|"
                             r"nộp|thực hiện|triển khai|chỉ đạo|căn cứ|định kỳ|hướng dẫn|theo dõi|trình|ban hành|tiến hành|"
                             r"rà soát|đánh giá|cập nhật|bảo đảm|đảm bảo)(?!\w)|\s*[(:;.]")
_GIAO_RE = re.compile(r"(?:^|[\s.;:])[Gg]iao\s+(.+?)(?:\s+(?:xây dựng|chủ trì|phối hợp|chỉ đạo|tổ chức|theo dõi|tổng hợp|thực hiện)\b|[.;,])")


_ORG_START_KEYS = tuple(fold(w) for w in _ORG_START)


def _is_org(text: str) -> bool:
    key = fold(text).strip()
    return key.startswith(_ORG_START_KEYS) and not key.startswith(("tổ chức ", "hội nghị", "hội thảo"))


def _split_bodies(subject: str) -> list[str]:
    """"Các chi bộ, đảng bộ trực thuộc, Ủy ban nhân dân xã" -> three bodies; "Các sở, ban, ngành tỉnh"
    and "Sở Khoa học và Công nghệ" stay one."""
    pieces = re.split(r"(,\s*|\s+và\s+)", subject)
    out: list[str] = []
    sep = ""
    for i, p in enumerate(pieces):
        if i % 2:
            sep = p
            continue
        p = p.strip()
        if not p:
            continue
        if out and not (len(p.split()) >= 2 and _is_org(p)):
            out[-1] = f"{out[-1]}{sep}{p}"
        else:
            out.append(p)
    return out


def _subject(sentence: str) -> list[str]:
    text = re.sub(r"^[\s\-+*•]*(?:\(?\d{1,2}[.)]\s*|[a-zđ]\)\s*)?", "", sentence).strip(" *_")
    if not _is_org(text):
        return []
    words = list(re.finditer(r"\S+", text))
    skip = words[1].end() if len(words) > 2 else 0     # "Các tổ chức chính trị - xã hội": not the verb "tổ chức"
    m = _SUBJECT_END_RE.search(text, skip)
    subject = text[: m.start()] if m else text
    subject = subject.strip(" ,*_")
    if not subject or len(subject.split()) > 30:
        return []
    return _split_bodies(subject)


def _sentences(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for m in re.finditer(r"(?<!\d)[.;](?!\d)\s+|\.\s*$", text):
        out.append((start, m.end()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return out


def _bodies_for(doc: Document, block: Block, at: int, issuer: str | None) -> list[str]:
    text = block.text
    giao = [m.group(1).strip(" *") for m in _GIAO_RE.finditer(text) if 2 <= len(m.group(1).strip()) <= 60]
    if giao:
        return giao
    sents = _sentences(text)
    here = next(((a, b) for a, b in sents if a <= at < b), (0, len(text)))
    own = _subject(text[here[0]:here[1]])
    if own:
        return own
    if block.lead and _is_org(block.lead):
        return _split_bodies(block.lead)
    first = _subject(text[sents[0][0]:sents[0][1]]) if sents else []
    if first:
        return first
    # the heading of the item that holds it: "2. Đối với các chi, đảng bộ trực thuộc", "1. Sở Nội vụ:"
    sec = block.section
    while sec is not None and sec.level > 0:
        title = sec.title
        m = re.match(r"(?i)đối với\s+(.+)", title)
        if m:
            return _split_bodies(m.group(1).strip(" .:"))
        if _is_org(title):
            head = title.split(":")[0]
            if len(head.split()) <= 12:
                return _split_bodies(head.strip(" ."))
        sec = sec.parent
    return [issuer] if issuer else []


def _plan_year(docs: list[Document]) -> int | None:
    years: Counter = Counter()
    for doc in docs:
        for b in doc.blocks:
            for d in find_dates(b.text):
                if d.valid:
                    years[d.year] += 1
    if not years:
        for doc in docs:        # no full date: the years the plan names ("năm 2026")
            for b in doc.blocks:
                for m in re.finditer(r"(?<!\d)(20\d\d)(?!\d)", b.text):
                    years[int(m.group(1))] += 1
    return max(years, key=lambda y: (years[y], y)) if years else None


def _section_clause(doc: Document, block: Block) -> str:
    sec = block.section
    parts = []
    while sec is not None and sec.level > 0:
        if sec.label is not None:
            parts.append(sec.label.text.rstrip(".):").lstrip("("))
        sec = sec.parent
    labels = []
    for lab in reversed(parts):
        if "." in lab and labels and lab.split(".")[0] == labels[-1]:
            labels.pop()       # "3" + "3.2" -> "3.2"
        labels.append(lab)
    if labels:
        # "III" + "1" -> "III.1"; a dotted label already holds its parents
        return "Kế hoạch, mục " + ".".join(labels)
    return f"Kế hoạch, {_where(doc, block)}"


def _step_title(sentence: str, written: str) -> str:
    """The step in a few words, ending with its deadline as the plan wrote it."""
    text = re.sub(r"^[\s\-+*•]*(?:\(?\d{1,2}[.)]\s*|[a-zđ]\)\s*)", "", sentence).strip(" .;*_")
    if len(text) <= 120:
        return text
    cut = text.rfind(" ", 0, 100 - len(written))
    return f"{text[:max(cut, 20)].rstrip(' ,;')} … {written}"


def _when_text(kind: str, value: str, recurring: str | None = None) -> str:
    if kind == "before":
        return f"trước ngày {int(value[8:])}/{int(value[5:7])}/{value[:4]}"
    if kind == "within_month":
        return f"trong tháng {int(value[5:])}/{value[:4]}"
    return {"tháng": "định kỳ hằng tháng", "quý": "định kỳ hằng quý", "tuần": "định kỳ hằng tuần",
            "năm": "định kỳ hằng năm"}.get(recurring or "", "định kỳ")


_RECURRING_VALUES = {"tháng": "monthly", "quý": "quarterly", "tuần": "weekly", "năm": "yearly"}


def _issued(docs: list[Document]) -> str | None:
    """The plan's own date (its place-and-date line), ISO: no step of it can be due before."""
    for b in docs[0].blocks[:12]:
        d = find_place_date(b.text)
        if d is not None and d.valid:
            return f"{d.year:04d}-{d.month:02d}-{d.day:02d}"
    return None


def _deadlines(docs: list[Document], lexicon: dict, notes: dict, issuer: str | None) -> list[dict]:
    year = _plan_year(docs)
    issued = _issued(docs)
    groups: dict[tuple, dict] = {}
    for doc in docs:
        in_recipients = False
        for b in doc.blocks:
            if b.kind in ("table", "footnote") or b.zone == "header":
                continue
            key = b.key
            if key.lstrip(" *_").startswith("nơi nhận"):
                in_recipients = True
                continue
            if in_recipients:
                if b.bullet is not None:
                    continue
                in_recipients = False
            if key.lstrip(" *_-").startswith(("căn cứ", "thực hiện ")):
                continue   # the plan's grounds: the dates of other documents
            found = []
            for m in _DAY_RE.finditer(key):
                y = int(m.group("y")) if m.group("y") else year
                if y is None:
                    continue
                try:
                    _dt.date(y, int(m.group("m")), int(m.group("d")))
                except ValueError:
                    continue
                as_written = b.text[m.start():m.end()]
                found.append((m.start(), ("before", f"{y:04d}-{int(m.group('m')):02d}-{int(m.group('d')):02d}"),
                              as_written, m.group("y") is None))
            for m in _MONTH_RE.finditer(key):
                if _STEP_CUE_RE.search(key[max(0, key.rfind(".", 0, m.start())):m.start()]):
                    found.append((m.start(), ("within_month", f"{int(m.group('y')):04d}-{int(m.group('m')):02d}"),
                                  b.text[m.start():m.end()], False))
            for m in _QUARTER_RE.finditer(key):
                if _STEP_CUE_RE.search(key[max(0, key.rfind(".", 0, m.start())):m.start()]):
                    q = roman_to_int(m.group("q").upper()) if not m.group("q").isdigit() else int(m.group("q"))
                    y = int(m.group("y"))
                    last = {1: "03-31", 2: "06-30", 3: "09-30", 4: "12-31"}[q]
                    found.append((m.start(), ("before", f"{y:04d}-{last}"), b.text[m.start():m.end()], False))
            for m in _RECURRING_RE.finditer(key):
                if "định kỳ" in m.group(0) or _STEP_CUE_RE.search(key[m.end():m.end() + 40]):
                    found.append((m.start(), ("recurring", _RECURRING_VALUES[m.group("u")]), b.text[m.start():m.end()], False))
            for at, spec, as_written, no_year in found:
                if spec[0] == "before" and issued and spec[1] < issued:
                    continue      # "số liệu giai đoạn trước ngày 01/7/2025" in a plan of 05/5/2026: a time, not a deadline
                bodies = _bodies_for(doc, b, at, issuer)
                sent = next(((a, e) for a, e in _sentences(key) if a <= at < e), (0, len(key)))
                author = spec[0] != "recurring" and bool(_AUTHOR_CUE_RE.search(key)) and not _NOT_AUTHOR_RE.search(key)
                g = groups.setdefault(spec, {"spec": spec, "steps": [], "binds": [], "where": [], "clauses": [],
                                             "author": False, "as_written": [], "no_year": False})
                g["steps"].append(" ".join(b.text[sent[0]:sent[1]].split()).strip(" *_-"))
                g["where"].append(_where(doc, b))
                g["clauses"].append(_section_clause(doc, b))
                g["author"] = g["author"] or author
                g["no_year"] = g["no_year"] or no_year
                g["as_written"].append(" ".join(as_written.split()))
                for x in bodies:
                    if fold(x) not in {fold(y) for y in g["binds"]}:
                        g["binds"].append(x)
    out = []
    order = {"before": 0, "within_month": 0, "recurring": 1}
    for i, g in enumerate(sorted(groups.values(), key=lambda g: (order[g["spec"][0]], g["spec"][1][:7], g["spec"][1]))):
        kind, value = g["spec"]
        steps = g["steps"]
        written = g["as_written"][0]
        when = _when_text(kind, value, next((u for u, v in _RECURRING_VALUES.items() if v == value), None)) \
            if kind == "recurring" else _when_text(kind, value)
        title = _step_title(steps[0], written) if len(steps) == 1 else f"{len(steps)} bước {when}"
        clauses = list(dict.fromkeys(g["clauses"]))[:3]
        clause = clauses[0] + "".join(", " + c.replace("Kế hoạch, mục ", "") for c in clauses[1:])
        item = {"id": f"deadline_{i + 1}", "title": title, "clause": clause}
        item[kind] = value
        if fold(written) != fold(when):
            item["as_written"] = written
        if g["binds"]:
            item["binds"] = g["binds"]
        item["binds_author"] = g["author"]
        context = fold(" ".join(steps))
        mentions = []
        for m in lexicon.get("deadline_mentions", []):
            if any(re.search(rf"(?<!\w){re.escape(fold(t))}(?!\w)", context) for t in m["triggers"]):
                mentions = m["mentions"]
                break
        if mentions and kind != "recurring":
            item["mentions"] = mentions
        comment = [f"từ {', '.join(g['where'])} của kế hoạch: «{written}»"]
        if g["no_year"]:
            comment.append(f"XEM LẠI: kế hoạch không ghi năm; lấy năm {value[:4]} (năm gặp nhiều nhất trong kế hoạch).")
        if not g["binds"]:
            comment.append("XEM LẠI: không rõ cơ quan nào phải thực hiện (binds).")
        if g["author"]:
            comment.append("binds_author: true — thời hạn gửi báo cáo của chính người viết báo cáo.")
        else:
            comment.append("binds_author: false — thời hạn của cơ quan khác hoặc của bước sau, không phải của người viết báo cáo.")
        comment.append("XEM LẠI: tên bước (title), cơ quan (binds) và cách dự thảo gọi bước đó (mentions).")
        notes[("deadlines", item["id"])] = comment
        out.append(item)
    # the report's own date is held to the latest deadline that binds report authors: an earlier one
    # may bind other authors ("các sở … trước 15/6", "các xã … trước 25/6")
    authored = [it for it in out if it.get("binds_author") and ("before" in it or "within_month" in it)]
    if authored:
        last = max(authored, key=lambda it: it.get("before") or it["within_month"] + "-31")
        last["report_date"] = True
        others = [it["id"] for it in authored if it is not last]
        if others:
            notes[("deadlines", last["id"])].append(
                f"XEM LẠI: ngày của báo cáo được so với thời hạn này; nếu người viết báo cáo là cơ quan của "
                f"{', '.join(others)}, chuyển report_date: true sang thời hạn đó.")
    return out


# ---------------------------------------------------------------------------------------------
# Annexes

_ANNEX_ID = r"(?:\d{1,3}[a-zA-Z]?(?:/[A-ZĐa-zđ][\wĐđ\-]*)?|[IVX]{1,5}(?![\w/]))"
_ANNEX_MENTION_RE = re.compile(
    rf"(?<!\w)(?P<kind>(?i:phụ lục|biểu mẫu|biểu|mẫu))\s*(?i:số\s*)?(?P<ids>{_ANNEX_ID}(?:\s*(?:,|và|;)\s*{_ANNEX_ID}(?![\w/]))*)(?![\w/])")
_ANNEX_TITLE_RE = re.compile(r"^\s*(?:[:\-–—]\s*(?P<a>[^;()]+)|\((?P<b>[^()]+(?:\([^()]*\)[^()]*)*)\))")
# written folded already: fold() would lower \W to \w
_OTHER_DOC_RE = re.compile(r"^\W*(?:của|kèm theo|ban hành kèm theo|tại)?\s*(?:nghị định|thông tư|quyết định|nghị quyết|hướng dẫn|công văn)")
_OPTIONAL_WORDS_RE = re.compile(fold(r"\bnếu có\b|\bnếu phát sinh\b|không bắt buộc|tham khảo|tùy chọn|tuỳ chọn"))


def _kind_name(kind: str) -> str:
    k = fold(kind)
    return {"phụ lục": "Phụ lục", "biểu mẫu": "Biểu mẫu", "biểu": "Biểu", "mẫu": "Mẫu"}[k]


def _rule_ident(kind: str, ident: str) -> str | None:
    """The id the annex rules (annex_missing) see for this annex, or None when they cannot see it."""
    if kind == "Mẫu":
        return None   # the shared annex reader knows "Phụ lục", "Biểu", "Biểu mẫu" only
    m = re.match(r"0*(\d+)([A-Za-z]?)(?:/|$)", ident)
    if m:
        return f"{m.group(1)}{m.group(2).upper()}"
    return annex_canonical(ident)


def _annexes(docs: list[Document], notes: dict, outline_starts: dict | None = None) -> dict:
    outline_starts = outline_starts or {}

    def clause_of(doc, b):
        start = outline_starts.get(id(doc))
        if start is not None and b.index >= start:
            return f"Đề cương, {_where(doc, b)}"
        return _section_clause(doc, b)

    items: dict[tuple, dict] = {}
    for doc in docs:
        blocks = [b for b in doc.blocks if b.kind not in ("table", "footnote") and b.zone != "header"]
        for i, b in enumerate(blocks):
            text = b.text
            for m in _ANNEX_MENTION_RE.finditer(text):
                after = text[m.end():]
                if _OTHER_DOC_RE.match(fold(after[:40])):
                    continue
                kind = _kind_name(m.group("kind"))
                ids = [x for x in re.split(r"\s*(?:,|và|;)\s*", m.group("ids")) if x]
                for j, ident in enumerate(ids):
                    ident = ident.strip()
                    title = None
                    last = j == len(ids) - 1
                    optional = False
                    tm = _ANNEX_TITLE_RE.match(after) if last else None
                    if tm:
                        title = (tm.group("a") or tm.group("b") or "").strip(" .")
                        rest = after[tm.end():tm.end() + 20]
                        optional = bool(_OPTIONAL_WORDS_RE.search(fold(title + " " + rest)))
                    elif last and not after.strip(" .:") and m.start() == 0 and i + 1 < len(blocks) \
                            and marker_of(blocks[i + 1]) is None and len(blocks[i + 1].text.split()) <= 20:
                        # an annex form's heading: its title is the next line
                        title = blocks[i + 1].text.strip()
                        optional = bool(_OPTIONAL_WORDS_RE.search(fold(title)))
                    if title:
                        title = re.sub(r"[\s,]*\(?\s*(?:nếu có|nếu phát sinh)\s*\)?\s*$", "", title, flags=re.I).strip(" ,.")
                        if "đề cương" in fold(title):
                            continue
                    k = (kind, fold(ident))
                    item = items.get(k)
                    if item is None:
                        label = " ".join(m.group(0).split()) if len(ids) == 1 else f"{kind} {ident}"
                        label = label[:1].upper() + label[1:].lower() if label.isupper() else label
                        item = items[k] = {"id": ident, "kind": kind, "label": label,
                                           "required": True, "_where": clause_of(doc, b), "_title": None}
                    if title and not item["_title"]:
                        item["_title"] = title
                    if optional:
                        item["required"] = False
    if not items:
        return {}
    out_items = []
    required = []
    unseen = []
    for item in items.values():
        entry = {"id": item["id"], "kind": item["kind"], "label": item["label"]}
        if item["_title"]:
            entry["title"] = item["_title"]
        entry["required"] = item["required"]
        out_items.append(entry)
        rid = _rule_ident(item["kind"], item["id"])
        if item["required"]:
            if rid is None:
                unseen.append(item["label"])
            elif rid not in required:
                required.append(rid)
    first = next(iter(items.values()))
    annexes = {"clause": f"{first['_where']} (phụ lục, biểu mẫu kèm theo báo cáo)", "items": out_items}
    if required:
        annexes["required"] = required
    comment = ["Phụ lục, biểu mẫu báo cáo phải kèm theo (items); «required» là số hiệu mà quy tắc annex_missing kiểm tra.",
               "XEM LẠI: tên và tính bắt buộc của từng phụ lục."]
    if unseen:
        comment.append(f"XEM LẠI: quy tắc annex_missing chưa nhận dạng được {', '.join(unseen)} trong dự thảo; "
                       "hãy tự kiểm tra các phụ lục này.")
    notes[("annexes",)] = comment
    return annexes


# ---------------------------------------------------------------------------------------------
# Notes: requirements the rules know, and the rest to review

_AGREEMENT_RE = re.compile(fold(r"(?:khớp|phù hợp|thống nhất|trùng khớp)\b.*\b(?:phụ lục|biểu)|(?:phụ lục|biểu)\b.*\b(?:khớp|phù hợp giữa|thống nhất)"))
_LIMITATION_NEEDS = [("object", r"đối tượng"), ("content", r"nội dung"), ("quantity", r"số lượng|số liệu"), ("address", r"địa chỉ|địa bàn|ở đâu")]
_PROPOSAL_NEEDS = [("content", r"nội dung|cụ thể"), ("responsible", r"trách nhiệm|cơ quan|đơn vị|ai "), ("deadline", r"thời hạn|thời gian")]


def _notes_blocks(doc: Document) -> list[tuple[Block, str, str]]:
    """(block, text, heading) of every note: blocks after a "Ghi chú" / "Lưu ý" / "Yêu cầu đối với báo
    cáo" heading, up to the next heading, annex form or signature."""
    out = []
    active = False
    head = ""
    for b in doc.blocks:
        if b.kind in ("table", "footnote"):
            if active and b.kind == "table":
                active = False
            continue
        m = _is_notes_head(b)
        if m:
            active = True
            label, after = parse_label(b.text.strip(" *_"))
            whole = (after if label is not None else b.text).strip(" *_")
            rest = whole[len(whole) - len(m.group("rest")):].strip() if m.group("rest") else ""
            head = _sentence_case(whole[: len(whole) - len(rest)].strip(" :."))
            if rest:
                out.append((b, rest, head))
            continue
        if not active:
            continue
        key = fold(b.text)
        mk = marker_of(b)
        if _CLOSING_RE.match(key) or (mk is None and _ANNEX_FORM_RE.match(key) and len(b.text.split()) <= 8) \
                or (mk is not None and mk.kind not in ("bullet", "paren", "letter", "arabic")) \
                or (b.is_heading and mk is None and b.text.isupper()):
            active = False
            continue
        out.append((b, (mk.rest if mk is not None else b.text).strip(), head))
    return out


def _needs(key: str, table) -> list[str]:
    return [name for name, pat in table if re.search(fold(pat), key)]


def _requirements(docs: list[Document], outline_key: str, notes: dict, data: dict, derived: Derived,
                  outline_starts: dict | None = None) -> None:
    outline_starts = outline_starts or {}
    reqs: dict = {}
    review: list[dict] = []
    annexes = data.get("annexes") or {}
    for doc in docs:
        for b in doc.blocks:
            if b.kind in ("table", "footnote") or b.zone == "header":
                continue
            for a, e in _sentences(b.key):
                if _AGREEMENT_RE.search(b.key[a:e]) and not annexes.get("body_agreement"):
                    annexes["body_agreement"] = True
                    notes.setdefault(("annexes",), []).insert(0, f"số liệu phải khớp với biểu: {_where(doc, b)} của kế hoạch")
    for doc in docs:
        outline_start = outline_starts.get(id(doc))
        for b, text, head in _notes_blocks(doc):
            key = fold(text)
            part = "Đề cương" if outline_start is not None and b.index >= outline_start else "Kế hoạch"
            where = f"{part}, {head} ({_where(doc, b)})"
            used = False
            # one note may state several requirements, a sentence each ("Hạn chế … phải nêu rõ số liệu, địa
            # chỉ cụ thể. Đề xuất, kiến nghị phải nêu rõ nội dung, cơ quan có thẩm quyền giải quyết.")
            # (or one sentence, its parts parted by ";": "Tồn tại, hạn chế phải nêu rõ …; kiến nghị, đề xuất phải nêu rõ …")
            for said in [p for sa, se in _sentences(key) for p in key[sa:se].split(";") if p.strip()]:
                if "hạn chế" in said and re.search(r"cụ thể|chung chung|địa chỉ|đối tượng|số lượng|rõ", said):
                    reqs["limitations"] = {"clause": where, "needs": _needs(said, _LIMITATION_NEEDS) or ["content"],
                                           "sections": ["hạn chế", "khuyết điểm", "khó khăn", "vướng mắc", "tồn tại"]}
                    used = True
                elif re.search(r"chậm tiến độ|chưa hoàn thành|tồn đọng|chưa xử lý|chậm triển khai|chưa đạt", said) and \
                        re.search(r"trách nhiệm|thời hạn", said):
                    reqs["outstanding_issues"] = {"clause": where, "needs": [n for n in ("responsible", "deadline")
                                                                           if n in _needs(said, _PROPOSAL_NEEDS)]
                                                  or ["responsible", "deadline"]}
                    used = True
                elif re.search(r"đề xuất|kiến nghị", said) and re.search(r"thời hạn|trách nhiệm|nội dung|cụ thể|cơ quan", said):
                    reqs["proposals"] = {"clause": where, "needs": _needs(said, _PROPOSAL_NEEDS) or ["content"],
                                         "sections": ["đề xuất", "kiến nghị"]}
                    used = True
            if _AGREEMENT_RE.search(key):
                used = True
            if _ANNEX_MENTION_RE.search(text) and re.search(r"kèm|có\s+(?:biểu|phụ lục)|gửi|đính", key):
                used = True
            if re.search(r"\d{1,2}/\d{1,2}", key) and re.search(r"trước|chậm nhất|hạn", key):
                used = True    # a deadline: read with the others
            if not used and len(text.split()) >= 3 and not fold(head).startswith("mục đích"):
                # (under «Mục đích, yêu cầu» the purposes are no requirement of the report)
                review.append({"id": f"review_{len(review) + 1}", "clause": where, "quote": " ".join(text.split()),
                               "note": "Yêu cầu chưa có quy tắc kiểm tra tự động: người duyệt tự đối chiếu."})
    # the outline's own items may say what they must give ("2. Tồn tại, hạn chế: … (có số liệu, địa chỉ
    # cụ thể), không nêu chung chung"; "Phần IV. Kiến nghị, đề xuất (nêu rõ cơ quan, nội dung)";
    # "1. Nhiệm vụ trọng tâm: … cơ quan, bộ phận chủ trì, thời hạn hoàn thành")
    checks = []
    for _, item in _walk_items(data.get("outline") or []):
        title, said = fold(item.get("title", "")), fold(" ".join(item.get("contents") or []))
        if not said:
            continue
        if "limitations" not in reqs and re.search(r"hạn chế|tồn tại|khuyết điểm|khó khăn", title) \
                and re.search(r"cụ thể|chung chung|địa chỉ|số liệu|số lượng", said):
            reqs["limitations"] = {"clause": item["clause"], "needs": _needs(said, _LIMITATION_NEEDS) or ["content"],
                                   "sections": ["hạn chế", "khuyết điểm", "khó khăn", "vướng mắc", "tồn tại"]}
        elif "proposals" not in reqs and re.search(r"kiến nghị|đề xuất", title) and _needs(said, _PROPOSAL_NEEDS):
            reqs["proposals"] = {"clause": item["clause"], "needs": _needs(said, _PROPOSAL_NEEDS),
                                 "sections": ["đề xuất", "kiến nghị"]}
        elif re.match(r"\W*(?:nhiệm vụ|giải pháp|phương hướng)", title) and "thời hạn" in said \
                and re.search(r"chủ trì|cơ quan|trách nhiệm|phân công", said):
            checks.append({"id": "nhiem_vu_" + re.sub(r"[^a-z0-9]+", "_", item["id"].lower()).strip("_"),
                           "kind": "needs", "category": "deadline_missing", "severity": "warning",
                           "clause": item["clause"], "scope": {"sections": [item["title"]]},
                           "trigger": {"statements": True}, "needs": ["responsible", "deadline"],
                           "message": "Nhiệm vụ chưa nêu {missing} như Đề cương yêu cầu («{match}»).",
                           "message_en": "The task gives no {missing}, which the outline asks for («{match}»).",
                           "suggestion": "Nêu cơ quan chủ trì và thời hạn hoàn thành của nhiệm vụ.",
                           "suggestion_en": "Name the body in charge and the deadline of the task."})
    if checks:
        data["checks"] = checks
    if "trách nhiệm, thời hạn giải quyết" in outline_key and "outstanding_issues" not in reqs:
        reqs["outstanding_issues"] = {"clause": "Đề cương (tồn đọng: trách nhiệm, thời hạn giải quyết)",
                                      "needs": ["responsible", "deadline"]}
    if re.search(r"(?:tài sản|trụ sở)[^.;]{0,30}dôi dư", outline_key):
        reqs["surplus_assets"] = {"clause": "Đề cương (tài sản dôi dư: thời hạn giải quyết từng tài sản)",
                                  "needs": ["deadline", "annex"]}
        if "phụ lục chi tiết" in outline_key:
            annexes["surplus_asset_annex"] = True
    if reqs:
        data["requirements"] = reqs
        notes[("requirements",)] = ["Các yêu cầu của Kế hoạch mà quy tắc kiểm tra được (hạn chế cụ thể, đề xuất đủ nội dung, "
                                    "việc tồn đọng có trách nhiệm và thời hạn)."]
    if annexes:
        data["annexes"] = annexes
    if review:
        data["to_review"] = review
        notes[("to_review",)] = ["XEM LẠI: các yêu cầu dưới đây chưa có quy tắc nào kiểm tra; baocao-check không tự kiểm, "
                                 "người duyệt phải đối chiếu bằng tay."]
        derived.review += [f"yêu cầu chưa có quy tắc: «{r['quote'][:90]}» ({r['clause']})" for r in review]


# ---------------------------------------------------------------------------------------------
# Period

_PERIOD_RE = re.compile(r"(?<!\w)(giai đoạn|nhiệm kỳ)\s+((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)")
_RANGE_RE = re.compile(r"từ\s+(?:ngày\s+)?(?P<a>\d{1,2}/\d{1,2}/\d{4})(?:\s*(?:đến|tới|-)\s*(?:hết\s+)?(?:ngày\s+)?(?P<b>\d{1,2}/\d{1,2}/\d{4}))?")
# "số liệu tính đến ngày 30/6/2026": the last day of the figures, when the plan gives no range
_AS_OF_RE = re.compile(r"số liệu[^.;]{0,30}?tính đến\s+(?:hết\s+)?(?:ngày\s+)?(?P<d>\d{1,2}/\d{1,2}/\d{4})")
_ESTIMATE_RE = re.compile(r"ước\s+(?:thực hiện|tính|đạt)?\s*(?:đến|tới)\s+(?:hết\s+)?(?:ngày\s+)?(?P<d>\d{1,2}/\d{1,2}/\d{4})")
_PERIOD_CUE_RE = re.compile(r"số liệu|kỳ báo cáo|thời gian báo cáo|tính từ|thời điểm báo cáo|thời gian (?:sơ|tổng) kết")
# "từ tháng 6/2021 đến tháng 6/2026": a period in months, from the first of one to the last of the other
_MONTH_RANGE_RE = re.compile(r"từ\s+tháng\s+(?P<m1>\d{1,2})/(?P<y1>\d{4})\s*(?:đến|tới|-)\s*(?:hết\s+)?tháng\s+(?P<m2>\d{1,2})/(?P<y2>\d{4})")
_OWN_TERM_BODIES = ["hội đồng nhân dân", "hđnd", "quốc hội", "đại biểu", "ủy ban nhân dân", "ubnd"]
# bodies whose term the plan's own term is, when its sentences name them ("Đại hội Đảng bộ … nhiệm kỳ 2025 - 2030")
_PLAN_TERM_BODIES = ["đảng bộ", "đại hội", "đảng ủy", "ban chấp hành", "mặt trận tổ quốc"]


def _iso(text: str) -> str | None:
    ds = [d for d in find_dates(text) if d.valid and d.precision == "day"]
    return f"{ds[0].year:04d}-{ds[0].month:02d}-{ds[0].day:02d}" if ds else None


def _period(docs: list[Document], notes: dict) -> dict | None:
    counts: dict[str, Counter] = {"giai đoạn": Counter(), "nhiệm kỳ": Counter()}
    term_sentences: list[tuple[tuple, str]] = []
    ranges: Counter = Counter()
    cued: list[tuple] = []
    estimates: Counter = Counter()
    as_of: Counter = Counter()
    where = {}
    for doc in docs:
        for b in doc.blocks:
            if b.kind in ("table", "footnote"):
                continue
            key = b.key
            for m in _PERIOD_RE.finditer(key):
                years = (int(m.group(2)), int(m.group(3)))
                counts[m.group(1)][years] += 1
                if m.group(1) == "nhiệm kỳ":
                    a, e = next(((a, e) for a, e in _sentences(key) if a <= m.start() < e), (0, len(key)))
                    term_sentences.append((years, key[a:e]))
            if b.zone == "header" or key.lstrip(" *_-").startswith("căn cứ"):
                continue
            spans = [((m.group("a"), m.group("b")), m.start()) for m in _RANGE_RE.finditer(key)]
            for m in _MONTH_RANGE_RE.finditer(key):
                m1, y1, m2, y2 = (int(m.group(k)) for k in ("m1", "y1", "m2", "y2"))
                if 1 <= m1 <= 12 and 1 <= m2 <= 12:
                    last = _calendar.monthrange(y2, m2)[1]
                    spans.append(((f"01/{m1}/{y1}", f"{last}/{m2}/{y2}"), m.start()))
            for span, at in spans:
                ranges[span] += 1
                a, e = next(((a, e) for a, e in _sentences(key) if a <= at < e), (0, len(key)))
                if _PERIOD_CUE_RE.search(key[a:e]):
                    cued.append(span)
                where.setdefault(span, (_where(doc, b), _section_clause(doc, b)))
            for m in _ESTIMATE_RE.finditer(key):
                estimates[m.group("d")] += 1
            for m in _AS_OF_RE.finditer(key):
                as_of[m.group("d")] += 1
                where.setdefault(("as_of", m.group("d")), (_where(doc, b), _section_clause(doc, b)))
    out: dict = {"clause": "Kế hoạch (kỳ báo cáo, giai đoạn, nhiệm kỳ)"}
    comment = []
    if cued or ranges:
        span = cued[0] if cued else max(ranges, key=lambda s: (ranges[s], s[1] is not None))
        out["start"] = _iso(span[0])
        if span[1]:
            out["end"] = _iso(span[1])
        line, clause = where.get(span, ("?", None))
        comment.append(f"kỳ báo cáo: {line} của kế hoạch")
        if clause:
            out["clause"] = clause
    elif as_of:
        day = as_of.most_common(1)[0][0]
        out["end"] = _iso(day)
        line, clause = where[("as_of", day)]
        comment.append(f"kỳ báo cáo: số liệu tính đến ngày {day} ({line} của kế hoạch)")
        out["clause"] = clause
    if estimates:
        out["estimate_until"] = _iso(estimates.most_common(1)[0][0])
        comment.append("estimate_until: số liệu «ước thực hiện» đến ngày này là hợp lệ, không phải ngày sau báo cáo.")
    if counts["giai đoạn"]:
        out["plan_period"] = list(counts["giai đoạn"].most_common(1)[0][0])
    if counts["nhiệm kỳ"]:
        term = counts["nhiệm kỳ"].most_common(1)[0][0]
        out["term"] = list(term)
        legit = []
        for years, sentence in term_sentences:
            if years == term:
                continue
            ctx = [w for w in _OWN_TERM_BODIES if w in sentence]
            if ctx and not any(tuple(x["years"]) == years for x in legit):
                legit.append({"years": list(years), "context": ctx})
        if legit:
            out["legitimate_terms"] = legit
        own = sorted({w for years, sentence in term_sentences if years == term for w in _PLAN_TERM_BODIES if w in sentence})
        if own:
            out["term_context"] = own
    if len(out) == 1:
        return None
    out = {k: v for k, v in out.items() if v is not None}
    comment.append("XEM LẠI: giai đoạn, nhiệm kỳ lấy theo cách viết gặp nhiều nhất trong kế hoạch; nhiệm kỳ có thật của "
                   "cơ quan khác (HĐND, Quốc hội…) thêm vào legitimate_terms nếu dự thảo nhắc đến.")
    notes[("period",)] = comment
    return out


# ---------------------------------------------------------------------------------------------


_ISSUER_RE = re.compile(r"(?:^|[;,]\s*)(?P<who>[^;,]{3,80}?)\s+ban hành\s+(?:kế hoạch|đề cương)", re.IGNORECASE)


def _issuer(docs: list[Document]) -> str | None:
    for doc in docs:
        for b in doc.blocks[:40]:
            m = _ISSUER_RE.search(b.text)
            if m:
                who = m.group("who").strip()
                return who[:1].upper() + who[1:]
    for doc in docs:
        for b in doc.blocks:
            m = re.match(r"(?i)^\W*(?:t/?m|k/?t)\.?\s+(.+)$", b.text.strip())
            if m:
                return _sentence_case(m.group(1).strip(" *"))
    return None


def _plan_title(doc: Document) -> str:
    for i, b in enumerate(doc.blocks[:30]):
        if fold(b.text.strip(" *_")) in ("kế hoạch", "đề cương báo cáo", "đề cương"):
            nxt = doc.blocks[i + 1] if i + 1 < len(doc.blocks) else None
            head = _sentence_case(b.text.strip(" *_"))
            if nxt is not None and nxt.kind != "table":
                return f"{head} {nxt.text.strip(' *_')}"
            return head
    title_block = next((b for b in doc.blocks if b.zone == "header" and len(b.text) > 20), None)
    return " ".join(title_block.text.split()) if title_block else os.path.basename(doc.path)


def derive(doc: Document | list[Document], rid: str, lexicon: dict | None = None) -> Derived:
    """Derive a ruleset from a plan: one document, or the plan and its outline as separate files."""
    docs = doc if isinstance(doc, list) else [doc]
    lexicon = lexicon or load_lexicon()
    derived = Derived({})
    notes = derived.notes
    plan_title = " ".join(_plan_title(docs[0]).split())
    issuer = _issuer(docs)
    data: dict = {"id": rid, "version": "0.1.0", "title": plan_title[:200],
                  "plan": {"title": plan_title[:300], "source": ", ".join(os.path.basename(d.path) for d in docs)}}
    derived.data = data
    if issuer:
        data["plan"]["issuer"] = issuer
    outline_doc, region = None, None
    for d in docs:
        region = _outline_region(d)
        if region is not None:
            outline_doc = d
            break
    nodes = _parse_outline(outline_doc, *region) if outline_doc is not None else []
    if outline_doc is not None:
        head = outline_doc.blocks[region[0] - 1]
        data["plan"]["outline_title"] = " ".join(head.text.split())[:200]
    outline_table = None
    if not nodes:
        for d in docs:
            found = _outline_table(d)
            if found is not None:
                outline_doc, (outline_table, nodes) = d, found
                region = (outline_table.index, outline_table.index + 1)
                data["plan"]["outline_title"] = "Đề cương (bảng nội dung báo cáo)"
                break
    outline = _outline_items(outline_doc, nodes, lexicon, notes) if nodes else []
    data["outline"] = outline
    if not outline:
        derived.outline_found = False
        reason = ("không tìm thấy Đề cương báo cáo (không có dòng «ĐỀ CƯƠNG …» hoặc «Phụ lục: Đề cương …»)"
                  if outline_doc is None else "tìm thấy dòng «ĐỀ CƯƠNG» nhưng sau đó không có mục nào được đánh số")
        notes[("outline",)] = [f"XEM LẠI: {reason}. Hãy chép các mục của đề cương vào đây (id, title, clause), "
                               "hoặc chạy lại với tệp đề cương riêng: baocao-check ruleset from-plan KE-HOACH DE-CUONG -o …"]
        derived.review.append(reason)
    else:
        notes[("outline",)] = ["Các mục của Đề cương theo thứ tự; «match»: cụm từ mà tiêu đề mục của dự thảo chứa là đủ; "
                               "«required: false»: mục «nếu có»; «contents»: những gì mục phải nêu."]
    areas = _content_areas(docs[0], lexicon, notes)
    if areas:
        data["content_areas"] = areas
    titles = [fold(it["title"]) for _, it in _walk_items(outline)]
    ignore = lexicon.get("outline_ignore", [])
    if outline and ignore and not any(re.search(rf"(?<!\w){re.escape(fold(w))}(?!\w)", t) for w in ignore for t in titles):
        data["outline_ignore"] = ignore
    period = _period(docs, notes)
    if period:
        data["period"] = period
    deadlines = _deadlines(docs, lexicon, notes, issuer)
    if deadlines:
        data["deadlines"] = deadlines
    starts = {id(outline_doc): region[0]} if outline_doc is not None and outline_table is None else {}
    annexes = _annexes(docs, notes, starts)
    if annexes:
        data["annexes"] = annexes
    if outline_doc is not None:
        outline_key = " ".join(b.key for b in outline_doc.blocks[region[0]:region[1]])
    else:
        outline_key = ""
    _requirements(docs, outline_key, notes, data, derived, starts)
    for key, lines in notes.items():
        if key[0] == "outline" and len(key) == 2:
            derived.review += [f"mục {key[1]}: {ln[9:]}" for ln in lines if ln.startswith("XEM LẠI") and "gạch đầu dòng" not in ln]
        if key[0] == "deadlines":
            derived.review += [f"{key[1]}: {ln[9:]}" for ln in lines
                               if ln.startswith("XEM LẠI") and not ln.startswith("XEM LẠI: tên bước")]
    terms = _plan_terms(plan_title, [it["title"] for _, it in _walk_items(outline)])
    if terms:
        data["vocabularies"] = {"plan_terms": terms}
        notes[("vocabularies",)] = ["Thuật ngữ của lĩnh vực kế hoạch (từ tên kế hoạch và các mục đề cương): "
                                    "viết sai dấu một âm tiết là lỗi chính tả («tham những»). Bớt hoặc thêm tuỳ ý."]
    data["rules"] = {"missing_section": {"severity": "error"}, "section_order_or_numbering": {"severity": "warning"}}
    return derived


def _plan_terms(title: str, outline_titles: list[str]) -> list[str]:
    """The compound words of the plan's field: those of its title, and those two outline titles share
    ("tham nhũng", "lãng phí", "tiêu cực"), found by the longest match of 2–3 syllables against the
    dictionary of compounds, and not in the lexicon's domain terms already."""
    from .facts.terms import compound_words
    from .parsing.vocabulary import vocabulary
    words = compound_words()
    if not words:
        return []
    known = {fold(t) for t in vocabulary().domain_terms}

    def compounds(text: str) -> list[str]:
        out = []
        for chunk in re.split(r"[^\w\s]|\d", fold(text)):
            sylls = chunk.split()
            i = 0
            while i < len(sylls):
                for n in (3, 2):
                    w = " ".join(sylls[i:i + n])
                    if len(sylls) - i >= n and w in words:
                        out.append(w)
                        i += n - 1
                        break
                i += 1
        return out

    seen: dict[str, int] = {}
    for t in outline_titles:
        for w in dict.fromkeys(compounds(t)):
            seen[w] = seen.get(w, 0) + 1
    terms = [w for w in dict.fromkeys(compounds(title) + [w for w, n in seen.items() if n >= 2]) if w not in known]
    return terms[:40]


def _walk_items(items, depth=0):
    for it in items:
        yield depth, it
        yield from _walk_items(it.get("children", []), depth + 1)


class _NoAliasDumper(yaml.SafeDumper):
    def ignore_aliases(self, data):
        return True


def to_yaml(derived: Derived, plan_path: str) -> str:
    """YAML with a Vietnamese comment above each requirement saying where it came from."""
    head = (f"# Bộ quy tắc sinh tự động từ kế hoạch {os.path.basename(plan_path)} (baocao-check ruleset from-plan).\n"
            "# Hãy đọc lại trước khi dùng: các dòng «XEM LẠI» chỉ chỗ cần người kiểm tra.\n"
            "# Kiểm tra tệp sau khi sửa: baocao-check ruleset check TỆP.yaml\n")
    text = yaml.dump(derived.data, Dumper=_NoAliasDumper, allow_unicode=True, sort_keys=False, width=110)
    out = []
    top = None
    for ln in text.split("\n"):
        m = re.match(r"^([a-z_]+):", ln)
        if m:
            top = m.group(1)
            for c in derived.notes.get((top,), []):
                out.append(f"# {c}")
        m = re.match(r"^(\s*)- id: (.+)$", ln)
        if m and top is not None:
            ident = m.group(2).strip("'\"")
            for c in derived.notes.get((top, ident), []):
                out.append(f"{m.group(1)}# {c}")
        out.append(ln)
    return head + "\n".join(out)


def summary(derived: Derived, lang: str = "vi") -> str:
    """What was derived and what a person must review, for the terminal."""
    t = (lambda vi, en: en if lang == "en" else vi)
    d = derived.data
    items = [it for _, it in _walk_items(d.get("outline", []))]
    optional = sum(1 for it in items if it.get("required") is False)
    annex_items = (d.get("annexes") or {}).get("items", [])
    p = d.get("period") or {}
    lines = []
    if not derived.outline_found:
        lines.append(t("CẢNH BÁO: " + derived.review[0] + ".", "WARNING: no report outline (ĐỀ CƯƠNG) was found."))
    lines.append(t(f"  {len(items)} mục đề cương ({optional} tuỳ chọn)", f"  {len(items)} outline items ({optional} optional)"))
    lines.append(t(f"  {len(d.get('deadlines', []))} thời hạn", f"  {len(d.get('deadlines', []))} deadlines"))
    for dl in d.get("deadlines", []):
        when = dl.get("before") or dl.get("within_month") or dl.get("recurring")
        who = ", ".join(dl.get("binds", [])) or "?"
        mark = t(" [người viết báo cáo]", " [report author]") if dl.get("binds_author") else ""
        lines.append(f"    - {when}: {who}{mark}")
    lines.append(t(f"  {len(annex_items)} phụ lục, biểu mẫu", f"  {len(annex_items)} annexes")
                 + (": " + ", ".join(a["label"] + ("" if a.get("required", True) else t(" (nếu có)", " (optional)"))
                                      for a in annex_items) if annex_items else ""))
    if p.get("start"):
        lines.append(t("  kỳ báo cáo: từ ", "  reporting period: from ") + p["start"]
                     + (t(" đến ", " to ") + p["end"] if p.get("end") else "")
                     + (t(", ước thực hiện đến ", ", estimates to ") + p["estimate_until"] if p.get("estimate_until") else ""))
    elif p.get("end"):
        lines.append(t("  kỳ báo cáo: số liệu tính đến ", "  reporting period: figures as of ") + p["end"])
    else:
        lines.append(t("  kỳ báo cáo: không tìm thấy", "  reporting period: not found"))
    reqs = d.get("requirements") or {}
    lines.append(t(f"  {len(reqs)} yêu cầu có quy tắc", f"  {len(reqs)} requirements with a rule")
                 + (": " + ", ".join(reqs) if reqs else ""))
    review = [r for r in derived.review if derived.outline_found or r != derived.review[0]]
    lines.append(t(f"  {len(review)} điểm cần người xem lại", f"  {len(review)} points to review"))
    lines += [f"    - {r}" for r in review]
    return "\n".join(lines) + "\n"
