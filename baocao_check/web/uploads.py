"""What arrives from a browser, made safe before anything is written: names reduced to a plain
file name (never used as a path), sizes and counts bounded, ZIP archives inspected entry by entry
(no absolute or ``..`` paths, no links, no encrypted entries, bounded sizes and compression ratios)
before a byte is extracted."""

from __future__ import annotations

import io
import os
import stat
import unicodedata
import zipfile
from dataclasses import dataclass

from .. import limits as reader_limits
from ..engine import is_draft_name

ARCHIVE_EXT = ".zip"
# an uploaded ZIP is held to the readers' limits for a DOCX package: a draft compresses 2-10×,
# a bomb thousands of times; small entries may compress well (a blank page), only big ones are judged
MAX_RATIO = reader_limits.MAX_ZIP_RATIO
RATIO_FLOOR = 10 * reader_limits.MB
_EXE_MAGIC = (b"MZ", b"\x7fELF", b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe", b"#!")


class Refused(Exception):
    """An upload refused whole, with a message for the person (Vietnamese, English)."""

    def __init__(self, vi: str, en: str, status: int = 400):
        super().__init__(en)
        self.vi, self.en, self.status = vi, en, status

    def message(self, lang: str) -> str:
        return self.en if lang == "en" else self.vi


@dataclass
class Limits:
    max_bytes: int = 50 * 1024 * 1024          # one request (all files together)
    max_files: int = 100                       # drafts in one request, ZIP entries included
    max_unzipped: int = 200 * 1024 * 1024      # what the ZIPs of one request may expand to
    max_zip_entries: int = reader_limits.MAX_ZIP_ENTRIES   # entries of one ZIP (folders, ignored files too)


@dataclass
class Incoming:
    name: str                 # a plain file name, safe to create in a private folder
    display: str              # the relative name the person knows ("ubnd/du-thao.docx")
    data: bytes
    problem: tuple[str, str] | None = None   # (vi, en): not checked, reported as such


def safe_name(name: str, default: str = "du-thao") -> str:
    """A file name with nothing that a file system could read as a path or a device."""
    name = unicodedata.normalize("NFC", name.replace("\\", "/").split("/")[-1])
    out = []
    for ch in name:
        cat = unicodedata.category(ch)
        out.append(ch if cat[0] in "LNM" or ch in " -_.,()[]+" else "_")
    cleaned = "".join(out).strip(" .")
    while ".." in cleaned:
        cleaned = cleaned.replace("..", ".")
    if not cleaned or cleaned.startswith("."):
        cleaned = default + cleaned
    stem, ext = os.path.splitext(cleaned)
    if len(cleaned) > 120:
        cleaned = stem[:120 - len(ext)] + ext
    if stem.upper() in {"CON", "PRN", "AUX", "NUL"} or stem.upper()[:3] in {"COM", "LPT"} and stem[3:].isdigit():
        cleaned = "_" + cleaned            # Windows device names
    return cleaned


def _sniff(data: bytes, name: str) -> tuple[str, str] | None:
    """A program or a non-Word file behind a draft's extension is named for what it is."""
    low = name.lower()
    if data.startswith(_EXE_MAGIC):
        return (f"{name} là một tệp chương trình (.exe hoặc tương tự), không phải dự thảo; không kiểm tra, không mở.",
                f"{name} is a program (an .exe or similar), not a draft; not checked, never opened.")
    if low.endswith(".docx") and data and not data.startswith(b"PK\x03\x04") and not data.startswith(b"\xd0\xcf\x11\xe0"):
        return (f"{name} không phải tệp Word .docx (nội dung không phải gói Word). Hãy mở bằng Word và lưu lại dưới dạng .docx.",
                f"{name} is not a Word .docx file (its content is not a Word package). Open it in Word and save it as .docx.")
    return None


def _display_path(entry: str) -> str:
    return "/".join(safe_name(p) for p in entry.split("/") if p)


def _check_entry_path(entry: str) -> None:
    raw = entry.replace("\\", "/")
    parts = raw.split("/")
    if raw.startswith("/") or (len(raw) > 1 and raw[1] == ":") or ".." in parts or "\x00" in raw:
        raise Refused(f"Tệp ZIP có mục với đường dẫn nguy hiểm «{entry[:80]}» (ra ngoài thư mục); từ chối cả tệp ZIP.",
                      f"The ZIP has an entry with a dangerous path «{entry[:80]}» (outside its folder); "
                      "the whole ZIP is refused.")


def expand_zip(data: bytes, zip_name: str, limits: Limits, budget: dict) -> list[Incoming]:
    """The drafts inside a ZIP; refuses the whole archive at the first sign of harm."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, EOFError, ValueError, OSError):
        raise Refused(f"{zip_name} không phải tệp ZIP hợp lệ (hỏng hoặc không trọn vẹn).",
                      f"{zip_name} is not a valid ZIP file (damaged or truncated).") from None
    if len(infos) > limits.max_zip_entries:
        raise Refused(f"{zip_name} có quá nhiều mục ({len(infos)}; giới hạn {limits.max_zip_entries}).",
                      f"{zip_name} has too many entries ({len(infos)}; the limit is {limits.max_zip_entries}).")
    chosen = []
    for info in infos:
        _check_entry_path(info.filename)
        if info.is_dir():
            continue
        if stat.S_ISLNK(info.external_attr >> 16):
            raise Refused(f"Tệp ZIP có liên kết (symlink) «{info.filename[:80]}»; từ chối cả tệp ZIP.",
                          f"The ZIP holds a symbolic link «{info.filename[:80]}»; the whole ZIP is refused.")
        parts = info.filename.replace("\\", "/").split("/")
        if any(p.startswith(".") or p in ("__MACOSX", "_kiemtra") for p in parts[:-1]) or not is_draft_name(parts[-1]):
            continue                      # not a draft: folders of results, system files, other files
        if info.flag_bits & 0x1:
            raise Refused(f"Mục «{info.filename[:80]}» trong {zip_name} có đặt mật khẩu; hãy nén lại không mật khẩu.",
                          f"Entry «{info.filename[:80]}» of {zip_name} is encrypted; zip it again without a password.")
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise Refused(f"{zip_name} giống một «bom ZIP»: mục «{info.filename[:80]}» nén {info.compress_size} byte "
                          f"thành {info.file_size} byte; từ chối cả tệp ZIP.",
                          f"{zip_name} looks like a ZIP bomb: entry «{info.filename[:80]}» expands "
                          f"{info.compress_size} bytes into {info.file_size}; the whole ZIP is refused.")
        if info.file_size > reader_limits.MAX_DRAFT_BYTES:
            raise Refused(f"Mục «{info.filename[:80]}» trong {zip_name} quá lớn cho một dự thảo ({info.file_size} byte).",
                          f"Entry «{info.filename[:80]}» of {zip_name} is too large for a draft ({info.file_size} bytes).", 413)
        budget["bytes"] += info.file_size
        budget["files"] += 1
        if budget["bytes"] > limits.max_unzipped:
            raise Refused(f"{zip_name} giải nén ra quá lớn (hơn {limits.max_unzipped // (1024 * 1024)} MB); từ chối.",
                          f"{zip_name} expands to too much (over {limits.max_unzipped // (1024 * 1024)} MB); refused.",
                          413)
        if budget["files"] > limits.max_files:
            raise Refused(f"Quá nhiều dự thảo trong một lần tải lên (giới hạn {limits.max_files}).",
                          f"Too many drafts in one upload (the limit is {limits.max_files}).", 413)
        chosen.append(info)
    out = []
    for info in chosen:
        try:
            with zf.open(info) as fh:      # reads at most file_size bytes, checks the CRC
                content = fh.read(info.file_size + 1)
        except (zipfile.BadZipFile, EOFError, OSError, ValueError, RuntimeError, NotImplementedError) as exc:
            display = _display_path(info.filename)
            out.append(Incoming(safe_name(display), display, b"",
                                (f"{display}: không giải nén được ({exc}).", f"{display}: cannot be extracted ({exc}).")))
            continue
        display = _display_path(info.filename)
        name = safe_name(display)
        out.append(Incoming(name, display, content, _sniff(content, name)))
    if not out:
        raise Refused(f"{zip_name} không chứa dự thảo nào (.docx, .md, .txt).",
                      f"{zip_name} holds no drafts (.docx, .md, .txt).")
    return out


def collect(files, limits: Limits) -> list[Incoming]:
    """Uploaded files (werkzeug FileStorage) → drafts to check. ``Refused`` for the whole request."""
    budget = {"bytes": 0, "files": 0}
    out: list[Incoming] = []
    total = 0
    for fs in files:
        raw_name = fs.filename or ""
        if not raw_name:
            continue
        name = safe_name(raw_name)
        data = fs.stream.read(limits.max_bytes + 1)
        total += len(data)
        if total > limits.max_bytes:
            raise Refused(f"Tệp tải lên quá lớn (giới hạn {limits.max_bytes // (1024 * 1024)} MB cho một lần tải).",
                          f"The upload is too large (the limit is {limits.max_bytes // (1024 * 1024)} MB at a time).", 413)
        if name.lower().endswith(ARCHIVE_EXT):
            out.extend(expand_zip(data, name, limits, budget))
            continue
        if not is_draft_name(name) or name.lower().endswith(".doc"):
            if name.lower().endswith(".doc"):
                raise Refused(f"{name} là định dạng Word cũ (.doc). Hãy mở bằng Word và lưu lại dưới dạng .docx.",
                              f"{name} is the old Word format (.doc). Open it in Word and save it as .docx.")
            raise Refused(f"{name}: chỉ nhận dự thảo .docx, .md, .txt hoặc một tệp .zip chứa chúng.",
                          f"{name}: only .docx, .md, .txt drafts or a .zip of them are accepted.")
        budget["files"] += 1
        if budget["files"] > limits.max_files:
            raise Refused(f"Quá nhiều dự thảo trong một lần tải lên (giới hạn {limits.max_files}).",
                          f"Too many drafts in one upload (the limit is {limits.max_files}).", 413)
        out.append(Incoming(name, name, data, _sniff(data, name)))
    if not out:
        raise Refused("Chưa chọn tệp nào. Hãy chọn hoặc kéo thả dự thảo (.docx, .md, .txt) hoặc tệp .zip.",
                      "No file chosen. Choose or drop drafts (.docx, .md, .txt) or a .zip.")
    return out
