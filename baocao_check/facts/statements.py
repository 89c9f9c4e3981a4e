"""What a statement of the report says it has — the elements of the plan's "needs" requirements:
a figure (quantity), a concrete place or body (address), who is responsible, by when (deadline),
an annex it refers to. Shared by the rules that enforce the plan's notes (concrete limitations,
complete proposals, outstanding issues with responsibility and deadline, surplus assets).

Every word list comes from the ruleset and its lexicon (``ruleset.vocab``); the patterns built from
them are compiled once per ruleset. Patterns run first; underthesea's POS tagger is loaded only
when a short statement still looks unspecific.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..matching import Phrase
from ..normalize import VI_UPPER, fold
from .text import clause_spans, sentences

_QUANTITY_EXCLUDE_AFTER = re.compile(r"^\s*(?:cấp|năm|tháng|ngày|quý|giờ|tuần)\b", re.IGNORECASE)
_YEAR_RE = re.compile(r"(?<!\w)năm\s+(20\d\d)(?!\d)")
# "trong giai đoạn 2026 - 2030", "đến hết giai đoạn 2026-2030": bounded by the period's last year
_SPAN_RE = re.compile(r"(?<!\w)(?:trong|đến hết|đến|hết)\s+(?:cả\s+)?giai đoạn\s+(20\d\d)\s*[-–]\s*(20\d\d)(?!\d)")
_WORD_RE = re.compile(r"[^\W_]+")
_UNDONE_RE = re.compile(r"chưa\s+(?:thực hiện|xử lý|giải quyết|có phương án)")


def _alternation(items, lower: bool = True) -> str:
    """A regex alternation of vocabulary entries, longest first; "sở …" admits up to three words after."""
    alts = []
    for item in items:
        text = item["phrase"] if isinstance(item, dict) else str(item)
        text = fold(text) if lower else text.strip()
        open_tail = text.endswith("…")
        text = text.rstrip("… ").strip()
        if not text:
            continue
        body = r"\s+".join(re.escape(w) for w in text.split())
        if open_tail:
            body += r"(?:\s+[a-zđà-ỹ]+){1,3}"
        alts.append((len(text), body))
    alts.sort(reverse=True)
    return "|".join(b for _, b in alts) or r"(?!x)x"


class Lexis:
    """The compiled word lists of one ruleset (built once per ruleset object)."""

    def __init__(self, ruleset):
        v = ruleset.vocab
        entries = v("addressees")
        opened = [e for e in entries if str(e if isinstance(e, str) else e["phrase"]).rstrip().endswith("…")]
        # "sở …", "phòng …": a department's name, capitalised in the draft ("Sở Nội vụ", not "cơ sở nhà")
        self.addressee_re = re.compile(rf"(?<!\w)(?:{_alternation([e for e in entries if e not in opened])})(?!\w)")
        self.named_addressee_re = re.compile(rf"(?<!\w)(?:{_alternation(opened)})(?!\w)")
        heads = _alternation(v("body_heads"), lower=False)
        self.org_re = re.compile(rf"(?<![\w])(?:{heads})(?:\s+[{VI_UPPER}0-9][\wĐđ-]*)+")
        self.deadline_re = re.compile(rf"(?<!\w)(?:{_alternation(v('deadline_words'))})(?!\w)")
        self.relative_re = re.compile(rf"(?<!\w)(?:{_alternation(v('relative_deadlines'))})(?!\w)")
        self.cue_re = re.compile(rf"(?<!\w)(?:{_alternation(v('deadline_cues'))})(?!\w)")
        self.responsible = ruleset.phrases("responsible_markers", strict=True)
        self.vague_bodies = [fold(w) for w in ruleset.words("vague_bodies")]
        self.negated_re = re.compile(rf"(?<!\w)(?:{_alternation(v('negations'))})(?!\w)")
        self.dealt_re = re.compile(rf"(?:đã|được)\s+(?:\w+\s+){{0,3}}(?:{_alternation(v('dealt_markers'))})(?!\w)")
        self.surplus_dealt_re = re.compile(rf"(?<!\w)(?:đã|được)\s+(?:\w+\s+){{0,2}}(?:{_alternation(v('surplus_dealt'))})(?!\w)")
        self.conventional_caps = set(ruleset.words("conventional_capitals"))
        self.opener_name_re = re.compile(rf"[\W\d]*(?i:{_alternation(v('proposal_openers'))})\s+(?P<name>[{VI_UPPER}][\w-]*(?:\s+[{VI_UPPER}0-9][\w-]*)*)")
        self.unfilled_re = re.compile(rf"^\W*(?:{_alternation(v('unfilled_values'))})?\W*$")
        self.deadline_cols = [Phrase(str(p)) for p in v("annex_deadline_columns")]
        self.responsible_cols = [Phrase(str(p)) for p in v("annex_responsible_columns")]
        self.surplus = ruleset.phrases("surplus_markers", strict=True)
        self.assets = ruleset.phrases("asset_nouns", strict=True)
        self.still_words = [fold(w) for w in ruleset.words("still_markers")]
        self.done_words = [fold(w) for w in ruleset.words("done_markers")]
        self.passive_words = [fold(w) for w in ruleset.words("passive_markers")]

    @staticmethod
    def of(ruleset) -> "Lexis":
        cached = ruleset.__dict__.get("_lexis")
        if cached is None:
            cached = ruleset.__dict__["_lexis"] = Lexis(ruleset)
        return cached


def lexis(facts) -> Lexis:
    return Lexis.of(facts.ruleset)


def quantities(text: str, values, lo: int = 0, hi: int | None = None):
    """Figures in text[lo:hi] that count something ("18/51 biên chế", "03 phòng"), not "02 cấp" or dates."""
    hi = len(text) if hi is None else hi
    out = []
    spans = None
    for n in values.numbers:
        if n.start < lo or n.end > hi:
            continue
        if n.kind == "int" and _QUANTITY_EXCLUDE_AFTER.match(text[n.end:n.end + 8]):
            continue
        if n.kind == "int" and 1900 <= n.value <= 2100:
            if spans is None:       # "giai đoạn 2026 - 2030", "nhiệm kỳ 2021 - 2026": years, not a count
                from ..parsing.periods import find_periods
                from ..normalize import fold
                spans = [(p.start, p.end) for p in find_periods(fold(text))] if len(fold(text)) == len(text) else []
            if any(a <= n.start < b for a, b in spans):
                continue
        out.append(n)
    return out


def places_and_bodies(facts, text: str, lo: int = 0, hi: int | None = None) -> list[str]:
    """Named places ("xã An Khánh", "thôn Tân Nam") and named bodies ("Phòng Kinh tế") in text[lo:hi]."""
    from ..places import find_places
    hi = len(text) if hi is None else hi
    found = [text[p.start:p.end] for p in find_places(text) if lo <= p.start < hi and not p.name.isdigit()]
    found += [m.group(0) for m in lexis(facts).org_re.finditer(text, lo, hi) if len(m.group(0).split()) >= 2]
    return found


def deadline_in(facts, text: str, values, lo: int = 0, hi: int | None = None) -> str | None:
    """The words giving a time limit in text[lo:hi], if any. A date or year before the report's
    own date (or the start of the reported period) is history, not a deadline."""
    not_before = facts.not_before
    hi = len(text) if hi is None else hi
    for d in values.dates:
        if lo <= d.start < hi and d.valid and (not_before is None or d.last_day() > not_before):
            return d.text
    lx = lexis(facts)
    key = fold(text[lo:hi])
    for m in _YEAR_RE.finditer(key):
        cue = lx.cue_re.search(key[max(0, m.start() - 16):m.start()])
        if cue and (not_before is None or int(m.group(1)) >= not_before.year):
            if not any(d.start <= lo + m.start() < d.end for d in values.dates):
                return text[lo + m.start(): lo + m.end()]
    for m in _SPAN_RE.finditer(key):
        if not_before is None or int(m.group(2)) >= not_before.year:
            return text[lo + m.start(): lo + m.end()]
    m = lx.relative_re.search(key)
    if m:
        return text[lo + m.start(): lo + m.end()]
    for m in lx.deadline_re.finditer(key):
        # "trước ngày 01/7/2025": when a date follows, the date decides (checked above); a bare
        # "trong năm" without its year gives no time limit
        rest = key[m.end():m.end() + 12]
        if any(0 <= d.start - (lo + m.end()) <= 3 for d in values.dates) or not re.match(r"\s*(?:\d|[ivx]+\b)", rest):
            continue
        year = re.match(r"\s*(\d{4})(?!\d)", rest)
        if year and not_before is not None and int(year.group(1)) < not_before.year:
            continue      # "máy mua trước năm 2019": history
        return text[lo + m.start(): lo + m.end()]
    return None


def addressee_in(facts, text: str, lo: int = 0, hi: int | None = None) -> str | None:
    """A named body a proposal is addressed to or a task assigned to ("Sở Nội vụ", "UBND tỉnh"),
    not a vague one ("cấp có thẩm quyền", "các cơ quan có thẩm quyền")."""
    hi = len(text) if hi is None else hi
    lx = lexis(facts)
    key = fold(text[lo:hi])
    vague = [(m.start(), m.end()) for v in lx.vague_bodies
             for m in re.finditer(rf"(?<!\w){re.escape(v)}(?!\w)", key)]
    found = [m for m in lx.addressee_re.finditer(key)]
    found += [m for m in lx.named_addressee_re.finditer(key) if text[lo + m.start():lo + m.start() + 1].isupper()]
    for m in sorted(found, key=lambda m: m.start()):
        if any(a < m.end() and m.start() < b for a, b in vague):
            continue
        return text[lo + m.start(): lo + m.end()]
    # "Đề nghị Viettel Nghệ An, VNPT Nghệ An ưu tiên …": a proper name right after the request word
    m = lx.opener_name_re.match(text, lo, hi)
    if m and m.group("name").split()[0] not in lx.conventional_caps:
        return m.group("name")
    return None


def vague_body_in(facts, text: str) -> str | None:
    key = fold(text)
    return next((v for v in lexis(facts).vague_bodies if re.search(rf"(?<!\w){re.escape(v)}(?!\w)", key)), None)


def responsible_in(facts, text: str) -> str | None:
    """Who is made responsible: an assignment word ("giao", "chủ trì", "chịu trách nhiệm") with a body."""
    key = fold(text)
    if any(p.pattern.search(key) for p in lexis(facts).responsible):
        return addressee_in(facts, text) or "giao"
    return None


def pos_tags(facts, text: str) -> tuple[tuple[str, str], ...]:
    """underthesea's POS tags, loaded on first use (offline), remembered for this document."""
    def tag():
        from underthesea import pos_tag   # lazy: only statements that need it pay for it
        return tuple(pos_tag(text))
    return facts.memo(("pos", text), tag)


