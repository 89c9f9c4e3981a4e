"""Every finding on every fixture draft and corpus draft equals the stored snapshot.

A change meant to leave the output alone (speed, caches, readers' internals) must pass this
unchanged. A deliberate change to a rule regenerates the snapshot with
``python tests/update_findings_snapshot.py`` and shows its effect as the diff of
tests/findings_snapshot.json.
"""

import json
import os

from update_findings_snapshot import CORPUS, SNAPSHOT, current, drafts, normalised

REGENERATE = "if the change is deliberate, run python tests/update_findings_snapshot.py and review the diff"


def _line(f) -> str:
    loc = f.get("location", {})
    return (f"{f['rule']}/{f.get('code')} {f['severity']} line {loc.get('line')} "
            f"[{loc.get('section') or ''}] «{f['evidence']}»: {f['message'][:100]}")


def _differences(draft, before, now) -> list[str]:
    if not isinstance(before, list) or not isinstance(now, list):
        if before == now:
            return []
        return [f"{draft}: was {before if not isinstance(before, list) else 'checked'}, "
                f"now {now if not isinstance(now, list) else 'checked'}"]
    out = []
    rest = list(now)
    for f in before:
        if f in rest:
            rest.remove(f)
        else:
            out.append(f"{draft}: gone     {_line(f)}")
    for f in rest:
        out.append(f"{draft}: new      {_line(f)}")
    if not out and before != now:
        out.append(f"{draft}: same findings in another order")
    return out


def test_the_corpus_is_beside_the_project():
    assert os.path.isdir(CORPUS), f"{CORPUS} is missing (CI checks it out beside the clone)"
    assert any("shared/corpus/D" in d.replace(os.sep, "/") for d in drafts())


def test_findings_equal_the_snapshot():
    with open(SNAPSHOT, encoding="utf-8") as fh:
        stored = json.load(fh)
    now = normalised(current())
    problems = []
    for draft in sorted(set(stored) | set(now)):
        if draft not in now:
            problems.append(f"{draft}: in the snapshot, no longer checked")
        elif draft not in stored:
            problems.append(f"{draft}: checked, not in the snapshot")
        else:
            problems += _differences(draft, stored[draft], now[draft])
    assert not problems, f"{len(problems)} differences ({REGENERATE}):\n" + "\n".join(problems[:60])


def test_a_changed_finding_is_named():
    """The report names the draft and the finding that changed (the test above could not fail otherwise)."""
    f = {"rule": "arithmetic_total", "code": "sum", "severity": "error", "location": {"line": 7, "section": "II"},
         "evidence": "45", "message": "Tổng không khớp"}
    g = dict(f, severity="warning")
    diff = _differences("d.md", [f], [g])
    assert diff == ["d.md: gone     arithmetic_total/sum error line 7 [II] «45»: Tổng không khớp",
                    "d.md: new      arithmetic_total/sum warning line 7 [II] «45»: Tổng không khớp"]
    assert _differences("d.md", [f, g], [g, f]) == ["d.md: same findings in another order"]
    refused = {"status": "error", "error": {"code": "not_a_report", "message": "Tệp này là Kế hoạch"}}
    assert _differences("p.md", refused, dict(refused)) == []
    assert _differences("p.md", refused, [f]) == ["p.md: was " + str(refused) + ", now checked"]
