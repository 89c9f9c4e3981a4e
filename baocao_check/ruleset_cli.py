"""``baocao-check ruleset from-plan | check | show | diff``: rulesets for people who are not programmers."""

from __future__ import annotations

import os
import re
import sys

from .errors import CheckerError, RulesetError, UsageError
from .fsutil import write_atomic


def run(args, parser) -> int:
    if getattr(args, "lang", None) not in ("vi", "en"):
        args.lang = "vi"
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
    if args.ruleset_command == "diff":
        from .ruleset import load_ruleset
        a, b = load_ruleset(args.old), load_ruleset(args.new)
        lines = diff(a.data, b.data, args.lang)
        if not lines:
            sys.stdout.write(t("Hai bộ quy tắc giống nhau về yêu cầu.\n", "The two rulesets have the same requirements.\n"))
            return 0
        sys.stdout.write(t(f"Thay đổi từ {args.old} sang {args.new} (+ thêm, - bỏ, ~ sửa):\n",
                           f"Changes from {args.old} to {args.new} (+ added, - removed, ~ changed):\n"))
        sys.stdout.write("".join(ln + "\n" for ln in lines))
        return 1
    parser.print_help()
    return 2


def _from_plan(args, t) -> int:
    from .plan import derive, summary, to_yaml
    from .readers import read_document
    from .ruleset import parse_ruleset
    plans = args.plan if isinstance(args.plan, list) else [args.plan]
    for plan in plans:
        if os.path.exists(args.output) and os.path.exists(plan) and os.path.samefile(args.output, plan):
            raise UsageError("same_file", "không được ghi đè lên kế hoạch.", "refusing to overwrite the plan.")
    docs = [read_document(p) for p in plans]
    rid = args.id or re.sub(r"[^a-z0-9]+", "-", os.path.splitext(os.path.basename(args.output))[0].lower()).strip("-") \
        or "ruleset"
    derived = derive(docs, rid)
    text = to_yaml(derived, plans[0])
    problem = None
    try:
        parse_ruleset(text, args.output)   # what we write is valid, or we say why
    except RulesetError as exc:
        problem = exc
        if derived.outline_found:
            raise
    try:
        write_atomic(args.output, text)
    except OSError as exc:
        raise CheckerError("output_error", f"Không ghi được {args.output}: {exc.strerror}.",
                           f"Cannot write {args.output}: {exc.strerror}.") from None
    sys.stdout.write(t(f"Đã sinh {args.output} từ {', '.join(plans)}:\n", f"Wrote {args.output} from {', '.join(plans)}:\n"))
    sys.stdout.write(summary(derived, args.lang))
    if problem is not None:
        sys.stdout.write(t("Bộ quy tắc chưa dùng được để kiểm tra dự thảo cho đến khi bổ sung các mục đề cương (outline).\n",
                           "The ruleset cannot check drafts until its outline is filled in.\n"))
    sys.stdout.write(t(f"Hãy đọc lại các dòng «XEM LẠI» trong tệp, rồi chạy:\n"
                       f"  baocao-check ruleset check {args.output}\n  baocao-check ruleset show {args.output}\n",
                       f"Review the «XEM LẠI» lines in the file, then run:\n"
                       f"  baocao-check ruleset check {args.output}\n  baocao-check ruleset show {args.output}\n"))
    return 0


def _counts(data: dict, t) -> str:
    n = sum(1 for _ in _walk(data.get("outline", [])))
    areas, deadlines = len(data.get("content_areas", [])), len(data.get("deadlines", []))
    annexes = len((data.get("annexes") or {}).get("items") or (data.get("annexes") or {}).get("required") or [])
    return t(f"{n} mục đề cương, {areas} lĩnh vực nội dung, {deadlines} thời hạn, {annexes} phụ lục",
             f"{n} outline sections, {areas} content areas, {deadlines} deadlines, {annexes} annexes")


def _walk(items, depth=0, parent=None):
    for it in items:
        yield depth, it
        yield from _walk(it.get("children", []), depth + 1, it)


def _walk_parents(items, parent=None):
    for i, it in enumerate(items):
        yield it, parent, i
        yield from _walk_parents(it.get("children", []), it["id"])


