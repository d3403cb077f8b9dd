"""``classifier``: the pack's model file (see :mod:`certlint.matching.classifier`), read
and checked against its grammar."""

from __future__ import annotations

from pathlib import Path

import yaml

from certlint.matching.classifier import ClassifierError, TextClassifier, parse_classifier
from certlint.packs.check.nodes import NodeReader

__all__ = ["read_classifier"]


def read_classifier(nodes: NodeReader, node: yaml.Node) -> tuple[str, TextClassifier | None]:
    """The model file's name (relative to the pack) and the classifier it holds."""
    name = nodes.string(node, "classifier")
    if not name:
        return "", None
    path = Path(nodes.path).parent / name
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        nodes.problem(node, f"classifier file '{name}' cannot be read: {getattr(exc, 'strerror', None) or exc}")
        return name, None
    try:
        return name, parse_classifier(text)
    except ClassifierError as exc:
        # Named like a catalogue's problems: file:line: message.
        nodes.problem(node, f"{name}:{exc.line}: {exc.message}" if exc.line else f"{name}: {exc.message}")
        return name, None
