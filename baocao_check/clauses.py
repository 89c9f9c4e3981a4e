"""Moved: sentences and clauses live in ``facts.text``, statement elements in ``facts.statements``.
This name stays for code written against it."""

from .facts.text import clause_spans, sentences  # noqa: F401
