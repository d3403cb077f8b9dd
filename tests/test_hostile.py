"""Hostile inputs (issue 11): every case of benchmarks/hostile.py runs the installed CLI
under a time and memory limit and must end as stated (exit code, one line naming the
input, bounded seconds and peak RSS); then the mechanisms behind them, one by one."""

from __future__ import annotations

import json
import os
import sys
import threading
from pathlib import Path

import pytest
import yaml

from certlint import Linter
from certlint.findings import Finding, printable
from certlint.gate.baseline import Baseline, write_baseline
from certlint.inputs.discovery import DiscoveredFile, discover
from certlint.inputs.reading import decode, stream_text
from certlint.inputs.records import MAX_RECORD, CorpusError, iter_records
from certlint.inputs.source import SourceError
from certlint.packs.loader import parse_pack
from certlint.packs.model import PackError, Severity
from certlint.packs.yamlsafe import unsafe
from certlint.pipeline import iter_files

from conftest import REPO, run_process

sys.path.insert(0, str(REPO / "benchmarks"))
import hostile

SLOW = {"100 MB one-line file", "210,000 findings, text", "210,000 findings, --statistics", "210,000 findings, jsonl"}


@pytest.mark.parametrize(
    "case",
    [pytest.param(c, marks=pytest.mark.slow) if c.name in SLOW else c for c in hostile.CASES],
    ids=[c.name for c in hostile.CASES],
)
def test_hostile_input_ends_as_stated(case, tmp_path):
    outcome = hostile.run(case, tmp_path, cap=120)
    assert hostile.problems(case, tmp_path, outcome) == [], outcome.stderr[-2000:]


# -- inputs that are not regular files ------------------------------------------------------


def test_only_regular_files_are_read_and_the_others_are_named(tmp_path):
    (tmp_path / "a.md").write_text("国家认可。\n", encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.md")
    os.symlink("missing.md", tmp_path / "broken.md")
    found = list(discover([str(tmp_path)]))
    assert [f.path for f in found if isinstance(f, DiscoveredFile)] == [f"{tmp_path}/a.md"]
    assert {(e.path, e.message) for e in found if isinstance(e, SourceError)} == {
        (f"{tmp_path}/broken.md", "broken symbolic link"),
        (f"{tmp_path}/pipe.md", "a FIFO (named pipe), not a regular file: not read"),
    }
    named = list(discover(["/dev/zero"]))
    assert [(e.path, e.message) for e in named] == [("/dev/zero", "a character device, not a regular file: not read")]


def test_a_folder_that_cannot_be_listed_is_named(tmp_path, monkeypatch):
    # Tests run as root, who can list anything: the failure os.walk reports is simulated.
    (tmp_path / "a.md").write_text("国家认可。\n", encoding="utf-8")
    real_walk = os.walk

    def walk(top, onerror=None, **kwargs):
        onerror(PermissionError(13, "Permission denied", f"{tmp_path}/locked"))
        yield from real_walk(top, onerror=onerror, **kwargs)

    monkeypatch.setattr(os, "walk", walk)
    errors = [e for e in discover([str(tmp_path)]) if isinstance(e, SourceError)]
    assert [(e.path, e.message) for e in errors] == [(f"{tmp_path}/locked", "cannot read directory: Permission denied")]


def test_source_errors_travel_to_worker_processes():
    import pickle

    error = pickle.loads(pickle.dumps(SourceError("d/x.md", "binary file", binary=True)))
    assert (error.path, error.message, error.binary) == ("d/x.md", "binary file", True)


# -- YAML -------------------------------------------------------------------------------------


def test_aliases_that_expand_too_far_and_foreign_tags_are_refused_before_construction():
    names = ["a", *(f"b{i}" for i in range(6))]
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{name}: &{name} [{', '.join(['*' + names[i]] * 10)}]\n" for i, name in enumerate(names[1:])
    )
    assert unsafe(yaml.compose(bomb)) == (6, "aliases expand to more than 1,000,000 nodes")
    assert unsafe(yaml.compose("a: !!python/object/apply:os.system [ls]\n"))[1].startswith(
        "tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed"
    )
    assert unsafe(yaml.compose("a: &x [1, *x]\n")) == (1, "an alias refers to the node that holds it")
    assert unsafe(yaml.compose("a: &x [1, 2]\nb: *x\nc: {<<: {d: 1}}\n")) is None


