"""certlint: a linter for vocational-certificate text under 人社部函〔2022〕25号."""

from certlint.engine import Linter, scan_paths, scan_text
from certlint.findings import Finding, InputError, ScanResult
from certlint.pack import PackError, Rule, RulePack, Severity, load_pack

__version__ = "1.0.0"

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
