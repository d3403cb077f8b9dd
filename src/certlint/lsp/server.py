"""The server: pygls handlers, each a few lines over :class:`~certlint.lsp.project.Project`
(settings, linters, checks) and :class:`~certlint.lsp.buffer.TextBuffer` (the open texts).

Checks run on one worker thread, so the message loop keeps reading while a long document
is scanned; after an edit a check waits for a pause in typing (``debounce``), on open and
save it starts at once. A check whose document changed while it ran is dropped: the check
for the newer text publishes.
"""

from __future__ import annotations

import asyncio
import shutil
import sys
import tempfile
from collections.abc import Generator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol, lsp_method
from pygls.uris import from_fs_path, to_fs_path

from certlint import __version__
from certlint.findings import Finding
from certlint.lsp.buffer import UTF16, TextBuffer
from certlint.lsp.project import SETTINGS_FILES, Checked, Project, suppression, text_format
from certlint.report import ReportContext

__all__ = ["DEBOUNCE", "EXPLAIN_COMMAND", "CertlintServer", "serve"]

DEBOUNCE = 0.2  # seconds after the last edit; initializationOptions {"debounceMs": N} changes it
EXPLAIN_COMMAND = "certlint.explain"
_SEVERITY = {
    "error": lsp.DiagnosticSeverity.Error,
    "warning": lsp.DiagnosticSeverity.Warning,
    "info": lsp.DiagnosticSeverity.Information,
}


class _Protocol(LanguageServerProtocol):
    """pygls keeps a copy of every open text, split into lines as ``str.splitlines``
    does (also at U+2028, form feeds…, which the protocol does not count as line ends).
    This server keeps its own (:class:`TextBuffer`), so these three only hand the
    notification on."""

    def _hand_on(self, method: str, params: Any) -> Generator[Any, Any, None]:
        if (handler := self.fm.features.get(method)) is not None:
            yield handler, (params,), None

    @lsp_method(lsp.TEXT_DOCUMENT_DID_OPEN)
    def lsp_text_document__did_open(self, params: lsp.DidOpenTextDocumentParams) -> Generator[Any, Any, None]:
        yield from self._hand_on(lsp.TEXT_DOCUMENT_DID_OPEN, params)

    @lsp_method(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params: lsp.DidChangeTextDocumentParams) -> Generator[Any, Any, None]:
        yield from self._hand_on(lsp.TEXT_DOCUMENT_DID_CHANGE, params)

    @lsp_method(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def lsp_text_document__did_close(self, params: lsp.DidCloseTextDocumentParams) -> Generator[Any, Any, None]:
        yield from self._hand_on(lsp.TEXT_DOCUMENT_DID_CLOSE, params)


@dataclass
class _Open:
    """An open document: its text, how it is read, and what was last published for it."""

    buffer: TextBuffer
    path: str | None  # None: not a file (an untitled buffer)
    language_id: str
    published: list[tuple[lsp.Diagnostic, Finding]]
    published_version: int | None = None


class CertlintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__(
            "certlint",
            __version__,
            text_document_sync_kind=lsp.TextDocumentSyncKind.Incremental,
            protocol_cls=_Protocol,
        )
        self.debounce = DEBOUNCE
        self.encoding = UTF16
        self.project = Project()
        self.documents: dict[str, _Open] = {}
        self.pending: dict[str, asyncio.Task[None]] = {}
        # One thread: checks run one at a time, in order, and never on the message loop.
        self.worker = ThreadPoolExecutor(1, thread_name_prefix="certlint-check")
        self.shut_down = False
        self.explain_folder: Path | None = None  # where explanations are written for showDocument
        for method, handler in _HANDLERS.items():
            self.feature(method, _OPTIONS.get(method))(handler)
        self.command(EXPLAIN_COMMAND)(explain)

    def reload(self) -> None:
        """Read the settings again (on the worker, after the check it may be running),
        then check every open document with them."""
        if self.shut_down:
            return
        self.worker.submit(self.project.reload)
        for uri in self.documents:
            self.schedule(uri, 0)

    def schedule(self, uri: str, delay: float) -> None:
        """Check ``uri`` after ``delay`` seconds, instead of any check still waiting."""
        waiting = self.pending.pop(uri, None)
        if waiting is not None:
            waiting.cancel()
        if not self.shut_down:
            self.pending[uri] = asyncio.get_running_loop().create_task(self._check(uri, delay))

    async def _check(self, uri: str, delay: float) -> None:
        if delay:
            await asyncio.sleep(delay)
        document = self.documents.get(uri)
        if document is None:
            return
        buffer, version = document.buffer, document.buffer.version
        try:
            checked: Checked = await asyncio.get_running_loop().run_in_executor(
                self.worker, self.project.check, document.path, buffer.text, document.language_id
            )
        except Exception as exc:  # a bug must not stop the server: say so and go on
            self.show(lsp.MessageType.Error, f"certlint: internal error checking {uri}: {type(exc).__name__}: {exc}")
            return
        finally:
            if self.pending.get(uri) is asyncio.current_task():
                del self.pending[uri]
        for problem in checked.problems:
            self.show(lsp.MessageType.Error, f"certlint: {problem}")
        if self.documents.get(uri) is not document or buffer.version != version:
            return  # edited while it ran: the check of the newer text publishes
        document.published = [(_diagnostic(buffer, f, checked.context), f) for f in checked.findings]
        document.published_version = version
        self.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[d for d, _ in document.published], version=version)
        )

    def show(self, kind: lsp.MessageType, message: str) -> None:
        self.window_show_message(lsp.ShowMessageParams(type=kind, message=message))