def _pack(rule: str) -> str:
    return hostile.PACK_HEAD + "rules:\n  - id: H101\n    name: h\n    severity: error\n    clauses: [一(一)]\n" + rule


@pytest.mark.parametrize(
    "pattern",
    ["(?:国|国国)+家认", "(?:国|国家)*认", "(?:a|b?)+认", "(?:国家|国)+认"],
)
def test_patterns_that_repeat_ambiguous_alternatives_are_refused_with_file_and_line(pattern):
    text = _pack(
        f"    message: m\n    suggestion: s\n    terms: [认]\n    pattern: '{pattern}'\n"
        "    examples: {bad: [国家认], good: [家]}\n"
    )
    with pytest.raises(PackError, match=r"p\.yaml:\d+: rule H101: pattern repeats alternatives"):
        parse_pack(text, "p.yaml")


@pytest.mark.parametrize("pattern", ["(?:国家|人社)+认", "(?:ab|ac)+认", "(?:国|国国){0,3}认"])
def test_patterns_whose_repeats_cannot_backtrack_exponentially_load(pattern):
    text = _pack(
        f"    message: m\n    suggestion: s\n    terms: [认]\n    pattern: '{pattern}'\n"
        "    examples: {bad: [国家认], good: [家]}\n"
    )
    if "国家|人社" in pattern or "ab|ac" in pattern:
        text = text.replace("bad: [国家认]", "bad: [人社认]" if "人社" in pattern else "bad: [ab认]")
    parse_pack(text, "p.yaml")


def test_a_template_that_expands_too_far_is_refused_with_file_and_line():
    words = ", ".join(f"词{i}" for i in range(100))
    text = (
        hostile.PACK_HEAD
        + f"vocab:\n  v: [{words}]\n"
        + (
            "rules:\n  - id: H101\n    name: h\n    severity: error\n    clauses: [一(一)]\n"
            "    message: m\n    suggestion: s\n    terms: ['{v}{v}{v}']\n    examples: {bad: [词1词1词1], good: [家]}\n"
        )
    )
    with pytest.raises(PackError, match=r"p\.yaml:\d+: rule H101: '\{v\}\{v\}\{v\}' expands to 1,000,000 terms"):
        parse_pack(text, "p.yaml")


# -- records ------------------------------------------------------------------------------------


def test_a_record_longer_than_the_limit_stops_the_corpus_after_the_records_before_it(tmp_path, monkeypatch):
    monkeypatch.setattr("certlint.inputs.records.MAX_RECORD", 100)
    corpus = tmp_path / "c.jsonl"
    corpus.write_text('{"id": "a", "text": "国家认可"}\n' + "x" * 500 + "\n", encoding="utf-8")
    items = iter_records(str(corpus))
    assert next(items).id == "a"
    with pytest.raises(CorpusError, match="line 2 is longer than"):
        next(items)
    assert MAX_RECORD == 64 << 20


def test_records_with_surrogates_or_deep_nesting_are_record_errors(tmp_path):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(
        '{"id": "\\udfff", "text": "国家认可"}\n{"id": "b", "text": ' + "[" * 50_000 + "]" * 50_000 + "}\n",
        encoding="utf-8",
    )
    assert [(e.line, e.message) for e in iter_records(str(corpus))] == [
        (1, "field 'id' holds a lone surrogate (\\udfff)"),
        (2, "invalid JSON: nested too deeply"),
    ]


# -- long lines, many findings --------------------------------------------------------------------


def test_a_long_line_is_cut_into_chunks_whose_columns_add_up(tmp_path):
    line = ("国家认可。" + "x" * 20) * 40
    (tmp_path / "a.txt").write_text(line + "\n第二行国家认可\n", encoding="utf-8")
    chunks = list(stream_text(str(tmp_path / "a.txt"), chunk_size=64))
    assert "".join(c for c, _, _ in chunks) == line + "\n第二行国家认可\n"
    assert all(len(c) <= 64 * 5 for c, _, _ in chunks)
    place = 0
    for chunk, first_line, first_column in chunks:
        if first_line == 1:
            assert first_column == place
        place = place + len(chunk) if "\n" not in chunk else 0


