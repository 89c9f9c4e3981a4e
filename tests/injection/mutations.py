"""Mutation operators: each takes a clean Markdown draft and returns the variants it can make,
each applying ONE fault of one category (or one harmless transformation).

Every operator finds its target by structure or pattern (a numbered heading, a table's total row,
a percentage with the fraction it follows from, a document symbol, a place name written twice),
so it works on any clean draft. A variant carries what the harness needs to judge a finding:
the category expected, the line(s) changed in the Markdown source and the text put there.
"""

from __future__ import annotations

import datetime
import random
import re
import unicodedata
from dataclasses import dataclass, field

from .draft import (LO, UP, ANNEX_REF, DATE, DATE_WORDS, FRACTION, PAREN_ITEM, PERCENT, Draft, fold, format_like,
                    nfc, numbers_in, parse_number, roman, strip_md, valid_date)


@dataclass
class Variant:
    category: str                 # expected finding category (fault) or the harmless transformation
    op: str                       # operator name
    text: str                     # the mutated Markdown
    lines: list[int]              # 0-based lines of the mutated Markdown that hold the change
    anchors: list[str]            # text put in (or, for a removal, the text that names what is gone)
    harmless: bool = False
    heading_words: str = ""       # a removed section's title (missing_section)
    heading_path: str = ""        # and its number in the draft ("II.5")
    formats: tuple[str, ...] = ("text", "markdown", "docx-pandoc", "docx-pydocx")
    render: dict = field(default_factory=dict)   # rendering options (typed_labels)
    note: str = ""

    @property
    def name(self) -> str:
        return f"{self.category}:{self.op}"


def _replace_line(draft: Draft, i: int, new: str) -> str:
    lines = list(draft.lines)
    lines[i] = new
    return "\n".join(lines)


def _sentences(line: str):
    """(start, end) of the sentences of a line; a parenthesis never splits."""
    depth, start = 0, 0
    for k, ch in enumerate(line):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch in ".;" and depth == 0 and (k + 1 == len(line) or line[k + 1] == " ") and not line[k - 1:k].isdigit():
            yield start, k + 1
            start = k + 1
    if start < len(line):
        yield start, len(line)


# ---------------------------------------------------------------- Vietnamese tone changes