def _phrases(items) -> str:
    return ", ".join((p["phrase"] + " (đúng nguyên văn)") if isinstance(p, dict) else str(p) for p in items)


def _vn_date(iso: str) -> str:
    parts = iso.split("-")
    if len(parts) == 3:
        return f"{int(parts[2])}/{int(parts[1])}/{parts[0]}"
    if len(parts) == 2:
        return f"{int(parts[1])}/{parts[0]}"
    return iso


_RECURRING = {"weekly": ("hằng tuần", "weekly"), "monthly": ("hằng tháng", "monthly"),
              "quarterly": ("hằng quý", "quarterly"), "yearly": ("hằng năm", "yearly")}
_NEEDS = {"object": ("đối tượng", "object"), "content": ("nội dung", "content"), "quantity": ("số lượng", "quantity"),
          "address": ("địa chỉ cụ thể", "concrete address"), "responsible": ("cơ quan chịu trách nhiệm", "body responsible"),
          "deadline": ("thời hạn", "deadline"), "annex": ("phụ lục chi tiết", "detailed annex")}
_REQUIREMENTS = {"limitations": ("Mỗi hạn chế nêu rõ", "Each limitation states"),
                 "proposals": ("Mỗi đề xuất, kiến nghị nêu rõ", "Each proposal states"),
                 "outstanding_issues": ("Mỗi việc tồn đọng, chậm tiến độ nêu rõ", "Each outstanding or late task states"),
                 "surplus_assets": ("Mỗi tài sản dôi dư có", "Each surplus asset has")}


def _when(dl: dict, t) -> str:
    if dl.get("before"):
        return t(f"trước ngày {_vn_date(dl['before'])}", f"by {dl['before']}")
    if dl.get("within_month"):
        return t(f"trong tháng {_vn_date(dl['within_month'])}", f"within {dl['within_month']}")
    vi, en = _RECURRING.get(dl.get("recurring", ""), ("định kỳ", "recurring"))
    return t(f"định kỳ {vi}", en)


