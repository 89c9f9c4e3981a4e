"""The value patterns written digit first (so that the regex engine skips ahead to a digit) find
exactly what the look-behind-first forms found, on many random texts made of the characters
that matter (digits, separators, letters, spaces, symbols' codes)."""

import random
import re

from baocao_check.parsing import dates, numbers, symbols

_NUM = numbers._NUM
LOOK_BEHIND_FIRST = {
    "number": (numbers.NUMBER_RE, re.compile(
        rf"(?<![\w./,-])(?P<a>{_NUM})(?:\s*/\s*(?P<b>{_NUM})(?![\w/]|\.\d|,\d))?(?P<pct>\s?%)?(?![\w/-]|\.\d|,\d)")),
    "date": (dates._DMY_RE, re.compile(
        r"(?<![\d/.-])(?P<d>\d{1,2})\s?(?P<s>[/.-])\s?(?P<m>\d{1,2})(?P=s)\s?(?P<y>(?:19|20)\d{2})(?![\d/])")),
    "symbol": (symbols.CANDIDATE_RE, re.compile(
        rf"(?<![\w/.,-])(?P<num>\d{{1,5}})(?P<rest>(?:[/-]{symbols._SEG}){{1,5}})(?![\w/-])")),
}
PIECES = list("0123456789012345./,-% \t") + ["20", "19", "2025", "NQ", "UBND", "KH", "ĐU", "a", "Đ", "x", "%", "/", "-"]
DATE_PIECES = ["1", "16", "06", "6", "123", "/", ".", "-", " ", "2025", "1999", "20", "x", "/2"]


def _date_like(rnd) -> str:
    """Around a day/month/year: what may stand before and after it, separators mixed."""
    c = rnd.choice
    return "".join([c(["", " ", "x", "1", "/", ".", "-", "ngày "]), c(["1", "16", "06", "123"]), c(["/", ".", "-", " /"]),
                    c(["6", "12", "006"]), c(["/", ".", "-", "/ "]), c(["2025", "1999", "2125", "20"]),
                    c(["", " ", "/", "1", ".", "%", "x"])])


def _found(pattern, text):
    return [(m.span(), m.groupdict()) for m in pattern.finditer(text)]


def test_digit_first_patterns_find_the_same():
    rnd = random.Random(16)
    for _ in range(20_000):
        pieces = PIECES if rnd.random() < 0.5 else DATE_PIECES
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 14)))
        if rnd.random() < 0.3:
            text = _date_like(rnd) + text[:4]
        for name, (new, old) in LOOK_BEHIND_FIRST.items():
            assert _found(new, text) == _found(old, text), (name, text)


def test_the_blank_symbol_tail_finds_the_same():
    tail, _ = symbols._blank_symbol_res()
    old = re.compile(tail.pattern.replace(r"[/-](?:(?<![\w/-][/-])|(?<=[xX]{2}[/-]))",
                                          r"(?:(?<![\w/-])|(?<=[xX]{2}))[/-]", 1))
    assert old.pattern != tail.pattern
    rnd = random.Random(6)
    pieces = ["/", "-", "BC", "UBND", "KH", "ĐU", "NQ", "a", " ", "Số", "1", "2025", ".", "x", "xxx", "XX"]
    for _ in range(20_000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 10)))
        assert _found(tail, text) == _found(old, text), text


def test_the_patterns_start_with_a_digit():
    """What makes them fast: the compiled pattern's first item is a character set, not an assertion."""
    for new, _ in LOOK_BEHIND_FIRST.values():
        assert re.match(r"\(\?P<\w+>\\d\(\?<!", new.pattern), new.pattern


def test_word_start_alternation_finds_what_the_look_behind_first_form_found():
    """Phrases grouped by first character, the look-behind after it, match exactly where
    ``(?<!\\w)(?:…)`` matched (longest first), on random texts of the phrases' pieces."""
    from baocao_check.parsing.vocabulary import word_start_alternation
    phrases = ["tổ chức", "tổ", "tổ dân phố", "chức", "hội đồng nhân", "hội", "ủy ban", "x", "(ghi chú"]
    slow = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p).replace(r"\ ", r"\s+")
                                              for p in sorted(phrases, key=len, reverse=True)) + r")(?!\w)")
    fast = re.compile(rf"(?:{word_start_alternation(phrases)})(?!\w)")
    rnd = random.Random(7)
    pieces = ["tổ", " ", "  ", "\n", "chức", "dân", "phố", "hội", "đồng", "nhân", "ủy", "ban", "x", "a", "1", "(",
              "ghi", "chú", ",", "_"]
    for _ in range(3000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 14)))
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in slow.finditer(text)], text


def test_normalize_text_replaces_tones_as_the_word_pattern_did():
    """Words holding a toned "oa/oe/uy" pair are re-placed whole, found from the pair and widened to
    the letters around it: the same as the former per-word pattern on random texts."""
    from baocao_check.normalize import canonical_syllable, normalize_text
    # the pieces are NFC already; "\u00a0" and "–" are the characters normalize_text translates
    word = re.compile(r"(?<![^\W\d_])[^\W\d_]*?(?:[òóỏõọùúủũụÒÓỎÕỌÙÚỦŨỤ][aeyAEY]|[oOuU][àáảãạèéẻẽẹỳýỷỹỵÀÁẢÃẠÈÉẺẼẸỲÝỶỸỴ])[^\W\d_]*")
    rnd = random.Random(3)
    pieces = ["hoà", "hòa", "uỷ", "ủy", "Ủy", "khoẻ", "thuỷ", " ", "_", "1", "²", "x", "–", "\u00a0", "ban", "ÒA", "ó", "e"]
    for _ in range(3000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 10)))
        expected = word.sub(lambda m: canonical_syllable(m.group(0)), text.replace("\u00a0", " ").replace("–", "-"))
        assert normalize_text(text) == expected, text


def test_other_spaces_are_every_space_but_the_space():
    """The listed class stands for \\s in the keys: it must hold every character str.isspace() takes."""
    from baocao_check.normalize import OTHER_SPACES
    assert {chr(c) for c in range(0x110000) if chr(c).isspace()} == set(OTHER_SPACES) | {" "}
