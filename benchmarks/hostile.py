"""Hostile inputs (issue 11): each case builds an input that once hung certlint, blew its
memory, aborted the other inputs or corrupted its output, runs the installed CLI on it
under a time and memory limit, and prints exit code, seconds and peak RSS.

    python benchmarks/hostile.py                 # every case, a table
    python benchmarks/hostile.py --only fifo     # cases whose name contains "fifo"
    python benchmarks/hostile.py --check         # exit 1 if a case breaks its bounds

tests/test_hostile.py runs every case with --check's bounds, so CI holds them.
"""

from __future__ import annotations

import argparse
import gzip
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

CERTLINT = Path(sys.executable).with_name("certlint")
# A runaway case is stopped here, so that measuring "before" cannot take the machine down.
MEMORY_CAP = 3 << 30
TIME_CAP = 60.0

PACK_HEAD = """\
pack: hostile
title: t
version: "1"
source: {title: t, number: n, date: 2022-03-16}
clauses:
  一(一): 字样。
"""


@dataclass
class Outcome:
    code: int | None  # None: killed at the time cap
    seconds: float
    peak_mb: float
    stdout: str
    stderr: str


@dataclass
class Case:
    name: str
    build: Callable[[Path], tuple[list[str], Path | None]]  # → argv, stdin file
    codes: tuple[int, ...]  # acceptable exit codes
    seconds: float = 20.0
    peak_mb: float = 400.0
    stderr_has: tuple[str, ...] = ()
    stdout_has: tuple[str, ...] = ()
    check: Callable[[Path, Outcome], str | None] | None = None  # → a problem, or None
    shell: bool = False
    env: dict[str, str] = field(default_factory=dict)


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def run(case: Case, folder: Path, cap: float = TIME_CAP) -> Outcome:
    argv, stdin = case.build(folder)
    command = argv if not case.shell else ["bash", "-c", " ".join(argv)]
    out, err = folder / ".stdout", folder / ".stderr"
    start = time.monotonic()
    with ExitStack() as files:
        stdin_handle = files.enter_context(open(stdin, "rb")) if stdin is not None else subprocess.DEVNULL
        stdout_handle = files.enter_context(open(out, "wb"))
        stderr_handle = files.enter_context(open(err, "wb"))
        proc = subprocess.Popen(
            command,
            cwd=folder,
            stdin=stdin_handle,
            stdout=stdout_handle,
            stderr=stderr_handle,
            preexec_fn=_limit_memory,
            env={**os.environ, "CERTLINT_CACHE_DIR": str(folder / ".cache"), **case.env},
        )
        code: int | None = None
        peak = 0.0
        while True:
            waited, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if waited:
                code = os.waitstatus_to_exitcode(status)
                peak = usage.ru_maxrss / 1024
                proc.returncode = code
                break
            if time.monotonic() - start > cap:
                proc.kill()
                _, _, usage = os.wait4(proc.pid, 0)
                peak = usage.ru_maxrss / 1024
                proc.returncode = -9
                break
            time.sleep(0.02)
    seconds = time.monotonic() - start
    read = lambda p: p.read_bytes().decode("utf-8", "replace")  # noqa: E731
    return Outcome(code, seconds, peak, read(out), read(err))


def problems(case: Case, folder: Path, outcome: Outcome) -> list[str]:
    found = []
    if outcome.code not in case.codes:
        found.append(f"exit {outcome.code}, expected {' or '.join(map(str, case.codes))}")
    if outcome.seconds > case.seconds:
        found.append(f"{outcome.seconds:.1f} s, at most {case.seconds:.0f} s")
    if outcome.peak_mb > case.peak_mb:
        found.append(f"peak {outcome.peak_mb:.0f} MB, at most {case.peak_mb:.0f} MB")
    if "Traceback" in outcome.stderr or "internal error" in outcome.stderr:
        found.append("a traceback or internal error")
    found += [f"stderr lacks {s!r}" for s in case.stderr_has if s not in outcome.stderr]
    found += [f"stdout lacks {s!r}" for s in case.stdout_has if s not in outcome.stdout]
    if case.check is not None and (problem := case.check(folder, outcome)):
        found.append(problem)
    return found


# -- the cases --------------------------------------------------------------------------


def _cli(*args: str) -> list[str]:
    return [str(CERTLINT), *args]


