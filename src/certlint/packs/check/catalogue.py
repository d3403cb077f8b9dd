"""``catalogue``: the pack's catalogue file (occupations and the bodies that may issue
for them), each line checked against its grammar."""

from __future__ import annotations

from pathlib import Path

import yaml

from certlint.matching.normalize import normalize
from certlint.packs.catalogue import DEPARTMENT_PREFIX, parse_department, parse_entry
from certlint.packs.check.nodes import NodeReader

__all__ = ["read_catalogue"]


def read_catalogue(nodes: NodeReader, node: yaml.Node) -> tuple[str, tuple[str, ...]]:
    """The catalogue file's name and its entries (normalized, without repeats)."""
    name = nodes.string(node, "catalogue")
    if not name:
        return "", ()
    path = Path(nodes.path).parent / name
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        nodes.problem(node, f"catalogue file '{name}' cannot be read: {getattr(exc, 'strerror', None) or exc}")
        return name, ()
    entries: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        # "#" comments; "@source KEY URL note" lines document where the data comes from;
        # "@department FAMILY | words" lines are data for the catalogue.
        if line.startswith(DEPARTMENT_PREFIX):
            try:
                parse_department(line)
            except ValueError as exc:
                nodes.problem(node, f"{name}:{number}: {exc}")
                continue
            entries.append(normalize(line.strip()))
            continue
        if not line.strip() or line.startswith(("#", "@")):
            continue
        try:
            parse_entry(line)
        except ValueError as exc:
            nodes.problem(node, f"{name}:{number}: {exc}")
            continue
        entries.append(normalize(line.strip()))
    return name, tuple(dict.fromkeys(entries))