def has_noun(facts, text: str) -> bool:
    return any(t in ("N", "Np", "Nc", "Nu") for _, t in pos_tags(facts, text))


def proper_nouns(facts, text: str) -> list[str]:
    """Names: runs of two or more capitalised words (or a capitalised word and a number, "Km 9") that do
    not open a sentence and are not the capitals of administrative style ("Nhân dân", "Đảng")."""
    caps = lexis(facts).conventional_caps
    out = []
    for a, b in sentences(text):
        words = [(m.start(), m.group(0)) for m in _WORD_RE.finditer(text, a, b)]
        run: list[tuple[int, str]] = []
        for pos, w in words + [(b, "")]:
            capital = bool(w) and (w[0].isupper() or (w.isdigit() and bool(run)))
            adjacent = run and not text[run[-1][0] + len(run[-1][1]):pos].strip()
            if capital and (not run or adjacent):
                run.append((pos, w))
                continue
            if len(run) >= 2 and run[0][0] != words[0][0]:
                names = [x for _, x in run]
                if not (" ".join(names[:2]) in caps or (names[0] in caps and len(names) <= 2)):
                    out.append(" ".join(names))
            run = [(pos, w)] if capital else []
    return out


@dataclass(frozen=True)
class SurplusMention:
    block: object
    start: int          # of the surplus marker ("dôi dư")
    end: int
    clause: tuple[int, int]


