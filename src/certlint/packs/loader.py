"""Reading and validating rule-pack YAML (see ``docs/rule-packs.md``).

Loading checks every field and collects *all* problems, each as ``file:line: message``,
before giving up, so that an author fixes a pack in one round instead of one error at a
time. The YAML node tree keeps line numbers; values are checked on it directly. This
module reads the pack's own fields (id, title, version, source, clauses) and hands each
other part to its reader in :mod:`certlint.packs.check`.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable
from pathlib import Path

import yaml

from certlint.packs.check.catalogue import read_catalogue
from certlint.packs.check.classifier import read_classifier
from certlint.packs.check.contexts import read_contexts
from certlint.packs.check.nodes import NodeReader
from certlint.packs.check.rules import RuleReader
from certlint.packs.check.vocab import Vocabulary
from certlint.packs.model import PACK_ID, Clause, PackError, PackProblem, RulePack
from certlint.packs.yamlsafe import unsafe

__all__ = ["load_pack", "load_packs", "parse_pack"]


def load_pack(path: str | Path) -> RulePack:
    """Read and validate the pack at ``path``; raise :class:`PackError` on any problem."""
    name = str(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise PackError([PackProblem(name, 0, "no such rule pack")]) from None
    except IsADirectoryError:
        raise PackError([PackProblem(name, 0, "is a directory, not a rule pack")]) from None
    except OSError as exc:
        raise PackError([PackProblem(name, 0, f"cannot read: {exc.strerror}")]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise PackError([PackProblem(name, line, "rule pack is not valid UTF-8")]) from None
    return parse_pack(text, name)


def load_packs(paths: Iterable[str | Path], on_problem: Callable[[PackProblem], object]) -> list[RulePack]:
    """The packs at ``paths`` that load; each problem of the others goes to ``on_problem``
    (so that a command reports a bad pack and still scans with the rest)."""
    packs: list[RulePack] = []
    for path in paths:
        try:
            packs.append(load_pack(path))
        except PackError as error:
            for problem in error.problems:
                on_problem(problem)
    return packs


def parse_pack(text: str, path: str = "<pack>") -> RulePack:
    """Validate the YAML ``text`` of a pack; ``path`` is used in problem messages."""
    try:
        node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise PackError([PackProblem(path, line, f"invalid YAML: {problem}")]) from None
    refused = unsafe(node)
    if refused is not None:
        raise PackError([PackProblem(path, refused[0], refused[1])])
    nodes = NodeReader(path)
    pack = _read_pack(nodes, node)
    if nodes.problems or pack is None:
        raise PackError(sorted(nodes.problems, key=lambda p: p.line))
    return pack


_TOP_REQUIRED = {"pack", "title", "version", "source", "clauses", "rules"}
_TOP_OPTIONAL = {"allow", "vocab", "contexts", "catalogue", "separators", "classifier"}


def _read_pack(nodes: NodeReader, node: yaml.Node | None) -> RulePack | None:
    """The pack's own fields, then its parts in the order they depend on each other:
    vocab (templates), contexts, catalogue, allow phrases, rules."""
    if node is None:
        nodes.problem_at(1, "rule pack is empty")
        return None
    top = nodes.mapping(node, "pack", _TOP_REQUIRED, _TOP_OPTIONAL)
    if top is None:
        return None
    pack_id = nodes.string(top["pack"][1], "pack", PACK_ID) if "pack" in top else ""
    title = nodes.string(top["title"][1], "title") if "title" in top else ""
    version = nodes.string(top["version"][1], "version") if "version" in top else ""
    source = _source(nodes, top["source"][1]) if "source" in top else ("", "", "")
    clauses = _clauses(nodes, top["clauses"][1]) if "clauses" in top else ()
    vocab = Vocabulary(nodes)
    if "vocab" in top:
        vocab.read(top["vocab"][1])
    contexts = read_contexts(nodes, vocab, top["contexts"][1]) if "contexts" in top else ()
    catalogue_name, catalogue = read_catalogue(nodes, top["catalogue"][1]) if "catalogue" in top else ("", ())
    allow = tuple(vocab.expand_list(top["allow"][1], "allow")) if "allow" in top else ()
    separators = nodes.boolean(top["separators"][1], "separators", True) if "separators" in top else True
    classifier_name, classifier = read_classifier(nodes, top["classifier"][1]) if "classifier" in top else ("", None)
    rules = []
    if "rules" in top:
        reader = RuleReader(
            nodes,
            vocab,
            pack_id=pack_id,
            clause_ids={c.id for c in clauses},
            context_ids={c.id for c in contexts},
            has_catalogue=bool(catalogue),
            # None: no classifier key; (): the file failed (its problem is reported once).
            classifier_labels=None if "classifier" not in top else classifier.labels if classifier else (),
        )
        rules = reader.rules(top["rules"][1])
    return RulePack(
        id=pack_id,
        title=title,
        version=version,
        source_title=source[0],
        source_number=source[1],
        source_date=source[2],
        clauses=clauses,
        rules=tuple(rules),
        allow=allow,
        path=nodes.path,
        contexts=contexts,
        catalogue=catalogue,
        dependencies=(
            ((catalogue_name,) if catalogue else ())
            + tuple(vocab.data_files)
            + ((classifier_name,) if classifier else ())
        ),
        separators=separators,
        classifier=classifier,
    )


def _source(nodes: NodeReader, node: yaml.Node) -> tuple[str, str, str]:
    items = nodes.mapping(node, "source", {"title", "number", "date"}, {"url"})
    if items is None:
        return ("", "", "")
    title = nodes.string(items["title"][1], "source.title") if "title" in items else ""
    number = nodes.string(items["number"][1], "source.number") if "number" in items else ""
    date = ""
    if "date" in items:
        value_node = items["date"][1]
        value = nodes.scalar(value_node)
        if isinstance(value, _dt.date):
            date = value.isoformat()
        else:
            nodes.problem(value_node, "source.date must be a date written YYYY-MM-DD")
    if "url" in items:
        nodes.string(items["url"][1], "source.url")
    return (title, number, date)


def _clauses(nodes: NodeReader, node: yaml.Node) -> tuple[Clause, ...]:
    if not isinstance(node, yaml.MappingNode) or not node.value:
        nodes.problem(node, "clauses must be a non-empty mapping of clause id to text")
        return ()
    out: list[Clause] = []
    seen: set[str] = set()
    for key_node, value_node in node.value:
        key = nodes.string(key_node, "clause id")
        if key in seen:
            nodes.problem(key_node, f"duplicate clause id '{key}'")
            continue
        seen.add(key)
        text = nodes.string(value_node, f"clause {key}")
        if key and text:
            out.append(Clause(key, text))
    return tuple(out)
