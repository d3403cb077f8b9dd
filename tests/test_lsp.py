"""certlint lsp, driven end to end as an editor drives it: the installed console script
over stdio, and a small JSON-RPC client written here (framing, requests, notifications,
answers to the server's own requests). Every wait has a timeout, so a broken server fails
a test instead of hanging it. The parts that need no client (positions in code units,
the suppression comment of each format, settings) are tested directly."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import pytest
import yaml

from certlint import Linter
from certlint.lsp.buffer import UTF8, UTF16, UTF32, TextBuffer, code_points, units
from certlint.lsp.project import Project, explanation, suppression, text_format

from conftest import CERTLINT, REPO

TIMEOUT = 30.0  # seconds for any one answer; a check of these pages takes milliseconds
DEFAULT = Linter.from_default()


def _uri(path: Path) -> str:
    return path.resolve().as_uri()


class Client:
    """An LSP client over the server's standard input and output."""

    def __init__(self, cwd: Path) -> None:
        self.proc = subprocess.Popen(
            [str(CERTLINT), "lsp"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=cwd,
            env=os.environ.copy(),
        )
        self.inbox: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self.held: list[dict[str, Any]] = []  # received, not yet asked for
        self.requests: list[dict[str, Any]] = []  # requests the server sent us
        self.answers: dict[str, Any] = {}  # our result for each kind of server request
        self.log: list[tuple[str, dict[str, Any]]] = []  # the whole session, both ways
        self.stderr: list[bytes] = []
        self._id = 0
        self._lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=lambda: self.stderr.extend(self.proc.stderr or ()), daemon=True).start()

    def _read(self) -> None:
        stream = self.proc.stdout
        assert stream is not None
        while True:
            length = None
            while True:
                header = stream.readline()
                if not header:
                    self.inbox.put(None)
                    return
                if not header.strip():
                    break
                name, _, value = header.decode("ascii").partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value)
            assert length is not None, "a message without Content-Length"
            message = json.loads(stream.read(length).decode("utf-8"))
            self.log.append(("<-", message))
            if "method" in message and "id" in message:
                self.requests.append(message)
                self._send({"jsonrpc": "2.0", "id": message["id"], "result": self.answers.get(message["method"])})
            self.inbox.put(message)

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps(message, ensure_ascii=False).encode("utf-8")
        with self._lock:
            self.log.append(("->", message))
            assert self.proc.stdin is not None
            self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            self.proc.stdin.flush()

    def notify(self, method: str, params: Any) -> None:
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method: str, params: Any) -> Any:
        self._id += 1
        number = self._id
        self._send({"jsonrpc": "2.0", "id": number, "method": method, "params": params})
        reply = self.wait(lambda m: m.get("id") == number and "method" not in m, f"the answer to {method}")
        assert "error" not in reply, reply
        return reply.get("result")

    def wait(self, matches: Callable[[dict[str, Any]], bool], what: str) -> dict[str, Any]:
        for index, message in enumerate(self.held):
            if matches(message):
                return self.held.pop(index)
        deadline = time.monotonic() + TIMEOUT
        while (remaining := deadline - time.monotonic()) > 0:
            try:
                message = self.inbox.get(timeout=remaining)
            except queue.Empty:
                break
            if message is None:
                raise AssertionError(f"the server closed its output waiting for {what}: {self._stderr()}")
            if matches(message):
                return message
            self.held.append(message)
        raise AssertionError(f"no {what} within {TIMEOUT} s; held {self.held[-3:]}; {self._stderr()}")

    def diagnostics(self, uri: str, version: int | None = None) -> list[dict[str, Any]]:
        message = self.wait(
            lambda m: (
                m.get("method") == "textDocument/publishDiagnostics"
                and m["params"]["uri"] == uri
                and (version is None or m["params"].get("version") == version)
            ),
            f"diagnostics for {uri} version {version}",
        )
        return message["params"]["diagnostics"]

    def forget(self) -> None:
        """Drop what was received and not asked for (before waiting for a new publication)."""
        while not self.inbox.empty():
            if self.inbox.get() is None:
                raise AssertionError(f"the server closed its output: {self._stderr()}")
        self.held.clear()

    def _stderr(self) -> str:
        return "server stderr: " + b"".join(self.stderr).decode("utf-8", "replace")[-2000:]