TONES = ["\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]   # huyền, sắc, hỏi, ngã, nặng
VOWELS = set("aeiouyăâêôơư")


def _tone_of(syllable: str):
    d = unicodedata.normalize("NFD", syllable)
    for t in TONES:
        if t in d:
            return t
    return None


def retone(syllable: str, rng: random.Random) -> str | None:
    """The syllable with another tone mark; closed syllables (-c, -ch, -p, -t) take only sắc/nặng."""
    d = unicodedata.normalize("NFD", syllable)
    tone = _tone_of(syllable)
    closed = re.search(r"(c|ch|p|t)$", fold(syllable)) is not None
    choices = ["\u0301", "\u0323"] if closed else [None] + TONES
    choices = [t for t in choices if t != tone]
    if not choices:
        return None
    new = rng.choice(choices)
    base = d.replace(tone, "") if tone else d
    if new is None:
        return nfc(base)
    # the tone sits on the main vowel: the one with a quality mark, else the last vowel of the
    # nucleus before a final consonant, else the first of two final vowels
    letters = unicodedata.normalize("NFC", base)
    idx = [k for k, c in enumerate(letters) if fold(c) in "aeiouy"]
    if not idx:
        return None
    marked = [k for k in idx if letters[k] not in "aeiouyAEIOUY"]
    if marked:
        pos = marked[-1]
    elif len(idx) >= 2 and idx[-1] == len(letters) - 1 and fold(letters[:2]) not in ("qu", "gi"):
        pos = idx[-2]
    else:
        pos = idx[-1]
    c = letters[pos]
    out = letters[:pos] + nfc(unicodedata.normalize("NFD", c) + new) + letters[pos + 1:]
    return nfc(out)


# ---------------------------------------------------------------- faults

PLACE = re.compile(r"\b(xã|phường|thôn|huyện|tỉnh|ấp|bản|tổ dân phố|khu phố|thị trấn|xóm|làng)\s+"
                   r"((?:[" + UP + "][" + LO + r"]*)(?:\s+[" + UP + "][" + LO + "]*){0,3})")


def op_misspell_place(d: Draft, rng):
    """name_inconsistent: one occurrence of a place name written at least twice gets another tone."""
    seen: dict[str, list[tuple[int, int, int]]] = {}
    for i in d.body_lines():
        for m in PLACE.finditer(d.lines[i]):
            seen.setdefault(m.group(2), []).append((i, m.start(2), m.end(2)))
    names = sorted((n for n, occ in seen.items() if len(occ) >= 2), key=lambda n: (-len(seen[n]), n))
    out = []
    for name in names[:3]:
        occ = seen[name]
        i, s, e = occ[len(occ) // 2]
        words = name.split()
        k = rng.randrange(len(words))
        new_word = retone(words[k], rng)
        if not new_word or new_word == words[k]:
            continue
        words[k] = new_word
        wrong = " ".join(words)
        if wrong in seen:
            continue
        line = d.lines[i][:s] + wrong + d.lines[i][e:]
        out.append(Variant("name_inconsistent", "misspell_place", _replace_line(d, i, line), [i], [wrong]))
    return out


TERMS = ["chuyển đổi số", "thủ tục hành chính", "cải cách hành chính", "dịch vụ công", "cơ sở dữ liệu",
         "chữ ký số", "công chức", "đơn vị sự nghiệp", "ngân sách", "tài sản công", "trụ sở",
         "chính quyền địa phương", "phân cấp", "ủy quyền", "tiếp công dân", "khiếu nại", "kiểm tra",
         "giám sát", "biên chế", "vị trí việc làm", "lưu trữ", "số hóa", "hành chính công", "định danh"]


def _syllables(text: str) -> set[str]:
    return {w for w in re.findall(r"[^\W\d_]+", nfc(text).lower())}


def op_term_typo(d: Draft, rng, lexicon: set[str] | None = None):
    """term_typo: one syllable of a domain term gets another tone that is still a valid syllable
    (attested in the draft or the given word list), e.g. a term turned into other real words."""
    known = _syllables(d.text()) | (lexicon or set())
    out = []
    for term in TERMS:
        hits = [(i, m) for i in d.body_lines() for m in re.finditer(re.escape(term), d.lines[i], re.I)]
        if len(hits) < 1:
            continue
        i, m = hits[len(hits) // 2]
        words = m.group(0).split()
        for k in rng.sample(range(len(words)), len(words)):
            cands = []
            for _ in range(8):
                w = retone(words[k], rng)
                if w and w.lower() != words[k].lower() and w.lower() in known:
                    cands.append(w)
            if cands:
                new = words[:k] + [cands[0]] + words[k + 1:]
                wrong = " ".join(new)
                line = d.lines[i][:m.start()] + wrong + d.lines[i][m.end():]
                out.append(Variant("term_typo", "retone_term", _replace_line(d, i, line), [i], [wrong]))
                break
        if len(out) >= 4:
            break
    return out


def _shift(value: float, rng, like: str) -> float:
    step = max(1, round(value * 0.07)) if value >= 10 else 1
    new = value + step if rng.random() < 0.5 or value - step < 0 else value - step
    if format_like(new, like) == like:
        new = value + step + 1
    return new


def _breakdowns(line: str):
    """(total, [addends]) where a number is followed in its sentence by a list that sums to it:
    "tiếp nhận 96 đơn (khiếu nại 08, tố cáo 03, kiến nghị 85)", "45 người, gồm: 18 cán bộ, 27 công chức"."""
    for s, e in _sentences(line):
        sent = line[s:e]
        nums = [(a + s, b + s, w, v) for a, b, w, v in numbers_in(sent)]
        for k, total in enumerate(nums):
            if total[3] < 3:
                continue
            gap = line[total[1]:nums[k + 1][0]] if k + 1 < len(nums) else ""
            # the list must follow the total: "96 đơn (khiếu nại 08, …", "45 người, gồm: 18 …"
            if len(gap) > 60 or not re.search(r"\bgồm\b|\btrong đó\b|\(|:", gap):
                continue
            acc, parts = 0.0, []
            for n in nums[k + 1:]:
                acc += n[3]
                parts.append(n)
                if abs(acc - total[3]) < 1e-9 and len(parts) >= 2:
                    yield total, list(parts)
                    break
                if acc > total[3]:
                    break


def op_breakdown(d: Draft, rng):
    """arithmetic_total: in a breakdown that sums to its total, change one addend or the total."""
    out = []
    for i in d.body_lines():
        for total, parts in _breakdowns(d.lines[i]):
            subset = re.search(r"\btrong đó\b", d.lines[i][total[1]:parts[0][0]]) is not None
            for which, target in (("addend", rng.choice(parts)), ("total", total)):
                a, b, w, v = target
                shifted = _shift(v, rng, w)
                if subset:
                    # "trong đó" may list a part only: the fault is a sum beyond the total
                    step = abs(shifted - v)
                    shifted = v + step if which == "addend" else v - step
                    if shifted < 0:
                        continue
                new = format_like(shifted, w)
                line = d.lines[i][:a] + new + d.lines[i][b:]
                out.append(Variant("arithmetic_total", f"breakdown_{which}", _replace_line(d, i, line), [i],
                                   [new, strip_md(d.lines[i][total[0]:parts[-1][1]]).replace(w, new, 1)]))
    rng.shuffle(out)
    return out


def _table_anchor(t) -> str:
    return " | ".join(strip_md(c) for c in t.rows[0])[:40]


def _set_cell(d: Draft, t, r: int, c: int, value: str) -> str:
    cells = list(t.rows[r])
    cells[c] = value
    return "| " + " | ".join(cells) + " |"


def op_table_cell_total(d: Draft, rng):
    """arithmetic_total: in a table with a total row, change one addend cell or the total cell."""
    out = []
    for t in d.tables:
        tr = t.total_row()
        if tr is None:
            continue
        groups = t.groups()
        for c in t.numeric_columns():
            leaves = [r for r in range(1, tr) if groups.get(r) is not None or not any(
                g == r for g in groups.values())]
            leaves = [r for r in leaves if c < len(t.rows[r]) and strip_md(t.rows[r][c])]
            if not leaves or c >= len(t.rows[tr]) or not strip_md(t.rows[tr][c]):
                continue
            # only a column whose rows add up to the total in the clean draft
            vals = {r: parse_number(strip_md(t.rows[r][c])) for r in leaves}
            if abs(sum(vals.values()) - parse_number(strip_md(t.rows[tr][c]))) > 1e-6:
                continue
            r = rng.choice(leaves)
            w = strip_md(t.rows[r][c])
            new = format_like(_shift(vals[r], rng, w), w)
            text = _replace_line(d, t.row_lines[r], _set_cell(d, t, r, c, new))
            out.append(Variant("arithmetic_total", "table_addend", text, [t.row_lines[r], t.row_lines[tr]],
                               [new, _table_anchor(t), strip_md(t.rows[tr][c])]))
            w = strip_md(t.rows[tr][c])
            new = format_like(_shift(parse_number(w), rng, w), w)
            text = _replace_line(d, t.row_lines[tr], _set_cell(d, t, tr, c, new))
            out.append(Variant("arithmetic_total", "table_total", text, [t.row_lines[tr]], [new, _table_anchor(t)]))
            break
    return out


def _percent_sources(line: str, pm) -> tuple | None:
    """The fraction or the pair of numbers before a percentage in its sentence that it follows from."""
    p = parse_number(pm.group(1))
    dec = len(pm.group(1).partition(",")[2])
    tol = 0.5 * 10 ** -dec + 1e-9
    start = 0
    for s, e in _sentences(line):
        if s <= pm.start() < e:
            start = s
    before = line[start:pm.start()]
    for fm in reversed(list(FRACTION.finditer(before))):
        a, b = parse_number(fm.group(1)), parse_number(fm.group(2))
        if b and abs(a / b * 100 - p) <= tol:
            return ("fraction", a, b)
    nums = numbers_in(before)
    for k in range(len(nums) - 1, -1, -1):
        for j in range(k - 1, -1, -1):
            a, b = nums[k][3], nums[j][3]
            for x, y in ((a, b), (b, a)):
                if y and x <= y and abs(x / y * 100 - p) <= tol:
                    return ("pair", x, y)
    return None


def percent_sites(d: Draft):
    """(line, match, source) of the percentages of the body that follow from a fraction beside them."""
    for i in d.body_lines():
        for pm in PERCENT.finditer(d.lines[i]):
            src = _percent_sources(d.lines[i], pm)
            if src and src[1] != src[2]:
                yield i, pm, src


def op_percent(d: Draft, rng):
    """arithmetic_percent: a percentage that follows from the fraction beside it is changed beyond rounding."""
    out = []
    for i, pm, src in percent_sites(d):
        w = pm.group(1)
        p = parse_number(w)
        new_p = p - 4.0 if p > 60 else p + 4.0
        new = format_like(new_p, w)
        line = d.lines[i][:pm.start(1)] + new + d.lines[i][pm.end(1):]
        out.append(Variant("arithmetic_percent", f"percent_{src[0]}", _replace_line(d, i, line), [i], [new + "%"]))
    rng.shuffle(out)
    return out


DEADLINE = re.compile(r"(?P<lead>,\s*(?:(?:để\s+)?(?:hoàn thành|giải quyết(?: dứt điểm)?|xong|thực hiện)\s+))?"
                      r"(?P<core>(?:trước|chậm nhất(?: là)?(?: ngày)?|trong)\s+(?:ngày\s+)?"
                      r"(?:\d{1,2}/\d{1,2}/\d{4}|tháng\s+\d{1,2}/\d{4}|quý\s+[IV]{1,3}/\d{4}|năm\s+\d{4}))")
ASSIGN = re.compile(r"\b(giao|chủ trì|hoàn thành|giải quyết|khắc phục|đề nghị|kiến nghị|đề xuất|phấn đấu)\b", re.I)


def deadline_sites(d: Draft):
    for i in d.body_lines():
        line = d.lines[i]
        for s, e in _sentences(line):
            sent = line[s:e]
            ms = list(DEADLINE.finditer(sent))
            if len(ms) != 1 or not ASSIGN.search(sent) or re.search(r"Kế hoạch|báo cáo|[Pp]hụ lục", sent):   # an annex may give the date
                continue
            yield i, s, ms[0]


def op_remove_deadline(d: Draft, rng):
    """deadline_missing: an outstanding issue or a proposal loses its only deadline."""
    out = []
    for i, s, m in deadline_sites(d):
        line = d.lines[i]
        a, b = (m.start("lead"), m.end()) if m.group("lead") else (m.start("core"), m.end("core"))
        new = (line[:s + a].rstrip(" ,") + line[s + b:]).replace("  ", " ")
        new = re.sub(r"\s+([.;,])", r"\1", new)
        remain = strip_md(new[s:s + a + 60])[:50]
        out.append(Variant("deadline_missing", "drop_deadline", _replace_line(d, i, new), [i], [remain]))
    rng.shuffle(out)
    return out


VAGUE = ["Một số nhiệm vụ triển khai còn chậm, chất lượng chưa cao.",
         "Công tác phối hợp giữa các cơ quan, đơn vị có lúc chưa chặt chẽ.",
         "Việc thực hiện một số nội dung còn hạn chế, chưa đáp ứng yêu cầu."]


def op_vague_limitation(d: Draft, rng):
    """generic_limitation: a limitation with no object, quantity or place is added to the
    limitations section, numbered or bulleted like its neighbours."""
    out = []
    for h in d.headings:
        if not d.is_limitations(h) or d.children(h):
            continue
        body = [i for i in d.body_lines() if h.line < i < h.end]
        if not body:
            continue
        items = [i for i in body if PAREN_ITEM.match(d.lines[i]) or re.match(r"^\s*[-+•]\s", d.lines[i])]
        after = items[-1] if items else body[0]
        sentence = rng.choice(VAGUE)
        if items and PAREN_ITEM.match(d.lines[after]):
            n = int(PAREN_ITEM.match(d.lines[after]).group(1)) + 1
            new = f"({n}) {sentence}"
        elif items:
            new = re.match(r"^\s*[-+•]\s", d.lines[after]).group(0) + sentence
        else:
            new = sentence
        lines = list(d.lines)
        # a list in Markdown keeps its items on consecutive lines; paragraphs are blank-separated
        tight = items and after + 1 < len(lines) and lines[after + 1].strip() and not PAREN_ITEM.match(new)
        ins = [new] if tight else ["", new]
        lines[after + 1:after + 1] = ins
        out.append(Variant("generic_limitation", "vague_limitation", "\n".join(lines), [after + len(ins)], [sentence]))
    return out


ORG = (r"(?:Sở|Bộ|Ban|UBND|Ủy ban|Uỷ ban|HĐND|Hội đồng|Thường trực|Văn phòng|Phòng|Trung tâm|Cục|Chi cục|"
       r"Tỉnh ủy|Thành ủy|Huyện ủy|Đảng ủy|Chính phủ|Công an|Kho bạc|Bảo hiểm|cấp trên|các sở|Trung ương)")
VERB = (r"(?:chỉ đạo|hướng dẫn|cho phép|tham mưu|bố trí|xem xét|sớm|quan tâm|hỗ trợ|ban hành|phân bổ|cấp|"
        r"bổ sung|điều chỉnh|kết nối|nâng cấp|tổ chức|rà soát|thống nhất|sửa đổi|phê duyệt|đầu tư|phối hợp|giao|"
        r"tiếp tục|nghiên cứu|có|triển khai|đẩy nhanh|tăng cường|hoàn thiện|chuyển giao)")
PROPOSAL = re.compile(r"\b(Đề nghị|Kiến nghị|Đề xuất|đề nghị|kiến nghị)\s+(" + ORG + r"(?:\s+\S+){0,9}?)\s+(?=" + VERB + r"\b)")


def op_proposal_no_body(d: Draft, rng):
    """proposal_incomplete: a proposal loses the body it is addressed to / that is responsible."""
    out = []
    for h in d.headings:
        if h.level != 1 or not d.is_proposals(h):
            continue
        for i in d.body_lines():
            if not h.line < i < h.end:
                continue
            m = PROPOSAL.search(d.lines[i])
            if not m:
                continue
            # a sub-heading that names the addressee ("1. Đối với UBND tỉnh") still names it
            sub = d.section_at(i)
            if sub is not None and sub is not h and re.search(r"(?<!\w)" + ORG + r"(?!\w)", sub.title):
                continue
            line = d.lines[i][:m.start(2)] + d.lines[i][m.end(2):].lstrip()
            # only when no other body is left in the proposal to be responsible
            if re.search(r"(?<!\w)" + ORG + r"(?!\w)", line[m.start(2):]):
                continue
            out.append(Variant("proposal_incomplete", "drop_responsible", _replace_line(d, i, line), [i],
                               [strip_md(line)[:60]]))
    rng.shuffle(out)
    return out


def _renumber_footnotes(lines: list[str]) -> list[str]:
    """Footnotes numbered 1, 2, … again in the order of their markers, as Word does after a cut."""
    order: list[str] = []
    for ln in lines:
        if re.match(r"^\s{0,3}\[\^\d+\]:", ln):
            continue
        for n in re.findall(r"\[\^(\d+)\](?!:)", ln):
            if n not in order:
                order.append(n)
    new = {n: str(k + 1) for k, n in enumerate(order)}
    return [re.sub(r"\[\^(\d+)\]", lambda m: f"[^{new.get(m.group(1), m.group(1))}]", ln) for ln in lines]


def op_drop_section(d: Draft, rng):
    """missing_section: a numbered second-level section of a report part (not the proposals) is
    removed with its body; later siblings are renumbered so that only the outline shows the gap."""
    out = []
    cands = [h for h in d.headings if h.level == 2 and h.parent is not None and not d.is_proposals(h.parent)
             and h.kind == "arabic"]
    rng.shuffle(cands)
    for h in cands:
        lines = list(d.lines)
        later = [s for s in d.siblings(h) if s.line > h.line]
        for s in later:
            for x in [s] + [c for c in d.headings if c.line > s.line and c.line < s.end]:
                raw = lines[x.line]
                if x is s:
                    lines[x.line] = re.sub(r"(?<!\d)" + s.label + r"\.", str(int(s.label) - 1) + ".", raw, count=1)
                elif x.kind.startswith("dotted") and x.label.startswith(s.label + "."):
                    lines[x.line] = raw.replace(x.label, str(int(s.label) - 1) + x.label[len(s.label):], 1)
        # footnotes whose markers go with the section go too
        gone = set(int(n) for n in re.findall(r"\[\^(\d+)\]", "\n".join(lines[h.line:h.end])))
        for n in gone:
            if n in d.footnote_defs:
                lines[d.footnote_defs[n]] = None
        del_from, del_to = h.line, h.end
        kept = [ln for k, ln in enumerate(lines) if not del_from <= k < del_to and ln is not None]
        kept = _renumber_footnotes(kept)
        where = max(0, del_from - 1)
        out.append(Variant("missing_section", "drop_section", "\n".join(kept), [where], [h.title], heading_words=h.title,
                           heading_path=f"{h.parent.label}.{h.label}"))
    return out


GENERIC_TITLES = ["Một số nội dung khác", "Các công việc khác", "Nội dung khác"]


def op_rename_section(d: Draft, rng):
    """missing_section: a numbered second-level section keeps its body but its heading no longer
    says what it is ("5. Một số nội dung khác"): only the body could tell the outline item."""
    out = []
    cands = [h for h in d.headings if h.level == 2 and h.parent is not None and not d.is_proposals(h.parent)
             and h.kind == "arabic" and not d.children(h)]
    rng.shuffle(cands)
    for h in cands:
        raw = d.lines[h.line]
        k = raw.find(h.title)
        if k < 0:
            continue
        new = raw[:k] + rng.choice(GENERIC_TITLES) + raw[k + len(h.title):]
        out.append(Variant("missing_section", "rename_section", _replace_line(d, h.line, new), [h.line], [h.title],
                           heading_words=h.title, heading_path=f"{h.parent.label}.{h.label}"))
    return out


SYMBOL = re.compile(r"(?<![\w/-])(?:(\d{1,5})/(\d{4})/([A-ZĐ]{1,6})-([A-ZĐ0-9]{1,10})"
                    r"|(\d{1,5})/([A-ZĐ]{1,6})-([A-ZĐ0-9]{1,12})"
                    r"|(\d{1,5})-([A-ZĐ]{1,5})/([A-ZĐ0-9]{1,8}))(?![\w-])")


def op_break_symbol(d: Draft, rng):
    """citation_malformed: a document symbol loses its hyphen, or a Party symbol is written in the
    State form (16-KL/TW -> 16/KL-TW)."""
    out, kinds = [], set()
    lines = [i for i in range(len(d.lines)) if i < d.body_end and i not in d.in_table] + \
            [i for i in range(len(d.lines)) if i < d.body_end and i in d.in_table]
    for i in lines:
        for m in SYMBOL.finditer(d.lines[i]):
            if m.group(1):
                kind, new = "legal", f"{m.group(1)}/{m.group(2)}/{m.group(3)}{m.group(4)}"
            elif m.group(5):
                kind, new = "state", f"{m.group(5)}/{m.group(6)}{m.group(7)}"
            else:
                kind, new = "party", f"{m.group(8)}/{m.group(9)}-{m.group(10)}"
            if kind in kinds:
                continue
            kinds.add(kind)
            line = d.lines[i][:m.start()] + new + d.lines[i][m.end():]
            out.append(Variant("citation_malformed", f"break_{kind}", _replace_line(d, i, line), [i], [new]))
    return out


CITATION = re.compile(r"(?P<sym>" + SYMBOL.pattern + r")\s+ngày\s+(?P<date>\d{1,2}/\d{1,2}/\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})")


def _other_date(date: str) -> str:
    m = DATE.fullmatch(date) or re.fullmatch(r"(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", date)
    dd, mm, yy = map(int, m.groups())
    nd = dd + 3 if dd <= 25 else dd - 3
    width = 2 if m.group(1).startswith("0") else 1
    if DATE.fullmatch(date):
        return f"{nd:0{width}d}/{m.group(2)}/{yy}"
    return f"{nd:0{width}d} tháng {m.group(2)} năm {yy}"


def op_citation_date(d: Draft, rng):
    """citation_inconsistent: one of two citations of the same document gets another date."""
    occ: dict[str, list] = {}
    for i in range(d.body_end):
        for m in CITATION.finditer(d.lines[i]):
            occ.setdefault(m.group("sym"), []).append((i, m))
    for n, ln in d.footnote_defs.items():
        for m in CITATION.finditer(d.lines[ln]):
            occ.setdefault(m.group("sym"), []).append((ln, m))
    out = []
    for sym, hits in occ.items():
        if len(hits) < 2:
            continue
        i, m = hits[-1]
        new_date = _other_date(m.group("date"))
        line = d.lines[i][:m.start("date")] + new_date + d.lines[i][m.end("date"):]
        out.append(Variant("citation_inconsistent", "change_date", _replace_line(d, i, line), [i], [new_date, sym]))
    if not out:
        # the draft cites every document once: cite the first one again with another date
        for sym, hits in occ.items():
            i, m = hits[0]
            new_date = _other_date(m.group("date"))
            h = d.section_at(i)
            target = next((k for k in d.body_lines() if k > i + 2 and d.section_at(k) is not h), None)
            if target is None:
                continue
            lines = list(d.lines)
            lines[target] = lines[target].rstrip() + f" Việc này thực hiện theo văn bản số {sym} ngày {new_date}."
            out.append(Variant("citation_inconsistent", "recite_other_date", "\n".join(lines), [target], [new_date, sym]))
            break
    return out


def op_blank_header(d: Draft, rng):
    """placeholder_unfilled: the report's number, or the day of its date line, left blank."""
    out = []
    for i in d.header_lines():
        line = d.lines[i]
        m = re.search(r"Số\s*:?\s*(\d{1,5})(?=[/-][A-ZĐ])", line)
        if m:
            new = line[:m.start(1)] + "     " + line[m.end(1):]
            out.append(Variant("placeholder_unfilled", "blank_number", _replace_line(d, i, new), [i], [strip_md(new)[m.start():][:20]]))
        m = DATE_WORDS.search(line)
        if m:
            new = line[:m.start(1)] + "    " + line[m.end(1):]
            out.append(Variant("placeholder_unfilled", "blank_day", _replace_line(d, i, new), [i], ["tháng " + m.group(2)]))
    return out


def op_drop_annex(d: Draft, rng):
    """annex_missing: an annex that the body refers to is removed."""
    out = []
    refs: dict[str, list[int]] = {}
    for i in range(d.annex_start):
        for m in ANNEX_REF.finditer(d.lines[i]):
            refs.setdefault(m.group(1), []).append(i)
    for num, (a, b) in d.annexes.items():
        if num not in refs:
            continue
        kept = d.lines[:a] + d.lines[b:]
        out.append(Variant("annex_missing", "drop_annex", "\n".join(kept), refs[num], [f"Phụ lục {num}", f"phụ lục {num}"]))
    return out


def op_annex_cell(d: Draft, rng):
    """annex_mismatch: an annex figure that the body also states is changed in the annex, with the
    rows it adds up into (group, total) changed alike so the table itself still adds up: only the
    link between body and annex shows the fault."""
    body_lines = list(d.body_lines())

    def in_body(w):
        rx = re.compile(r"(?<![\d.,/])" + re.escape(w) + r"(?![\d/]|[.,]\d)")
        return [i for i in body_lines if rx.search(d.lines[i])]

    cands = []
    for t in d.tables:
        if t.start < d.annex_start:
            continue
        tr = t.total_row()
        groups = t.groups()
        numeric = t.numeric_columns()
        for r in range(1, len(t.rows)):
            for c in range(1, len(t.rows[r])):
                for a, b, w, v in numbers_in(t.rows[r][c]):
                    where = in_body(w) if v >= 10 else []
                    if not where:
                        continue
                    is_sum = r == tr or (groups.get(r) is None and any(g == r for g in groups.values()))
                    rank = (0 if is_sum else 1, 0 if v >= 100 else 1)
                    cands.append((rank, t, r, c, a, b, w, v, where))
    cands.sort(key=lambda x: x[0])
    out, used = [], set()
    for rank, t, r, c, a, b, w, v, where in cands:
        if (id(t), c) in used:
            continue
        tr = t.total_row()
        groups = t.groups()
        new = format_like(_shift(v, rng, w), w)
        delta = parse_number(new) - v
        changed = {}
        if c in t.numeric_columns() and tr is not None:
            # the change enters at a leaf row and goes up to its group and the total
            if r == tr or rank[0] == 0:
                leaves = [x for x in range(1, tr) if (groups.get(x) == r if r != tr else
                          not any(g == x for g in groups.values())) and strip_md(t.rows[x][c])]
                if not leaves:
                    continue
                leaf = leaves[0]
            else:
                leaf = r
            for row in filter(None, (leaf, groups.get(leaf), tr)):
                uw = strip_md(t.rows[row][c])
                if uw:
                    changed[row] = format_like(parse_number(uw) + delta, uw)
        else:
            changed[r] = t.rows[r][c][:a] + new + t.rows[r][c][b:]
        lines = list(d.lines)
        for row, val in changed.items():
            cells = list(t.rows[row])
            cells[c] = val
            lines[t.row_lines[row]] = "| " + " | ".join(cells) + " |"
        used.add((id(t), c))
        out.append(Variant("annex_mismatch", "annex_cell", "\n".join(lines), where + [t.row_lines[r]],
                           [changed.get(r, new), w, _table_anchor(t)]))
        if len(out) >= 6:
            break
    return out


def op_skip_number(d: Draft, rng):
    """section_order_or_numbering: a section number is skipped (k -> k+1, later siblings follow)
    or repeated (k+1 written as k)."""
    out = []
    groups = {}
    for h in d.headings:
        if h.kind in ("arabic", "roman") and h.label:
            groups.setdefault((id(h.parent), h.kind), []).append(h)
    sibs = [g for g in groups.values() if len(g) >= 3]
    rng.shuffle(sibs)
    for g in sibs[:3]:
        k = rng.randrange(1, len(g))
        h = g[k]
        lines = list(d.lines)
        for s in g[k:]:
            val = int(s.label) if s.kind == "arabic" else {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}[s.label]
            new = str(val + 1) if s.kind == "arabic" else roman(val + 1)
            lines[s.line] = re.sub(r"(?<![\w.])" + re.escape(s.label) + r"\.", new + ".", lines[s.line], count=1)
            for c in d.headings:
                if s.line < c.line < s.end and c.kind.startswith("dotted") and c.label.startswith(s.label + "."):
                    lines[c.line] = lines[c.line].replace(c.label, new + c.label[len(s.label):], 1)
        out.append(Variant("section_order_or_numbering", "skip", "\n".join(lines), [h.line], [strip_md(lines[h.line])[:40]]))
        prev = g[k - 1]
        lines = list(d.lines)
        lines[h.line] = re.sub(r"(?<![\w.])" + re.escape(h.label) + r"\.", prev.label + ".", lines[h.line], count=1)
        out.append(Variant("section_order_or_numbering", "repeat", "\n".join(lines), [h.line], [strip_md(lines[h.line])[:40]]))
    return out


PLAN_END = 2030   # end of the built-in ruleset's period (period.plan_period: [2026, 2030])
PERIOD = re.compile(r"\b(giai đoạn|nhiệm kỳ)\s+(\d{4})\s*([-–])\s*(\d{4})")


def op_period(d: Draft, rng):
    """period_mismatch: a period ending where the plan's does (2030) gets another end year."""
    out = []
    for i in d.body_lines():
        for m in PERIOD.finditer(d.lines[i]):
            # the plan's forward period ends in 2030; other real terms (HĐND 2026 - 2031) are not it
            if int(m.group(4)) != PLAN_END:
                continue
            new_end = str(int(m.group(4)) + 1)
            line = d.lines[i][:m.start(4)] + new_end + d.lines[i][m.end(4):]
            out.append(Variant("period_mismatch", "shift_end", _replace_line(d, i, line), [i],
                               [f"{m.group(2)} {m.group(3)} {new_end}", m.group(0)[:len(m.group(1))] + " " + m.group(2)]))
    return out


def op_orphan_marker(d: Draft, rng):
    """footnote_mismatch: a footnote marker with no footnote text is added to a body paragraph."""
    out = []
    nxt = max(d.footnote_defs, default=0) + 1
    lines_ok = [i for i in d.body_lines() if len(d.lines[i]) > 80 and not d.lines[i].lstrip().startswith(("-", "+", "("))]
    rng.shuffle(lines_ok)
    for i in lines_ok[:2]:
        line = d.lines[i]
        # after the first clause that ends before a comma or semicolon, not after a unit
        m = re.search(r"[a-zà-ỹđ](?=[,;] )", line[20:])
        if not m:
            continue
        pos = 20 + m.end()
        new = line[:pos] + f"[^{nxt}]" + line[pos:]
        word = re.findall(r"\S+$", strip_md(line[:pos]))[0]
        out.append(Variant("footnote_mismatch", "orphan_marker", _replace_line(d, i, new), [i],
                           [strip_md(line)[:60]], note=f"marker {nxt} after «{word}»"))
    return out


def op_future_event_date(d: Draft, rng):
    """date_implausible: the date of something already done is moved after the report's date."""
    rd = d.report_date()
    if rd is None:
        return []
    out = []
    later = rd + datetime.timedelta(days=45)
    cands = list(d.body_lines()) + list(d.footnote_defs.values())
    for i in cands:
        line = d.lines[i]
        for m in DATE.finditer(line):
            dd, mm, yy = map(int, m.groups())
            if not valid_date(dd, mm, yy) or datetime.date(yy, mm, dd) > rd:
                continue
            before = line[max(0, m.start() - 25):m.start()]
            if re.search(r"(trước|đến|chậm nhất|từ|trong|hết|tính đến|sau)\s+(ngày\s+)?$", before, re.I) or \
                    not re.search(r"\bngày\s+$", before):
                continue
            sent = next(line[s:e] for s, e in _sentences(line) if s <= m.start() < e)
            if not (re.search(r"\bđã\b", sent) or i in d.footnote_defs.values()) or re.search(r"\bsố\s+\S+\s+ngày\s+$", before):
                continue
            width = 2 if m.group(1).startswith("0") else 1
            mwidth = 2 if m.group(2).startswith("0") else 1
            new = f"{later.day:0{width}d}/{later.month:0{mwidth}d}/{later.year}"
            out.append(Variant("date_implausible", "after_report", _replace_line(d, i, line[:m.start()] + new + line[m.end():]),
                               [i], [new]))
            break
    rng.shuffle(out)
    return out


FAULTS = [op_drop_section, op_rename_section, op_breakdown, op_table_cell_total, op_percent, op_remove_deadline,
          op_vague_limitation, op_proposal_no_body, op_misspell_place, op_citation_date, op_break_symbol,
          op_blank_header, op_drop_annex, op_annex_cell, op_skip_number, op_period, op_orphan_marker,
          op_future_event_date, op_term_typo]


# ---------------------------------------------------------------- harmless transformations

SYNONYMS = [("Hạn chế, khuyết điểm", "Tồn tại, hạn chế"), ("Thuận lợi, khó khăn", "Thuận lợi và khó khăn"),
            ("Công tác", "Việc thực hiện công tác"), ("Đặc điểm, tình hình", "Tình hình chung"),
            ("Kết quả", "Kết quả thực hiện"), ("ĐÁNH GIÁ CHUNG", "NHẬN XÉT, ĐÁNH GIÁ CHUNG"),
            ("Bài học kinh nghiệm", "Những bài học kinh nghiệm"), ("cơ sở vật chất", "điều kiện vật chất"),
            ("Bảo đảm nguồn lực", "Đảm bảo nguồn lực"), ("Ưu điểm", "Những ưu điểm"),
            ("Khó khăn, vướng mắc", "Những khó khăn, vướng mắc"), ("tài chính, ngân sách", "ngân sách, tài chính")]


def op_heading_synonym(d: Draft, rng):
    out = []
    for h in d.headings:
        for old, new in SYNONYMS:
            if old.lower() in h.title.lower():
                k = d.lines[h.line].lower().find(old.lower())
                if k < 0:
                    continue
                line = d.lines[h.line][:k] + new + d.lines[h.line][k + len(old):]
                out.append(Variant("heading_synonym", "synonym", _replace_line(d, h.line, line), [h.line], [new], harmless=True))
                break
    rng.shuffle(out)
    return out


def op_heading_reorder(d: Draft, rng):
    out = []
    for h in d.headings:
        m = re.fullmatch(r"([^,;]+?), ([^,;]+?)(, nguyên nhân)?", h.title.strip().rstrip(":"))
        if not m or len(m.group(1).split()) > 5 or fold(m.group(2)) == "nguyen nhan":
            continue
        new_title = f"{m.group(2)[0].upper() + m.group(2)[1:]}, {m.group(1)[0].lower() + m.group(1)[1:] if not m.group(1).isupper() else m.group(1)}{m.group(3) or ''}"
        if m.group(1).isupper():
            new_title = new_title.upper()
        k = d.lines[h.line].find(h.title.strip().rstrip(":"))
        if k < 0:
            continue
        line = d.lines[h.line][:k] + new_title + d.lines[h.line][k + len(h.title.strip().rstrip(":")):]
        out.append(Variant("heading_reorder", "reorder", _replace_line(d, h.line, line), [h.line], [new_title], harmless=True))
    rng.shuffle(out)
    return out


def op_add_subtotals(d: Draft, rng):
    """A flat table with a total row gets two group rows (I, II) with their correct subtotals."""
    out = []
    for t in d.tables:
        tr = t.total_row()
        if tr is None or any(re.fullmatch(r"[IVX]{1,4}", t.label(r)) for r in range(1, tr)) or tr < 4:
            continue
        cols = [c for c in t.numeric_columns()]
        if not cols:
            continue
        leaves = list(range(1, tr))
        half = len(leaves) // 2
        parts = [leaves[:half], leaves[half:]]
        width = len(t.rows[0])
        new_rows = []
        for g, rows in enumerate(parts):
            cells = ["", ""] + [""] * (width - 2) if width > 2 else [""] * width
            cells[0] = roman(g + 1)
            label_col = 1 if width > 2 else 0
            cells[label_col] = f"Nhóm {g + 1}" if label_col else f"{roman(g + 1)}. Nhóm {g + 1}"
            for c in cols:
                vals = [strip_md(t.rows[r][c]) for r in rows if strip_md(t.rows[r][c])]
                like = vals[0] if vals else "0"
                cells[c] = format_like(sum(parse_number(v) for v in vals), like) if vals else ""
            new_rows.append("| " + " | ".join(cells) + " |")
            for k, r in enumerate(rows, 1):
                cells_r = list(t.rows[r])
                if width > 2 and re.fullmatch(r"\d{1,2}", strip_md(cells_r[0])):
                    cells_r[0] = str(k)
                new_rows.append("| " + " | ".join(cells_r) + " |")
        lines = list(d.lines)
        lines[t.row_lines[1]:t.row_lines[tr]] = new_rows
        out.append(Variant("add_subtotals", "group_rows", "\n".join(lines), [t.row_lines[1]], [], harmless=True))
    return out


def op_add_subset(d: Draft, rng):
    """A "trong đó" subset row (half of each figure) is added under a row of a table with a total."""
    out = []
    for t in d.tables:
        tr = t.total_row()
        if tr is None:
            continue
        cols = t.numeric_columns()
        groups = t.groups()
        leaves = [r for r in range(1, tr) if not re.fullmatch(r"[IVX]{1,4}", t.label(r))]
        if not cols or not leaves:
            continue
        r = leaves[0]
        width = len(t.rows[0])
        cells = [""] * width
        label_col = 1 if width > 2 else 0
        staff = re.search(r"bien che|duoc giao|hien co|can bo|cong chuc|nguoi", fold(" ".join(strip_md(c) for r in t.rows for c in r)))
        cells[label_col] = "Trong đó: " + ("nữ" if staff else "thực hiện trực tuyến")
        for c in cols:
            v = strip_md(t.rows[r][c]) if c < len(t.rows[r]) else ""
            if v:
                cells[c] = format_like(parse_number(v) // 2, v)
        lines = list(d.lines)
        lines.insert(t.row_lines[r] + 1, "| " + " | ".join(cells) + " |")
        del groups
        out.append(Variant("add_subset", "trong_do_row", "\n".join(lines), [t.row_lines[r] + 1], [], harmless=True))
    for total, parts in (x for i in d.body_lines() for x in [(i, b) for b in _breakdowns(d.lines[i])]):
        i, (tot, prts) = total, parts
        line = d.lines[i]
        end = prts[-1][1]
        close = line.find(")", end)
        pos = close + 1 if close != -1 and close - end < 30 else end
        sub = format_like(prts[0][3] // 2 if prts[0][3] >= 2 else 1, prts[0][2])
        new = line[:pos] + f", trong đó có {sub} trường hợp thực hiện trên môi trường điện tử" + line[pos:]
        out.append(Variant("add_subset", "trong_do_prose", _replace_line(d, i, new), [i], [], harmless=True))
        break
    return out


def op_correct_rounding(d: Draft, rng):
    """A percentage that follows from a fraction is rewritten with another, correct, precision."""
    out = []
    for i, pm, src in percent_sites(d):
        x, y = src[1], src[2]
        exact = x / y * 100
        w = pm.group(1)
        dec = len(w.partition(",")[2])
        new_dec = 2 if dec != 2 else 1
        new = f"{exact:.{new_dec}f}".replace(".", ",")
        line = d.lines[i][:pm.start(1)] + new + d.lines[i][pm.end(1):]
        out.append(Variant("correct_rounding", "precision", _replace_line(d, i, line), [i], [new], harmless=True))
    rng.shuffle(out)
    return out[:4]


def op_hdnd_term(d: Draft, rng):
    """The People's Council term 2026 - 2031 (real) is mentioned in the first section."""
    first = next((h for h in d.headings if h.level == 2), None)
    if first is None:
        return []
    body = [i for i in d.body_lines() if first.line < i < first.end and not d.lines[i].lstrip().startswith(("-", "+"))]
    if not body:
        return []
    rd = d.report_date() or datetime.date(2026, 5, 15)
    if rd < datetime.date(2026, 3, 20):
        return []
    i = body[0]
    lines = list(d.lines)
    lines[i] = lines[i].rstrip() + " Ngày 15/3/2026, cử tri trên địa bàn đã bầu đại biểu Hội đồng nhân dân xã nhiệm kỳ 2026 - 2031."
    return [Variant("hdnd_term", "term_2026_2031", "\n".join(lines), [i], [], harmless=True)]


def op_future_deadline(d: Draft, rng):
    """An existing deadline is moved one month later (still in the future and inside the period)."""
    rd = d.report_date() or datetime.date(2026, 5, 15)
    out = []
    for i, s, m in deadline_sites(d):
        dm = DATE.search(m.group("core"))
        if not dm:
            continue
        dd, mm, yy = map(int, dm.groups())
        if not valid_date(dd, mm, yy) or datetime.date(yy, mm, dd) <= rd + datetime.timedelta(days=30):
            continue
        mm2, yy2 = (mm + 1, yy) if mm < 12 else (1, yy + 1)
        dd2 = min(dd, 28)
        new = f"{dd2:0{2 if dm.group(1).startswith('0') else 1}d}/{mm2:0{2 if dm.group(2).startswith('0') else 1}d}/{yy2}"
        a = s + m.start("core") + dm.start()
        b = s + m.start("core") + dm.end()
        line = d.lines[i][:a] + new + d.lines[i][b:]
        out.append(Variant("future_deadline", "later_deadline", _replace_line(d, i, line), [i], [new], harmless=True))
    rng.shuffle(out)
    return out[:3]


def op_typed_labels(d: Draft, rng):
    """The same draft in Word with typed heading labels instead of automatic numbering."""
    return [Variant("typed_labels", "typed", d.text(), [], [], harmless=True, formats=("docx-pandoc", "docx-pydocx"),
                    render={"typed_labels": True})]


HARMLESS = [op_heading_synonym, op_heading_reorder, op_add_subtotals, op_add_subset, op_correct_rounding,
            op_hdnd_term, op_future_deadline, op_typed_labels]


def variants(text: str, seed: int = 0, per_op: int = 2, ops=None) -> list[Variant]:
    """All variants of a clean draft: up to ``per_op`` per operator, chosen with ``seed``."""
    d = Draft(text)
    out = []
    for op in ops or (FAULTS + HARMLESS):
        rng = random.Random(f"{seed}:{op.__name__}")
        made = [v for v in op(d, rng) if v.text != d.text() or v.render]
        # distinct sub-operations first (an addend and a total before two addends)
        firsts, rest, seen = [], [], set()
        for v in made:
            (rest if v.op in seen else firsts).append(v)
            seen.add(v.op)
        out.extend((firsts + rest)[:per_op])
    return out
