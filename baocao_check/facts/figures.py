"""Figures of the body: a value with its unit noun, its subject, its period, and the annex cell it
reports.

"tổng số hồ sơ tiếp nhận là 2.964 hồ sơ" is a figure: value 2.964, unit "hồ sơ", subject
"tổng số hồ sơ tiếp nhận", a total (the subject says "tổng số"), period "01/7/2025 - 30/4/2026"
when its sentence states one. ``link`` finds the annex cell it reports: the row named in its
sentence (the nearest row label before it: "trụ sở phường Đông Lập (cũ) …, diện tích 1.240 m²")
or, for a total, the table's total row; the column whose header its subject states ("tiếp nhận" →
column «Tiếp nhận»; "diện tích … m²" → «Diện tích đất (m²)»).

``figures_of(facts)`` builds the figures of a document once (``facts.memo``). Words come from the
``tables`` key of ``rulesets/lexicon.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..normalize import fold
from ..parsing.numbers import Number
from .tables import ADDITIVE, Column, Row, TableModel, label_key, label_words, phrase_re, tables_of, words

_SUPERSCRIPT_RE = re.compile("(?<!m)[⁰¹²³⁴⁵⁶⁷⁸⁹]|(?<=m)[⁰¹⁴⁵⁶⁷⁸⁹]")   # footnote markers; "m²", "m³" are units
_CLAUSE_START_RE = re.compile(r"[.;,(\n]|\s[-–]\s")
_UNIT_RE = re.compile(r"\s*((?:m²|m2|km²|km2|ha)(?![\w])|[^\W\d_]+(?:\s+[^\W\d_]+)?)")


@dataclass
class Figure:
    block: object               # the Block
    number: Number
    unit: str                   # folded noun after the value: "hồ sơ", "m²", "" when none
    subject: str                # folded words of its clause before the value: "tổng số hồ sơ tiếp nhận là"
    clause_start: int           # offset where its clause starts
    sentence: tuple[int, int]   # its sentence's span in the block text
    period: tuple[str, ...]     # the dates its sentence states ("01/7/2025", "30/4/2026"), as written
    is_total: bool              # the subject says it is a total ("tổng số", "toàn xã")
    in_parens: bool
    after: int = 0              # end of the previous figure of its sentence (or the sentence start)

    @property
    def subject_words(self) -> list[str]:
        return content_words(self.subject)

    @property
    def metric(self) -> str:
        """What is counted, as compared between two statements: subject and unit."""
        return " ".join(self.subject_words) + " | " + self.unit

    @property
    def text(self) -> str:
        return self.block.text[self.number.start:self.number.end]


def content_words(text: str) -> list[str]:
    """Folded words of a phrase without the lexicon's filler words ("là", "có", "số lượng"…)."""
    key = fold(text)
    key = phrase_re("filler_words").sub(" ", key)
    return re.findall(r"[^\W\d_]+", key)


@lru_cache(maxsize=1)
def _ident_re() -> re.Pattern:
    alts = sorted(words().get("identifier_before", ()), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(a) for a in alts) + r")\s*$") if alts else re.compile(r"(?!x)x")


def unit_at(text: str, end: int) -> str:
    """The folded unit noun after a value ending at ``end`` ("hồ sơ", "m²"); "" when none."""
    m = _UNIT_RE.match(text[end:end + 40])
    if not m:
        return ""
    unit = fold(m.group(1))
    if phrase_re("unit_stops", True).match(unit):
        return ""
    amounts = words().get("amount_units", ())
    first = unit.split()[0]
    if first in amounts and unit not in amounts:
        return first        # "1.240 m² và" -> "m²"
    return unit


def plain_text(block) -> str:
    """The block's text with footnote markers blanked (offsets kept): "cấp¹" reads "cấp "."""
    text = block.text
    return _SUPERSCRIPT_RE.sub(" ", text) if _ANY_SUPERSCRIPT_RE.search(text) else text


def sentence_spans(facts, block) -> list[tuple[int, int]]:
    """The sentences of a block (footnote markers blanked), split once per document."""
    from .text import sentences
    return facts.memo(("sentences", "plain", block.index), lambda: sentences(plain_text(block)))


