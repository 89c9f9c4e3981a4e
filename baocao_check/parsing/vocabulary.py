"""The parsers' vocabulary, read from the shared lexicon (rulesets/lexicon.yaml), once per process.

Document types and their symbol codes, Party and State issuer codes, the phrases that name an
issuer, place kinds, placeholder forms, fixed names and domain terms are data: a reviewer adds one
in the lexicon without touching Python. This module only compiles them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from functools import lru_cache

from ..normalize import fold


@dataclass(frozen=True)
class DocumentType:
    name: str                  # "nghị quyết" (lower case)
    codes: tuple[str, ...]     # ("NQ",)
    normative: bool = False    # its symbol always carries the year ("30/2020/NĐ-CP")


@dataclass(frozen=True)
class Vocabulary:
    document_types: tuple[DocumentType, ...]
    party_issuers: frozenset[str]
    party_suffixes: tuple[str, ...]
    state_issuers: frozenset[str]
    either_issuers: frozenset[str]     # the Front and its member organisations: both forms are in use
    issuer_leads: tuple[str, ...]
    issuer_bodies: tuple[tuple[str, tuple[str, ...]], ...]   # (code, names)
    admin_kinds: tuple[str, ...]
    commune_kinds: tuple[str, ...]
    province_kinds: tuple[str, ...]
    place_list_leads: tuple[str, ...]
    place_pair_leads: tuple[str, ...]
    commune_issuers: frozenset[str]
    local_kinds: tuple[str, ...]
    former_markers: tuple[str, ...]
    name_stops: tuple[str, ...]
    blank_marks: tuple[str, ...]
    blank_words: tuple[str, ...]
    units: tuple[str, ...]
    value_leads: tuple[str, ...]
    date_leads: tuple[str, ...]
    fixed_names: tuple[str, ...]
    domain_terms: tuple[str, ...] = ()

    # -- derived views --------------------------------------------------------------------------
    @cached_property
    def type_codes(self) -> dict[str, set[str]]:
        """Type name -> the codes its symbol may carry ("quy định" -> {"QĐ", "QyĐ", "QĐi"})."""
        return _type_codes(self)

    @cached_property
    def known_codes(self) -> set[str]:
        return {c for t in self.document_types for c in t.codes}

    @cached_property
    def codes_longest_first(self) -> tuple[str, ...]:
        """The type codes, longest first (so "QĐi" is tried before "QĐ")."""
        return tuple(sorted(self.known_codes, key=len, reverse=True))

    @cached_property
    def normative_codes(self) -> set[str]:
        return {c for t in self.document_types if t.normative for c in t.codes}

    def type_name(self, code: str) -> str | None:
        """The name(s) of the document type a code stands for: "QĐ" -> "quyết định hoặc quy định"."""
        names = [t.name for t in self.document_types if code in t.codes]
        return " hoặc ".join(dict.fromkeys(names)) or None

    def place_kinds(self) -> list[str]:
        """Every word that introduces a place name, longest first."""
        return sorted(set(self.admin_kinds) | set(self.local_kinds), key=len, reverse=True)

    @cached_property
    def _party_upper(self) -> frozenset[str]:
        return frozenset(c.upper() for c in self.party_issuers)

    @cached_property
    def _state_upper(self) -> frozenset[str]:
        return frozenset(c.upper() for c in self.state_issuers)

    def is_party_issuer(self, code: str) -> bool:
        up = code.upper()
        if up in self._state_upper:
            return False      # "MTTW": the Front's central committee, not a Party body ending in "TW"
        return up in self._party_upper or \
            any(up.endswith(s.upper()) and len(up) > len(s) for s in self.party_suffixes)

    def is_state_issuer(self, code: str) -> bool:
        base = re.sub(r"\d+$", "", code).upper()
        return base in self._state_upper

    def is_either_issuer(self, code: str) -> bool:
        """A body whose symbols are written in either form ("15/BC-MTTQ-BTT", "15-BC/MTTQ-BTT")."""
        return re.sub(r"\d+$", "", code).upper() in self.either_issuers


def _type_codes(v: Vocabulary) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for t in v.document_types:
        out.setdefault(t.name, set()).update(t.codes)
    return out


def _strings(items) -> tuple[str, ...]:
    return tuple(str(x) for x in (items or []) if isinstance(x, (str, int)))


def from_lexicon(data: dict) -> Vocabulary:
    """The vocabulary of a lexicon mapping (the keys this module owns; others are ignored)."""
    types = tuple(DocumentType(str(t["name"]).lower(), _strings(t.get("codes")), bool(t.get("normative")))
                  for t in data.get("document_types") or [] if isinstance(t, dict) and t.get("name"))
    issuers = data.get("issuer_codes") or {}
    names = data.get("issuer_names") or {}
    places = data.get("place_kinds") or {}
    blanks = data.get("placeholder_forms") or {}
    return Vocabulary(
        document_types=types,
        party_issuers=frozenset(_strings(issuers.get("party"))),
        party_suffixes=_strings(issuers.get("party_suffixes")),
        state_issuers=frozenset(_strings(issuers.get("state"))),
        either_issuers=frozenset(c.upper() for c in _strings(issuers.get("either"))),
        commune_issuers=frozenset(c.upper() for c in _strings(issuers.get("commune"))),
        issuer_leads=_strings(names.get("leads")),
        issuer_bodies=tuple((str(b["code"]), _strings(b.get("names"))) for b in names.get("bodies") or []
                            if isinstance(b, dict) and b.get("code")),
        admin_kinds=_strings(places.get("admin")),
        commune_kinds=_strings(places.get("commune")),
        province_kinds=_strings(places.get("province")),
        place_list_leads=_strings(places.get("list_leads")),
        place_pair_leads=_strings(places.get("pair_leads")),
        local_kinds=_strings(places.get("local")),
        former_markers=_strings(places.get("former")),
        name_stops=_strings(places.get("name_stops")),
        blank_marks=_strings(blanks.get("marks")),
        blank_words=_strings(blanks.get("words")),
        units=_strings(blanks.get("units")),
        value_leads=_strings(blanks.get("value_leads")),
        date_leads=_strings(blanks.get("date_leads")),
        fixed_names=_strings(data.get("fixed_names")),
        domain_terms=_strings(data.get("domain_terms")),
    )


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The shared lexicon's vocabulary (read once per process)."""
    from ..lexicon import lexicon     # parsed, validated and cached on disk
    return from_lexicon(lexicon())


def word_start_alternation(phrases, space: str = r"\s+") -> str:
    """``(?<!\\w)(?:a|b|…)`` of literal phrases (longest first, words joined by ``space``), written
    as the regex engine runs it fast: grouped by first character, each group's look-behind after
    that character. A pattern that opens with a look-behind is tried at every position of the text;
    one that opens with a literal lets the engine skip to it (35 times faster for one phrase)."""
    groups: dict[str, list[str]] = {}
    for p in sorted({p for p in phrases if p}, key=len, reverse=True):
        groups.setdefault(p[0], []).append(p[1:])
    return "|".join(re.escape(first) + r"(?<!\w.)(?:" + "|".join(re.escape(r).replace(r"\ ", space) for r in rests) + ")"
                    for first, rests in groups.items()) or r"(?!x)x"


def alternation(phrases, folded: bool = True) -> str:
    """A regex alternation of literal phrases, longest first (folded for matching folded text)."""
    items = {fold(p) if folded else p for p in phrases if p}
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(items, key=len, reverse=True))
