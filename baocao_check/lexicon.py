"""The shared lexicon: every word list the rules use, in one YAML file (rulesets/lexicon.yaml).

A ruleset holds the facts of one plan (outline, period, deadlines, annexes, requirements) and uses
this lexicon for the words of administrative Vietnamese that do not change from plan to plan
(vague quantifiers, names of bodies, deadline wordings, placeholder forms, typo pairs…). A
ruleset's own ``vocabularies`` add to the lexicon's lists, key by key; both are validated by the
same closed schema, so a misspelt key is an error with file, line and a did-you-mean.
"""

from __future__ import annotations

import os
from functools import lru_cache

from .errors import RulesetError

def lexicon_path() -> str:
    from .ruleset import RULESETS_DIR
    return os.path.join(RULESETS_DIR, "lexicon.yaml")


@lru_cache(maxsize=4)
def _load(path: str, mtime: float) -> dict:
    from . import cache
    import hashlib
    with open(path, "rb") as fh:
        raw = fh.read()
    key = "lexicon-" + hashlib.sha256(raw + _schema_bytes()).hexdigest()[:32] + ".json"
    data = cache.load(key)
    if isinstance(data, dict):
        return data
    data = _parse(raw.decode("utf-8"), path)
    cache.save(key, data)
    return data


def _schema_bytes() -> bytes:
    from .ruleset import SCHEMA_PATH
    with open(SCHEMA_PATH, "rb") as fh:
        return fh.read()


def _parse(text: str, path: str) -> dict:
    import yaml
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise RulesetError("yaml_syntax", f"YAML không hợp lệ: {exc}.", f"invalid YAML: {exc}.", path=path) from None
    if not isinstance(data, dict):
        raise RulesetError("not_mapping", "từ vựng phải là một ánh xạ YAML.", "a lexicon must be a YAML mapping.",
                           path=path, line=1)
    from .ruleset import validate_part
    validate_part(data, "lexicon", node, path)
    return data


def lexicon() -> dict:
    """The shared lexicon, parsed and validated once per process (and cached on disk)."""
    path = lexicon_path()
    try:
        mtime = os.path.getmtime(path)
    except OSError:
        mtime = 0.0
    return _load(path, mtime)


def shared_vocabularies() -> dict:
    return lexicon().get("vocabularies") or {}
