"""lsp: the language server for editors, over standard input and output (docs/editors.md)."""

from __future__ import annotations

from typing import Annotated

import typer

from certlint.cli.app import LangOption, app, fail
from certlint.i18n import tr


@app.command(
    help=tr(
        "Run the language server for editors (stdio): findings as you type, hovers and quick fixes. "
        "Needs pip install 'certlint[lsp]'; set-up for VS Code and Neovim in docs/editors.md.",
        "运行编辑器语言服务器（标准输入输出）：边写边查、悬停说明、快速修复。"
        "需要 pip install 'certlint[lsp]'；VS Code 和 Neovim 的设置见 docs/editors.md。",
    ),
    short_help=tr("Run the language server for editors (stdio).", "运行编辑器语言服务器（stdio）。"),
)
def lsp(
    stdio: Annotated[
        bool,
        typer.Option(
            "--stdio",
            help=tr(
                "Accepted because some clients pass it: stdio is the only transport.",
                "为兼容部分客户端而接受：只支持标准输入输出。",
            ),
        ),
    ] = False,
    lang: LangOption = None,
) -> None:
    try:  # pygls is an optional extra: without it, one line that says how to get it
        import lsprotocol  # noqa: F401
        import pygls  # noqa: F401
    except ImportError:
        fail(
            tr(
                "the language server needs pygls: pip install 'certlint[lsp]'",
                "语言服务器需要 pygls：pip install 'certlint[lsp]'",
            )
        )
    from certlint.lsp.server import serve

    raise typer.Exit(serve())