@pytest.fixture
def client(tmp_path: Path) -> Iterator[Callable[[], Client]]:
    started: list[Client] = []

    def start() -> Client:
        started.append(Client(tmp_path))
        return started[-1]

    yield start
    for each in started:  # a failed test must not leave a server behind
        if each.proc.poll() is None:
            each.proc.kill()
            each.proc.wait(timeout=TIMEOUT)


def _initialize(client: Client, root: Path, **capabilities: Any) -> dict[str, Any]:
    result = client.request(
        "initialize",
        {
            "processId": os.getpid(),
            "rootUri": _uri(root),
            "capabilities": {
                "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": True}},
                "textDocument": {"hover": {"contentFormat": ["markdown", "plaintext"]}},
                "window": {"showDocument": {"support": True}},
                **capabilities,
            },
        },
    )
    client.notify("initialized", {})
    return result


def _span(diagnostic: dict[str, Any]) -> tuple[int, int, int, int]:
    start, end = diagnostic["range"]["start"], diagnostic["range"]["end"]
    return start["line"], start["character"], end["line"], end["character"]


def _exit(client: Client) -> None:
    assert client.request("shutdown", None) is None
    client.notify("exit", None)
    # The server ends without waiting for its input to close, as clients expect.
    assert client.proc.wait(timeout=TIMEOUT) == 0, client._stderr()