_ANY_SUPERSCRIPT_RE = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹]")
_LAST_CLAUSE_RE = re.compile(r"(?s).*(?:[.;,(\n]|\s[-–]\s)")
_AND_RE = re.compile(r"(?s).*\s(?:và|cùng)\s")
JOIN_RE = re.compile(r"\s(?:và|cùng)\s")      # two things joined in one phrase
_RANGE_END_RE = re.compile(r"[-–]\s*$")
_BULLET_RE = re.compile(r"^[\s+\-*•]+")


def _figures(facts) -> list[Figure]:
    import bisect
    out = []
    total_re = phrase_re("total_words")
    ident_re = _ident_re()
    count_re = phrase_re("count_before", at_end=True)     # "dân số 21.460", "tổng số 120": counts
    for block in facts.doc.blocks:
        if block.zone != "body" or block.kind in ("table", "footnote"):
            continue
        values = facts.values(block)
        if not values.numbers:
            continue
        text = plain_text(block)
        spans = sentence_spans(facts, block) or [(0, len(text))]
        starts = [a for a, _ in spans]
        periods: dict = {}
        for n in values.numbers:
            if n.kind not in ("int", "decimal"):
                continue
            before = fold(text[max(0, n.start - 25):n.start])
            if (ident_re.search(before) and not count_re.search(before)) or _RANGE_END_RE.search(before):
                continue     # "tầng 2", "tổ dân phố số 5", "2006 - 2025": a number that names, not counts
            k = max(bisect.bisect_right(starts, n.start) - 1, 0)
            sent = spans[k] if spans[k][0] <= n.start < spans[k][1] else (0, len(text))
            head = text[sent[0]:n.start]
            m = _LAST_CLAUSE_RE.match(head)
            cut = m.end() if m else 0
            # a number right before this one in the clause ends the subject there ("… 02 cấp, 05 …")
            subject = _BULLET_RE.sub("", head[cut:])
            prev = out[-1] if out and out[-1].block is block and out[-1].sentence == sent else None
            if prev is not None and prev.number.end > sent[0] + cut:
                subject = text[prev.number.end:n.start]
                cut = prev.number.end - sent[0]
                # "312 đảng viên nữ và 187 …": the previous figure's unit is not this one's subject
                if prev.unit and fold(subject).lstrip(" ,").startswith(prev.unit):
                    skip = len(subject) - len(subject.lstrip(" ,")) + len(prev.unit)
                    subject, cut = subject[skip:], cut + skip
                subject = subject[len(subject) - len(subject.lstrip(" ,")):]
                # "121 kiến nghị thuộc thẩm quyền của phường và 61 …": what precedes "và" qualifies the
                # previous figure, not this one
                va = _AND_RE.search(subject)
                if va:
                    subject, cut = subject[va.end():], cut + va.end()
            in_parens = head.count("(") > head.count(")")
            if sent not in periods:
                periods[sent] = tuple(d.text for d in values.dates if sent[0] <= d.start < sent[1])
            folded = fold(subject)
            out.append(Figure(block, n, unit_at(text, n.end), folded.strip(" :"), sent[0] + cut, sent,
                              periods[sent], bool(total_re.search(folded)), in_parens,
                              prev.number.end if prev else sent[0]))
    return out


def figures_of(facts) -> list[Figure]:
    """The body's figures, built once per document."""
    return facts.memo("figures", lambda: _figures(facts))


def fraction_figures(facts) -> list[Figure]:
    """The body's fractions ("dôi dư 06/14 cơ sở": six of fourteen) as figures without a subject:
    a part and its whole, which a table may list either of."""
    def build():
        out = []
        for block in facts.doc.blocks:
            if block.zone != "body" or block.kind in ("table", "footnote"):
                continue
            numbers = [n for n in facts.values(block).numbers if n.kind == "fraction"]
            if not numbers:
                continue
            text = plain_text(block)
            spans = sentence_spans(facts, block) or [(0, len(text))]
            for n in numbers:
                sent = next(((a, b) for a, b in spans if a <= n.start < b), (0, len(text)))
                head = text[sent[0]:n.start]
                out.append(Figure(block, n, unit_at(text, n.end), "", n.start, sent, (), False,
                                  head.count("(") > head.count(")"), sent[0]))
        return out
    return facts.memo("fraction_figures", build)


