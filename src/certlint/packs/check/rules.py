"""``rules``: each rule's fields (id, severity, clauses, terms, allow phrases, examples,
near words, pattern, window, contexts, catalogue mode) and the ids and names being unique."""

from __future__ import annotations

import yaml

from certlint.matching.normalize import normalize
from certlint.packs.check.contexts import read_rule_contexts
from certlint.packs.check.nodes import NodeReader
from certlint.packs.check.patterns import read_pattern
from certlint.packs.check.vocab import Vocabulary
from certlint.packs.model import CATALOGUE_MODES, MAX_WINDOW, RULE_ID, RULE_NAME, Rule, Severity

__all__ = ["RuleReader"]

_REQUIRED = {"id", "name", "severity", "clauses", "message", "suggestion", "examples"}
_OPTIONAL = {
    "allow",
    "description",
    "near",
    "pattern",
    "window",
    "contexts",
    "catalogue",
    "title",
    "terms",
    "classifier",
}
# A classifier rule has no terms, so none of what works on terms.
_TERM_FIELDS = ("terms", "allow", "near", "pattern", "window", "contexts", "catalogue")
_CATALOGUE_MODES = "true, false, unless-listed, unless-admission or unlisted-named"


class RuleReader:
    """Reads the rules of one pack, given what the pack defines around them."""

    def __init__(
        self,
        nodes: NodeReader,
        vocab: Vocabulary,
        *,
        pack_id: str,
        clause_ids: set[str],
        context_ids: set[str],
        has_catalogue: bool,
        classifier_labels: tuple[str, ...] | None = None,
    ) -> None:
        self.nodes = nodes
        self.vocab = vocab
        self.pack_id = pack_id
        self.clause_ids = clause_ids
        self.context_ids = context_ids
        self.has_catalogue = has_catalogue
        self.classifier_labels = classifier_labels

    def rules(self, node: yaml.Node) -> list[Rule]:
        if not isinstance(node, yaml.SequenceNode) or not node.value:
            self.nodes.problem(node, "rules must be a non-empty list")
            return []
        rules = [rule for rule in (self.rule(item) for item in node.value) if rule is not None]
        self._unique(rules)
        return rules

    def rule(self, node: yaml.Node) -> Rule | None:
        nodes = self.nodes
        items = nodes.mapping(node, "rule", _REQUIRED, _OPTIONAL)
        if items is None:
            return None
        before = len(nodes.problems)
        rule_id = nodes.string(items["id"][1], "rule id", RULE_ID) if "id" in items else "?"
        where = f"rule {rule_id}"
        name = nodes.string(items["name"][1], f"{where}: name", RULE_NAME) if "name" in items else ""
        severity = Severity.ERROR
        if "severity" in items:
            value_node = items["severity"][1]
            value = nodes.scalar(value_node)
            if value not in {s.value for s in Severity}:
                nodes.problem(value_node, f"{where}: severity must be error, warning or info, not {value!r}")
            else:
                severity = Severity(value)
        clauses: list[str] = []
        if "clauses" in items:
            for clause_id, clause_node in nodes.strings(items["clauses"][1], f"{where}: clauses", min_items=1):
                if self.clause_ids and clause_id not in self.clause_ids:
                    nodes.problem(clause_node, f"{where}: clause '{clause_id}' is not defined under clauses")
                clauses.append(clause_id)
        message = nodes.string(items["message"][1], f"{where}: message") if "message" in items else ""
        suggestion = nodes.string(items["suggestion"][1], f"{where}: suggestion") if "suggestion" in items else ""
        description = nodes.string(items["description"][1], f"{where}: description") if "description" in items else ""
        title = nodes.string(items["title"][1], f"{where}: title") if "title" in items else ""
        terms = self._terms(items["terms"][1], where) if "terms" in items else []
        allow = self._allow(items["allow"][1], where, terms) if "allow" in items else []
        bad, good = self._examples(items["examples"][1], where) if "examples" in items else ([], [])
        near: list[str] = []
        near_within, near_scope = 0, "sentence"
        if "near" in items:
            near, near_within, near_scope = self._near(items["near"][1], where)
        pattern = read_pattern(nodes, self.vocab, items["pattern"][1], where) if "pattern" in items else ""
        window = 24
        if "window" in items:
            window = nodes.integer(items["window"][1], f"{where}: window", 1, MAX_WINDOW)
        contexts: tuple[str, ...] | None = None
        if "contexts" in items:
            contexts = tuple(read_rule_contexts(nodes, items["contexts"][1], where, self.context_ids))
        catalogue = self._catalogue_mode(items["catalogue"][1], where) if "catalogue" in items else ""
        label, threshold = "", 0.0
        if "classifier" in items:
            label, threshold = self._classifier(items, where, clauses)
        elif "terms" not in items:
            nodes.problem(node, f"{where}: missing key 'terms' (or 'classifier')")
        if len(nodes.problems) > before:
            return None
        return Rule(
            id=rule_id,
            name=name,
            severity=severity,
            clauses=tuple(clauses),
            message=message,
            suggestion=suggestion,
            terms=tuple(terms),
            allow=tuple(allow),
            bad_examples=tuple(bad),
            good_examples=tuple(good),
            description=description,
            pack=self.pack_id,
            line=node.start_mark.line + 1,
            near=tuple(near),
            near_within=near_within,
            near_scope=near_scope,
            pattern=pattern,
            window=window,
            contexts=contexts,
            catalogue=catalogue,
            title=title,
            classifier_label=label,
            threshold=threshold,
        )

    def _terms(self, node: yaml.Node, where: str) -> list[str]:
        out: list[str] = []
        seen: dict[str, str] = {}
        for text, item in self.nodes.strings(node, f"{where}: terms", min_items=1):
            for expanded in self.vocab.expand(text, item, where):
                folded = normalize(expanded)
                if folded in seen:
                    same = "" if seen[folded] == expanded else f" (same as '{seen[folded]}' after normalization)"
                    self.nodes.problem(item, f"{where}: duplicate term '{expanded}'{same}")
                    continue
                seen[folded] = expanded
                out.append(folded)
        return out

    def _allow(self, node: yaml.Node, where: str, terms: list[str]) -> list[str]:
        out: list[str] = []
        for text, item in self.nodes.strings(node, f"{where}: allow"):
            for phrase in [normalize(t) for t in self.vocab.expand(text, item, where)]:
                # An allow phrase that contains no term can never apply: a sign of a typo.
                if terms and not any(term in phrase for term in terms):
                    self.nodes.problem(item, f"{where}: allow phrase '{phrase}' contains none of the rule's terms")
                if phrase in terms:
                    self.nodes.problem(item, f"{where}: allow phrase '{phrase}' equals a term and would disable it")
                out.append(phrase)
        return out

    def _classifier(
        self, items: dict[str, tuple[yaml.Node, yaml.Node]], where: str, clauses: list[str]
    ) -> tuple[str, float]:
        nodes = self.nodes
        node = items["classifier"][1]
        for other in _TERM_FIELDS:
            if other in items:
                nodes.problem(items[other][0], f"{where}: a classifier rule has no '{other}'")
        fields = nodes.mapping(node, f"{where}: classifier", {"label", "threshold"}, set())
        if fields is None:
            return "", 0.0
        label = nodes.string(fields["label"][1], f"{where}: classifier.label") if "label" in fields else ""
        if self.classifier_labels is None:
            nodes.problem(node, f"{where}: a classifier rule needs a pack-level classifier file")
        elif not self.classifier_labels:
            pass  # the classifier file itself failed: that one problem is reported
        elif label and label not in self.classifier_labels:
            known = ", ".join(self.classifier_labels)
            nodes.problem(fields["label"][1], f"{where}: the classifier has no label '{label}' (it has {known})")
        elif label and label not in clauses:
            nodes.problem(fields["label"][1], f"{where}: classifier.label '{label}' is not one of the rule's clauses")
        threshold = 0.0
        if "threshold" in fields:
            value_node = fields["threshold"][1]
            value = nodes.scalar(value_node)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < 1:
                nodes.problem(value_node, f"{where}: classifier.threshold must be a number above 0 and below 1")
            else:
                threshold = float(value)
        return label, threshold

    def _examples(self, node: yaml.Node, where: str) -> tuple[list[str], list[str]]:
        items = self.nodes.mapping(node, f"{where}: examples", {"bad", "good"}, set())
        if items is None:
            return [], []
        lists = {}
        for kind in ("bad", "good"):
            found = (
                self.nodes.strings(items[kind][1], f"{where}: examples.{kind}", min_items=1) if kind in items else []
            )
            lists[kind] = [text for text, _ in found]
        return lists["bad"], lists["good"]

    def _near(self, node: yaml.Node, where: str) -> tuple[list[str], int, str]:
        nodes = self.nodes
        scope = "sentence"
        fields = nodes.mapping(node, f"{where}: near", {"words", "within"}, {"scope"})
        if fields is None:
            return [], 0, scope
        if "scope" in fields:
            scope_node = fields["scope"][1]
            scope = str(nodes.scalar(scope_node))
            if scope not in ("clause", "sentence"):
                nodes.problem(scope_node, f"{where}: near.scope must be clause or sentence")
        words = self.vocab.expand_list(fields["words"][1], f"{where}: near.words") if "words" in fields else []
        if "words" in fields and not words:
            nodes.problem(fields["words"][1], f"{where}: near.words is empty")
        within = nodes.integer(fields["within"][1], f"{where}: near.within", 0, MAX_WINDOW) if "within" in fields else 0
        return words, within, scope

    def _catalogue_mode(self, node: yaml.Node, where: str) -> str:
        value = self.nodes.scalar(node)
        mode = CATALOGUE_MODES.get(value, "") if isinstance(value, (bool, str)) else ""
        if mode == "" and value is not False:
            self.nodes.problem(node, f"{where}: catalogue must be {_CATALOGUE_MODES}")
        elif mode and not self.has_catalogue:
            self.nodes.problem(node, f"{where}: catalogue: {node.value} needs a pack-level catalogue file")
        return mode

    def _unique(self, rules: list[Rule]) -> None:
        ids: dict[str, int] = {}
        names: dict[str, int] = {}
        for rule in rules:
            if rule.id in ids:
                self.nodes.problem_at(rule.line, f"duplicate rule id '{rule.id}' (first at line {ids[rule.id]})")
            ids.setdefault(rule.id, rule.line)
            if rule.name in names:
                self.nodes.problem_at(
                    rule.line, f"duplicate rule name '{rule.name}' (first at line {names[rule.name]})"
                )
            names.setdefault(rule.name, rule.line)
