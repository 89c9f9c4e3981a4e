"""The memos of paragraph values live on the draft being checked: none survives to the next draft
and none has a size limit a long draft thrashes past."""

from baocao_check import docmemo
from baocao_check.arithmetic import trigger_matches
from baocao_check.facts.outline import units
from baocao_check.normalize import fold
from baocao_check.parsing.numbers import numbers_in


def test_inside_a_document_results_go_to_its_memo_only():
    numbers_in.cache_clear()
    memo: dict = {}
    texts = [f"Đạt {i}/{i + 1} hồ sơ, trong đó {i} hồ sơ đúng hạn." for i in range(10_000)]
    with docmemo.document(memo):
        for t in texts + texts:            # asked twice: the second time from the memo
            numbers_in(t)
            trigger_matches(t)
        assert numbers_in(texts[0]) is numbers_in(texts[0])
    # every distinct text kept (more than the old 4,096/8,192 LRU limits): no thrashing
    assert sum(1 for k in memo if k[0].endswith(".numbers_in")) == len(texts)
    assert sum(1 for k in memo if k[0].endswith(".trigger_matches")) == len(texts)
    # nothing went to the module-level fallback, so nothing is carried to the next draft
    assert numbers_in.cache_info().currsize == 0 and docmemo._current.get() is None
    with docmemo.document({}) as other:
        numbers_in(texts[0])
        assert len(other) == 1


def test_outside_a_check_the_pure_functions_still_answer():
    assert fold("  Tổng  SỐ ") == "tổng số"
    assert [n.value for n in numbers_in("có 1.234 hồ sơ")] == [1234]
    assert "tổ chức" in units("Công tác tổ chức")


def test_a_check_fills_the_drafts_memo(check_text):
    from baocao_check.rules.base import Context
    seen = []
    real = Context.__init__

    def spy(self, *a, **k):
        real(self, *a, **k)
        seen.append(self.facts._memo)
    Context.__init__ = spy
    try:
        check_text("I. KẾT QUẢ\nTổng số 12 hồ sơ, trong đó 5 hồ sơ đúng hạn, 7 hồ sơ trễ hạn.\n")
    finally:
        Context.__init__ = real
    assert seen and any(k[0].endswith(".numbers_in") for k in seen[0] if isinstance(k, tuple) and isinstance(k[0], str))
    assert docmemo._current.get() is None