def initialize(ls: CertlintServer, params: lsp.InitializeParams) -> None:
    options = params.initialization_options if isinstance(params.initialization_options, dict) else {}
    debounce = options.get("debounceMs")
    if isinstance(debounce, (int, float)) and 0 <= debounce <= 10_000:
        ls.debounce = debounce / 1000
    # pygls has chosen the position encoding from what the client offers (UTF-16 if
    # it offers nothing).
    encoding = ls.workspace.position_encoding or UTF16
    ls.encoding = str(getattr(encoding, "value", encoding))
    root = ls.workspace.root_path
    ls.project = Project(Path(root) if root else None)


def initialized(ls: CertlintServer, params: lsp.InitializedParams) -> None:
    watched = ls.client_capabilities.workspace and ls.client_capabilities.workspace.did_change_watched_files
    if watched and watched.dynamic_registration:
        watchers = [lsp.FileSystemWatcher(glob_pattern=f"**/{name}") for name in SETTINGS_FILES]
        ls.client_register_capability(
            lsp.RegistrationParams(
                registrations=[
                    lsp.Registration(
                        id="certlint-settings",
                        method=lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                        register_options=lsp.DidChangeWatchedFilesRegistrationOptions(watchers=watchers),
                    )
                ]
            )
        )


def stop(ls: CertlintServer, params: None) -> None:
    ls.shut_down = True
    for task in ls.pending.values():
        task.cancel()
    ls.worker.shutdown(wait=False, cancel_futures=True)
    if ls.explain_folder is not None:
        shutil.rmtree(ls.explain_folder, ignore_errors=True)


def did_open(ls: CertlintServer, params: lsp.DidOpenTextDocumentParams) -> None:
    item = params.text_document
    path = to_fs_path(item.uri) if item.uri.startswith("file:") else None
    if path is not None and ls.explain_folder is not None and Path(path).parent == ls.explain_folder:
        return  # an explanation this server wrote: its bad examples are meant to be there
    buffer = TextBuffer(item.text, item.version, ls.encoding)
    ls.documents[item.uri] = _Open(buffer, path, item.language_id, [])
    ls.schedule(item.uri, 0)


def did_change(ls: CertlintServer, params: lsp.DidChangeTextDocumentParams) -> None:
    document = ls.documents.get(params.text_document.uri)
    if document is None:
        return
    buffer = document.buffer
    for change in params.content_changes:
        if isinstance(change, lsp.TextDocumentContentChangePartial):
            start, end = change.range.start, change.range.end
            buffer.edit((start.line, start.character), (end.line, end.character), change.text)
        else:
            buffer.replace(change.text)
    buffer.version = params.text_document.version
    ls.schedule(params.text_document.uri, ls.debounce)


