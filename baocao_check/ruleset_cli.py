"""``baocao-check ruleset from-plan | check | show``: rulesets for people who are not programmers."""

from __future__ import annotations

import os
import re
import sys

from .errors import CheckerError, UsageError
from .fsutil import write_atomic


def run(args, parser) -> int:
    t = (lambda vi, en: en if args.lang == "en" else vi)
    if args.ruleset_command == "from-plan":
        return _from_plan(args, t)
    if args.ruleset_command == "check":
        from .ruleset import load_ruleset
        rs = load_ruleset(args.file)
        sys.stdout.write(t(f"{args.file}: hợp lệ — bộ quy tắc {rs.id} {rs.version}, {_counts(rs.data, t)}.\n",
                           f"{args.file}: valid — ruleset {rs.id} {rs.version}, {_counts(rs.data, t)}.\n"))
        return 0
    if args.ruleset_command == "show":
        from .ruleset import load_ruleset
        sys.stdout.write(checklist(load_ruleset(args.file), args.lang))
        return 0
    parser.print_help()
    return 2


def _from_plan(args, t) -> int:
    from .plan import derive, to_yaml
    from .readers import read_document
    from .ruleset import parse_ruleset
    if os.path.exists(args.output) and os.path.samefile(args.output, args.plan):
        raise UsageError("same_file", "không được ghi đè lên kế hoạch.", "refusing to overwrite the plan.")
    doc = read_document(args.plan)
    rid = args.id or re.sub(r"[^a-z0-9]+", "-", os.path.splitext(os.path.basename(args.output))[0].lower()).strip("-") \
        or "ruleset"
    derived = derive(doc, rid)
    text = to_yaml(derived, args.plan)
    parse_ruleset(text, args.output)   # what we write is valid, or we say why
    try:
        write_atomic(args.output, text)
    except OSError as exc:
        raise CheckerError("output_error", f"Không ghi được {args.output}: {exc.strerror}.",
                           f"Cannot write {args.output}: {exc.strerror}.") from None
    sys.stdout.write(t(f"Đã sinh {args.output}: {_counts(derived.data, t)}. Hãy đọc lại các dòng «XEM LẠI», rồi chạy:\n"
                       f"  baocao-check ruleset check {args.output}\n  baocao-check ruleset show {args.output}\n",
                       f"Wrote {args.output}: {_counts(derived.data, t)}. Review the «XEM LẠI» lines, then run:\n"
                       f"  baocao-check ruleset check {args.output}\n  baocao-check ruleset show {args.output}\n"))
    return 0


def _counts(data: dict, t) -> str:
    n = sum(1 for _ in _walk(data.get("outline", [])))
    areas, deadlines = len(data.get("content_areas", [])), len(data.get("deadlines", []))
    return t(f"{n} mục đề cương, {areas} lĩnh vực nội dung, {deadlines} thời hạn",
             f"{n} outline sections, {areas} content areas, {deadlines} deadlines")


def _walk(items, depth=0):
    for it in items:
        yield depth, it
        yield from _walk(it.get("children", []), depth + 1)


def _phrases(items) -> str:
    return ", ".join((p["phrase"] + " (đúng nguyên văn)") if isinstance(p, dict) else str(p) for p in items)


def checklist(rs, lang: str = "vi") -> str:
    """The ruleset as a checklist a reviewer can read: what a draft will be checked for."""
    from .rules import RULES
    t = (lambda vi, en: en if lang == "en" else vi)
    d = rs.data
    out = [f"{rs.title}", t(f"Bộ quy tắc {rs.id}, phiên bản {rs.version}", f"Ruleset {rs.id}, version {rs.version}"), ""]
    out.append(t("1. Các mục bắt buộc của đề cương (theo thứ tự):", "1. Required outline sections (in order):"))
    for depth, it in _walk(d.get("outline", [])):
        extra = []
        if it.get("scope") == "parent":
            extra.append(t("chỉ tìm trong mục cha", "looked for inside its parent only"))
        if it.get("text_fallback"):
            extra.append(t("nếu chỉ viết lồng ghép: nhắc nhẹ", "if only mentioned in passing: a note"))
        out.append(f"   {'   ' * depth}[ ] {it['id']}. {it['title']}  ({it['clause']})")
        out.append(f"   {'   ' * depth}     " + t("nhận các tiêu đề chứa: ", "accepts headings containing: ")
                   + _phrases(it.get("match", [it["title"]])) + ("; " + "; ".join(extra) if extra else ""))
    if d.get("content_areas"):
        out += ["", t("2. Các lĩnh vực nội dung phải được đề cập:", "2. Content areas the report must cover:")]
        for a in d["content_areas"]:
            out.append(f"   [ ] {a['title']}  ({a['clause']})")
            for asp in a["aspects"]:
                out.append(f"       - {asp['title']}: " + ", ".join(asp["keywords"]))
    if d.get("deadlines"):
        out += ["", t("3. Thời hạn của Kế hoạch:", "3. The plan's deadlines:")]
        for dl in d["deadlines"]:
            when = dl.get("before") or dl.get("within_month")
            out.append(f"   [ ] {dl['title']}: " + (t("trước ", "before ") if dl.get("before") else t("trong tháng ", "within "))
                       + when + (f"  — {', '.join(dl['binds'])}" if dl.get("binds") else ""))
    out += ["", t("4. Yêu cầu khác:", "4. Other requirements:")]
    p = d.get("period") or {}
    if p:
        out.append("   [ ] " + t("Kỳ báo cáo từ ", "Reporting period from ") + str(p.get("start", "?"))
                   + t("; giai đoạn ", "; period ") + "-".join(map(str, p.get("plan_period", [])))
                   + t("; nhiệm kỳ ", "; term ") + "-".join(map(str, p.get("term", []))))
    a = d.get("annexes") or {}
    if a.get("required"):
        out.append("   [ ] " + t("Biểu phụ lục kèm theo: ", "Annex tables attached: ") + ", ".join(a["required"]))
    for key, req in (d.get("requirements") or {}).items():
        out.append(f"   [ ] {key}: " + ", ".join(req.get("needs", [])) + f"  ({req['clause']})")
    out += ["", t("5. Quy tắc được chạy:", "5. Rules that run:")]
    for rid, rule in RULES.items():
        if rs.enabled(rid):
            out.append(f"   - {rid} ({rs.severity(rid, rule.SEVERITY)}): {rule.SUMMARY[lang]}")
    return "\n".join(out) + "\n"