# ------------------------------------------------------------------ links to annex cells


@dataclass
class Link:
    figure: Figure
    model: TableModel
    row: Row
    column: Column

    @property
    def value(self):
        return self.row.values[self.column.index]

    @property
    def cell(self) -> str:
        return self.row.cells[self.column.index].strip()


def _header_words(col: Column, leaf: bool = False) -> list[str]:
    header = re.sub(r"\([^()]*\)\s*$", "", col.leaf if leaf else col.header)
    kept = content_words(header)
    return kept or re.findall(r"[^\W\d_]+", fold(header))


_COUNT_HEAD_RE = re.compile(r"^(?:tổng số|số lượng|số)\s+")


def _counted(header: str) -> list[str]:
    """What a header like «Số nhiệm vụ» counts: its words after "số" ("nhiệm vụ"); [] for any other header."""
    key = " ".join(re.findall(r"[^\W\d_]+", fold(re.sub(r"\([^()]*\)", " ", header))))
    return key[_COUNT_HEAD_RE.match(key).end():].split() if _COUNT_HEAD_RE.match(key) else []


@lru_cache(maxsize=1)
def _cause_re() -> re.Pattern:
    from ..lexicon import shared_vocabularies
    alts = sorted((fold(w) for w in shared_vocabularies().get("cause_markers", ())), key=len, reverse=True)
    body = "|".join(re.escape(a) for a in alts) or r"(?!x)x"
    return re.compile(rf"(?s).*(?<!\w)(?:{body})(?!\w)")


def _column_for(fig: Figure, model: TableModel) -> Column | None:
    """The additive column whose header the figure's subject states: every header word in the
    subject (the most words wins; a tie is no link), else the same unit of measure and a header
    word."""
    subject = fig.subject
    # "… đạt 72,0% dự toán do 02 công trình chậm …": words before a cause marker are another clause's
    cause = _cause_re().search(subject)
    if cause:
        subject = subject[cause.end():]
    raw = re.findall(r"[^\W\d_]+", subject)
    after = re.findall(r"[^\W\d_]+", fold(re.split(r"[,;.:()]", fig.block.text[fig.number.end:fig.number.end + 50])[0]))
    full, partial = [], []
    amount_units = words().get("amount_units", ())
    for col in model.columns:
        if col.kind not in ADDITIVE:
            continue
        hw = _header_words(col)
        if not hw:
            continue
        if col.unit and fig.unit and col.unit != fig.unit:
            continue
        if fig.unit in amount_units and col.unit != fig.unit:
            continue     # "tổng chi 34.258 triệu đồng" is not a count of people
        if col.leaf != col.header:
            # under a group header ("Biên chế" over "Được giao" and "Hiện có"): the subject must
            # name the leaf; the group's words only add weight
            leaf = _header_words(col, leaf=True)
            tail = set(raw[-(len(hw) + 2):])
            if leaf and set(leaf) <= set(raw[-(len(leaf) + 2):]):
                full.append((len(leaf) + len([w for w in hw if w in tail and w not in leaf]), col))
            elif leaf and fig.unit and leaf == fig.unit.split():
                # "hiện có 09 công chức" — «Số hiện có» over «Công chức»: the group before the value,
                # the leaf its unit
                leaf_raw = re.findall(r"[^\W\d_]+", fold(col.leaf))
                group = re.findall(r"[^\W\d_]+", fold(col.header))[:-len(leaf_raw) or None]
                last = group[-2:]
                if len(last) == 2 and raw[-2:] == last:
                    full.append((len(leaf) + len(last), col))
            continue
        tail = set(raw[-(len(hw) + 2):])     # the header's words right before the value
        hit = [w for w in hw if w in tail]
        if len(hit) == len(hw):
            full.append((len(hw), col))
        elif fig.unit and after[len(fig.unit.split()):] == hw:
            # "38 hồ sơ trễ hạn, …": the header («Trễ hạn») after the unit ends the clause (not "1.124 hồ
            # sơ tiếp nhận không phụ thuộc địa giới", "22 hồ sơ giải quyết quá hạn")
            full.append((len(hw), col))
        elif hit and col.unit and col.unit == fig.unit:
            partial.append((len(hit), col))
    for group in (full, partial):
        if group:
            group.sort(key=lambda x: -x[0])
            if len(group) > 1 and group[0][0] == group[1][0]:
                return None
            return group[0][1]
    # «Số nhiệm vụ» of a table of tasks: the header names only what is counted, the figure's unit
    # ("312 nhiệm vụ"); one such column, or none
    unit_words = fig.unit.split()
    # («Số cuộc» for "27 cuộc giám sát": the unit read as "cuộc giám" begins with what it counts)
    named = [col for col in model.columns if col.kind in ADDITIVE and col.leaf == col.header
             and unit_words and (counted := _counted(col.header)) and unit_words[:len(counted)] == counted]
    if named:
        return named[0] if len(named) == 1 else None
    # «Tổng số hồ sơ tiếp nhận»: what it counts is the unit ("tiếp nhận 9.805 hồ sơ") and its other
    # words are said in the clause; a part after "trong đó" says them in its whole's clause ("tiếp nhận
    # 9.805 hồ sơ, trong đó lĩnh vực đất đai 3.412 hồ sơ")
    said = set(raw)
    text = plain_text(fig.block)
    before = text[max(fig.sentence[0], text.rfind(";", fig.sentence[0], fig.number.start) + 1):fig.number.start]
    subset = list(_SUBSET_RE.finditer(fold(before)))
    if subset:
        said |= set(re.findall(r"[^\W\d_]+", fold(before)[:subset[-1].start()]))
    verbed = []
    for col in model.columns:
        counted = _counted(col.header)
        if col.kind in ADDITIVE and col.leaf == col.header and unit_words and \
                counted[:len(unit_words)] == unit_words and len(counted) > len(unit_words) and \
                set(counted[len(unit_words):]) <= said:
            verbed.append(col)
    return verbed[0] if len(verbed) == 1 else None


