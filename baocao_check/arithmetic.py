"""Totals and their parts, as drafts state them; shared by the arithmetic rules.

"Tổng biên chế được giao: 71 biên chế, trong đó: Cơ quan đảng: 18 biên chế, …",
"40 tổ chức cơ sở đảng (gồm 02 Đảng bộ, 15 chi bộ cơ sở, 23 chi bộ trực thuộc)",
"917 văn bản¹" with "¹ Gồm: 01 đề án, 37 kết luận, …", a paragraph ending "trong đó:"
followed by one list item per part, and a table's totals row.
"""

from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass, field
from decimal import Decimal

from .docmemo import per_document
from .normalize import VI_UPPER, fold
from .parsing.numbers import Number, find_numbers
from .facts.text import sentences as sentence_spans  # the one splitter

# "gồm" / "bao gồm" / "cụ thể" list every part; "trong đó" may list only some
# (the first letters lead, in both cases: a case-blind alternation is otherwise tried at every position)
TRIGGER_RE = re.compile(r"(?=[tTbBgGcC])(?P<trig>trong\s+đó|bao\s+gồm|gồm\s+có|gồm|cụ\s+thể(?:\s+như\s+sau)?|chia\s+ra)\s*(?:là|có)?\s*:?\s*",
                        re.IGNORECASE)


@per_document()
def trigger_matches(text: str) -> tuple[re.Match, ...]:
    """The breakdown triggers of a paragraph (two rules scan the same paragraphs: remembered)."""
    return tuple(TRIGGER_RE.finditer(text))


APPROX_RE = re.compile(r"(?P<w>gần|khoảng|trên|hơn|ước\s+khoảng|ước|xấp\s+xỉ|khoảng\s+hơn)\s*$", re.IGNORECASE)


@dataclass
class Part:
    text: str
    number: Number
    start: int           # offset in the block text (or in the footnote text)


@dataclass
class Breakdown:
    total: Number
    approx: str | None           # "gần", "khoảng", "trên" … before the total
    exhaustive: bool             # gồm / bao gồm / cụ thể (True) or trong đó (False)
    unit: str                    # the word after the total ("biên chế")
    parts: list[Part] = field(default_factory=list)
    end: int = 0                 # end offset of the last part

    @property
    def sum(self) -> Decimal:
        return sum((p.number.value for p in self.parts), Decimal(0))

    def consistent(self) -> bool:
        s, t = self.sum, self.total.value
        if self.approx is None:
            # amounts rounded to their decimals ("38,6 tỷ đồng, gồm 27,4 … 9,8 … và 0,9"): each part may be
            # half a last digit off
            numbers = [self.total] + [p.number for p in self.parts]
            if not any(n.decimals for n in numbers):
                return s == t
            return abs(s - t) <= sum(Decimal(5).scaleb(-n.decimals - 1) for n in numbers if n.decimals)
        w = fold(self.approx)
        if w in ("trên", "hơn", "khoảng hơn"):
            return s >= t
        if w == "gần":
            return s <= t
        return abs(s - t) <= t * Decimal("0.05")


def unit_after(text: str, end: int) -> str:
    m = re.match(r"\s*([^\W\d_]+(?:\s+[^\W\d_]+)?)", text[end:end + 40])
    return fold(m.group(1)) if m else ""


def _split_parts(text: str) -> list[tuple[int, str]]:
    """Split a list of parts on ";" (or "," when there is no ";") and a final "và"."""
    sep = ";" if ";" in text else ","
    pieces = []
    pos = 0
    depth = 0
    start = 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch == sep and depth == 0 and not (text[i - 1:i].isdigit() and text[i + 1:i + 2].isdigit()):
            pieces.append((start, text[start:i]))     # (not the decimal comma of "27,4")
            start = i + 1
    pieces.append((start, text[start:]))
    out = []
    for off, piece in pieces:
        cut = _and_cut(piece)
        if cut:
            out.append((off, piece[:cut[0]]))
            out.append((off + cut[1], piece[cut[1]:]))
        else:
            out.append((off, piece))
    del pos
    return out


