"""``vocab``: named word lists (inline, or a registry file next to the pack) and the
``{name}`` templates that expand them in terms, phrases and patterns."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from certlint.matching.normalize import normalize
from certlint.packs.check.nodes import NodeReader
from certlint.packs.model import VOCAB_REF

__all__ = ["MAX_EXPANSION", "Vocabulary"]

# The most terms one {vocab} template may expand to (the default pack's largest: about 100).
MAX_EXPANSION = 50_000
_VOCAB_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")


class Vocabulary:
    """The pack's vocab lists, read once, then used to expand templates."""

    def __init__(self, nodes: NodeReader) -> None:
        self.nodes = nodes
        self.words: dict[str, list[str]] = {}
        self.data_files: list[str] = []  # vocab files next to the pack (cache dependencies)

    def read(self, node: yaml.Node) -> None:
        nodes = self.nodes
        if not isinstance(node, yaml.MappingNode):
            nodes.problem(node, "vocab must be a mapping of name to a list of words")
            return
        for key_node, value_node in node.value:
            name = nodes.string(key_node, "vocab name", _VOCAB_NAME)
            if name in self.words:
                nodes.problem(key_node, f"duplicate vocab name '{name}'")
                continue
            if isinstance(value_node, yaml.ScalarNode):
                words = self._file(value_node, name)
            else:
                words = [normalize(w) for w, _ in nodes.strings(value_node, f"vocab {name}", min_items=1)]
            duplicates = sorted({w for w in words if words.count(w) > 1})
            if duplicates:
                nodes.problem(value_node, f"vocab {name}: duplicate words: {'、'.join(duplicates)}")
            if name:
                self.words[name] = list(dict.fromkeys(words))

    def _file(self, node: yaml.Node, name: str) -> list[str]:
        """A vocab list kept as a data file next to the pack (a registry with sources):
        one ``word | kind | source`` a line; ``#`` comments, ``@source KEY URL note`` lines."""
        nodes = self.nodes
        file_name = nodes.string(node, f"vocab {name}")
        path = Path(nodes.path).parent / file_name
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            nodes.problem(
                node, f"vocab {name}: file '{file_name}' cannot be read: {getattr(exc, 'strerror', None) or exc}"
            )
            return []
        self.data_files.append(file_name)
        sources = {
            line.split()[1] for line in text.splitlines() if line.startswith("@source ") and len(line.split()) > 2
        }
        words: list[str] = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip() or line.startswith(("#", "@")):
                continue
            fields = [f.strip() for f in line.split("|")]
            if len(fields) != 3 or not all(fields):
                nodes.problem(node, f"{file_name}:{number}: expected 'word | kind | source'")
            elif fields[2] not in sources:
                nodes.problem(node, f"{file_name}:{number}: source '{fields[2]}' has no @source line")
            else:
                words.append(normalize(fields[0]))
        if not words:
            nodes.problem(node, f"vocab {name}: '{file_name}' has no words")
        return words

    def unknown(self, text: str) -> str | None:
        """The first ``{name}`` in ``text`` that names no vocab list."""
        return next((n for n in VOCAB_REF.findall(text) if n not in self.words), None)

    def expand(self, text: str, node: yaml.Node, where: str) -> list[str]:
        """``{name}`` templates → every combination of the named vocab lists."""
        names = VOCAB_REF.findall(text)
        if not names:
            return [text]
        unknown = self.unknown(text)
        if unknown is not None:
            self.nodes.problem(node, f"{where}: unknown vocab '{unknown}' in '{text}'")
            return []
        count = 1
        for name in names:
            count *= len(self.words[name])
        if count > MAX_EXPANSION:
            self.nodes.problem(
                node, f"{where}: '{text}' expands to {count:,} terms (at most {MAX_EXPANSION:,}); use fewer templates"
            )
            return []
        results = [""]
        position = 0
        for match in VOCAB_REF.finditer(text):
            literal = text[position : match.start()]
            results = [r + literal + word for r in results for word in self.words[match.group(1)]]
            position = match.end()
        return [r + text[position:] for r in results]

    def expand_list(self, node: yaml.Node, where: str) -> list[str]:
        """A list of phrases with templates → the normalized phrases, without repeats."""
        out: list[str] = []
        for text, item in self.nodes.strings(node, where):
            out.extend(normalize(t) for t in self.expand(text, item, where))
        return list(dict.fromkeys(out))