def _named_at(before: str, key: str, label: str = "") -> tuple[int, int] | None:
    """Where a row's name ends in ``before`` (keyed text), and how many of its words are there: the
    whole name, or its first words ("các đơn vị sự nghiệp" for «Đơn vị sự nghiệp công lập») when
    they are at least three and most of the name, and the words left off are no proper name
    («Trụ sở UBND xã Phước Tân» is not named by "trụ sở UBND xã Phước Hòa")."""
    padded = " " + before + " "
    words_ = key.split()
    written = label_words(label)
    caps = [w[:1].isupper() for w in written] if len(written) == len(words_) and not label.isupper() else []
    for k in range(len(words_), 0, -1):
        if k < len(words_) and (k < 3 or k < 0.6 * len(words_) or (caps and caps[k])):
            break
        part = " ".join(words_[:k])
        at = padded.rfind(" " + part + " ")
        if at >= 0:
            return at + len(part), k
    return None


def _row_for(fig: Figure, model: TableModel, cited: bool = False) -> Row | None:
    """The row named nearest before the figure in its sentence; for a total figure with no row
    named (its subject says "tổng số", or its paragraph cites this annex), the table's last total
    row."""
    text = plain_text(fig.block)
    # the row is named in the figure's clause: "khối A được giao 48, hiện có 44, thiếu 04; …"
    start = max(fig.sentence[0], text.rfind(";", fig.sentence[0], fig.number.start) + 1)
    # "121 kiến nghị thuộc thẩm quyền của phường và 61 …": a name between the previous figure and "và"
    # is that figure's
    # a part of a breakdown ("gồm 15 chi bộ thôn, 06 chi bộ trường học …"): its own words after it name it
    from ..arithmetic import TRIGGER_RE
    trig = None
    for trig in TRIGGER_RE.finditer(text, start, fig.number.start):
        pass
    if trig is not None:
        own = re.match(r"[^,;:()]*?(?=\s+và\s|[,;:()]|$)", text[fig.number.end:fig.sentence[1]])
        named = _rows_said(model, label_key(own.group(0)) if own else "", lambda said, key: said.startswith(key + " "))
        if named is not None:
            return named
        # or the words right before it, back to the trigger or the previous part: "tiếp nhận 9.805 hồ
        # sơ, trong đó lĩnh vực đất đai 3.412 hồ sơ" (row «Đất đai»)
        seg = text[trig.end():fig.number.start]
        cut = max(seg.rfind(","), seg.rfind(";"), (m.end() - 1 if (m := _LAST_AND_RE.search(seg)) else -1))
        named = _rows_said(model, label_key(seg[cut + 1:]), lambda said, key: said.endswith(" " + key))
        if named is not None:
            return named
        if re.search(r"\d", text[start:trig.start()]) or re.search(r"\d", text[trig.end():fig.number.start]):
            return None
        # "Trong đó," opening the clause, the figure the first after it: no part of a list of this
        # clause's, the name before it is its row ("Trong đó, trụ sở Đảng ủy xã A (cũ) … 1.860 m²")
        clause_start = start = trig.end()
        subset = True
    else:
        clause_start, subset = start, False
    if fig.after > start:
        va = _AND_RE.match(text, fig.after, fig.number.start)
        if va:
            start = va.end()
    # a name in quotes ("Mô hình “Chi bộ thôn 4 tốt”") is a title, not a row of the annex
    before = label_key(_QUOTED_RE.sub(lambda m: " " * len(m.group(0)), text[start:fig.number.start]))
    best, best_at = None, (-1, 0)
    for row in model.rows:
        key = label_key(row.label)
        if len(key) < 4 or row.kind == "total":
            continue
        found = _named_at(before, key, row.label)
        if found is None:
            continue
        if found > best_at:     # the name ending nearest the figure, the most complete of those
            best, best_at = row, found
    if best is not None:
        return best
    if subset or _SUBSET_RE.search(fold(text[clause_start:fig.number.start])) or clause_start != start:
        return None       # "…, trong đó 312 đảng viên nữ và 187 …": parts of what the clause counted
    if fig.is_total or (cited and not fig.in_parens and not _one_of_several(fig, model)) \
            or (not fig.in_parens and _whole_table(fig, model)):
        totals = model.totals()
        return totals[-1] if totals else None
    return None


