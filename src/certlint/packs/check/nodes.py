"""The generic shapes of a pack's YAML (mappings, strings, lists, integers), checked on the
node tree so that every problem names its line."""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

import yaml

from certlint.packs.model import PackProblem

__all__ = ["NodeReader"]


class NodeReader:
    """Reads values off YAML nodes and collects a problem for each that is malformed."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[PackProblem] = []
        self._constructor = yaml.constructor.SafeConstructor()

    def problem(self, node: yaml.Node | None, message: str) -> None:
        line = node.start_mark.line + 1 if node is not None else 0
        self.problems.append(PackProblem(self.path, line, message))

    def problem_at(self, line: int, message: str) -> None:
        self.problems.append(PackProblem(self.path, line, message))

    def mapping(
        self,
        node: yaml.Node,
        where: str,
        required: set[str],
        optional: set[str],
    ) -> dict[str, tuple[yaml.Node, yaml.Node]] | None:
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, f"{where} must be a mapping")
            return None
        items: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str):
                self.problem(key_node, f"{where}: keys must be strings")
            elif key in items:
                self.problem(key_node, f"{where}: duplicate key '{key}'")
            elif key not in required | optional:
                known = ", ".join(sorted(required | optional))
                self.problem(key_node, f"{where}: unknown key '{key}' (expected one of: {known})")
            else:
                items[key] = (key_node, value_node)
        for key in sorted(required - items.keys()):
            self.problem(node, f"{where}: missing required key '{key}'")
        return items

    def string(self, node: yaml.Node, where: str, pattern: re.Pattern[str] | None = None) -> str:
        value = self.scalar(node)
        if isinstance(value, (_dt.date, int, float)) and not isinstance(value, bool):
            self.problem(node, f"{where} must be a string (put it in quotes)")
            return ""
        if not isinstance(value, str) or not value.strip():
            self.problem(node, f"{where} must be a non-empty string")
            return ""
        if value != value.strip():
            self.problem(node, f"{where} has leading or trailing whitespace")
        if pattern is not None and not pattern.match(value):
            self.problem(node, f"{where} '{value}' does not match {pattern.pattern}")
        return value

    def strings(self, node: yaml.Node, where: str, *, min_items: int = 0) -> list[tuple[str, yaml.Node]]:
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, f"{where} must be a list")
            return []
        if len(node.value) < min_items:
            self.problem(node, f"{where} needs at least {min_items} item(s)")
        out = []
        for item in node.value:
            text = self.string(item, f"{where} item")
            if text:
                out.append((text, item))
        return out

    def scalar(self, node: yaml.Node) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            return None
        return self._constructor.construct_object(node)

    def boolean(self, node: yaml.Node, where: str, default: bool) -> bool:
        value = self.scalar(node)
        if not isinstance(value, bool):
            self.problem(node, f"{where} is true or false")
            return default
        return value

    def integer(self, node: yaml.Node, where: str, low: int, high: int) -> int:
        value = self.scalar(node)
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            self.problem(node, f"{where} must be an integer from {low} to {high}")
            return low
        return value