def checklist(rs, lang: str = "vi") -> str:
    """The ruleset as a checklist a reviewer can read and tick: what a draft will be checked for."""
    from .rules import RULES
    t = (lambda vi, en: en if lang == "en" else vi)
    d = rs.data
    plan = d.get("plan") or {}
    out = [f"{rs.title}", t(f"Bộ quy tắc {rs.id}, phiên bản {rs.version}", f"Ruleset {rs.id}, version {rs.version}")]
    if plan.get("issuer") or plan.get("source"):
        out.append(t("Kế hoạch: ", "Plan: ") + ", ".join(x for x in (plan.get("issuer"), plan.get("source")) if x))
    out.append("")
    n = 0

    def head(vi, en):
        nonlocal n
        n += 1
        out.append(f"{n}. " + t(vi, en))

    head("Các mục của đề cương, theo thứ tự (mục «nếu có» không bắt buộc):",
         "Required outline sections, in order («if any» sections are optional):")
    for depth, it in _walk(d.get("outline", [])):
        pad = "   " + "   " * depth
        extra = []
        if it.get("scope") == "parent":
            extra.append(t("chỉ tìm trong mục cha", "looked for inside its parent only"))
        if it.get("text_fallback"):
            extra.append(t("nếu chỉ viết lồng ghép: nhắc nhẹ", "if only mentioned in passing: a note"))
        optional = t(" (nếu có)", " (if any)") if it.get("required") is False else ""
        out.append(f"{pad}[ ] {it['id']}. {it['title']}{optional}  ({it['clause']})")
        if it.get("contents"):
            out.append(f"{pad}     " + t("phải nêu: ", "must state: ") + "; ".join(it["contents"]))
        out.append(f"{pad}     " + t("nhận các tiêu đề chứa: ", "accepts headings containing: ")
                   + _phrases(it.get("match", [it["title"]])) + ("; " + "; ".join(extra) if extra else ""))
    if not d.get("outline"):
        out.append("   " + t("(chưa có mục nào)", "(none)"))
    if d.get("content_areas"):
        out.append("")
        head("Các lĩnh vực nội dung phải được đề cập:", "Content areas the report must cover:")
        for a in d["content_areas"]:
            out.append(f"   [ ] {a['title']}  ({a['clause']})")
            for asp in a["aspects"]:
                out.append(f"       - {asp['title']}: " + ", ".join(asp["keywords"]))
    if d.get("deadlines"):
        out.append("")
        head("Thời hạn của Kế hoạch:", "The plan's deadlines:")
        for dl in d["deadlines"]:
            who = ", ".join(dl.get("binds", [])) or t("(chưa rõ cơ quan)", "(body not given)")
            out.append(f"   [ ] {_when(dl, t)} — {who}  ({dl['clause']})")
            out.append(f"       {dl['title']}")
            if dl.get("binds_author") or dl.get("report_date"):
                out.append("       " + t("→ người viết báo cáo phải gửi báo cáo trong thời hạn này (ngày của báo cáo được kiểm tra)",
                                         "→ binds the report's author (the report's date is checked against it)"))
    p = d.get("period") or {}
    if p:
        out.append("")
        head("Kỳ báo cáo, giai đoạn, nhiệm kỳ:", "Reporting period, plan period, term:")
        if p.get("start"):
            out.append("   [ ] " + t("Số liệu từ ngày ", "Figures from ") + _vn_date(p["start"])
                       + (t(" đến ngày ", " to ") + _vn_date(p["end"]) if p.get("end") else ""))
        if p.get("estimate_until"):
            out.append("   [ ] " + t("Số liệu ước thực hiện đến ngày ", "Estimates up to ") + _vn_date(p["estimate_until"]))
        if p.get("plan_period"):
            out.append("   [ ] " + t("Giai đoạn ", "Plan period ") + " - ".join(map(str, p["plan_period"])))
        if p.get("term"):
            out.append("   [ ] " + t("Nhiệm kỳ ", "Term ") + " - ".join(map(str, p["term"])))
        for lt in p.get("legitimate_terms", []):
            out.append("       " + t("nhiệm kỳ khác được chấp nhận: ", "other accepted term: ") + " - ".join(map(str, lt["years"]))
                       + (f" ({', '.join(lt.get('context', []))})" if lt.get("context") else ""))
    a = d.get("annexes") or {}
    if a:
        out.append("")
        head("Phụ lục, biểu mẫu kèm theo báo cáo:", "Annexes attached to the report:")
        items = a.get("items") or [{"label": t(f"Phụ lục {r}", f"Annex {r}"), "required": True} for r in a.get("required", [])]
        for item in items:
            req = t("bắt buộc", "required") if item.get("required", True) else t("nếu có", "if any")
            out.append(f"   [ ] {item['label']}" + (f": {item['title']}" if item.get("title") else "") + f" ({req})")
        if a.get("body_agreement"):
            out.append("   [ ] " + t("Số liệu trong báo cáo khớp với các biểu, phụ lục", "Figures in the text agree with the annexes"))
        if a.get("surplus_asset_annex"):
            out.append("   [ ] " + t("Tài sản công dôi dư có phụ lục chi tiết", "Surplus public assets have a detailed annex"))
    reqs = d.get("requirements") or {}
    if reqs:
        out.append("")
        head("Yêu cầu khác của Kế hoạch (có quy tắc kiểm tra):", "Other requirements (checked by a rule):")
        for key, req in reqs.items():
            lead = _REQUIREMENTS.get(key, (key, key))
            needs = ", ".join(t(*_NEEDS[x]) if x in _NEEDS else x for x in req.get("needs", []))
            out.append(f"   [ ] {t(*lead)}: {needs}  ({req['clause']})")
    if d.get("to_review"):
        out.append("")
        head("Người duyệt tự kiểm (chưa có quy tắc):", "To check by hand (no rule yet):")
        for r in d["to_review"]:
            out.append(f"   [ ] «{r['quote']}»  ({r['clause']})")
    out.append("")
    head("Quy tắc được chạy:", "Rules that run:")
    for rid, rule in RULES.items():
        if rs.enabled(rid):
            out.append(f"   - {rid} ({rs.severity(rid, rule.SEVERITY)}): {rule.SUMMARY[lang]}")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------------