def says_undone(key: str) -> bool:
    """"chưa xử lý", "chưa có phương án": the (folded) text says something is not done yet."""
    return bool(_UNDONE_RE.search(key))


def surplus_asset_mentions(facts) -> list[SurplusMention]:
    """Surplus public assets the draft reports concretely.

    "dôi dư" after an asset noun (``asset_nouns``: not surplus staff), in a clause that is not
    negated ("không có cơ sở nhà đất dôi dư") and that is concrete: a count, a named place or
    body, or "chưa xử lý / chưa thực hiện"."""
    def build():
        lx = lexis(facts)
        out = []
        for block in facts.text_blocks():
            key = block.key
            if not any(p.pattern.search(key) for p in lx.surplus):
                continue
            values = facts.values(block)
            for a, b in sentences(block.text):
                for ca, cb in clause_spans(block.text, a, b):
                    ckey = key[ca:cb]
                    m = next((m for p in lx.surplus if (m := p.pattern.search(ckey))), None)
                    if m is None or lx.negated_re.search(ckey):
                        continue
                    if not any(x.pattern.search(ckey[max(0, m.start() - 40):m.start()]) for x in lx.assets):
                        continue
                    if quantities(block.text, values, ca, cb) or places_and_bodies(facts, block.text, ca, cb) \
                            or _UNDONE_RE.search(ckey):
                        out.append(SurplusMention(block, ca + m.start(), ca + m.end(), (a, b)))
        return out
    return facts.memo("surplus_mentions", build)