def _and_cut(piece: str) -> tuple[int, int] | None:
    """The span of the "và" that joins the last part of a list to the one before it, if any."""
    m = re.search(r"\s+và\s+(?=\d)", piece)
    if m:
        return m.span()
    # "Hội Cựu chiến binh 86 và Đoàn Thanh niên 202": a name and its count on each side; "chi đầu tư
    # 9,8 tỷ đồng và dự phòng ngân sách 0,9 tỷ đồng": a count, its unit, then the next part
    m = re.search(r"\d(?:\s+[^\W\d_]+){0,3}(\s+và\s+)(?=[^\W\d_][^\d]{0,40}\d)", piece)
    if m:
        return m.span(1)
    # "02 chi bộ trường học (…) và Chi bộ Quân sự phường": a last part named, not counted
    m = re.search(rf"\s+và\s+(?=[{VI_UPPER}][^\d]*$)", piece)
    return m.span() if m and re.search(r"\d", piece[:m.start()]) else None


def without_parens(text: str) -> str:
    """Blank out parenthesised asides (their numbers are not parts) keeping offsets."""
    out = list(text)
    depth = 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        if depth:
            out[i] = " "
        if ch == ")" and depth:
            depth -= 1
    return "".join(out)


def list_extent(text: str) -> int:
    """Where a list of parts ends: at the first ";" outside parentheses when the list before it
    is already a comma list of counts ("gồm 05 đơn khiếu nại, 02 đơn tố cáo, 61 đơn kiến nghị;
    đã giải quyết 66 đơn": the clause after ";" says something else), else at the end."""
    clean = without_parens(text)
    # "gồm 45 chi bộ tổ dân phố, 06 chi bộ trường học và 03 chi bộ cơ quan, với 2.318 đảng viên": the
    # part after "và" is the last; what follows its comma speaks of something else
    # (also "gồm 03 đảng bộ cơ sở và 55 chi bộ cơ sở, với tổng số 3.126 đảng viên"; not when a count
    # follows the comma: "… và 75 hồ sơ xây dựng, 12 hồ sơ khác" lists on)
    last = re.search(r"\s+và\s+\d(?:[\d.,]*\d)?", clean)
    if last and not TRIGGER_RE.search(clean[:last.start()]):
        stop = re.search(r"[,;.](?!\d)", clean[last.end():])
        if stop and ("," in clean[:last.start()] or not re.match(r"\s*\d", clean[last.end() + stop.end():])):
            return last.end() + stop.start()
    semi = clean.find(";")
    if semi < 0:
        return len(text)
    # "9.872 hộ, gồm 24 thôn; Đảng bộ xã có 52 chi bộ trực thuộc": after the ";" a new statement says
    # what something has (lexicon tables.held_before before its number), no part of the list
    from .facts.tables import phrase_re
    nxt = re.search(r"\d", clean[semi + 1:])
    if nxt and re.search(r"[^\W\d_]", clean[semi + 1:semi + 1 + nxt.start()]) and \
            phrase_re("held_before", at_end=True).search(fold(clean[semi + 1:semi + 1 + nxt.start()])):
        return semi
    # "gồm 860 triệu đồng chi thường xuyên và 380 triệu đồng chi bầu cử, kỳ họp; đến 30/4 đã thực hiện 517":
    # a last part after "và" is a part too; a piece that opens another breakdown ("trong đó") is not a list
    if TRIGGER_RE.search(clean[:semi]):
        return len(text)
    pieces = [q for _, q in _split_parts(clean[:semi]) if q.strip()]
    # (a count or an amount each: "chi thường xuyên 27,3 tỷ đồng và chi đầu tư 8,5 tỷ đồng; bố trí 1,2 tỷ đồng …")
    counted = [p for p in pieces if len([n for n in find_numbers(p) if n.kind in ("int", "decimal")]) == 1]
    return semi if len(counted) >= 2 and len(counted) == len([p for p in pieces if find_numbers(p)]) else len(text)


def _names_a_thing(text: str, start: int) -> bool:
    """"Trụ sở số 1", "tầng 2": a number that names (lexicon ``tables.identifier_before``), not a count;
    "tổng số 45", "dân số 21.460" count (``count_before``)."""
    from .facts.tables import phrase_re
    before = fold(text[max(0, start - 25):start])
    return bool(phrase_re("identifier_before", at_end=True).search(before)) and \
        not phrase_re("count_before", at_end=True).search(before)


_AND_OPENS_RE = re.compile(r"(?:và|cùng)\s", re.IGNORECASE)


