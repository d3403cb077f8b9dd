"""HTML: the visible text, plus ``alt`` and ``title`` attributes (image alt text is where
watermark and seal claims hide). Scripts, styles, comments, tags and other attributes are
left out; every kept character keeps its offset in the source, so line and column point
into the original HTML.
"""

from __future__ import annotations

import html
import re

from certlint.inputs.document import Document
from certlint.inputs.readers.mapped import MappedText

__all__ = ["read_html"]

_TOKEN = re.compile(
    r"(?P<comment><!--.*?(?:-->|\Z))"
    r"|(?P<raw><(?P<rawname>script|style|template|noscript)\b[^>]*>.*?(?:</(?P=rawname)\s*>|\Z))"
    r"|(?P<doctype><![^>]*>)"
    # "<" is not part of an unquoted attribute: an unclosed "<a" fails at the next "<"
    # instead of scanning to the end of the file once for every "<" (quadratic).
    r"|(?P<tag></?(?P<name>[A-Za-z][A-Za-z0-9-]*)(?P<attrs>(?:\"[^\"]*\"|'[^']*'|[^'\"<>])*)>)"
    r"|(?P<entity>&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?)",
    re.S | re.I,
)
_ATTRIBUTE = re.compile(r"\b(alt|title)\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))", re.I)
# Tags that end a line of text for a reader (and so a sentence for the rules).
_BLOCKS = frozenset(
    "address article aside blockquote br dd div dl dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 "
    "header hr li main nav ol p pre section table tbody td tfoot th thead tr ul option title".split()
)


def read_html(path: str, source: str, encoding: str = "") -> Document:
    out = MappedText(source)
    position = 0
    for found in _TOKEN.finditer(source):
        out.keep(position, found.start())
        position = found.end()
        kind = found.lastgroup  # the outer group of the alternative that matched
        if kind == "entity":
            out.put(html.unescape(found.group()), found.start())
        elif kind == "tag":
            name = found.group("name").lower()
            attrs_start = found.start("attrs")
            for attribute in _ATTRIBUTE.finditer(found.group("attrs")):
                group = next(g for g in (2, 3, 4) if attribute.group(g) is not None)
                value_start = attrs_start + attribute.start(group)
                value_end = attrs_start + attribute.end(group)
                out.put("\n", found.start())
                _keep_decoded(out, source, value_start, value_end)
                out.put("\n", found.start())
            if name in _BLOCKS:
                out.put("\n", found.start())
        elif kind in ("raw", "comment"):
            out.put("\n", found.start())
    out.keep(position, len(source))
    return Document(path, out.text(), encoding, source=source, origin=out.origin)


def _keep_decoded(out: MappedText, source: str, start: int, end: int) -> None:
    """An attribute value, with its entities decoded."""
    position = start
    for entity in re.finditer(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?", source[start:end]):
        out.keep(position, start + entity.start())
        out.put(html.unescape(entity.group(0)), start + entity.start())
        position = start + entity.end()
    out.keep(position, end)