def test_findings_of_a_file_scanned_in_chunks_are_those_of_a_whole_scan(tmp_path, monkeypatch):
    text = ("本证书国家认可，全国通用。" + "说明文字" * 30) * 400 + "\n" + "包过班。\n" * 50
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    linter = Linter.from_default()
    whole = [(f.line, f.column, f.rule) for f in linter.scan_text(text, str(tmp_path / "a.txt"))]
    monkeypatch.setattr("certlint.inputs.reading.STREAM_THRESHOLD", 1000)
    monkeypatch.setattr("certlint.inputs.reading.CHUNK_SIZE", 512)
    monkeypatch.setattr("certlint.inputs.reading.stream_text.__defaults__", (512,))
    parts = list(iter_files(linter, [DiscoveredFile(str(tmp_path / "a.txt"), True)]))
    assert len(parts) > 3
    chunked = [(f.line, f.column, f.rule) for p in parts for f in p.findings]
    assert chunked == whole


def test_a_baseline_absorbs_each_entry_once_across_the_parts_of_a_scan(tmp_path):
    def finding(line: int) -> Finding:
        return Finding("a.md", line, 1, line, 5, "CL201", Severity.ERROR, ("一(二)",), "国家认可", "m", "s")

    write_baseline(tmp_path / "b.json", [finding(1)])
    baseline = Baseline(tmp_path / "b.json")
    first, absorbed = baseline.filter([finding(1)])
    second, again = baseline.filter([finding(9)])
    assert (first, absorbed) == ([], 1)
    assert (len(second), again) == (1, 0)


def test_a_streamed_text_report_equals_the_collected_one(tmp_path):
    for name in ("b.md", "a.md", "c.md"):
        (tmp_path / name).write_text(f"{name} 本证书国家认可，包过。\n", encoding="utf-8")
    streamed = run_process("scan", "--no-color", "c.md", "a.md", "b.md", cwd=tmp_path)
    collected = run_process("scan", "--no-color", "-f", "json", "c.md", "a.md", "b.md", cwd=tmp_path)
    paths = [line.split(":")[0] for line in streamed.stdout.splitlines() if ": error[" in line]
    assert paths == [f["path"] for f in json.loads(collected.stdout)["findings"]]
    assert streamed.stdout.rstrip().endswith("By clause: 一(二) 6")
    assert streamed.code == 1


# -- output ------------------------------------------------------------------------------------


def test_control_characters_are_shown_escaped():
    assert printable("国家认可\x1b]0;pwned\x07") == "国家认可\\x1b]0;pwned\\x07"
    assert printable("a\nb\u202ec") == "a\\nb\\u202ec"
    assert printable("普通 文本") == "普通 文本"


def test_utf16_without_bom_is_read_and_binary_with_nuls_is_not():
    for encoding in ("utf-16-le", "utf-16-be"):
        assert decode("本证书国家认可。\n".encode(encoding)) == ("本证书国家认可。\n", encoding)
    with pytest.raises(SourceError, match="binary file"):
        decode(bytes(range(256)) * 8)


def test_two_scans_writing_one_report_leave_valid_json(tmp_path):
    (tmp_path / "a.md").write_text("本证书国家认可。\n" * 3000, encoding="utf-8")
    codes: list[int] = []

    def scan() -> None:
        codes.append(run_process("scan", "-q", "-f", "json", "-o", "r.json", "a.md", cwd=tmp_path).code)

    threads = [threading.Thread(target=scan) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert codes == [1, 1, 1, 1]
    assert len(json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["findings"]) == 3000
    assert not [p for p in Path(tmp_path).iterdir() if p.name.startswith(".r.json")]


def test_a_second_scan_streaming_into_the_same_report_is_refused(tmp_path):
    import fcntl

    (tmp_path / "c.jsonl").write_text('{"id": "u", "text": "本证书国家认可。"}\n', encoding="utf-8")
    (tmp_path / "out.jsonl").write_text("kept\n", encoding="utf-8")
    with open(tmp_path / "out.jsonl", "a") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        run = run_process("scan", "--records", "c.jsonl", "-f", "jsonl", "-o", "out.jsonl", cwd=tmp_path)
    assert run.code == 2
    assert run.stderr == (
        "certlint: error: out.jsonl: another certlint scan is writing this report; "
        "wait for it or choose another --output\n"
    )
    assert (tmp_path / "out.jsonl").read_text(encoding="utf-8") == "kept\n"