def did_save(ls: CertlintServer, params: lsp.DidSaveTextDocumentParams) -> None:
    uri = params.text_document.uri
    path = to_fs_path(uri) if uri.startswith("file:") else None
    if ls.project.is_settings(path):
        ls.reload()
    elif uri in ls.documents:
        ls.schedule(uri, 0)


def did_close(ls: CertlintServer, params: lsp.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    task = ls.pending.pop(uri, None)
    if task is not None:
        task.cancel()
    if ls.documents.pop(uri, None) is not None:
        ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


def did_change_watched_files(ls: CertlintServer, params: lsp.DidChangeWatchedFilesParams) -> None:
    if any(ls.project.is_settings(to_fs_path(change.uri)) for change in params.changes):
        ls.reload()


async def hover(ls: CertlintServer, params: lsp.HoverParams) -> lsp.Hover | None:
    document = ls.documents.get(params.text_document.uri)
    if document is None:
        return None
    hits = [(d, f) for d, f in document.published if _inside(params.position, d.range)]
    if not hits:
        return None
    rules = list(dict.fromkeys(f.rule for _, f in hits))
    loop = asyncio.get_running_loop()
    texts = [await loop.run_in_executor(ls.worker, ls.project.explain, document.path, r) for r in rules]
    client = ls.client_capabilities.text_document and ls.client_capabilities.text_document.hover
    if client and lsp.MarkupKind.Markdown in (client.content_format or []):
        contents = lsp.MarkupContent(
            kind=lsp.MarkupKind.Markdown, value="\n".join(f"```text\n{t.rstrip()}\n```" for t in texts)
        )
    else:
        contents = lsp.MarkupContent(kind=lsp.MarkupKind.PlainText, value="\n".join(texts))
    return lsp.Hover(contents=contents, range=hits[0][0].range)


def code_action(ls: CertlintServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
    uri = params.text_document.uri
    document = ls.documents.get(uri)
    if document is None:
        return []
    buffer = document.buffer
    fmt = text_format(document.path or "untitled", document.language_id)
    actions: list[lsp.CodeAction] = []
    done: set[tuple[str, int]] = set()  # one suppression per rule and line
    explained: set[str] = set()  # one explanation per rule
    for diagnostic, finding in document.published:
        if not _overlap(diagnostic.range, params.range) or (finding.rule, finding.line) in done:
            continue
        done.add((finding.rule, finding.line))
        line = finding.line - 1
        # Only on the text the findings were made from: else the line may have moved.
        edit = None
        if fmt is not None and document.published_version == buffer.version:
            edit = suppression(fmt, (buffer.line(line - 1), buffer.line(line)), finding.rule, buffer.line_break(line))
        if edit is not None:
            at, column, text = edit
            place = buffer.position(line + at + 1, column + 1)
            position = lsp.Position(line=place[0], character=place[1])
            actions.append(
                lsp.CodeAction(
                    title=f"certlint: suppress {finding.rule} on this line (certlint-disable-next-line)",
                    kind=lsp.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic],
                    edit=lsp.WorkspaceEdit(
                        changes={uri: [lsp.TextEdit(range=lsp.Range(start=position, end=position), new_text=text)]}
                    ),
                )
            )
        if finding.rule in explained:
            continue
        explained.add(finding.rule)
        title = f"certlint: explain {finding.rule}"
        actions.append(
            lsp.CodeAction(
                title=title,
                kind=lsp.CodeActionKind.QuickFix,
                diagnostics=[diagnostic],
                command=lsp.Command(title=title, command=EXPLAIN_COMMAND, arguments=[finding.rule, uri]),
            )
        )
    if params.context.only:
        wanted = [str(getattr(kind, "value", kind)) for kind in params.context.only]
        actions = [a for a in actions if any(str(getattr(a.kind, "value", a.kind)).startswith(k) for k in wanted)]
    return actions


async def explain(ls: CertlintServer, *arguments: object) -> str:
    """``certlint.explain RULE [URI]``: the explanation, opened as a document when the
    client can show one (else shown as a message); also returned."""
    rule = str(arguments[0]).strip().upper() if arguments else ""
    uri = str(arguments[1]) if len(arguments) > 1 else ""
    path = ls.documents[uri].path if uri in ls.documents else None
    try:
        text = await asyncio.get_running_loop().run_in_executor(ls.worker, ls.project.explain, path, rule)
    except KeyError:
        ls.show(lsp.MessageType.Error, f"certlint: unknown rule '{rule}'")
        return ""
    window = ls.client_capabilities.window
    if window and window.show_document and window.show_document.support:
        if ls.explain_folder is None:
            ls.explain_folder = Path(tempfile.mkdtemp(prefix="certlint-explain-"))
        target = ls.explain_folder / f"{rule}.txt"
        target.write_text(text, encoding="utf-8")
        ls.window_show_document(lsp.ShowDocumentParams(uri=from_fs_path(str(target)) or "", take_focus=True))
    else:
        ls.show(lsp.MessageType.Info, text)
    return text


_HANDLERS = {
    lsp.INITIALIZE: initialize,
    lsp.INITIALIZED: initialized,
    lsp.SHUTDOWN: stop,
    lsp.TEXT_DOCUMENT_DID_OPEN: did_open,
    lsp.TEXT_DOCUMENT_DID_CHANGE: did_change,
    lsp.TEXT_DOCUMENT_DID_SAVE: did_save,
    lsp.TEXT_DOCUMENT_DID_CLOSE: did_close,
    lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES: did_change_watched_files,
    lsp.TEXT_DOCUMENT_HOVER: hover,
    lsp.TEXT_DOCUMENT_CODE_ACTION: code_action,
}
_OPTIONS = {lsp.TEXT_DOCUMENT_CODE_ACTION: lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix])}


