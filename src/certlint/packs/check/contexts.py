"""``contexts``: the named contexts (cue words before or after a match, enclosing marks)
that turn a match off, and the rules' references to them."""

from __future__ import annotations

import yaml

from certlint.matching.normalize import normalize
from certlint.packs.check.nodes import NodeReader
from certlint.packs.check.vocab import Vocabulary
from certlint.packs.model import RULE_NAME, Context

__all__ = ["read_contexts", "read_rule_contexts"]

_FIELDS = {"description", "before", "after", "within", "inside", "inside_endings", "scope", "framed", "default"}


def read_contexts(nodes: NodeReader, vocab: Vocabulary, node: yaml.Node) -> tuple[Context, ...]:
    if not isinstance(node, yaml.SequenceNode):
        nodes.problem(node, "contexts must be a list")
        return ()
    out: list[Context] = []
    for item in node.value:
        fields = nodes.mapping(item, "context", {"id"}, _FIELDS)
        if fields is None:
            continue
        context_id = nodes.string(fields["id"][1], "context id", RULE_NAME) if "id" in fields else ""
        where = f"context {context_id}"
        description = nodes.string(fields["description"][1], f"{where}: description") if "description" in fields else ""
        before = vocab.expand_list(fields["before"][1], f"{where}: before") if "before" in fields else []
        after = vocab.expand_list(fields["after"][1], f"{where}: after") if "after" in fields else []
        within = nodes.integer(fields["within"][1], f"{where}: within", 1, 200) if "within" in fields else 20
        inside: list[tuple[str, str]] = []
        if "inside" in fields:
            for pair, pair_node in nodes.strings(fields["inside"][1], f"{where}: inside"):
                if len(pair) != 2:
                    nodes.problem(
                        pair_node, f"{where}: inside entries are two characters, an opening and a closing mark"
                    )
                else:
                    inside.append((normalize(pair[0]), normalize(pair[1])))
        endings = (
            vocab.expand_list(fields["inside_endings"][1], f"{where}: inside_endings")
            if "inside_endings" in fields
            else []
        )
        scope = "clause"
        if "scope" in fields:
            scope_node = fields["scope"][1]
            scope = str(nodes.scalar(scope_node))
            if scope not in ("clause", "sentence"):
                nodes.problem(scope_node, f"{where}: scope must be clause or sentence")
        framed = nodes.boolean(fields["framed"][1], f"{where}: framed", False) if "framed" in fields else False
        if framed and not inside:
            nodes.problem(fields["framed"][1], f"{where}: framed needs inside")
        default = nodes.boolean(fields["default"][1], f"{where}: default", True) if "default" in fields else True
        if not (before or after or inside):
            nodes.problem(item, f"{where}: needs at least one of before, after, inside")
        if any(c.id == context_id for c in out):
            nodes.problem(item, f"duplicate context id '{context_id}'")
        out.append(
            Context(
                context_id,
                description,
                tuple(before),
                tuple(after),
                within,
                tuple(inside),
                scope,
                tuple(endings),
                framed,
                default,
            )
        )
    return tuple(out)


def read_rule_contexts(nodes: NodeReader, node: yaml.Node, where: str, known: set[str]) -> list[str]:
    """A rule's ``contexts``: ids of contexts the pack defines."""
    ids = []
    for context_id, item in nodes.strings(node, f"{where}: contexts"):
        if context_id not in known:
            nodes.problem(item, f"{where}: context '{context_id}' is not defined under contexts")
        ids.append(context_id)
    return ids
