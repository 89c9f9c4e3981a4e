"""Loading rulesets: YAML validated against the JSON Schema, errors with file, line and key."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from functools import lru_cache

from . import cache
from .errors import RulesetError

PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))
# Installed: rulesets ship inside the package (baocao_check/rulesets); from a checkout: ../rulesets.
_CANDIDATES = [os.path.join(PACKAGE_DIR, "rulesets"), os.path.join(os.path.dirname(PACKAGE_DIR), "rulesets")]
RULESETS_DIR = next((p for p in _CANDIDATES if os.path.isdir(p)), _CANDIDATES[-1])
BUILTIN_ID = "so-ket-01-nam-cqdp-2-cap"
BUILTIN_PATH = os.path.join(RULESETS_DIR, BUILTIN_ID + ".yaml")
SCHEMA_PATH = os.path.join(RULESETS_DIR, "ruleset.schema.json")


@dataclass
class Ruleset:
    id: str
    version: str
    title: str
    data: dict
    path: str
    rule_options: dict = field(default_factory=dict)

    def options(self, rule_id: str) -> dict:
        return self.rule_options.get(rule_id, {})

    def enabled(self, rule_id: str) -> bool:
        return self.options(rule_id).get("enabled", True)

    def severity(self, rule_id: str, default: str) -> str:
        return self.options(rule_id).get("severity", default)

    def get(self, key: str, default=None):
        return self.data.get(key, default)

    def vocab(self, name: str) -> list:
        """A word list: the shared lexicon's entries, then this ruleset's own additions."""
        cache = self.__dict__.setdefault("_vocab", {})
        if name not in cache:
            from .lexicon import shared_vocabularies
            own = (self.data.get("vocabularies") or {}).get(name) or []
            cache[name] = list(shared_vocabularies().get(name) or []) + [e for e in own]
        return cache[name]

    def words(self, name: str) -> list[str]:
        """A word list's phrases as written (an entry with its own message gives its phrase)."""
        return [e if isinstance(e, str) else e.get("phrase", "") for e in self.vocab(name)
                if isinstance(e, str) or e.get("phrase")]

    def phrases(self, name: str, strict: bool = False) -> list:
        """A word list compiled to phrases matched on whole syllables (``strict``: spaces only between words)."""
        cache = self.__dict__.setdefault("_phrases", {})
        if (name, strict) not in cache:
            from .matching import Phrase
            cache[(name, strict)] = [Phrase(w, strict=strict) for w in self.words(name)]
        return cache[(name, strict)]

    def requirement(self, name: str) -> "Requirement":
        """One of the plan's requirements on statements (limitations, proposals, outstanding
        issues, surplus assets); an absent one has no clause and needs nothing."""
        raw = (self.data.get("requirements") or {}).get(name) or {}
        return Requirement(name=name, clause=raw.get("clause"), needs=tuple(raw.get("needs") or ()),
                           sections=tuple(raw.get("sections") or ()))

    def part(self, key: str) -> dict:
        """A mapping part of the plan (``period``, ``annexes``): empty when the ruleset has none."""
        value = self.data.get(key)
        return value if isinstance(value, dict) else {}

    def items(self, key: str) -> list:
        """A list part of the plan (``deadlines``, ``content_areas``, ``outline``)."""
        value = self.data.get(key)
        return value if isinstance(value, list) else []


@dataclass(frozen=True)
class Requirement:
    name: str
    clause: str | None
    needs: tuple = ()
    sections: tuple = ()


@lru_cache(maxsize=1)
def _validator():
    from jsonschema import Draft202012Validator   # only when a ruleset is validated (not when cached)
    with open(SCHEMA_PATH, encoding="utf-8") as fh:
        return Draft202012Validator(json.load(fh))


