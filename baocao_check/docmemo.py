"""Memos that live as long as one document's check, on its ``Facts`` (no cross-draft memo).

A function of a draft's text (the numbers of a paragraph, the breakdown triggers, the outline
units of a title) is asked for by several rules; ``per_document`` remembers its results in the
memo dict of the document being checked, bound by ``document(memo)`` around the rules. The memo
grows with the draft and is dropped with it: no size limit to thrash past, nothing kept for the
next draft. Outside a check (plan derivation, tests calling a helper) the call falls back to a
small bounded LRU of the pure function. Imports nothing of the package (``normalize`` uses it).
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache, wraps

_current: ContextVar[dict | None] = ContextVar("baocao_check_document_memo", default=None)


@contextmanager
def document(memo: dict):
    """Bind ``memo`` (a document's ``Facts._memo``) as the memo of the per-document functions."""
    token = _current.set(memo)
    try:
        yield memo
    finally:
        _current.reset(token)


def per_document(fallback_size: int = 1024):
    """Decorator: remember a pure function's results per document (see the module's docstring)."""
    def wrap(fn):
        outside = lru_cache(maxsize=fallback_size)(fn)
        name = fn.__module__ + "." + fn.__qualname__
        get = _current.get

        @wraps(fn)
        def call(*args):
            memo = get()
            if memo is None:
                return outside(*args)
            key = (name, args)
            try:
                return memo[key]
            except KeyError:
                value = memo[key] = fn(*args)
                return value
        call.cache_clear = outside.cache_clear
        call.cache_info = outside.cache_info
        return call
    return wrap
