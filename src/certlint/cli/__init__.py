"""The command line: one module per command, over the same engine; it parses and prints, the work is elsewhere."""

from __future__ import annotations

import os
import sys
from importlib import import_module

from certlint.cli.app import EXIT_CLEAN, EXIT_ERROR, app, error

# Each command module registers its command; in this order they are listed by --help.
for _command in ("scan", "init", "explain", "rules", "lsp"):
    import_module(f"certlint.cli.{_command}")

__all__ = ["app", "main"]


def main() -> None:
    """Console-script entry point: no traceback ever reaches the user."""
    try:
        app(prog_name="certlint")
    except KeyboardInterrupt:
        print("certlint: interrupted", file=sys.stderr)
        sys.exit(130)
    except SystemExit:
        raise
    except BrokenPipeError:
        # Reader went away (certlint scan … | head): not an error worth a message.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(EXIT_CLEAN)
    except Exception as exc:
        if os.environ.get("CERTLINT_DEBUG"):
            raise
        error(f"internal error: {type(exc).__name__}: {exc} (set CERTLINT_DEBUG=1 for a traceback)")
        sys.exit(EXIT_ERROR)


if __name__ == "__main__":
    main()
