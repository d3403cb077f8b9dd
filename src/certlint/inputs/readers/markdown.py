"""Markdown: prose, headings, link text and image alt text; code is left out.

Left out: fenced and indented code blocks, inline code, link and image targets, HTML
comments and tags. Everything kept keeps its offset in the source.
"""

from __future__ import annotations

import re

from certlint.inputs.document import Document
from certlint.inputs.readers.mapped import MappedText

__all__ = ["read_markdown"]

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
# Inline constructs whose parts are not prose: `code`, ](target), <!-- comments -->, <tags>.
_INLINE = re.compile(
    r"(?P<code>(`+)(?:.+?)\2)"
    r"|(?P<target>\]\((?:[^()\s]|\([^()]*\))*(?:\s+\"[^\"]*\")?\))"
    # An unclosed comment runs to the end of the line (not rescanned once per "<!--").
    r"|(?P<comment><!--.*?(?:-->|\Z))"
    r"|(?P<tag></?[A-Za-z][^<>]*>)"
    r"|(?P<autolink><https?://[^>]+>)",
    re.S,
)
_REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*\S+.*$")


def read_markdown(path: str, source: str, encoding: str = "") -> Document:
    out = MappedText(source)
    fence: str | None = None
    previous_blank = True
    offset = 0
    for line in source.splitlines(keepends=True):
        start, end = offset, offset + len(line)
        offset = end
        body = line.rstrip("\r\n")
        newline_at = start + len(body)
        marker = _FENCE.match(body)
        if fence is not None:
            if marker and marker.group(1)[0] == fence[0] and len(marker.group(1)) >= len(fence):
                fence = None
            out.put("\n", newline_at)
            continue
        if marker:
            fence = marker.group(1)
            out.put("\n", newline_at)
            continue
        indented = previous_blank and (body.startswith("    ") or body.startswith("\t")) and body.strip()
        if indented or _REFERENCE.match(body):
            out.put("\n", newline_at)
            previous_blank = False if indented else previous_blank
            continue
        previous_blank = not body.strip()
        _inline(out, source, start, newline_at)
        if end > newline_at:
            out.put("\n", newline_at)
    return Document(path, out.text(), encoding, source=source, origin=out.origin)


def _inline(out: MappedText, source: str, start: int, end: int) -> None:
    position = start
    for found in _INLINE.finditer(source, start, end):
        out.keep(position, found.start())
        if found.group("target"):
            out.keep(found.start(), found.start() + 1)  # the "]" closing the link text
        position = found.end()
    out.keep(position, end)