def fifo_named(folder: Path) -> tuple[list[str], Path | None]:
    os.mkfifo(folder / "pipe.md")
    (folder / "a.md").write_text("本证书国家认可。\n", encoding="utf-8")
    return _cli("scan", "pipe.md", "a.md"), None


def fifo_in_folder(folder: Path) -> tuple[list[str], Path | None]:
    (folder / "d").mkdir()
    os.mkfifo(folder / "d" / "pipe.md")
    (folder / "d" / "a.md").write_text("本证书国家认可。\n", encoding="utf-8")
    return _cli("scan", "d"), None


def fifo_listed(folder: Path) -> tuple[list[str], Path | None]:
    fifo_in_folder(folder)
    return _cli("scan", "--list-files", "d"), None


def overlapping_pattern(folder: Path) -> tuple[list[str], Path | None]:
    pack = PACK_HEAD + (
        "rules:\n  - id: H101\n    name: overlap\n    severity: error\n    clauses: [一(一)]\n"
        "    message: m\n    suggestion: s\n    terms: [家认]\n"
        "    pattern: '(?:国|国国)+家认'\n    window: 64\n"
        "    examples: {bad: [国家认], good: [家]}\n"
    )
    (folder / "pack.yaml").write_text(pack, encoding="utf-8")
    (folder / "t.txt").write_text("国" * 40 + "乙家认可\n", encoding="utf-8")
    return _cli("scan", "--rules", "pack.yaml", "t.txt"), None


def alias_bomb(folder: Path) -> tuple[list[str], Path | None]:
    lines = ['a0: &a0 ["error", "error", "error", "error", "error", "error", "error", "error", "error"]']
    for level in range(1, 9):
        refs = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{refs}]")
    config = "\n".join(lines) + "\nfail-on: *a8\n"
    (folder / ".certlint.yaml").write_text(config, encoding="utf-8")
    (folder / "t.txt").write_text("本证书国家认可。\n", encoding="utf-8")
    return _cli("scan", "t.txt"), None


def template_bomb(folder: Path) -> tuple[list[str], Path | None]:
    words = ", ".join(f"词{i}" for i in range(100))
    pack = PACK_HEAD + (
        f"vocab:\n  v: [{words}]\n"
        "rules:\n  - id: H102\n    name: bomb\n    severity: error\n    clauses: [一(一)]\n"
        "    message: m\n    suggestion: s\n    terms: ['{v}{v}{v}{v}']\n"
        "    examples: {bad: [词1词1词1词1], good: [家]}\n"
    )
    (folder / "pack.yaml").write_text(pack, encoding="utf-8")
    (folder / "t.txt").write_text("本证书国家认可。\n", encoding="utf-8")
    return _cli("scan", "--rules", "pack.yaml", "t.txt"), None


def device(name: str) -> Callable[[Path], tuple[list[str], Path | None]]:
    def build(folder: Path) -> tuple[list[str], Path | None]:
        (folder / "a.md").write_text("本证书国家认可。\n", encoding="utf-8")
        return _cli("scan", name, "a.md"), None

    return build


def stdin_device(folder: Path) -> tuple[list[str], Path | None]:
    return _cli("scan", "-"), Path("/dev/zero")


def records_device(folder: Path) -> tuple[list[str], Path | None]:
    return _cli("scan", "--records", "/dev/zero", "--records-format", "jsonl"), None


def records_gzip_bomb(folder: Path) -> tuple[list[str], Path | None]:
    with gzip.open(folder / "bomb.jsonl.gz", "wb", compresslevel=9) as bomb:
        block = b"0" * (1 << 20)
        for _ in range(128):  # 128 MiB of one line, 130 kB compressed
            bomb.write(block)
    (folder / "ok.jsonl").write_text('{"id": "u", "text": "本证书国家认可。"}\n', encoding="utf-8")
    return _cli("scan", "--records", "bomb.jsonl.gz", "--records", "ok.jsonl", "-f", "json", "-o", "r.json"), None


def long_line(folder: Path) -> tuple[list[str], Path | None]:
    with open(folder / "line.txt", "wb") as out:
        block = ("abc " * 250_000).encode()  # 1 MB
        for _ in range(100):
            out.write(block)
        out.write("本证书国家认可".encode())
    return _cli("scan", "-q", "line.txt"), None


def many_findings(extra: tuple[str, ...]) -> Callable[[Path], tuple[list[str], Path | None]]:
    def build(folder: Path) -> tuple[list[str], Path | None]:
        line = "本证书国家认可。" * 100 + "\n"
        with open(folder / "many.txt", "w", encoding="utf-8") as out:
            for _ in range(2100):  # 5 MB, 210,000 findings
                out.write(line)
        return _cli("scan", "many.txt", *extra), None

    return build


