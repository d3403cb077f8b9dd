"""YAML read safely: the composed node tree is checked before anything is built from it.

Packs and configuration files are composed (node trees keep line numbers) and only then
constructed. Two things a hostile file can do at construction time are refused first,
with the file and line:

- tags other than YAML's own (``!!python/object``, ``!custom``): never constructed;
- aliases that expand to more than :data:`MAX_EXPANDED` nodes (a "billion laughs" file
  of a few hundred bytes), or that refer to themselves.
"""

from __future__ import annotations

from typing import Any

__all__ = ["MAX_EXPANDED", "unsafe"]

# Nodes a document may expand to once every alias is replaced by what it names. The
# default rule pack expands to about 30,000.
MAX_EXPANDED = 1_000_000

_STANDARD_TAGS = frozenset(
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp", "binary", "merge", "omap", "set")
)


def unsafe(root: Any) -> tuple[int, str] | None:
    """``(line, reason)`` for the first thing in the node tree ``root`` that must not be
    constructed, or None when it is safe."""
    import yaml

    sizes: dict[int, int] = {}
    on_path: set[int] = set()

    def walk(node: yaml.Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in on_path:
            raise _Refused(node, "an alias refers to the node that holds it")
        if node.tag not in _STANDARD_TAGS:
            raise _Refused(node, f"tag '{node.tag}' is not allowed (only YAML's own types are read)")
        on_path.add(key)
        size = 1
        if isinstance(node, yaml.SequenceNode):
            size += sum(walk(item) for item in node.value)
        elif isinstance(node, yaml.MappingNode):
            size += sum(walk(k) + walk(v) for k, v in node.value)
        on_path.discard(key)
        if size > MAX_EXPANDED:
            raise _Refused(node, f"aliases expand to more than {MAX_EXPANDED:,} nodes")
        sizes[key] = size
        return size

    if root is None:
        return None
    try:
        walk(root)
    except _Refused as refused:
        return refused.node.start_mark.line + 1, refused.reason
    except RecursionError:
        return root.start_mark.line + 1, "nested too deeply"
    return None


class _Refused(Exception):
    def __init__(self, node: Any, reason: str) -> None:
        super().__init__(reason)
        self.node = node
        self.reason = reason
