"""The language server (``certlint lsp``): findings as editor diagnostics, hovers and code actions, over the same engine."""