def _rows_said(model: TableModel, said: str, fits) -> Row | None:
    """The one row (not a total) whose keyed label is ``said``, or that ``fits(said, key)``."""
    named = [r for r in model.rows if r.kind != "total" and len(key := label_key(r.label)) >= 4
             and (said == key or fits(said, key))]
    return named[0] if len(named) == 1 else None


_SUBSET_RE = re.compile(r"(?<!\w)trong đó(?!\w)")
_LAST_AND_RE = re.compile(r"\svà\s(?!.*\svà\s)")
_QUOTED_RE = re.compile(r"[“\"«][^”\"»]{1,80}[”\"»]")
_TITLE_HEAD_RE = re.compile(r"^\W*(?:phụ lục|biểu|bảng)\s*(?:số\s*)?[\w.]{0,6}\s*[.:\-–]?\s*")
_CLAUSE_END_RE = re.compile(r"[.;]\s|[.;]$|\s[-–]\s|\(")


def _title_words(model: TableModel) -> set[str]:
    """The content words of a table's title, without "Phụ lục 2." / "Biểu số 01"."""
    return set(content_words(_TITLE_HEAD_RE.sub("", fold(model.caption or ""))))


def _whole_table(fig: Figure, model: TableModel) -> bool:
    """The figure's sentence speaks of all the table's rows, so the figure is the table's total:
    its rows are counted by the kind its label column names ("… của HĐND 03 đơn vị cũ" beside a
    table of three «Đơn vị cũ»), or the words after the figure restate the table's title ("312
    nhiệm vụ được phân cấp, phân quyền, ủy quyền" under «Phụ lục 2. Nhiệm vụ phân cấp, phân quyền,
    ủy quyền»)."""
    text = plain_text(fig.block)
    sentence = text[fig.sentence[0]:fig.sentence[1]]
    key = " " + " ".join(re.findall(r"[^\W\d_]+|\d+", fold(sentence))) + " "
    items = model.items()
    if model.label_col is not None and len(items) >= 2:
        kind = " ".join(_header_words(model.columns[model.label_col]))
        if kind and re.search(rf"(?<!\d)0*{len(items)} {re.escape(kind)} ", key):
            return True
    title = _title_words(model)
    if len(title) < 3:
        return False
    rest = text[fig.number.end:fig.sentence[1]]
    end = _CLAUSE_END_RE.search(rest)
    after = set(content_words(rest[:end.start()] if end else rest))
    return len(title & after) >= 0.8 * len(title)