# diff


def _deadline_key(dl: dict) -> str:
    return dl.get("before") or dl.get("within_month") or f"recurring:{dl.get('recurring')}"


def diff(a: dict, b: dict, lang: str = "vi") -> list[str]:
    """What changed between two cycles' rulesets, requirement by requirement."""
    t = (lambda vi, en: en if lang == "en" else vi)
    out: list[str] = []
    # outline
    oa = {it["id"]: (it, parent, i) for it, parent, i in _walk_parents(a.get("outline", []))}
    ob = {it["id"]: (it, parent, i) for it, parent, i in _walk_parents(b.get("outline", []))}
    for rid, (it, parent, i) in ob.items():
        if rid not in oa:
            out.append(t(f"+ mục đề cương {rid}. {it['title']}", f"+ outline section {rid}. {it['title']}"))
            continue
        old, old_parent, old_i = oa[rid]
        if old["title"] != it["title"]:
            out.append(t(f"~ mục {rid}: tên «{old['title']}» → «{it['title']}»", f"~ section {rid}: title «{old['title']}» → «{it['title']}»"))
        if old.get("required", True) != it.get("required", True):
            now = t("bắt buộc", "required") if it.get("required", True) else t("nếu có", "optional")
            out.append(t(f"~ mục {rid}: nay {now}", f"~ section {rid}: now {now}"))
        if old_parent != parent:
            out.append(t(f"~ mục {rid}: chuyển từ mục cha {old_parent or '(gốc)'} sang {parent or '(gốc)'}",
                         f"~ section {rid}: moved from parent {old_parent or '(root)'} to {parent or '(root)'}"))
        if (old.get("contents") or []) != (it.get("contents") or []):
            out.append(t(f"~ mục {rid}: nội dung phải nêu «{'; '.join(old.get('contents') or [])}» → «{'; '.join(it.get('contents') or [])}»",
                         f"~ section {rid}: contents «{'; '.join(old.get('contents') or [])}» → «{'; '.join(it.get('contents') or [])}»"))
        if [str(m) for m in old.get("match", [])] != [str(m) for m in it.get("match", [])]:
            out.append(t(f"~ mục {rid}: cách nhận tiêu đề (match) thay đổi", f"~ section {rid}: match phrases changed"))
    for rid, (it, _, _) in oa.items():
        if rid not in ob:
            out.append(t(f"- mục đề cương {rid}. {it['title']}", f"- outline section {rid}. {it['title']}"))
    # deadlines
    da = {_deadline_key(x): x for x in a.get("deadlines", [])}
    db = {_deadline_key(x): x for x in b.get("deadlines", [])}
    for k, dl in db.items():
        if k not in da:
            out.append(t(f"+ thời hạn {_when(dl, t)}: {dl['title']}", f"+ deadline {_when(dl, t)}: {dl['title']}"))
            continue
        old = da[k]
        if set(old.get("binds", [])) != set(dl.get("binds", [])):
            out.append(t(f"~ thời hạn {_when(dl, t)}: cơ quan «{', '.join(old.get('binds', []))}» → «{', '.join(dl.get('binds', []))}»",
                         f"~ deadline {_when(dl, t)}: bodies «{', '.join(old.get('binds', []))}» → «{', '.join(dl.get('binds', []))}»"))
        if bool(old.get("binds_author")) != bool(dl.get("binds_author")):
            out.append(t(f"~ thời hạn {_when(dl, t)}: ràng buộc người viết báo cáo: {bool(dl.get('binds_author'))}",
                         f"~ deadline {_when(dl, t)}: binds the author: {bool(dl.get('binds_author'))}"))
        if bool(old.get("report_date")) != bool(dl.get("report_date")):
            out.append(t(f"~ thời hạn {_when(dl, t)}: ngày của báo cáo được so với thời hạn này: {bool(dl.get('report_date'))}",
                         f"~ deadline {_when(dl, t)}: the report's date is checked against it: {bool(dl.get('report_date'))}"))
        if old.get("title") != dl.get("title"):
            out.append(t(f"~ thời hạn {_when(dl, t)}: «{old.get('title')}» → «{dl.get('title')}»",
                         f"~ deadline {_when(dl, t)}: «{old.get('title')}» → «{dl.get('title')}»"))
    for k, dl in da.items():
        if k not in db:
            out.append(t(f"- thời hạn {_when(dl, t)}: {dl['title']}", f"- deadline {_when(dl, t)}: {dl['title']}"))
    # period
    pa, pb = a.get("period") or {}, b.get("period") or {}
    for key in ("start", "end", "estimate_until", "plan_period", "term"):
        if pa.get(key) != pb.get(key):
            name = {"start": t("kỳ báo cáo từ", "period start"), "end": t("kỳ báo cáo đến", "period end"),
                    "estimate_until": t("ước thực hiện đến", "estimates to"), "plan_period": t("giai đoạn", "plan period"),
                    "term": t("nhiệm kỳ", "term")}[key]
            out.append(f"~ {name}: {pa.get(key, '—')} → {pb.get(key, '—')}")
    # annexes
    def annex_map(d):
        ann = d.get("annexes") or {}
        items = ann.get("items") or [{"label": f"Phụ lục {r}", "required": True} for r in ann.get("required", [])]
        return {re.sub(r"\s+", " ", x["label"]).lower(): x for x in items}
    aa, ab = annex_map(a), annex_map(b)
    for k, x in ab.items():
        if k not in aa:
            out.append(f"+ {x['label']}" + (f": {x['title']}" if x.get("title") else ""))
        else:
            y = aa[k]
            if y.get("title") != x.get("title"):
                out.append(f"~ {x['label']}: «{y.get('title', '')}» → «{x.get('title', '')}»")
            if y.get("required", True) != x.get("required", True):
                now = t("bắt buộc", "required") if x.get("required", True) else t("nếu có", "optional")
                out.append(t(f"~ {x['label']}: nay {now}", f"~ {x['label']}: now {now}"))
    for k, x in aa.items():
        if k not in ab:
            out.append(f"- {x['label']}" + (f": {x['title']}" if x.get("title") else ""))
    for flag, vi, en in (("body_agreement", "số liệu khớp với biểu", "figures agree with annexes"),
                         ("surplus_asset_annex", "phụ lục tài sản dôi dư", "surplus asset annex")):
        if bool((a.get("annexes") or {}).get(flag)) != bool((b.get("annexes") or {}).get(flag)):
            out.append(("+ " if (b.get("annexes") or {}).get(flag) else "- ") + t(vi, en))
    # requirements and to-review entries
    ra, rb = a.get("requirements") or {}, b.get("requirements") or {}
    for k in rb:
        if k not in ra:
            out.append(t(f"+ yêu cầu {k}: {', '.join(rb[k].get('needs', []))}", f"+ requirement {k}: {', '.join(rb[k].get('needs', []))}"))
        elif ra[k].get("needs") != rb[k].get("needs"):
            out.append(t(f"~ yêu cầu {k}: {', '.join(ra[k].get('needs', []))} → {', '.join(rb[k].get('needs', []))}",
                         f"~ requirement {k}: {', '.join(ra[k].get('needs', []))} → {', '.join(rb[k].get('needs', []))}"))
    for k in ra:
        if k not in rb:
            out.append(t(f"- yêu cầu {k}", f"- requirement {k}"))
    qa = [r["quote"] for r in a.get("to_review", [])]
    qb = [r["quote"] for r in b.get("to_review", [])]
    out += [t(f"+ cần tự kiểm: «{q}»", f"+ to check by hand: «{q}»") for q in qb if q not in qa]
    out += [t(f"- cần tự kiểm: «{q}»", f"- to check by hand: «{q}»") for q in qa if q not in qb]
    ca = {x["title"] for x in a.get("content_areas", [])}
    cb = {x["title"] for x in b.get("content_areas", [])}
    out += [t(f"+ lĩnh vực nội dung «{x}»", f"+ content area «{x}»") for x in sorted(cb - ca)]
    out += [t(f"- lĩnh vực nội dung «{x}»", f"- content area «{x}»") for x in sorted(ca - cb)]
    return out
