"""init: write a starter configuration."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from certlint.cli.app import LangOption, app, fail
from certlint.i18n import tr


@app.command(
    help=tr("Write a commented starter .certlint.yaml.", "生成带注释的 .certlint.yaml 初始配置。"),
    short_help=tr("Write a commented starter .certlint.yaml.", "生成带注释的初始配置文件。"),
)
def init(
    folder: Annotated[
        Path, typer.Argument(help=tr("Where to write .certlint.yaml.", ".certlint.yaml 的存放目录。"))
    ] = Path("."),
    force: Annotated[bool, typer.Option("--force", help=tr("Overwrite an existing file.", "覆盖已有文件。"))] = False,
    lang: LangOption = None,
) -> None:
    from certlint.gate.config import STARTER

    target = folder / ".certlint.yaml"
    if target.exists() and not force:
        fail(tr(f"{target}: already exists (use --force to overwrite)", f"{target}：已存在（用 --force 覆盖）"))
    try:
        target.write_text(STARTER, encoding="utf-8")
    except OSError as exc:
        fail(tr(f"{target}: cannot write: {exc.strerror or exc}", f"{target}：无法写入：{exc.strerror or exc}"))
    print(tr(f"wrote {target}", f"已写入 {target}"))