def _same_topic(fig: Figure, model: TableModel) -> bool:
    """The annex's title is the topic of the figure's section or sentence: «Giải quyết thủ tục hành
    chính» over a section "7. … giải quyết thủ tục hành chính" (not a handover section's archives)."""
    title = _title_words(model)
    if len(title) < 2:
        return False
    said = set(content_words(plain_text(fig.block)[fig.sentence[0]:fig.sentence[1]]))
    sec = fig.block.section
    while sec is not None:
        said |= set(content_words(sec.title or ""))
        sec = sec.parent
    return title <= said


def _one_of_several(fig: Figure, model: TableModel) -> bool:
    """"… (Phụ lục 1 kèm theo). Kết quả xếp loại: 07 người hoàn thành xuất sắc …, 29 người …, 02 người …":
    in a sentence of its own, not the one citing the annex, the figure is one of several counts of the
    same things — parts, none of them the annex's total."""
    from ..annexes import canonical, references
    from ..parsing.numbers import find_numbers
    text = plain_text(fig.block)
    a, b = fig.sentence
    ident = (model.table.identifier or "").split()
    if ident and any(r.ident == canonical(ident[-1]) for r in references(text[a:b])):
        return False
    head = fig.unit.split()[:1]
    same = [n for n in find_numbers(text[a:b]) if n.kind == "int" and unit_at(text, a + n.end).split()[:1] == head]
    return bool(head) and len(same) >= 2


def _cites(fig: Figure, model: TableModel) -> bool:
    """The figure's paragraph refers to this annex ("chi tiết tại Phụ lục 2"). (A sentence that only
    restates the annex's title is not enough: "tiếp nhận 1.386 hồ sơ" of one service under an
    annex titled «Kết quả tiếp nhận hồ sơ» is a part, not the total.)"""
    from ..annexes import canonical, references
    ident = (model.table.identifier or "").split()
    if ident:
        want = canonical(ident[-1])
        if any(r.ident == want for r in references(fig.block.text)):
            return True
    return False



def _kind_named(fig: Figure, model: TableModel, row: Row) -> bool:
    """The row is named with the kind its label column gives: "lĩnh vực đất đai" for the row «Đất
    đai» under «Lĩnh vực»."""
    if model.label_col is None:
        return False
    kind = " ".join(_header_words(model.columns[model.label_col]))
    before = label_key(plain_text(fig.block)[fig.sentence[0]:fig.number.start])
    return bool(kind) and f"{kind} {label_key(row.label)}" in before


def link(fig: Figure, models: list[TableModel]) -> Link | None:
    """The annex cell a body figure reports, when one row and one column of one table fit."""
    found = []
    for model in models:
        col = _column_for(fig, model)
        if col is None:
            continue
        row = _row_for(fig, model, _cites(fig, model))
        if row is None or row.values[col.index] is None:
            continue
        if row.kind == "total" and fig.unit and fig.unit not in fold(col.header) \
                and fig.unit not in fold(model.caption or "") and not _cites(fig, model):
            continue      # "tổng số 1.264 hồ sơ" and the total of a staff annex: another thing counted
        if row.kind != "total" and _counted(col.header) and len(label_key(row.label).split()) < 3 \
                and not set(_header_words(col)) <= set(re.findall(r"[^\W\d_]+", fig.subject)) \
                and not _same_topic(fig, model) and not _kind_named(fig, model, row):
            continue      # «Số hồ sơ» found by the unit alone: a short row label ("Tiếp nhận") may be any verb of the sentence
        found.append(Link(fig, model, row, col))
    return found[0] if len(found) == 1 else None


def annex_models(facts) -> list[TableModel]:
    from ..annexes import annex_tables
    blocks = {b.index for b in annex_tables(facts.doc)}
    return [m for m in tables_of(facts) if m.block.index in blocks]
