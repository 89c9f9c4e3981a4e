"""Run the real CLI on a clean draft and its variants, in every format, and judge each variant:
a fault is *found* when a finding that the clean draft does not have, of the expected category
(or a kin one), sits at the mutation (its line near the changed line, its evidence or excerpt
overlapping the changed text, or for a removed section its message naming the section); a
harmless variant *fails* when it raises a new error or warning."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from .draft import fold, nfc, strip_md
from .mutations import Variant, variants
from .render import EXT, FORMATS, render, to_text

# categories a reasonable checker may file the same defect under (as ../shared/corpus/score.py)
KIN = [{"deadline_missing", "proposal_incomplete"}, {"citation_inconsistent", "citation_malformed"},
       {"name_inconsistent", "term_typo"}, {"annex_missing", "missing_section"},
       {"deadline_inconsistent", "period_mismatch", "date_implausible"}, {"arithmetic_total", "annex_mismatch"}]
STOP = set("và của các cho với trong về theo được có là những một đã này từ đến cấp xã phường ubnd việc công tác".split())


def kin(a: str, b: str) -> bool:
    return a == b or any(a in k and b in k for k in KIN)


def norm(s: str) -> str:
    s = nfc(s or "").lower()
    for a, b in (("hoà", "hòa"), ("uỷ", "ủy"), ("oà", "òa"), ("oá", "óa"), ("oạ", "ọa")):
        s = s.replace(a, b)
    s = strip_md(s)
    s = s.translate(str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-"}))   # pandoc's smart quotes
    return re.sub(r"\s+", " ", s).strip()


def content_words(s: str) -> set[str]:
    stop = {fold(x) for x in STOP}
    return {w for w in re.findall(r"\w+", fold(s)) if len(w) > 1 and w not in stop and not w.isdigit()}


def key(f: dict) -> tuple:
    return (f.get("rule"), f.get("severity"), norm(f.get("evidence") or ""))


def serious(f: dict) -> bool:
    return f.get("severity") in ("error", "warning")


def new_findings(clean: list[dict], variant: list[dict]) -> list[dict]:
    """Findings of the variant beyond those of the clean draft (by rule, severity, evidence)."""
    left = Counter(key(f) for f in clean)
    out = []
    for f in variant:
        k = key(f)
        if left[k] > 0:
            left[k] -= 1
        else:
            out.append(f)
    return out


def at_place(f: dict, v: Variant, fmt: str, line_map: dict[int, int] | None) -> bool:
    ev = norm(f.get("evidence") or "")
    loc = f.get("location") or {}
    excerpt = norm((loc.get("excerpt") or "").rstrip("…"))
    said = " ‖ ".join((ev, excerpt, norm(f.get("message") or "")))
    if v.category == "missing_section":
        # the finding names the section: most of its title's words, or its outline number and a word
        said_words = content_words(" ".join(str(f.get(k) or "") for k in ("message", "evidence")))
        want = content_words(v.heading_words)
        common = len(want & said_words)
        if want and common >= max(2, 0.6 * len(want)):
            return True
        # "Đề cương, mục II.5": the outline's number (the plan's own "Kế hoạch, mục II.5" is another list)
        if v.heading_path and common >= 1 and re.search(r"Đề cương,? mục " + re.escape(v.heading_path) + r"(?![\d])",
                                                         str(f.get("message") or "") + " " + str(f.get("clause") or "")):
            return True
        line = loc.get("line")
        if common >= 1 and fmt in ("text", "markdown") and isinstance(line, int):
            targets = [i + 1 for i in v.lines] if fmt == "markdown" else [line_map.get(i, i) + 1 for i in v.lines]
            return any(abs(line - t) <= 2 for t in targets)
        return False
    for a in v.anchors:
        na = norm(a)
        if not na:
            continue
        if re.fullmatch(r"[\d.,%]+", na):
            if re.search(r"(?<![\d.,])" + re.escape(na) + r"(?![\d]|[.,]\d)", ev + " ‖ " + norm(f.get("message") or "")):
                return True
        elif len(na) >= 4 and (na in said or na[:40] in said):
            return True
    changed = [norm(strip_md(v.text.split("\n")[i])) for i in v.lines if i < len(v.text.split("\n"))]
    for c in changed:
        if len(ev) >= 4 and ev in c:
            return True
        if len(excerpt) >= 20 and (excerpt[:60] in c or c[:60] in excerpt):
            return True
    line = loc.get("line")
    if fmt in ("text", "markdown") and isinstance(line, int):
        targets = [i + 1 for i in v.lines] if fmt == "markdown" else [line_map.get(i, i) + 1 for i in v.lines]
        if any(abs(line - t) <= 2 for t in targets):
            return True
    return False


@dataclass
class Result:
    draft: str
    fmt: str
    variant: Variant
    status: str                     # checked, failed
    new: list[dict] = field(default_factory=list)
    found: bool = False
    info_only: bool = False         # found, but only by a note (severity info)
    new_errors: int = 0
    new_warnings: int = 0


def run_cli(paths: list[str], root: str, timeout: int = 600) -> dict[str, list[dict] | None]:
    """``python -m baocao_check check P... --format json`` in ``root``: findings per path."""
    env = dict(os.environ, PYTHONPATH=root + os.pathsep + os.environ.get("PYTHONPATH", ""))
    r = subprocess.run([sys.executable, "-m", "baocao_check", "check", *paths, "--format", "json", "--fail-on", "never"],
                       cwd=root, env=env, capture_output=True, text=True, timeout=timeout)
    out: dict[str, list[dict] | None] = {p: None for p in paths}
    try:
        data = json.loads(r.stdout)
    except ValueError:
        return out
    for doc in data.get("documents", []):
        p = doc.get("path")
        full = p if os.path.isabs(p) else os.path.normpath(os.path.join(root, p))
        for q in paths:
            if os.path.normpath(q) == full or q.endswith(p):
                out[q] = doc.get("findings", []) if doc.get("status") == "checked" else None
    return out


def _job(args):
    """One clean draft in one format: render it and its variants, run the CLI once, judge."""
    name, clean_md, vs, fmt, root, workdir = args
    os.makedirs(workdir, exist_ok=True)
    ext = EXT[fmt]
    clean_path = os.path.join(workdir, f"{name}.clean{ext}")
    render(clean_md, fmt, clean_path)
    paths = [clean_path]
    for k, v in enumerate(vs):
        p = os.path.join(workdir, f"{name}.{k:03d}.{v.category}.{v.op}{ext}")
        render(v.text, fmt, p, **v.render)
        paths.append(p)
    found = run_cli(paths, root)
    clean = found[clean_path]
    results = []
    for k, v in enumerate(vs):
        fs = found[paths[k + 1]]
        if fs is None or clean is None:
            results.append(Result(name, fmt, v, "failed"))
            continue
        new = [f for f in new_findings(clean, fs)]
        res = Result(name, fmt, v, "checked", new)
        if v.harmless:
            res.new_errors = sum(1 for f in new if f.get("severity") == "error")
            res.new_warnings = sum(1 for f in new if f.get("severity") == "warning")
        else:
            line_map = to_text(v.text)[1] if fmt == "text" else None
            hits = [f for f in new if kin(f.get("category") or "", v.category) and at_place(f, v, fmt, line_map)]
            res.found = bool(hits)
            res.info_only = bool(hits) and all(f.get("severity") == "info" for f in hits)
        results.append(res)
    return results


def run(drafts: dict[str, str], root: str, formats=FORMATS, per_op: int = 2, seed: int = 0, jobs: int = 2,
        ops=None, workdir: str | None = None) -> list[Result]:
    """All variants of all drafts in all formats; ``drafts`` maps a short name to clean Markdown."""
    tmp = workdir or tempfile.mkdtemp(prefix="inject-")
    tasks = []
    for name, md in drafts.items():
        vs = variants(md, seed=seed, per_op=per_op, ops=ops)
        for fmt in formats:
            sel = [v for v in vs if fmt in v.formats]
            if sel:
                tasks.append((name, md, sel, fmt, root, os.path.join(tmp, name, fmt)))
    results: list[Result] = []
    if jobs <= 1:
        for t in tasks:
            results.extend(_job(t))
    else:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            for rs in pool.map(_job, tasks):
                results.extend(rs)
    return results


def table(results: list[Result]) -> str:
    """Per category: injected, found at the right place, %; per harmless transformation: variants,
    variants with a new error, with a new warning. Columns per format show found/injected."""
    fmts = [f for f in FORMATS if any(r.fmt == f for r in results)]
    short = {"text": "txt", "markdown": "md", "docx-pandoc": "pandoc", "docx-pydocx": "pydocx"}
    lines = []
    faults = [r for r in results if not r.variant.harmless]
    cats = sorted({r.variant.category for r in faults})
    head = f"{'fault category':28} {'injected':>8} {'found':>6} {'%':>5} {'info':>5}  " + " ".join(f"{short[f]:>7}" for f in fmts) + "  failed"
    lines += [head, "-" * len(head)]
    tot_i = tot_f = 0
    for c in cats:
        rs = [r for r in faults if r.variant.category == c and r.status == "checked"]
        n, k = len(rs), sum(r.found for r in rs)
        tot_i += n
        tot_f += k
        per = " ".join(f"{sum(r.found for r in rs if r.fmt == f):>3}/{sum(1 for r in rs if r.fmt == f):<3}" for f in fmts)
        failed = sum(1 for r in faults if r.variant.category == c and r.status != "checked")
        info = sum(r.info_only for r in rs)
        lines.append(f"{c:28} {n:>8} {k:>6} {100 * k / n if n else 0:>4.0f}% {info:>5}  {per}  {failed:>6}")
    lines.append(f"{'all faults':28} {tot_i:>8} {tot_f:>6} {100 * tot_f / tot_i if tot_i else 0:>4.0f}% "
                 f"{sum(r.info_only for r in faults):>5}   (info: found only by a note; per format: found/injected)")
    lines.append("")
    harmless = [r for r in results if r.variant.harmless]
    head = f"{'harmless transformation':28} {'variants':>8} {'new err':>8} {'new warn':>8}  " + " ".join(f"{short[f]:>7}" for f in fmts)
    lines += [head, "-" * len(head)]
    tv = te = tw = 0
    for c in sorted({r.variant.category for r in harmless}):
        rs = [r for r in harmless if r.variant.category == c and r.status == "checked"]
        e = sum(1 for r in rs if r.new_errors)
        w = sum(1 for r in rs if r.new_warnings and not r.new_errors)
        tv, te, tw = tv + len(rs), te + e, tw + w
        per = " ".join(f"{sum(1 for r in rs if r.fmt == f and (r.new_errors or r.new_warnings)):>3}/{sum(1 for r in rs if r.fmt == f):<3}" for f in fmts)
        lines.append(f"{c:28} {len(rs):>8} {e:>8} {w:>8}  {per}")
    lines.append(f"{'all harmless':28} {tv:>8} {te:>8} {tw:>8}   (per format: variants with a new error or warning)")
    return "\n".join(lines)


def details(results: list[Result]) -> str:
    """Each miss and each harmless variant that raised something, for reading by a person."""
    out = []
    for r in results:
        v = r.variant
        if r.status != "checked":
            out.append(f"FAILED  {r.draft} {r.fmt} {v.name}")
        elif not v.harmless and not r.found:
            got = "; ".join(f"{f.get('rule')}@{(f.get('location') or {}).get('line') or (f.get('location') or {}).get('paragraph')}"
                            f" «{(f.get('evidence') or '')[:30]}»" for f in r.new if serious(f) or f.get("severity") == "info")
            out.append(f"MISS    {r.draft} {r.fmt} {v.name} anchors={v.anchors[:2]} {v.note} new=[{got}]")
        elif v.harmless and (r.new_errors or r.new_warnings):
            got = "; ".join(f"{f.get('severity')} {f.get('rule')} «{(f.get('evidence') or '')[:40]}» {f.get('message', '')[:90]}"
                            for f in r.new if serious(f))
            out.append(f"ALARM   {r.draft} {r.fmt} {v.name}: {got}")
    return "\n".join(out)