def _diagnostic(buffer: TextBuffer, finding: Finding, context: ReportContext | None) -> lsp.Diagnostic:
    start = buffer.position(finding.line, finding.column)
    end = buffer.position(finding.end_line, finding.end_column)
    lines = [finding.message, f"建议: {finding.suggestion}"]
    lines.extend(f"条款 {c}: {context.clause_text(finding.rule, c) if context else ''}" for c in finding.clauses)
    return lsp.Diagnostic(
        range=_range(start, end),
        message="\n".join(lines),
        severity=_SEVERITY.get(finding.severity.value, lsp.DiagnosticSeverity.Warning),
        code=finding.rule,
        source="certlint",
        # CL002, a comment that suppresses nothing: shown faded, as unused code is.
        tags=[lsp.DiagnosticTag.Unnecessary] if finding.rule == "CL002" else None,
        data={"rule": finding.rule, "match": finding.match, "clauses": list(finding.clauses)},
    )


def _range(start: tuple[int, int], end: tuple[int, int]) -> lsp.Range:
    return lsp.Range(
        start=lsp.Position(line=start[0], character=start[1]), end=lsp.Position(line=end[0], character=end[1])
    )


def _key(position: lsp.Position) -> tuple[int, int]:
    return position.line, position.character


def _inside(position: lsp.Position, span: lsp.Range) -> bool:
    return _key(span.start) <= _key(position) <= _key(span.end)


def _overlap(a: lsp.Range, b: lsp.Range) -> bool:
    return _key(a.start) <= _key(b.end) and _key(b.start) <= _key(a.end)


def serve() -> int:
    """Run the server on standard input and output until the client says exit (or goes
    away); the exit code is 0 after a shutdown request, else 1, as the protocol asks."""
    server = CertlintServer()
    stdout = sys.stdout.buffer
    # Anything printed would be read by the client as protocol: send it to stderr.
    sys.stdout = sys.stderr
    server.start_io(sys.stdin.buffer, stdout)
    return 0 if server.shut_down else 1