def test_a_session_diagnostics_edits_hover_actions_settings_and_exit(client, tmp_path):
    page = tmp_path / "catalog.md"
    # 𠀀 (U+20000) is two UTF-16 code units: every column after it is one more than in
    # code points, and the protocol counts in UTF-16.
    text = "# 课程简介\n\n  𠀀本证书国家认可，全国通用\n"
    page.write_text(text, encoding="utf-8")
    uri = _uri(page)
    server = client()
    result = _initialize(server, tmp_path)
    capabilities = result["capabilities"]
    assert capabilities["textDocumentSync"]["change"] == 2  # incremental
    assert capabilities.get("positionEncoding", "utf-16") == "utf-16"
    assert capabilities["hoverProvider"] and capabilities["codeActionProvider"]
    assert "certlint.explain" in capabilities["executeCommandProvider"]["commands"]

    server.notify(
        "textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}
    )
    opened = server.diagnostics(uri, 1)
    rule = DEFAULT.rule("CL201")
    pack = next(p for p in DEFAULT.packs if rule in p.rules)
    assert [(d["code"], _span(d)) for d in opened] == [("CL201", (2, 7, 2, 11)), ("CL201", (2, 12, 2, 16))]
    for diagnostic in opened:
        assert diagnostic["source"] == "certlint"
        assert diagnostic["severity"] == {"error": 1, "warning": 2, "info": 3}[rule.severity.value]
        assert diagnostic["message"].startswith(rule.message)
        for clause in rule.clauses:
            assert f"条款 {clause}: {pack.clause(clause).text}" in diagnostic["message"]
    # The watched settings files were registered with the client.
    registration = next(r for r in server.requests if r["method"] == "client/registerCapability")
    globs = [w["globPattern"] for w in registration["params"]["registrations"][0]["registerOptions"]["watchers"]]
    assert "**/.certlint.yaml" in globs and "**/pyproject.toml" in globs

    # Two incremental edits in one notification, applied in order: 全国通用 replaced
    # (UTF-16 range 12-16 of line 2), then a new first line with a pass guarantee.
    changes = [
        {"range": {"start": {"line": 2, "character": 12}, "end": {"line": 2, "character": 16}}, "text": "内容实用"},
        {"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": "报名即包过！\n"},
    ]
    server.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2}, "contentChanges": changes})
    edited = server.diagnostics(uri, 2)
    assert [(d["code"], _span(d)) for d in edited] == [("CL204", (0, 3, 0, 5)), ("CL201", (3, 7, 3, 11))]

    hover = server.request(
        "textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 3, "character": 9}}
    )
    assert hover["contents"]["kind"] == "markdown"
    assert hover["contents"]["value"].startswith("```text\nCL201 ")
    assert rule.message in hover["contents"]["value"] and rule.bad_examples[0] in hover["contents"]["value"]
    assert _span({"range": hover["range"]}) == (3, 7, 3, 11)
    nothing = server.request(
        "textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 1, "character": 0}}
    )
    assert nothing is None

    cl201 = edited[1]
    actions = server.request(
        "textDocument/codeAction",
        {"textDocument": {"uri": uri}, "range": cl201["range"], "context": {"diagnostics": [cl201]}},
    )
    assert [a["title"] for a in actions] == [
        "certlint: suppress CL201 on this line (certlint-disable-next-line)",
        "certlint: explain CL201",
    ]
    suppress, explain = actions
    insert = {"range": {"start": {"line": 3, "character": 0}, "end": {"line": 3, "character": 0}}}
    assert suppress["edit"]["changes"] == {
        uri: [{**insert, "newText": "  <!-- certlint-disable-next-line CL201 -->\n"}]
    }
    assert explain["command"] == {
        "title": "certlint: explain CL201",
        "command": "certlint.explain",
        "arguments": ["CL201", uri],
    }

    server.answers["window/showDocument"] = {"success": True}
    explanation = server.request("workspace/executeCommand", explain["command"])
    assert explanation.startswith("CL201 ") and rule.message in explanation
    shown = next(r for r in server.requests if r["method"] == "window/showDocument")
    assert Path(unquote(urlparse(shown["params"]["uri"]).path)).read_text(encoding="utf-8") == explanation

    # The settings change: CL204 ignored from now on, re-read when the client reports
    # the file changed.
    server.forget()
    (tmp_path / ".certlint.yaml").write_text("ignore: [CL204]\n", encoding="utf-8")
    server.notify(
        "workspace/didChangeWatchedFiles", {"changes": [{"uri": _uri(tmp_path / ".certlint.yaml"), "type": 1}]}
    )
    assert [(d["code"], _span(d)) for d in server.diagnostics(uri, 2)] == [("CL201", (3, 7, 3, 11))]

    # The client applies the suppression: nothing is left, and the comment is used (no CL002).
    server.notify(
        "textDocument/didChange",
        {
            "textDocument": {"uri": uri, "version": 3},
            "contentChanges": [{**insert, "text": suppress["edit"]["changes"][uri][0]["newText"]}],
        },
    )
    assert server.diagnostics(uri, 3) == []

    server.forget()
    server.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    assert server.diagnostics(uri) == []
    _exit(server)


def test_pyproject_settings_utf8_positions_and_reload_on_save(client, tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.certlint]\nignore = ["CL201"]\n', encoding="utf-8")
    page = tmp_path / "news" / "ad.txt"
    page.parent.mkdir()
    text = "𠀀本证书国家认可，报名即包过。\n"
    page.write_text(text, encoding="utf-8")
    uri = _uri(page)
    server = client()
    # A client that prefers UTF-8 offsets gets them.
    result = _initialize(server, tmp_path, general={"positionEncodings": ["utf-8", "utf-16"]})
    assert result["capabilities"]["positionEncoding"] == "utf-8"
    server.notify(
        "textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "plaintext", "version": 7, "text": text}}
    )
    # 包过 is code points 12-14; in UTF-8, 𠀀 is 4 bytes and each of the 11 Han
    # characters and the comma before 包 is 3: 4 + 11 * 3 = 37.
    assert [(d["code"], _span(d)) for d in server.diagnostics(uri, 7)] == [("CL204", (0, 37, 0, 43))]

    # The settings file is edited and saved in the editor (no file watcher): re-read.
    server.forget()
    settings = '[tool.certlint]\n[tool.certlint.per-file-ignores]\n"news/**" = ["CL204"]\n'
    (tmp_path / "pyproject.toml").write_text(settings, encoding="utf-8")
    server.notify("textDocument/didSave", {"textDocument": {"uri": _uri(tmp_path / "pyproject.toml")}})
    assert [(d["code"], _span(d)) for d in server.diagnostics(uri, 7)] == [("CL201", (0, 13, 0, 25))]

    # A settings file that cannot be used is reported; the default settings apply.
    server.forget()
    (tmp_path / "pyproject.toml").write_text('[tool.certlint]\nignore = ["CL999"]\n', encoding="utf-8")
    server.notify(
        "workspace/didChangeWatchedFiles", {"changes": [{"uri": _uri(tmp_path / "pyproject.toml"), "type": 2}]}
    )
    shown = server.wait(lambda m: m.get("method") == "window/showMessage", "a message about the settings")
    assert shown["params"]["type"] == 1 and "CL999" in shown["params"]["message"]
    assert [d["code"] for d in server.diagnostics(uri, 7)] == ["CL201", "CL204"]
    _exit(server)