def parse_parts(text: str, offset: int, skip) -> list[Part] | None:
    """Parts of a list, each with exactly one count; None when the list is not a plain breakdown."""
    parts = []
    clean = without_parens(text)
    pending_label = ""
    for off, piece in _split_parts(clean):
        nums = find_numbers(piece)
        nums = [n for n in nums if not any(s <= offset + off + n.start < e for s, e in skip)
                and not _names_a_thing(piece, n.start)]
        if not nums:
            if piece.strip():
                pending_label = piece     # "Phương án, đề án: 04": a label split by the separator
                continue
            continue
        if len(nums) != 1 or nums[0].kind not in ("int", "decimal"):
            return None
        n = nums[0]
        parts.append(Part(text[off: off + len(piece)].strip(), n, offset + off + n.start))
        pending_label = ""
    last = pending_label.strip()
    if parts and last and (last[0].isupper() or _AND_OPENS_RE.match(last)):
        return None    # "gồm 06 chi bộ khu phố, 02 chi bộ trường học và Chi bộ Quân sự phường": a part not counted
    # (", phản ánh" after "61 đơn kiến nghị" goes on the last part's name)
    return parts if len(parts) >= 2 else None


def all_same_unit(text: str, parts: list[Part], unit: str) -> bool:
    """Every part counts the same thing as the total ("… biên chế")."""
    if not unit:
        return False
    head = unit.split()[0]
    for p in parts:
        u = unit_after(text, p.start + p.number.end - p.number.start)   # Part.number is placed in its piece
        if not u or u.split()[0] != head:
            return False
    return True


def _named_in_subject(text: str, total: Number, parts: list[Part]) -> bool:
    """"Tổng số cán bộ, công chức … là 45 người, trong đó: 18 cán bộ, 27 công chức": each part counts
    one of the kinds the total's own words name, so together they are the total."""
    start = sentence_start(text, total.start, sentence_spans(text, False))
    subject = " " + " ".join(re.findall(r"[^\W\d_]+", fold(text[start:total.start]))) + " "
    seen = set()
    for p in parts:
        unit = unit_after(text, p.start + p.number.end - p.number.start)   # Part.number is placed in its piece
        if not unit or f" {unit} " not in subject:
            return False
        seen.add(unit)
    return len(seen) == len(parts)


def sentence_start(text: str, pos: int, spans=None) -> int:
    for a, b in spans if spans is not None else sentence_spans(text):
        if a <= pos < b:
            return a
    return 0


def sentence_end(text: str, start: int, spans=None) -> int:
    """End of the sentence that holds ``start`` (``spans``: the paragraph's sentences without
    semicolons, when the caller has them)."""
    for a, b in spans if spans is not None else sentence_spans(text, False):
        if a <= start < b:
            while b > start and text[b - 1] in ".;… \n":
                b -= 1      # the sentence's words, without its closing mark
            return b
    return len(text)


_PAREN_AFTER_RE = re.compile(r"\s+(?:[^\W\d_]+[ \t]+){0,5}[^\W\d_]+\s*\(")


def find_paren_breakdowns(text: str, skip: list[tuple[int, int]]) -> list[Breakdown]:
    """"07 kỳ họp (02 kỳ họp thường lệ, 05 kỳ họp chuyên đề)": a count whose parenthesis lists parts
    of the same unit, without "gồm". A parenthesis whose parts count other things ("44 người (cán bộ
    07, công chức 37)", "(ngoài ra 03 hợp đồng)") is not read as one."""
    if "(" not in text:
        return []
    out = []
    for n in find_numbers(text, skip):
        if n.kind != "int":
            continue
        m = _PAREN_AFTER_RE.match(text, n.end)
        if not m:
            continue
        open_at = m.end()
        close = text.find(")", open_at)
        if close < 0 or "(" in text[open_at:close]:
            continue
        inner = text[open_at:close]
        if TRIGGER_RE.search(inner) or APPROX_RE.search(text[max(0, n.start - 15):n.start]):
            continue
        parts = parse_parts(inner, open_at, skip)
        unit = unit_after(text, n.end)
        if not parts or not (all_same_unit(text, parts, unit) or _kinds_of(parts, unit)):
            continue
        out.append(Breakdown(n, None, True, unit, parts, close))
    return out