def html_tags(folder: Path) -> tuple[list[str], Path | None]:
    (folder / "a.html").write_text("<a" * 80_000, encoding="utf-8")
    return _cli("scan", "a.html"), None


def markdown_comments(folder: Path) -> tuple[list[str], Path | None]:
    (folder / "a.md").write_text("<!--" * 80_000, encoding="utf-8")
    return _cli("scan", "a.md"), None


def separated_line(folder: Path) -> tuple[list[str], Path | None]:
    (folder / "a.txt").write_text("国·家·" * 700_000, encoding="utf-8")  # 4 MB, one line
    return _cli("scan", "-q", "--statistics", "a.txt"), None


def symlink_loop(folder: Path) -> tuple[list[str], Path | None]:
    (folder / "d").mkdir()
    (folder / "d" / "a.md").write_text("本证书国家认可。\n", encoding="utf-8")
    os.symlink("loop2.md", folder / "d" / "loop1.md")
    os.symlink("loop1.md", folder / "d" / "loop2.md")
    (folder / "e.md").write_text("国家认可。\n", encoding="utf-8")
    return _cli("scan", "d", "e.md"), None


def yaml_tag(where: str) -> Callable[[Path], tuple[list[str], Path | None]]:
    def build(folder: Path) -> tuple[list[str], Path | None]:
        (folder / "t.txt").write_text("本证书国家认可。\n", encoding="utf-8")
        tagged = "!!python/object/apply:os.system ['echo hacked > hacked.txt']"
        if where == "pack":
            (folder / "pack.yaml").write_text(PACK_HEAD.replace("title: t", f"title: {tagged}"), encoding="utf-8")
            return _cli("scan", "--rules", "pack.yaml", "t.txt"), None
        (folder / ".certlint.yaml").write_text(f"fail-on: !custom error\nextra: {tagged}\n", encoding="utf-8")
        return _cli("scan", "t.txt"), None

    return build


def deep_pyproject(folder: Path) -> tuple[list[str], Path | None]:
    (folder / "pyproject.toml").write_text("[tool.certlint]\nx = " + "[" * 2000 + "]" * 2000 + "\n")
    (folder / "t.txt").write_text("本证书国家认可。\n", encoding="utf-8")
    return _cli("scan", "t.txt"), None


def undecodable_pyproject(folder: Path) -> tuple[list[str], Path | None]:
    (folder / "pyproject.toml").write_bytes(b'[tool.certlint]\nfail-on = "never"\n# \xff\xfe\n')
    (folder / "t.txt").write_text("本证书国家认可。\n", encoding="utf-8")
    return _cli("scan", "t.txt"), None


def records_bad(kind: str) -> Callable[[Path], tuple[list[str], Path | None]]:
    def build(folder: Path) -> tuple[list[str], Path | None]:
        good = '{"id": "u1", "text": "本证书国家认可。"}\n'
        if kind == "surrogate":
            bad = '{"id": "u2", "text": "\\ud800 国家认可"}\n'
        else:
            bad = '{"id": "u2", "text": ' + "[" * 100_000 + "]" * 100_000 + "}\n"
        (folder / "c.jsonl").write_text(good + bad + good.replace("u1", "u3"), encoding="utf-8")
        return _cli("scan", "--records", "c.jsonl", "-f", "json", "-o", "r.json"), None

    return build


