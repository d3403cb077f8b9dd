"""init: write a starter configuration."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from certlint.cli.app import (
    app,
    fail,
)

if TYPE_CHECKING:
    pass


@app.command()
def init(
    folder: Annotated[Path, typer.Argument(help="Where to write .certlint.yaml.")] = Path("."),
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write a commented starter .certlint.yaml."""
    from certlint.gate.config import STARTER

    target = folder / ".certlint.yaml"
    if target.exists() and not force:
        fail(f"{target}: already exists (use --force to overwrite)")
    try:
        target.write_text(STARTER, encoding="utf-8")
    except OSError as exc:
        fail(f"{target}: cannot write: {exc.strerror or exc}")
    print(f"wrote {target}")
