"""A disk cache of compiled linters, so that a pre-commit run does not parse YAML and
build automatons every time.

The key is a hash of certlint's version, the Python version, every pack file's bytes and
the options that shape the linter; files a pack reads besides itself (its catalogue) are
re-hashed when an entry is loaded. Any problem with the cache (unwritable, corrupt,
stale) just means a rebuild: the cache can never change a result.

``CERTLINT_CACHE_DIR`` moves it (default ``$XDG_CACHE_HOME/certlint`` or
``~/.cache/certlint``); ``CERTLINT_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from certlint.cachedir import cache_dir

if TYPE_CHECKING:
    from collections.abc import Callable

    from certlint.engine import Linter
    from certlint.packs.model import PackProblem

__all__ = ["cache_dir", "cached_linter", "load_linter", "store_linter"]

_FORMAT = 1


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _code_stamp() -> str:
    """Size and modification time of certlint's own modules: a pickle holds instances of
    these classes, so a changed certlint (even at the same version) must not load one."""
    package = Path(__file__).resolve().parents[1]  # the certlint package, every subpackage too
    parts = []
    for module in sorted(package.rglob("*.py")):
        info = module.stat()
        parts.append(f"{module.relative_to(package)}:{info.st_size}:{info.st_mtime_ns}")
    return "|".join(parts)


def _key(paths: Sequence[Path], options: Iterable[object]) -> str | None:
    from certlint import __version__

    hasher = hashlib.sha256(f"{_FORMAT}|{__version__}|{sys.version}|{list(options)!r}|{_code_stamp()}".encode())
    for path in paths:
        try:
            hasher.update(str(Path(path).resolve()).encode() + b"\0" + Path(path).read_bytes() + b"\0")
        except OSError:
            return None
    return hasher.hexdigest()


def load_linter(paths: Sequence[Path], options: Iterable[object]) -> Linter | None:
    folder = cache_dir()
    key = _key(paths, options) if folder is not None else None
    if folder is None or key is None:
        return None
    try:
        with open(folder / f"{key}.pickle", "rb") as stream:
            dependencies, linter = pickle.load(stream)
        for dependency, digest in dependencies:
            if _digest(Path(dependency).read_bytes()) != digest:
                return None
        return linter  # type: ignore[no-any-return]
    except Exception:  # a missing, stale or corrupt entry is a rebuild, never an error
        return None


def store_linter(paths: Sequence[Path], options: Iterable[object], linter: Linter) -> None:
    folder = cache_dir()
    key = _key(paths, options) if folder is not None else None
    if folder is None or key is None:
        return
    try:
        dependencies = [
            (str(Path(pack.path).parent / name), _digest((Path(pack.path).parent / name).read_bytes()))
            for pack in linter.packs
            for name in pack.dependencies
        ]
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(handle, "wb") as stream:
            pickle.dump((dependencies, linter), stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, folder / f"{key}.pickle")  # atomic: parallel runs never see half a file
    except Exception:  # an unwritable cache only costs speed
        return


def cached_linter(
    extra: Sequence[Path],
    *,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    allow: Sequence[str] = (),
    on_problem: Callable[[PackProblem], object],
    packs: Sequence[str] = (),
) -> tuple[Linter, bool]:
    """The linter for the default packs plus ``extra`` (what a configuration and the
    command line ask for): from the cache when every pack is unchanged, else built, and
    cached when every pack loaded. A pack that fails to load is left out, its problems
    passed to ``on_problem``; returns the linter and whether every pack loaded.

    ``packs`` chooses shipped packs by id (default: :data:`~certlint.packs.model.DEFAULT_PACKS`).

    Raises PackError (a rule id defined twice) or ValueError (a selector that matches no
    rule, a pack id that is not shipped), as :class:`~certlint.engine.Linter` does.
    """
    from certlint.engine import Linter
    from certlint.packs.loader import load_packs
    from certlint.packs.model import default_pack_paths, shipped_packs, unknown_pack

    shipped = default_pack_paths()
    if packs:
        ids = shipped_packs()
        unknown = [pack for pack in packs if pack not in ids]
        if unknown:
            raise ValueError(unknown_pack(unknown[0]))
        shipped = [ids[pack] for pack in dict.fromkeys(packs)]
    paths = [*shipped, *extra]
    options = (tuple(select), tuple(ignore), tuple(allow))
    cached = load_linter(paths, options)
    if cached is not None:
        return cached, True
    failed: list[PackProblem] = []

    def problem(found: PackProblem) -> None:
        failed.append(found)
        on_problem(found)

    linter = Linter(load_packs(paths, problem), select=select, ignore=ignore, allow=allow)
    if not failed:
        store_linter(paths, options, linter)
    return linter, not failed