def truncated_gzip(folder: Path) -> tuple[list[str], Path | None]:
    data = gzip.compress(('{"id": "u", "text": "本证书国家认可。"}\n' * 1000).encode())
    (folder / "cut.jsonl.gz").write_bytes(data[: len(data) // 2])
    (folder / "ok.jsonl").write_text('{"id": "v", "text": "本证书国家认可。"}\n', encoding="utf-8")
    return _cli("scan", "--records", "cut.jsonl.gz", "--records", "ok.jsonl", "-f", "json", "-o", "r.json"), None


def write_to(target: str, *extra: str) -> Callable[[Path], tuple[list[str], Path | None]]:
    def build(folder: Path) -> tuple[list[str], Path | None]:
        (folder / "t.txt").write_text("本证书国家认可。\n", encoding="utf-8")
        (folder / "c.jsonl").write_text('{"id": "u", "text": "本证书国家认可。"}\n', encoding="utf-8")
        return _cli("scan", *extra, target), None

    return build


def utf16_without_bom(folder: Path) -> tuple[list[str], Path | None]:
    (folder / "le.txt").write_bytes("本证书国家认可。\n".encode("utf-16-le"))
    (folder / "be.txt").write_bytes("本证书国家认可。\n".encode("utf-16-be"))
    return _cli("scan", "le.txt", "be.txt"), None


def _pdf(content: bytes, extra: bytes = b"") -> bytes:
    """A one-page PDF whose page content is object 4 (``content``), plus ``extra``."""
    objects = [
        b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n",
        b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n",
        b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R /Resources << >> >> endobj\n",
        content,
        extra,
    ]
    out, offsets = b"%PDF-1.4\n", []
    for item in filter(None, objects):
        offsets.append(len(out))
        out += item
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(offsets) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    return out + b"trailer << /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(offsets) + 1, xref)


def pdf_bomb(folder: Path) -> tuple[list[str], Path | None]:
    import zlib

    bomb = zlib.compress(b"0" * (200 << 20), 9)  # 200 MB of content in 200 kB
    stream = b"4 0 obj << /Length %d /Filter /FlateDecode >> stream\n" % len(bomb) + bomb + b"\nendstream endobj\n"
    (folder / "bomb.pdf").write_bytes(_pdf(stream))
    return _cli("scan", "bomb.pdf"), None


def pdf_cycle(folder: Path) -> tuple[list[str], Path | None]:
    (folder / "cycle.pdf").write_bytes(_pdf(b"4 0 obj [5 0 R] endobj\n", b"5 0 obj [4 0 R] endobj\n"))
    return _cli("scan", "cycle.pdf"), None


def closed_pipe(folder: Path) -> tuple[list[str], Path | None]:
    (folder / "t.txt").write_text("本证书国家认可。\n" * 2000, encoding="utf-8")
    return [
        str(CERTLINT),
        "scan",
        "--fail-on",
        "never",
        "t.txt",
        "|",
        "head",
        "-1",
        ";",
        "exit",
        "${PIPESTATUS[0]}",
    ], None


def escapes(folder: Path) -> tuple[list[str], Path | None]:
    (folder / "t.txt").write_text("本证书国家认可\x1b]0;pwned\x07\x1b[2J。\n", encoding="utf-8")
    (folder / "new\nline.txt").write_bytes(b"\xff\xfe\x00")
    return _cli("scan", "--no-color", "t.txt", "new\nline.txt"), None


def _no_raw_escape(folder: Path, outcome: Outcome) -> str | None:
    text = outcome.stdout + outcome.stderr
    if "\x1b" in text:
        return "a raw ESC character reached the output"
    if any(line.startswith("line.txt") for line in outcome.stderr.splitlines()):
        return "a file name with a newline split an error line"
    return None


def _report_written(folder: Path, outcome: Outcome) -> str | None:
    import json

    try:
        report = json.loads((folder / "r.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return f"JSON report not written or invalid: {exc}"
    return None if report.get("findings") else "JSON report has no findings from the good records"


def _fifo_not_listed(folder: Path, outcome: Outcome) -> str | None:
    return "the FIFO is listed as a file to scan" if "pipe.md" in outcome.stdout else None


CASES = [
    Case("fifo named", fifo_named, (2,), stderr_has=("pipe.md",), stdout_has=("a.md",)),
    Case("fifo in folder", fifo_in_folder, (2,), stderr_has=("pipe.md",), stdout_has=("a.md",)),
    Case("fifo with --list-files", fifo_listed, (2,), stderr_has=("pipe.md",), check=_fifo_not_listed),
    Case("overlapping alternation", overlapping_pattern, (2,), seconds=10, stderr_has=("pack.yaml:",)),
    Case("alias bomb in config", alias_bomb, (2,), seconds=10, stderr_has=(".certlint.yaml",)),
    Case("vocab template bomb", template_bomb, (2,), seconds=10, stderr_has=("pack.yaml:",)),
    Case("/dev/zero", device("/dev/zero"), (2,), seconds=10, stderr_has=("/dev/zero",), stdout_has=("a.md",)),
    Case("/dev/urandom", device("/dev/urandom"), (2,), seconds=10, stderr_has=("/dev/urandom",)),
    Case(
        "/dev/zero on standard input",
        stdin_device,
        (2,),
        seconds=20,
        peak_mb=700,
        stderr_has=("standard input is longer",),
    ),
    Case("--records /dev/zero", records_device, (2,), seconds=10, stderr_has=("/dev/zero",)),
    Case(
        "gzip bomb in --records",
        records_gzip_bomb,
        (2,),
        seconds=30,
        stderr_has=("bomb.jsonl.gz",),
        check=_report_written,
    ),
    Case("100 MB one-line file", long_line, (1,), seconds=60, peak_mb=600),
    Case("210,000 findings, text", many_findings(("-q",)), (1,), seconds=60, peak_mb=400),
    Case("210,000 findings, --statistics", many_findings(("--statistics",)), (1,), seconds=60, peak_mb=400),
    Case("210,000 findings, jsonl", many_findings(("-f", "jsonl")), (1,), seconds=60, peak_mb=400),
    Case("<a x 80,000 in HTML", html_tags, (0,), seconds=10),
    Case("<!-- x 80,000 in Markdown", markdown_comments, (0,), seconds=10),
    Case("国·家· on a 4 MB line", separated_line, (0, 1), seconds=20),
    Case("symlink loop in folder", symlink_loop, (2,), stderr_has=("loop1.md",), stdout_has=("a.md", "e.md")),
    Case("YAML tag in pack", yaml_tag("pack"), (2,), stderr_has=("pack.yaml",)),
    Case("YAML tag in config", yaml_tag("config"), (2,), stderr_has=(".certlint.yaml",)),
    Case("pyproject nested 2,000 deep", deep_pyproject, (2,), stderr_has=("pyproject.toml",)),
    Case("pyproject not UTF-8", undecodable_pyproject, (2,), stderr_has=("pyproject.toml",)),
    Case(
        "record with a lone surrogate", records_bad("surrogate"), (2,), stderr_has=("c.jsonl:2",), check=_report_written
    ),
    Case("record nested 100,000 deep", records_bad("deep"), (2,), stderr_has=("c.jsonl:2",), check=_report_written),
    Case("truncated .gz corpus", truncated_gzip, (2,), stderr_has=("cut.jsonl.gz",), check=_report_written),
    Case(
        "jsonl to /dev/full",
        write_to("/dev/full", "--records", "c.jsonl", "-f", "jsonl", "-o"),
        (2,),
        stderr_has=("/dev/full",),
    ),
    Case(
        "report into a missing folder",
        write_to("missing/r.json", "t.txt", "-f", "json", "-o"),
        (2,),
        stderr_has=("missing/r.json",),
    ),
    Case(
        "jsonl into a missing folder",
        write_to("missing/r.jsonl", "--records", "c.jsonl", "-f", "jsonl", "-o"),
        (2,),
        stderr_has=("missing/r.jsonl",),
    ),
    Case(
        "baseline into a missing folder",
        write_to("missing/b.json", "t.txt", "--write-baseline"),
        (2,),
        stderr_has=("missing/b.json",),
    ),
    Case("UTF-16 without BOM", utf16_without_bom, (1,), stdout_has=("le.txt", "be.txt")),
    Case(
        "PDF content that decompresses to 200 MB",
        pdf_bomb,
        (2,),
        stderr_has=("bomb.pdf: page 1: text not read: its content decompresses past",),
    ),
    Case(
        "PDF content in a reference cycle",
        pdf_cycle,
        (2,),
        stderr_has=("cycle.pdf: page 1: text not read: malformed content",),
    ),
    Case("closed pipe, --fail-on never", closed_pipe, (0,), shell=True),
    Case("terminal escapes in text and names", escapes, (1, 2), check=_no_raw_escape),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="run the cases whose name contains this")
    parser.add_argument("--check", action="store_true", help="exit 1 if any case breaks its bounds")
    parser.add_argument("--cap", type=float, default=TIME_CAP, help="seconds before a case is killed")
    args = parser.parse_args()
    failed = 0
    print(f"{'case':<40} {'exit':>5} {'seconds':>8} {'peak MB':>8}  problems")
    for case in CASES:
        if args.only not in case.name:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            outcome = run(case, Path(tmp), args.cap)
            found = problems(case, Path(tmp), outcome)
        failed += bool(found)
        code = "kill" if outcome.code is None or outcome.code == -9 else str(outcome.code)
        print(f"{case.name:<40} {code:>5} {outcome.seconds:8.1f} {outcome.peak_mb:8.0f}  {'; '.join(found)}")
    return 1 if args.check and failed else 0


if __name__ == "__main__":
    sys.exit(main())