# The elements a plan can require of a statement ("needs" in the ruleset's requirements), in the
# words a reviewer uses.
ELEMENTS = {
    "object": ("đối tượng", "object"),
    "content": ("nội dung", "content"),
    "quantity": ("số lượng", "quantity"),
    "address": ("địa chỉ cụ thể", "concrete place or body"),
    "responsible": ("cơ quan chịu trách nhiệm/được đề nghị", "responsible or addressed body"),
    "deadline": ("thời hạn", "deadline"),
    "annex": ("phụ lục chi tiết", "detailed annex"),
}


def element_in(facts, element: str, block, lo: int = 0, hi: int | None = None, context: str = "",
               via_annex: bool = True):
    """The evidence that text[lo:hi] of a block has ``element`` (None when it has not). ``context``:
    the headings above the statement ("Kiến nghị với Chính phủ" names the addressee). ``via_annex``:
    an annex the statement refers to may give the element (the deadlines of the assets it lists);
    not for a proposal, whose annex gives its content, not its own deadline."""
    from . import xrefs
    text = block.text
    hi = len(text) if hi is None else hi
    values = facts.values(block)
    if element == "content":
        return text[lo:hi] if len(text[lo:hi].split()) >= 5 else None
    if element == "quantity":
        found = quantities(text, values, max(lo, _label_end(text)), hi)
        return found[0].text if found else None
    if element == "address":
        found = places_and_bodies(facts, text, lo, hi) or proper_nouns(facts, text[lo:hi])
        return found[0] if found else None
    if element == "object":
        return "noun" if has_noun(facts, text[lo:hi]) else None
    if element == "deadline":
        return deadline_in(facts, text, values, lo, hi) or (
            _from_annex(facts, block, lo, hi, "deadline") if via_annex else None)
    if element == "responsible":
        own = addressee_in(facts, text, lo, hi)
        above = addressee_in(facts, context) if context else None
        if vague_body_in(facts, text[lo:hi]) and not own and not above:
            return None      # "Đề nghị cấp trên quan tâm…" under no heading naming whom
        return (own or above
                or (_from_annex(facts, block, lo, hi, "responsible") if via_annex else None))
    if element == "annex":
        refs = [a for _, a in xrefs.referenced(facts, block, lo, hi) if a is not None]
        return refs[0].ident if refs else None
    raise KeyError(element)


_LABEL_RE = re.compile(r"^\s*(?:\(?\d{1,3}\)|\d{1,3}(?:\.\d{1,3})*\.|[a-zđ]\))\s")


def _label_end(text: str) -> int:
    """Where the text of a numbered item starts: "1." or "(2)" is its label, not a quantity."""
    m = _LABEL_RE.match(text)
    return m.end() if m else 0


def _from_annex(facts, block, lo, hi, element):
    from . import xrefs
    for _, annex in xrefs.referenced(facts, block, lo, hi):
        if annex is not None and xrefs.answers(facts, annex, element):
            return f"{annex.kind} {annex.ident}"
    return None
