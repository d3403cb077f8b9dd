"""Engine: findings carry exact original positions; scan_paths keeps going past bad inputs."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from certlint import Finding, Linter, Severity, scan_text
from certlint.inputs.document import Document
from certlint.matching.normalize import normalize
from certlint.packs.model import default_pack_paths


def test_positions_count_code_points_on_the_right_line():
    text = "第一行\r\n第二行：本证书國家認可\n\n✅ 包过"
    findings = scan_text(text, "ad.txt")
    assert [(f.line, f.column, f.end_line, f.end_column, f.match, f.rule) for f in findings] == [
        (2, 8, 2, 12, "國家認可", "CL201"),
        (4, 3, 4, 5, "包过", "CL204"),
    ]
    first = findings[0]
    assert first.path == "ad.txt"
    assert first.severity is Severity.ERROR
    assert first.clauses == ("一(二)",)
    assert first.excerpt == "第二行：本证书國家認可"
    assert first.excerpt_offset == 7


def test_old_mac_line_endings_and_astral_characters():
    findings = scan_text("a\rb\r𠀀𠀀包过")
    assert [(f.line, f.column, f.end_column) for f in findings] == [(3, 3, 5)]


def test_long_line_excerpt_is_cut_around_the_match():
    text = "课" * 500 + "包过" + "课" * 500
    (finding,) = scan_text(text)
    assert finding.column == 501
    assert len(finding.excerpt) == 102
    assert finding.excerpt[finding.excerpt_offset : finding.excerpt_offset + 2] == "包过"


def test_to_dict_is_the_pinned_shape():
    (finding,) = scan_text("包过", "x.txt")
    assert finding.to_dict() == {
        "path": "x.txt",
        "line": 1,
        "column": 1,
        "end_line": 1,
        "end_column": 3,
        "rule": "CL204",
        "severity": "error",
        "clauses": ["一(二)"],
        "match": "包过",
        "message": finding.message,
        "suggestion": finding.suggestion,
    }
    assert isinstance(finding, Finding)


def test_scan_paths_collects_errors_and_goes_on(tmp_path, write):
    good = write("ad.txt", "保过班")
    empty = write("empty.txt", "")
    result = Linter.from_default().scan_paths([str(tmp_path / "nope.txt"), str(empty), str(good)])
    assert result.files == 2  # the empty file is scanned (and clean); the missing one is not
    assert [f.rule for f in result.findings] == ["CL204"]
    assert [(e.path, e.message) for e in result.errors] == [(str(tmp_path / "nope.txt"), "no such file or directory")]


def test_findings_sorted_by_path_line_column_rule(tmp_path, write):
    write("b.txt", "包过\n国家认可")
    write("a.txt", "x\n终身有效，包过")
    result = Linter.from_default().scan_paths([str(tmp_path)])
    assert [(f.path.rsplit("/", 1)[1], f.line, f.column, f.rule) for f in result.findings] == [
        ("a.txt", 2, 1, "CL403"),
        ("a.txt", 2, 6, "CL204"),
        ("b.txt", 1, 1, "CL204"),
        ("b.txt", 2, 1, "CL201"),
    ]


# Property: whatever the text, every finding's span is the original text of a rule term
# (after normalization) and the positions agree with the span.

_PIECES = st.sampled_from(
    [
        "国家认可",
        "國家認可",
        "包过",
        "包過",
        "滤",
        "全国通用",
        "中华",
        "鲟",
        "终身有效",
        "\n",
        "\r\n",
        "，",
        " ",
        "课",
        "a",
        "１",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_finding_spans_are_faithful(text):
    linter = _LINTER
    lines = text.replace("\r\n", "\n").split("\n")
    for finding in linter.scan_text(text):
        rule = linter.rule(finding.rule)
        assert normalize(finding.match) in rule.terms
        assert finding.line == finding.end_line
        line = lines[finding.line - 1].rstrip("\r")
        assert line[finding.column - 1 : finding.end_column - 1] == finding.match


_LINTER = Linter.from_default()


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("ab国\n\r"), max_size=60),
    st.lists(st.integers(min_value=0, max_value=60), max_size=12),
)
def test_line_index_agrees_with_a_naive_count(text, offsets):
    from certlint.engine import _LineIndex

    index = _LineIndex(text)
    # (an offset between the \r and \n of one line break never starts a finding)
    for offset in (o for o in offsets if o <= len(text) and text[o - 1 : o + 1] != "\r\n"):
        line = text[:offset].replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1
        starts = [0] + [
            i + 1 for i, ch in enumerate(text) if ch == "\n" or (ch == "\r" and text[i + 1 : i + 2] != "\n")
        ]
        line_start = max(s for s in starts if s <= offset)
        assert index.position(offset) == (line, offset - line_start + 1), (text, offset)


# -- the one way in: Linter.scan(document) --------------------------------------------


def test_scan_places_a_chunk_of_a_streamed_file_in_the_file():
    # The chunk starts on line 41 of the file, 7 characters into that line.
    chunk = Document("big.txt", "包过。\n第二行国家认可\n", first_line=41, first_column=7)
    findings = Linter.from_default().scan(chunk)
    assert [(f.path, f.line, f.column, f.end_line, f.end_column, f.rule) for f in findings] == [
        ("big.txt", 41, 8, 41, 10, "CL204"),
        ("big.txt", 42, 4, 42, 8, "CL201"),
    ]


def test_scan_of_a_chunk_reads_suppressions_in_its_own_lines_then_places_them():
    text = "<!-- certlint-disable-next-line CL204 -->\n包过\n国家认可 <!-- certlint-disable-line CL999 -->\n"
    findings = Linter.from_default().scan(Document("big.txt", text, first_line=10, first_column=3))
    assert [(f.line, f.column, f.rule) for f in findings] == [(12, 1, "CL201"), (12, 11, "CL001")]


def test_scan_names_the_record_of_a_corpus_document():
    document = Document("crawl.jsonl", "全国通用", record="https://example.org/a", order=7)
    (finding,) = Linter.from_default().scan(document)
    assert (finding.path, finding.record, finding.order, finding.line) == ("crawl.jsonl", "https://example.org/a", 7, 1)


def test_scan_adds_what_was_turned_off_to_allowed_only_when_asked():
    linter = Linter.from_default()
    document = Document("ad.txt", "本机构不承诺包过。")
    assert linter.scan(document) == []
    allowed: list[Finding] = []
    assert linter.scan(document, allowed=allowed) == []
    assert [(a.rule, a.line, a.column, a.message) for a in allowed] == [
        ("CL204", 1, 7, "not flagged: context denial ('不承诺')")
    ]


def test_every_convenience_gives_what_scan_gives(tmp_path):
    from certlint.inputs.reading import read_document
    from certlint.inputs.records import Record

    text = "第一行\n本证书国家认可，包过。\n"
    linter = Linter.from_default()
    (tmp_path / "ad.txt").write_text(text, encoding="utf-8")
    path = str(tmp_path / "ad.txt")
    expected = linter.scan(read_document(path))
    assert linter.scan_text(text, path) == expected
    assert linter.scan_paths([path]).findings == expected
    record = Record(id="r1", text=text, line=1, index=0)
    assert [(f.line, f.column, f.rule) for f in linter.scan_record(record, "c.jsonl")] == [
        (f.line, f.column, f.rule) for f in expected
    ]


# -- two packs on one span --------------------------------------------------------------

SECOND_PACK = """
pack: house-rules
title: 内部宣传规范
version: "1"
source: {title: 内部宣传规范, number: 内规1号, date: 2024-01-01}
clauses:
  内(一): 不得承诺考试结果。