_KIND_PART_RE = re.compile(r"^\s*(?:(?P<n1>\d[\d.]*)\s+(?P<k1>[^\W\d_][^\d;()]*?)|(?P<k2>[^\W\d_][^\d;()]*?)\s*:?\s+(?P<n2>\d[\d.]*))\s*$")


@lru_cache(maxsize=1)
def _counting_nouns() -> frozenset[str]:
    from .lexicon import lexicon
    kinds = lexicon().get("place_kinds") or {}
    return frozenset(_count_units() | {fold(w).split()[0] for key in ("local", "commune") for w in kinds.get(key, ())})


def _other_things(text: str, parts: list[Part], unit: str) -> bool:
    """Each part counts things of a counting noun ("tổ dân phố", "buôn"), none of them the total's."""
    if not unit:
        return False
    nouns = _counting_nouns()
    head = unit.split()[0]
    if head not in nouns:
        return False
    for p in parts:
        u = unit_after(text, p.start + p.number.end - p.number.start)
        if not u or u.split()[0] not in nouns or u.split()[0] == head:
            return False
    return True


def _kinds_of(parts: list[Part], unit: str) -> bool:
    """"9 trường học (04 mầm non, 03 tiểu học, 02 trung học cơ sở)", "44 đơn (khiếu nại 05, tố cáo 02,
    kiến nghị 37)": three or more parts, each a count and a kind of what the total counts, no unit of
    its own and no word of change or comparison ("tăng", "so với", "đúng hạn")."""
    from .facts.tables import words
    if len(parts) < 3 or not unit:
        return False
    units = {fold(u) for u in words().get("amount_units", ())} | _count_units()
    stops = {fold(w) for key in ("change_before", "part_after", "rate_links") for w in words().get(key, ())}
    for p in parts:
        m = _KIND_PART_RE.match(p.text)
        if not m:
            return False
        kind = fold(m.group("k1") or m.group("k2")).strip(" ,:-–")
        head = kind.split()[0] if kind else ""
        if not kind or (head in units and head != unit.split()[0]) or any(
                re.search(rf"(?<!\w){re.escape(w)}(?!\w)", kind) for w in stops):
            return False
    return True


@lru_cache(maxsize=1)
def _count_units() -> frozenset[str]:
    from .parsing.vocabulary import vocabulary
    return frozenset(fold(u).split()[0] for u in vocabulary().units if u.strip() and u[0].isalpha())


_PAREN_COUNT_RE = re.compile(r"\(\s*(\d[\d.]*)\s+([^\W\d_]+(?:\s+[^\W\d_]+)?)\s*\)")


_NAME_NUMBER_RE = re.compile(r"(?<![^\W\d_])([A-ZĐÀ-Ỹ][^\W\d_]*\s)\d{1,2}(?![\d.,/])")


def _counts_in(text: str) -> bool:
    """Does the text count something? A number ending a name ("thôn Tiến Thắng 2") does not."""
    return bool(re.search(r"\d", _NAME_NUMBER_RE.sub(r"\1", text)))


@lru_cache(maxsize=1)
def _partial_re() -> re.Pattern:
    """Words saying a list names only the main parts (lexicon ``tables.main_parts_markers``)."""
    from .facts.tables import phrase_re
    return phrase_re("main_parts_markers")


def find_distributed_breakdowns(text: str, skip: list[tuple[int, int]]) -> list[Breakdown]:
    """"còn 06 đơn về ranh giới đất ở tại thôn Tiến Thắng 2 (04 đơn) và thôn Phù Lưu 1 (02 đơn)": a
    count whose clause then spreads it over places or kinds, each with its own count in brackets of
    the same unit, joined by "và" or commas; nothing else is counted in between."""
    if "(" not in text:
        return []
    out = []
    numbers = find_numbers(text, skip)
    for i, n in enumerate(numbers):
        if n.kind != "int":
            continue
        unit = unit_after(text, n.end)
        if not unit:
            continue
        end = len(text)
        stop = re.search(r"[.;:]\s|[.;:]$", text[n.end:])
        if stop:
            end = n.end + stop.start()
        parts, pos = [], n.end
        for m in _PAREN_COUNT_RE.finditer(text, n.end, end):
            between = text[pos:m.start()]
            if "(" in between or ")" in between or _counts_in(between) or \
                    (parts and not re.search(r"(?:^|\s)và\s|,", between)):
                break
            if not (unit == fold(m.group(2)) or unit.startswith(fold(m.group(2)) + " ")):
                break
            num = next((x for x in numbers if x.start == m.start(1)), None)
            if num is None or num.kind != "int":
                break
            parts.append(Part(m.group(0), num, num.start))
            pos = m.end()
        if len(parts) < 2 or _counts_in(text[pos:end].split(",")[0]):
            continue
        if APPROX_RE.search(text[max(0, n.start - 15):n.start]):
            continue
        if _partial_re().search(fold(text[n.end:parts[0].start])):
            continue     # "115 hồ sơ quá hạn, tập trung tại lĩnh vực đất đai (85 hồ sơ) và …": the main ones only
        out.append(Breakdown(n, None, True, fold(_PAREN_COUNT_RE.match(parts[0].text).group(2)), parts, pos))
    return out


