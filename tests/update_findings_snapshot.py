#!/usr/bin/env python3
"""Rewrite tests/findings_snapshot.json from the current checker output.

The snapshot is the full output (rule, code, severity, location, evidence, message) of every
draft under fixtures/ and of ../shared/corpus/D*.md|docx, checked with the built-in ruleset (and
the drafts beside a plan under fixtures/plans/*/ also with the ruleset derived from that plan).
tests/test_findings_unchanged.py compares against it, so that a change meant to be invisible
(speed, refactoring) is shown to change nothing. After a deliberate change to a rule, run this
script and read the diff of the JSON before committing.
"""

import glob
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, ROOT)

SNAPSHOT = os.path.join(HERE, "findings_snapshot.json")
FIXTURES = os.path.join(ROOT, "fixtures")
CORPUS = os.path.join(os.path.dirname(ROOT), "shared", "corpus")
NOT_DRAFTS = ("README.md",)


def drafts() -> list[str]:
    """Every draft under fixtures/ and the corpus drafts, as paths relative to the project root."""
    from baocao_check.engine import expand_paths
    out = [p for p in expand_paths([FIXTURES]) if os.path.basename(p) not in NOT_DRAFTS]
    out += sorted(glob.glob(os.path.join(CORPUS, "D*.md")) + glob.glob(os.path.join(CORPUS, "D*.docx")))
    return [os.path.relpath(p, ROOT) for p in out]


def plan_drafts() -> list[tuple[str, str]]:
    """(plan files joined by '+', draft) for each folder of fixtures/plans/: its expected.yaml names
    the plan files, and its drafts are checked against the ruleset derived from them."""
    import yaml
    out = []
    for exp in sorted(glob.glob(os.path.join(FIXTURES, "plans", "*", "expected.yaml"))):
        folder = os.path.dirname(exp)
        with open(exp, encoding="utf-8") as fh:
            bases = yaml.safe_load(fh)["plan"]
        plan = "+".join(os.path.relpath(os.path.join(folder, b + ".txt"), ROOT) for b in bases)
        for draft in sorted(glob.glob(os.path.join(folder, "du-thao-*.txt"))):
            out.append((plan, os.path.relpath(draft, ROOT)))
    return out


def finding(f) -> dict:
    return {"rule": f.rule, "code": f.code, "severity": f.severity, "location": dict(f.location),
            "evidence": f.evidence, "message": f.message}


def _result(path: str, ruleset) -> list[dict] | dict:
    from baocao_check.engine import check_path
    res = check_path(os.path.join(ROOT, path), ruleset, "vi", use_waivers=False)
    if res.status != "checked":
        # the message names the file by the path it was given: the project's place is not part of it
        error = dict(res.error, message=res.error["message"].replace(ROOT + os.sep, ""))
        return {"status": res.status, "error": error}
    return [finding(f) for f in res.findings]


def _derived(plan: str):
    import yaml

    from baocao_check.plan import derive
    from baocao_check.readers import read_document
    from baocao_check.ruleset import parse_ruleset
    data = derive([read_document(os.path.join(ROOT, p)) for p in plan.split("+")], "derived").data
    return parse_ruleset(yaml.safe_dump(data, allow_unicode=True), "derived.yaml")


def current() -> dict:
    """{draft key: its findings (or its error)}; keys are paths, 'draft @ plan' for a plan's ruleset."""
    from baocao_check.ruleset import load_ruleset
    builtin = load_ruleset()
    out = {path: _result(path, builtin) for path in drafts()}
    rulesets = {}
    for plan, draft in plan_drafts():
        if plan not in rulesets:
            rulesets[plan] = _derived(plan)
        out[f"{draft} @ {plan}"] = _result(draft, rulesets[plan])
    return out


def normalised(data: dict) -> dict:
    """Through JSON and back: the form the snapshot file has (tuples become lists and so on)."""
    return json.loads(json.dumps(data, ensure_ascii=False))


if __name__ == "__main__":
    if not os.path.isdir(CORPUS):
        sys.exit(f"{CORPUS} is missing: the snapshot must cover the corpus drafts too")
    data = current()
    with open(SNAPSHOT, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=1, sort_keys=True)
        fh.write("\n")
    print(f"{SNAPSHOT}: {len(data)} drafts, {sum(len(v) for v in data.values() if isinstance(v, list))} findings")