rules:
  - id: HR001
    name: no-pass-promise
    severity: warning
    clauses: [内(一)]
    message: 承诺考试结果。
    suggestion: 删除。
    terms: [包过, 保过班]
    examples: {bad: [包过], good: [培训]}
"""


def test_two_packs_flagging_one_span_give_one_finding_citing_both(tmp_path):
    pack = tmp_path / "house.yaml"
    pack.write_text(SECOND_PACK, encoding="utf-8")
    notice = next(path for path in default_pack_paths() if path.stem == "mohrss-2022-25")
    linter = Linter.from_packs([notice, pack])
    findings = linter.scan_text("本期包过！另有保过班。")
    assert [(f.rule, f.match, f.clauses, f.severity.value) for f in findings] == [
        ("CL204", "包过", ("一(二)", "内(一)"), "error"),  # the first pack's rule, both bases
        ("CL204", "保过班", ("一(二)", "内(一)"), "error"),
    ]
    alone = Linter.from_packs([pack]).scan_text("本期包过！")
    assert [(f.rule, f.clauses) for f in alone] == [("HR001", ("内(一)",))]
    skipped = linter.scan(Document("a.md", "本期包过！"), skip=("HR",))
    assert [(f.rule, f.clauses) for f in skipped] == [("CL204", ("一(二)",))]