def find_breakdowns(text: str, skip: list[tuple[int, int]]) -> list[Breakdown]:
    """Inline totals with their parts in one paragraph."""
    triggers = trigger_matches(text)
    if not triggers:
        return []
    out = []
    numbers = [n for n in find_numbers(text) if not any(s <= n.start < e for s, e in skip)]
    spans = sentence_spans(text, False)
    for m in triggers:
        trig = fold(m.group("trig"))
        exhaustive = not trig.startswith("trong")
        # the total: the last count before the trigger, in the same clause
        before = [n for n in numbers if n.end <= m.start() and m.start() - n.end <= 80]
        if len(before) >= 2 and before[-1].kind == "percent" and before[-2].kind == "int" and \
                re.fullmatch(r"\s*(?:[^\W\d_]+\s*){0,3}\(\s*", text[before[-2].end:before[-1].start]):
            before = before[:-1]     # "05 công chức (13,5%) …, gồm": the total's own share
        # "kết nạp 27 đảng viên mới (chưa tính 03 quần chúng …), gồm: …": a count in brackets right before
        # the trigger is an aside, not the total of the list (the count before it stands too far to be)
        paren = text.rfind("(", 0, m.start())
        if paren >= 0 and text.find(")", paren) < m.start() and not text[text.find(")", paren) + 1:m.start()].strip(" ,:;") \
                and any(n.start > paren for n in before):
            before = [n for n in before if n.end <= paren]
        if not before:
            continue
        total = before[-1]
        if total.kind not in ("int", "decimal"):
            continue
        between = text[total.end:m.start()]
        # "05 công chức (13,5%) chưa phù hợp, gồm …": the share in brackets is the total's, not a count
        if re.search(r"[.;]\s|\d", re.sub(r"\(\s*[\d.,]+\s*%\s*\)", "", between)):
            continue
        # the list is inside a bracket the total opened ("40 tổ chức (gồm …)"), not after a closed one ("03 xã (cũ), gồm")
        in_paren = between.count("(") > between.count(")")
        if in_paren:
            close = text.find(")", m.end())
            end = close if close > 0 else sentence_end(text, m.end(), spans)
        else:
            end = sentence_end(text, m.end(), spans)
        end = m.end() + list_extent(text[m.end():end])
        region = text[m.end():end]
        parts = parse_parts(region, m.end(), skip)
        if not parts:
            continue
        unit = unit_after(text, total.end)
        if not exhaustive and not (all_same_unit(text, parts, unit) or all(":" in p.text for p in parts)
                                   or _named_in_subject(text, total, parts)):
            continue   # "trong đó" may pick out some members only: trust it when the parts are clearly a breakdown
        if not exhaustive and not all(":" in p.text for p in parts) and not _named_in_subject(text, total, parts) \
                and sum(p.number.value for p in parts) * 2 < total.value:
            continue   # "1.016 nhiệm vụ, trong đó có 143 … và 47 …": notable members, far from the whole
        if _other_things(text, parts, unit) and not _named_in_subject(text, total, parts):
            continue   # "dân số 61.420 người, gồm 41 tổ dân phố và 04 buôn": the commune's hamlets, not its people
        am = APPROX_RE.search(text[max(0, total.start - 15):total.start])
        out.append(Breakdown(total, am.group("w") if am else None, exhaustive, unit, parts, end))
    return out
