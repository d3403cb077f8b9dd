"""Word (.docx) through python-docx: body paragraphs and tables in document order,
headers and footers, and text boxes. Each paragraph or table cell is one line of the
scanned text; findings carry ``{"paragraph": n}`` or ``{"table": t, "row": r, "cell": c}``.
"""

from __future__ import annotations

import io
from typing import Any

from certlint.inputs.document import Document, DocumentBuilder
from certlint.inputs.readers.archive import check_zip
from certlint.inputs.source import SourceError

__all__ = ["read_docx"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _text(element: Any) -> str:
    """The text of a w:p element, text boxes excluded (they are read on their own)."""
    parts = []
    for node in element.iter():
        if node.tag == f"{_W}txbxContent":
            continue
        if node.tag == f"{_W}t" and not _inside_textbox(node, element):
            parts.append(node.text or "")
        elif node.tag in (f"{_W}tab",):
            parts.append("\t")
        elif node.tag in (f"{_W}br", f"{_W}cr"):
            parts.append(" ")
    return "".join(parts)


def _inside_textbox(node: Any, stop: Any) -> bool:
    parent = node.getparent()
    while parent is not None and parent is not stop:
        if parent.tag == f"{_W}txbxContent":
            return True
        parent = parent.getparent()
    return False


def read_docx(path: str, raw: bytes) -> Document:
    check_zip(path, raw, ".docx")
    try:
        import docx  # python-docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError:  # pragma: no cover - a dependency
        raise SourceError(path, "reading .docx needs python-docx (pip install python-docx)") from None
    try:
        document = docx.Document(io.BytesIO(raw))
    except (PackageNotFoundError, KeyError, ValueError, OSError) as exc:
        raise SourceError(path, f"not a valid .docx file ({type(exc).__name__}: {exc})") from None
    except Exception as exc:  # lxml and zipfile raise many kinds on corrupt input
        raise SourceError(path, f"not a valid .docx file ({type(exc).__name__})") from None

    out = DocumentBuilder()
    body = document.element.body
    paragraph = table = 0
    textboxes: list[Any] = []
    for child in body.iterchildren():
        if child.tag == f"{_W}p":
            paragraph += 1
            out.add(_text(child), {"paragraph": paragraph})
            textboxes.extend(child.iter(f"{_W}txbxContent"))
        elif child.tag == f"{_W}tbl":
            table += 1
            for row_index, row in enumerate(child.iter(f"{_W}tr"), start=1):
                for cell_index, cell in enumerate(row.iter(f"{_W}tc"), start=1):
                    text = "\n".join(_text(p) for p in cell.iter(f"{_W}p"))
                    out.add(text, {"table": table, "row": row_index, "cell": cell_index})
                    textboxes.extend(cell.iter(f"{_W}txbxContent"))
    for index, box in enumerate(textboxes, start=1):
        out.add("\n".join(_text(p) for p in box.iter(f"{_W}p")), {"textbox": index})
    seen: set[int] = set()
    for section in document.sections:
        for kind, part in (("header", section.header), ("footer", section.footer)):
            if part.is_linked_to_previous or id(part._element) in seen:
                continue
            seen.add(id(part._element))
            number = sum(1 for _ in seen)
            for p_index, p in enumerate(part._element.iter(f"{_W}p"), start=1):
                out.add(_text(p), {kind: number, "paragraph": p_index})
    return out.build(path)