def _line_index(node, path=(), out=None) -> dict[tuple, int]:
    """Map each key path of a composed YAML node to its 1-based line."""
    import yaml
    if out is None:
        out = {}
    out[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            out[path + (key,)] = key_node.start_mark.line + 1
            _line_index(value_node, path + (key,), out)
            out[path + (key,)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _line_index(item, path + (i,), out)
    return out


def _key_text(path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(gốc)"


def parse_ruleset(text: str, path: str) -> Ruleset:
    import yaml

    from .safe_yaml import YAMLLimitError, compose_and_load
    try:
        node, data = compose_and_load(text)   # bounded: aliases, depth, integers, duplicate keys
    except YAMLLimitError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise RulesetError("yaml_limit", exc.vi, exc.en, path=path, line=line) from None
    except yaml.MarkedYAMLError as exc:
        # an unclosed bracket or quote is reported where it was opened, not at the end of the file
        mark = exc.context_mark or exc.problem_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or str(exc)
        raise RulesetError("yaml_syntax", f"YAML không hợp lệ: {problem}.", f"invalid YAML: {problem}.",
                           path=path, line=line) from None
    except yaml.YAMLError as exc:
        raise RulesetError("yaml_syntax", f"YAML không hợp lệ: {exc}.", f"invalid YAML: {exc}.", path=path) from None
    if not isinstance(data, dict):
        raise RulesetError("not_mapping", "bộ quy tắc phải là một ánh xạ YAML (khoá: giá trị).",
                           "a ruleset must be a YAML mapping (key: value).", path=path, line=1)
    lines = _line_index(node) if node is not None else {}
    _raise_first(_validator().iter_errors(data), lines, path)
    from .rules import RULES  # the registry: unknown rule ids are errors
    check_ids = {c["id"] for c in data.get("checks") or []}
    for rule_id in data.get("rules", {}) or {}:
        if rule_id not in RULES and rule_id not in check_ids:
            raise RulesetError("unknown_rule", f"không có quy tắc '{rule_id}'. Các quy tắc: {', '.join(sorted(RULES))}.",
                               f"no rule '{rule_id}'. Rules: {', '.join(sorted(RULES))}.",
                               path=path, line=lines.get(("rules", rule_id)), key=f"rules.{rule_id}")
    _check_unique_ids(data, lines, path)
    for i, check in enumerate(data.get("checks") or []):
        if check["id"] in RULES:
            raise RulesetError("duplicate_id", f"mã kiểm tra '{check['id']}' trùng với một quy tắc có sẵn.",
                               f"check id '{check['id']}' is the id of a built-in rule.",
                               path=path, line=lines.get(("checks", i, "id")), key=f"checks[{i}].id")
    return Ruleset(id=data["id"], version=str(data["version"]), title=data["title"], data=data, path=path,
                   rule_options=data.get("rules", {}) or {})



def _raise_first(errors, lines: dict, path: str, prefix: tuple = ()) -> None:
    """Raise the schema error a person should fix first, with its file, line and key."""
    errors = sorted(errors, key=lambda e: (len(e.absolute_path), list(map(str, e.absolute_path))))
    if not errors:
        return
    # an unknown key is usually the typo of a missing one: point at the typo first
    unknown = [e for e in errors if e.validator == "additionalProperties"]
    err = min(unknown or errors, key=lambda e: lines.get(prefix + tuple(e.absolute_path), 0))
    key_path = prefix + tuple(err.absolute_path)
    if err.validator == "additionalProperties":
        extra = sorted(set(err.instance) - set(err.schema.get("properties", {})))
        if extra:
            key_path = key_path + (extra[0],)
    line = lines.get(key_path) or lines.get(prefix + tuple(err.absolute_path))
    vi, en = _explain(err)
    raise RulesetError("schema", vi, en, path=path, line=line, key=_key_text(key_path))


def validate_part(data, defname: str, node, path: str, prefix: tuple = ()) -> None:
    """Validate one part of a YAML file (the lexicon's ``vocabularies``) against ``$defs/<defname>``
    of the ruleset schema: the same closed keys and the same errors as in a ruleset."""
    from jsonschema import Draft202012Validator
    with open(SCHEMA_PATH, encoding="utf-8") as fh:
        schema = json.load(fh)
    sub = dict(schema["$defs"][defname], **{"$defs": schema["$defs"]})
    lines = _line_index(node) if node is not None else {}
    _raise_first(Draft202012Validator(sub).iter_errors(data), lines, path, prefix)

def _check_unique_ids(data: dict, lines: dict, path: str) -> None:
    seen: dict[str, tuple] = {}

    def walk(items, prefix):
        for i, item in enumerate(items or []):
            here = prefix + (i,)
            sid = item.get("id")
            if sid in seen:
                raise RulesetError("duplicate_id", f"mã mục '{sid}' bị trùng.", f"section id '{sid}' is repeated.",
                                   path=path, line=lines.get(here + ("id",)), key=_key_text(here + ("id",)))
            seen[sid] = here
            walk(item.get("children"), here + ("children",))
    walk(data.get("outline"), ("outline",))


def _explain(err) -> tuple[str, str]:
    v = err.validator
    if v == "required":
        missing = [k for k in err.validator_value if k not in (err.instance or {})]
        return (f"thiếu khoá bắt buộc '{missing[0] if missing else '?'}'.",
                f"required key '{missing[0] if missing else '?'}' is missing.")
    if v == "additionalProperties":
        import difflib
        allowed = list(err.schema.get("properties", {}))
        extra = sorted(set(err.instance) - set(allowed))
        bad = extra[0] if extra else "?"
        close = difflib.get_close_matches(bad, allowed, n=1)
        hint_vi = f" — có phải '{close[0]}'?" if close else " (kiểm tra chính tả)"
        hint_en = f" — did you mean '{close[0]}'?" if close else " (check its spelling)"
        return (f"khoá không được phép '{bad}'{hint_vi}.", f"unknown key '{bad}'{hint_en}.")
    if v == "type":
        return (f"giá trị {err.instance!r} phải có kiểu {err.validator_value}.",
                f"value {err.instance!r} must be of type {err.validator_value}.")
    if v == "enum":
        return (f"giá trị {err.instance!r} không hợp lệ; chỉ nhận: {', '.join(map(str, err.validator_value))}.",
                f"value {err.instance!r} is not allowed; expected one of: {', '.join(map(str, err.validator_value))}.")
    if v == "pattern":
        return (f"giá trị {err.instance!r} sai định dạng (mẫu {err.validator_value}).",
                f"value {err.instance!r} has the wrong form (pattern {err.validator_value}).")
    if v in ("minItems", "minLength"):
        return ("giá trị rỗng hoặc quá ngắn.", "value is empty or too short.")
    return (f"không hợp lệ: {err.message}.", f"invalid: {err.message}.")


def load_ruleset(path: str | None = None) -> Ruleset:
    """Load and validate a ruleset; the built-in one when no path is given."""
    path = path or BUILTIN_PATH
    return _load_cached(os.path.abspath(path), _mtime(path))


def _mtime(path: str) -> float:
    try:
        return os.path.getmtime(path)
    except OSError:
        return 0.0


def _cache_key(raw: bytes) -> str:
    import hashlib
    from . import __version__
    from .rules import RULES
    h = hashlib.sha256(raw)
    with open(SCHEMA_PATH, "rb") as fh:
        h.update(fh.read())
    h.update(__version__.encode() + ",".join(sorted(RULES)).encode())
    return h.hexdigest()[:32]


def _from_cache(key: str, path: str) -> Ruleset | None:
    data = cache.load(f"ruleset-{key}.json")
    if not isinstance(data, dict):
        return None
    return Ruleset(id=data["id"], version=str(data["version"]), title=data["title"], data=data, path=path,
                   rule_options=data.get("rules", {}) or {})


def _to_cache(key: str, ruleset: Ruleset) -> None:
    """Keep a validated ruleset so that later runs skip YAML parsing and schema validation."""
    cache.save(f"ruleset-{key}.json", ruleset.data)


@lru_cache(maxsize=16)
def _load_cached(path: str, mtime: float) -> Ruleset:
    from . import limits
    from .fsutil import NotRegularFile, TooLarge, read_regular
    try:
        raw = read_regular(path, limits.MAX_YAML_BYTES)
        key = _cache_key(raw)
        cached = _from_cache(key, path)
        if cached is not None:
            return cached
        text = raw.decode("utf-8")
    except FileNotFoundError:
        raise RulesetError("not_found", "không tìm thấy tệp bộ quy tắc.", "ruleset file not found.", path=path) from None
    except TooLarge:
        raise RulesetError("too_large", f"tệp bộ quy tắc quá lớn (hơn {limits.MAX_YAML_BYTES // limits.MB} MB).",
                           f"the ruleset file is too large (over {limits.MAX_YAML_BYTES // limits.MB} MB).",
                           path=path) from None
    except NotRegularFile:
        raise RulesetError("not_regular_file", "không phải tệp thường (ống dẫn, thiết bị…).",
                           "not a regular file (a pipe, a device…).", path=path) from None
    except IsADirectoryError:
        raise RulesetError("is_directory", "là thư mục, không phải tệp.", "is a directory, not a file.",
                           path=path) from None
    except UnicodeDecodeError:
        raise RulesetError("encoding", "tệp bộ quy tắc phải là UTF-8.", "a ruleset file must be UTF-8.", path=path) from None
    except OSError as exc:
        raise RulesetError("io_error", f"không đọc được: {exc.strerror}.", f"cannot read: {exc.strerror}.",
                           path=path) from None
    ruleset = parse_ruleset(text, path)
    _to_cache(key, ruleset)
    return ruleset
