"""certlint: a linter for vocational-certificate text under 人社部函〔2022〕25号.

The public names are imported on first use (PEP 562), so that ``certlint --help`` and a
clean pre-commit run do not pay for modules they never touch.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "1.0.0"

_EXPORTS = {
    "Finding": "certlint.findings",
    "InputError": "certlint.findings",
    "ScanResult": "certlint.findings",
    "Linter": "certlint.engine",
    "scan_paths": "certlint.engine",
    "scan_text": "certlint.engine",
    "PackError": "certlint.packs.model",
    "Rule": "certlint.packs.model",
    "RulePack": "certlint.packs.model",
    "Severity": "certlint.packs.model",
    "load_pack": "certlint.packs.loader",
}

__all__ = [
    "Finding",
    "InputError",
    "Linter",
    "PackError",
    "Rule",
    "RulePack",
    "ScanResult",
    "Severity",
    "__version__",
    "load_pack",
    "scan_paths",
    "scan_text",
]

if TYPE_CHECKING:
    from certlint.engine import Linter, scan_paths, scan_text
    from certlint.findings import Finding, InputError, ScanResult
    from certlint.packs.loader import load_pack
    from certlint.packs.model import PackError, Rule, RulePack, Severity


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'certlint' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value
