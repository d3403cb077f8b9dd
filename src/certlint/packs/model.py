"""Rule packs: the types a pack is made of (``RulePack``, ``Rule``, ``Clause``…).

Reading and validating the YAML lives in :mod:`certlint.packs.loader`, imported only when a
pack is actually parsed (a cached linter never needs PyYAML).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from importlib import resources
from pathlib import Path

from certlint.matching.classifier import TextClassifier

__all__ = [
    "Clause",
    "PackError",
    "PackProblem",
    "Rule",
    "RulePack",
    "Severity",
    "default_pack_paths",
    "shipped_pack_paths",
    "shipped_packs",
    "unknown_pack",
]

RULE_ID = re.compile(r"^[A-Z]{1,4}[0-9]{2,4}$")
RULE_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
VOCAB_REF = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
MAX_WINDOW = 64
# YAML value of a rule's ``catalogue`` key → Rule.catalogue.
CATALOGUE_MODES: dict[object, str] = {
    True: "item",
    False: "",
    "unless-listed": "unless-listed",
    "unless-admission": "unless-admission",
    "unlisted-named": "unlisted-named",
}
PACK_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


class Severity(str, Enum):
    """How sure a finding is; ``rank`` orders them for ``--fail-on``."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"info": 1, "warning": 2, "error": 3}[self.value]


@dataclass(frozen=True)
class Clause:
    id: str
    text: str


@dataclass(frozen=True)
class Context:
    """A declared context in which a term is quoted, not claimed (POLICY: not flagged).

    ``before`` cues count anywhere earlier in the same clause, ``after`` cues in the
    same sentence at most ``within`` characters after the match; ``inside`` pairs of
    marks (《》) suppress a match that sits between them.
    """

    id: str
    description: str = ""
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    within: int = 20
    inside: tuple[tuple[str, str], ...] = ()
    scope: str = "clause"  # where ``before`` cues count: "clause" or "sentence"
    inside_endings: tuple[str, ...] = ()  # an ``inside`` span counts only if it ends so
    # An ``inside`` span counts only if its sentence has words outside the marks: quoted
    # slogans standing alone (“包过”“不过退款”) are the slogans themselves.
    framed: bool = False
    # False: only rules that name the context in their ``contexts`` use it; rules that
    # name none get the pack's default contexts.
    default: bool = True


@dataclass(frozen=True)
class Rule:
    """One rule of a pack. ``terms``, ``allow`` and ``near`` are stored normalized, with
    ``{vocab}`` templates already expanded."""

    id: str
    name: str
    severity: Severity
    clauses: tuple[str, ...]
    message: str
    suggestion: str
    terms: tuple[str, ...]
    allow: tuple[str, ...] = ()
    bad_examples: tuple[str, ...] = ()
    good_examples: tuple[str, ...] = ()
    description: str = ""
    pack: str = ""
    line: int = field(default=0, compare=False)
    title: str = ""  # a short name in Chinese, shown next to ``name`` (the slug)
    near: tuple[str, ...] = ()
    near_within: int = 0
    near_scope: str = "sentence"  # or "clause": a comma ends the search
    pattern: str = ""
    window: int = 24
    contexts: tuple[str, ...] | None = None  # None: every context of the pack
    # How the pack's catalogue decides (docs/rule-packs.md): "" not at all; "item": the
    # certificate named before the anchor must not be an item; "unless-listed": no
    # finding when the sentence names an item in the catalogue; "unless-admission": no
    # finding when it names an admission (准入类) item; "unlisted-named": a finding only
    # when the sentence names a certificate that is not a listed item (育婴师证).
    catalogue: str = ""
    # A classifier rule (no terms): the label of the pack's classifier it reports, and the
    # probability from which a sentence is flagged.
    classifier_label: str = ""
    threshold: float = 0.0


@dataclass(frozen=True)
class RulePack:
    id: str
    title: str
    version: str
    source_title: str
    source_number: str
    source_date: str
    clauses: tuple[Clause, ...]
    rules: tuple[Rule, ...]
    allow: tuple[str, ...] = ()
    path: str = ""
    contexts: tuple[Context, ...] = ()
    catalogue: tuple[str, ...] = ()
    dependencies: tuple[str, ...] = ()  # other files the pack reads (its catalogue), relative
    # Whether the pack's terms are also looked for with separators slipped between their
    # characters (国·家·认·证): the notice's evasions; a pack may leave that pass out.
    separators: bool = True
    # The pack's text classifier (``classifier:``), for its classifier rules.
    classifier: TextClassifier | None = field(default=None, compare=False, repr=False)

    def clause(self, clause_id: str) -> Clause:
        for clause in self.clauses:
            if clause.id == clause_id:
                return clause
        raise KeyError(clause_id)


@dataclass(frozen=True)
class PackProblem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        # Line 0: the file as a whole (missing, unreadable), which has no line to name.
        return f"{self.path}:{self.line}: {self.message}" if self.line else f"{self.path}: {self.message}"


class PackError(Exception):
    """A pack could not be loaded; ``problems`` lists every reason."""

    def __init__(self, problems: list[PackProblem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


NOTICE_PACK = "mohrss-2022-25"
# The packs a scan uses unless --pack or the configuration's `packs:` say otherwise.
# adlaw-edu ships too, chosen with `--pack mohrss-2022-25,adlaw-edu`: it becomes a default
# once its figures on real text reach their targets (issue 15; benchmarks/RESULTS.md).
DEFAULT_PACKS = (NOTICE_PACK,)


def shipped_pack_paths() -> list[Path]:
    """Every pack shipped with certlint (inside the wheel, or ``rules/`` in a checkout),
    the notice's first: a finding of two packs is its rule's and cites it first."""
    shipped = resources.files("certlint").joinpath("rules")
    if shipped.is_dir():
        folder = Path(str(shipped))
    else:  # running from a source checkout without installing
        folder = Path(__file__).resolve().parents[3] / "rules"
    return sorted(folder.glob("*.yaml"), key=lambda path: (path.stem != NOTICE_PACK, path.stem))


def shipped_packs() -> dict[str, Path]:
    """Every shipped pack's file by the pack's id (its file name), the notice's first."""
    return {path.stem: path for path in shipped_pack_paths()}


def unknown_pack(pack_id: str) -> str:
    """The message for a pack id that names no shipped pack."""
    return f"unknown pack '{pack_id}' (shipped: {', '.join(sorted(shipped_packs()))})"


def default_pack_paths() -> list[Path]:
    """The shipped packs a scan uses by default (:data:`DEFAULT_PACKS`)."""
    return [path for path in shipped_pack_paths() if path.stem in DEFAULT_PACKS]
