"""How soon the language server re-checks a 5,000-line course catalog after a keystroke.

    python benchmarks/lsp_latency.py               # 21 keystrokes (median), about 30 s
    python benchmarks/lsp_latency.py --keys 51
    python benchmarks/lsp_latency.py --smoke       # 3 keystrokes, 1 scan: checks that it works

The catalog (benchmarks/.data/lsp/catalog.md, generated once, deterministic) is Markdown:
a heading every 25 lines, the rest lines of bench.py's prose (ordinary sentences, and one
line in ten from the labelled corpus: violations and hard negatives). ``certlint lsp``
runs as a process of its own, driven over stdio by the small JSON-RPC client below, as an
editor drives it. Each keystroke is one incremental didChange (one character inserted);
the time is from sending it to receiving the publishDiagnostics of that version, shown
with the server's debounce delay and without it. A burst of keystrokes faster than the
delay shows that only the last is checked. Next to them: ``certlint scan`` of the same
file as a process (what an editor without the server would run on save), and the engine
alone (``Linter.scan``) in this process.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from queue import Empty, Queue
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench import CHILD_ENV, prose  # noqa: E402

CATALOG = HERE / ".data" / "lsp" / "catalog.md"
LINES = 5000
TIMEOUT = 60.0


def make_catalog() -> str:
    sentences = [line for line in prose(1_500_000, seed=13).split("\n") if line]
    out: list[str] = []
    for number in range(LINES):
        if number % 25 == 0:
            out.append(f"## 课程 {number // 25 + 1}")
        else:
            out.append(sentences[number % len(sentences)])
    return "\n".join(out) + "\n"


class Server:
    """``certlint lsp`` as a process, and the few messages this benchmark needs."""

    def __init__(self, cwd: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "certlint", "lsp"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            cwd=cwd,
            env=CHILD_ENV,
        )
        self.inbox: Queue[tuple[float, dict[str, Any]]] = Queue()
        self._id = 0
        self.versions: list[int] = []  # of every publishDiagnostics, in order
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.proc.stdout
        assert stream is not None
        while True:
            length = 0
            while (header := stream.readline()).strip():
                name, _, value = header.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            if not length:
                return
            message = json.loads(stream.read(length))
            if "method" in message and "id" in message:  # a request from the server: answer it
                self.send({"jsonrpc": "2.0", "id": message["id"], "result": None})
            if message.get("method") == "textDocument/publishDiagnostics":
                self.versions.append(message["params"].get("version"))
            self.inbox.put((time.perf_counter(), message))

    def send(self, message: dict[str, Any]) -> float:
        body = json.dumps(message, ensure_ascii=False).encode("utf-8")
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()
        return time.perf_counter()

    def notify(self, method: str, params: Any) -> float:
        return self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method: str, params: Any) -> Any:
        self._id += 1
        self.send({"jsonrpc": "2.0", "id": self._id, "method": method, "params": params})
        return self.wait(lambda m: m.get("id") == self._id and "method" not in m)[1].get("result")

    def wait(self, matches: Any) -> tuple[float, dict[str, Any]]:
        deadline = time.perf_counter() + TIMEOUT
        while True:
            try:
                when, message = self.inbox.get(timeout=max(0.0, deadline - time.perf_counter()))
            except Empty:
                raise SystemExit("the server did not answer in time") from None
            if matches(message):
                return when, message

    def published(self, version: int) -> tuple[float, dict[str, Any]]:
        return self.wait(
            lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"].get("version") == version
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keys", type=int, default=21, help="keystrokes to time (the median is shown)")
    parser.add_argument("--smoke", action="store_true", help="3 keystrokes and one scan: checks that it works")
    args = parser.parse_args()
    keys, repeat = (3, 1) if args.smoke else (args.keys, 5)
    from certlint.engine import Linter
    from certlint.inputs.readers import load_document
    from certlint.lsp.server import DEBOUNCE

    if not CATALOG.exists():
        CATALOG.parent.mkdir(parents=True, exist_ok=True)
        CATALOG.write_text(make_catalog(), encoding="utf-8")
    text = CATALOG.read_text(encoding="utf-8")
    lines = text.count("\n")
    uri = CATALOG.as_uri()

    server = Server(CATALOG.parent)
    server.request("initialize", {"processId": os.getpid(), "rootUri": CATALOG.parent.as_uri(), "capabilities": {}})
    server.notify("initialized", {})
    sent = server.notify(
        "textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}
    )
    received, message = server.published(1)
    opened, findings = received - sent, len(message["params"]["diagnostics"])

    version = 1
    keystrokes: list[float] = []
    for index in range(keys):
        version += 1
        line = 1 + (index * 997) % (lines - 1)  # spread over the catalog, never a heading
        change = {
            "range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 0}},
            "text": "课",
        }
        sent = server.notify(
            "textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}
        )
        received, _ = server.published(version)
        keystrokes.append(received - sent)

    # A burst typed faster than the debounce delay: one check, for the last version.
    burst, gap = 10, min(0.05, DEBOUNCE / 4)
    first = version + 1
    for _ in range(burst):
        version += 1
        change = {"range": {"start": {"line": 3, "character": 0}, "end": {"line": 3, "character": 0}}, "text": "好"}
        sent = server.notify(
            "textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}
        )
        time.sleep(gap)
    received, _ = server.published(version)
    after_burst = received - sent
    time.sleep(DEBOUNCE + 0.2)  # time for any late publication to arrive
    early = sum(1 for published in server.versions if first <= published < version)
    server.request("shutdown", None)
    server.notify("exit", None)
    server.proc.wait(timeout=TIMEOUT)

    scans = []
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "certlint", "scan", str(CATALOG)],
            stdout=subprocess.DEVNULL,
            cwd=CATALOG.parent,
            env=CHILD_ENV,
            check=False,
        )
        scans.append(time.perf_counter() - start)
        if done.returncode != 1:  # 1: findings; anything else is a failed run, never a fast one
            raise SystemExit(f"certlint scan exited {done.returncode}")
    linter = Linter.from_default()
    linter.scan(load_document(str(CATALOG), b"", text, "utf-8"))  # loads the segmenter, as the server's first check did
    engine = []
    for _ in range(repeat):
        start = time.perf_counter()
        linter.scan(load_document(str(CATALOG), b"", text, "utf-8"))
        engine.append(time.perf_counter() - start)

    def row(label: str, seconds: float, note: str = "") -> None:
        print(f"{label:<58}{seconds * 1000:6.0f} ms{note}")

    relative = CATALOG.relative_to(HERE.parent)
    print(f"catalog: {relative}: {lines:,} lines, {len(text):,} characters, {findings} findings")
    print(
        f"debounce: {DEBOUNCE * 1000:.0f} ms (server default); Python {sys.version.split()[0]}, {os.cpu_count()} CPUs"
    )
    row("first check: didOpen → publishDiagnostics", opened)
    row(f"keystroke → publishDiagnostics (median of {keys})", statistics.median(keystrokes))
    row("  the same, less the debounce delay", statistics.median(keystrokes) - DEBOUNCE)
    row("  slowest, less the debounce delay", max(keystrokes) - DEBOUNCE)
    row(
        f"burst of {burst} keystrokes {gap * 1000:.0f} ms apart: last → diagnostics",
        after_burst,
        f"  ({early} of the {burst - 1} earlier versions checked)",
    )
    row(f"certlint scan catalog.md, a process (median of {repeat})", statistics.median(scans))
    row(f"engine alone, Linter.scan in this process (median of {repeat})", statistics.median(engine))


if __name__ == "__main__":
    main()