def test_without_pygls_the_command_says_how_to_install_it():
    # The same interpreter with pygls made unimportable, as on an install without the extra.
    code = (
        "import sys; sys.modules['pygls'] = None; sys.argv = ['certlint', 'lsp']; from certlint.cli import main; main()"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert proc.stdout == ""
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and "pip install 'certlint[lsp]'" in lines[0] and "pygls" in lines[0], proc.stderr


# Positions: code points (findings) and the protocol's code units.


def test_code_units_of_an_astral_character():
    assert [units("𠀀本", e) for e in (UTF16, UTF8, UTF32)] == [3, 7, 2]
    line = "a𠀀本b"
    assert [code_points(line, n, UTF16) for n in range(6)] == [0, 1, 1, 2, 3, 4]  # 2 is inside 𠀀: before it
    assert [code_points(line, n, UTF8) for n in (0, 1, 3, 5, 8, 9, 99)] == [0, 1, 1, 2, 3, 4, 4]
    assert code_points(line, 3, UTF32) == 3 and code_points(line, 99, UTF32) == 4


def test_buffer_places_findings_and_applies_edits_in_code_units():
    buffer = TextBuffer("标题\r\n𠀀本证书国家认可\n", encoding=UTF16)
    finding = DEFAULT.scan_text(buffer.text)[0]
    assert (finding.line, finding.column, finding.end_column) == (2, 5, 9)  # code points, from 1
    assert buffer.position(finding.line, finding.column) == (1, 5)  # 𠀀 is two units
    assert buffer.position(finding.end_line, finding.end_column) == (1, 9)
    assert buffer.line(0) == "标题" and buffer.line_break(0) == "\r\n" and buffer.line(2) == ""
    buffer.edit((1, 2), (1, 5), "")  # 本证书, after the two units of 𠀀
    assert buffer.text == "标题\r\n𠀀国家认可\n"
    buffer.edit((0, 2), (1, 2), "")  # across the \r\n line break
    assert buffer.text == "标题国家认可\n"
    buffer.edit((5, 0), (9, 9), "！")  # past the end: at the end, as the protocol says
    assert buffer.text == "标题国家认可\n！"
    # U+2028 and form feeds end no line for the protocol (str.splitlines would split).
    assert TextBuffer("a\u2028b\x0cc\nd").starts == [0, 6]


# Suppression comments: each format's own, and they really silence the finding.

CASES = {
    "page.md": "# 标题\n\n  本证书国家认可\n",
    "page.html": "<p>\n  本证书国家认可\n</p>\n",
    "page.yaml": "course:\n  title: 本证书国家认可\n",
    "page.txt": "\t本证书国家认可\n",
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_suppression_comment_silences_the_finding_in_each_format(tmp_path, name):
    text = CASES[name]
    project = Project(tmp_path)
    path = str(tmp_path / name)
    (finding,) = project.check(path, text).findings
    lines = text.split("\n")
    line = lines[finding.line - 1]
    previous = lines[finding.line - 2] if finding.line > 1 else ""
    at, column, insert = suppression(text_format(path), (previous, line), "CL201")
    assert (at, column) == (0, 0) and insert.endswith("\n")
    indent = line[: len(line) - len(line.lstrip())]
    assert insert.startswith(indent + ("<!-- " if name.endswith((".md", ".html")) else "# "))
    lines.insert(finding.line - 1, insert.rstrip("\n"))
    fixed = "\n".join(lines)
    # No finding left, and none for the comment (CL002: suppresses nothing).
    assert project.check(path, fixed).findings == []
    if name.endswith(".yaml"):  # a comment to YAML: the data is unchanged
        assert yaml.safe_load(fixed) == yaml.safe_load(text)


def test_a_second_rule_joins_the_comment_above_the_line():
    previous = "<!-- certlint-disable-next-line CL201 -->"
    assert suppression("markdown", (previous, "本证书国家认可，报名即包过"), "CL204") == (
        -1,
        len(previous) - 4,
        ", CL204",
    )
    fixed = "<!-- certlint-disable-next-line CL201, CL204 -->\n本证书国家认可，报名即包过\n"
    assert DEFAULT.scan_text(fixed) == []


def test_formats_without_comments_get_no_suppression():
    assert text_format("data.json") == "json" and text_format("rows.csv") == "csv"
    assert suppression("json", ("", '"本证书国家认可"'), "CL201") is None
    assert suppression("csv", ("", "本证书国家认可"), "CL201") is None
    assert suppression("markdown", ("", "<!-- certlint-disable-line -->"), "CL002") is None
    assert text_format("untitled", "markdown") == "markdown" and text_format("deck.pptx") is None


def test_settings_files_are_not_checked_and_a_bad_pack_is_reported_once(tmp_path):
    (tmp_path / ".certlint.yaml").write_text("rules: [missing.yaml]\nallow: [中国某某学会]\n", encoding="utf-8")
    project = Project(tmp_path)
    # The first check under a configuration reports its problems, whichever document it is.
    first = project.check(str(tmp_path / ".certlint.yaml"), "allow: [国家认可]\n")
    assert first.findings == []
    assert len(first.problems) == 1 and "missing.yaml" in first.problems[0]
    then = project.check(str(tmp_path / "a.txt"), "本证书国家认可")
    assert [f.rule for f in then.findings] == ["CL201"] and then.problems == []


def test_the_packs_of_the_configuration_are_the_editors_too(tmp_path):
    (tmp_path / ".certlint.yaml").write_text("packs: [mohrss-2022-25, adlaw-edu]\n", encoding="utf-8")
    checked = Project(tmp_path).check(str(tmp_path / "ad.txt"), "特邀命题组专家授课，本期包过！")
    assert [(f.rule, f.clauses) for f in checked.findings] == [
        ("AD2402", ("广告法24(2)",)),
        ("CL204", ("一(二)", "广告法24(1)")),
    ]
    (tmp_path / ".certlint.yaml").write_text("packs: [adlaw]\n", encoding="utf-8")
    problems = Project(tmp_path).check(str(tmp_path / "ad.txt"), "本期包过").problems
    assert problems and "unknown pack 'adlaw'" in problems[0]


def test_hover_text_is_the_explanation_also_for_certlints_own_rules():
    assert explanation(DEFAULT, "CL204").startswith("CL204 ")
    # CL002 (a comment that suppresses nothing) is in no pack: its own description.
    assert explanation(DEFAULT, "CL002").startswith("CL002 ") and DEFAULT.rule("CL002").suggestion in explanation(
        DEFAULT, "CL002"
    )
    with pytest.raises(KeyError):
        explanation(DEFAULT, "CL999")


def test_the_latency_benchmark_runs_and_prints_every_figure():
    # It checks that the benchmark works, never how fast anything is.
    proc = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "lsp_latency.py"), "--smoke"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for label in (
        "5,000 lines",
        "keystroke → publishDiagnostics",
        "less the debounce delay",
        "earlier versions checked",
        "certlint scan catalog.md, a process",
        "engine alone",
    ):
        assert label in proc.stdout, label
