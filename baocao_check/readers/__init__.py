"""Readers: one per input kind, all producing the same document model."""

from __future__ import annotations

import os

from .. import limits
from ..errors import InputError
from ..fsutil import NotRegularFile, TooLarge, read_regular
from ..model import Document
from .assemble import assemble
from .docx import read_docx
from .encoding import decode_text, decode_text_counted  # noqa: F401 (decode_text: the readers' API)
from .text import looks_like_markdown, read_lines

# ".doc" is listed so that a folder's old Word files are reported ("save as .docx"), not skipped
DRAFT_EXTENSIONS = (".docx", ".md", ".markdown", ".txt", ".text", ".doc")
MAX_BYTES = limits.MAX_DRAFT_BYTES
MAX_TEXT_BYTES = limits.MAX_TEXT_BYTES


def detect_format(path: str) -> str:
    ext = os.path.splitext(path)[1].lower()
    if ext in (".docx", ".docm", ".dotx"):
        return "docx"
    if ext in (".md", ".markdown"):
        return "markdown"
    return "text"


def read_bytes(path: str, limit: int = MAX_BYTES) -> bytes:
    """The bytes of a draft: a regular file only, at most ``limit`` bytes actually read."""
    name = os.path.basename(path)
    try:
        return read_regular(path, limit)
    except TooLarge:
        raise InputError("too_large", f"{name} quá lớn (hơn {limit // (1024 * 1024)} MB).",
                         f"{name} is too large (over {limit // (1024 * 1024)} MB).") from None
    except NotRegularFile:
        raise InputError("not_regular_file",
                         f"{path} không phải tệp thường (là ống dẫn, thiết bị hoặc socket); chỉ đọc tệp dự thảo thật.",
                         f"{path} is not a regular file (a pipe, device or socket); only real draft files are read.") from None
    except FileNotFoundError:
        raise InputError("not_found", f"Không tìm thấy tệp {path}.", f"File not found: {path}.") from None
    except IsADirectoryError:
        raise InputError("is_directory", f"{path} là thư mục, không phải tệp.",
                         f"{path} is a directory, not a file.") from None
    except PermissionError:
        raise InputError("permission", f"Không có quyền đọc tệp {path}.",
                         f"No permission to read {path}.") from None
    except OSError as exc:
        raise InputError("io_error", f"Không đọc được tệp {path}: {exc.strerror}.",
                         f"Cannot read {path}: {exc.strerror}.") from None


def read_document(path: str, data: bytes | None = None) -> Document:
    """Read a draft (DOCX, Markdown or plain text) into the document model."""
    name = os.path.basename(path)
    if data is None:
        data = read_bytes(path)
    ext = os.path.splitext(path)[1].lower()
    if ext == ".doc":
        raise InputError("legacy_doc",
                         f"{name} là định dạng Word cũ (.doc). Hãy mở bằng Word và lưu lại dưới dạng .docx.",
                         f"{name} is the old Word format (.doc). Open it in Word and save it as .docx.")
    fmt = detect_format(path)
    if fmt == "docx":
        items, pending = read_docx(data, name)
        if not any(i.text.strip() or any(c.strip() for r in (i.rows or []) for c in r) for i in items):
            raise InputError("no_text",
                             f"{name} không có chữ nào để kiểm tra (chỉ có hình ảnh hoặc trống). Nếu đây là bản "
                             "chụp/quét, hãy gửi bản Word có chữ.",
                             f"{name} has no text to check (only pictures, or empty). If it is a scan, send the "
                             "Word file with its text.")
        return assemble(items, path, "docx", pending_changes=pending, real_footnotes=True)
    if len(data) > MAX_TEXT_BYTES:
        raise InputError("too_large",
                         f"{name} quá lớn cho một dự thảo văn bản ({len(data) // (1024 * 1024)} MB; giới hạn "
                         f"{MAX_TEXT_BYTES // (1024 * 1024)} MB). Hãy kiểm tra lại tệp.",
                         f"{name} is too large for a text draft ({len(data) // (1024 * 1024)} MB; the limit is "
                         f"{MAX_TEXT_BYTES // (1024 * 1024)} MB). Check the file.")
    text, replaced = decode_text_counted(data, name)
    if fmt == "text" and looks_like_markdown(text):
        fmt = "markdown"
    items = read_lines(text, markdown=(fmt == "markdown"))
    doc = assemble(items, path, fmt)
    doc.replaced_bytes = replaced
    return doc
