"""Adoption (issue 13): certlint skips its own files, an empty page is clean, a run with
input errors says so, the Chinese interface, --format concise, rule ids in any case,
--stdin-filename. Every test runs the installed console script, as a user would."""

from __future__ import annotations

import json
import unicodedata

import pytest

from documents import make_docx

from conftest import run_process

ZH = {"LC_ALL": "zh_CN.UTF-8"}


def _cells(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in line)


# -- certlint's own files --------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "sarif", "jsonl", "html"])
def test_a_report_in_the_scanned_tree_is_skipped_not_scanned(tmp_path, fmt):
    (tmp_path / "courses").mkdir()
    (tmp_path / "courses" / "a.md").write_text("本证书国家认可，包过。\n", encoding="utf-8")
    # Names a directory scan picks up (.sarif and .jsonl are not scanned at all).
    report = {"json": "certlint.json", "sarif": "sarif.json", "jsonl": "findings.json", "html": "report.html"}[fmt]
    first = run_process("scan", ".", "-f", fmt, "-o", report, cwd=tmp_path)
    assert first.code == 1
    again = run_process("scan", ".", "-f", "json", cwd=tmp_path)
    assert again.code == 1
    assert {f["path"] for f in again.json()["findings"]} == {"courses/a.md"}
    kind = {"json": "JSON report", "sarif": "SARIF report", "jsonl": "JSON Lines report", "html": "HTML report"}[fmt]
    assert again.stderr == f"certlint: skipped: {report}: certlint's own {kind}, not scanned\n"


def test_the_baseline_named_on_the_command_line_is_skipped_and_the_run_is_clean(tmp_path):
    (tmp_path / "a.md").write_text("本证书国家认可。\n", encoding="utf-8")
    assert run_process("scan", ".", "--write-baseline", "base.json", cwd=tmp_path).code == 0
    # What pre-commit does when the baseline is staged: it names it with the other files.
    run = run_process("scan", "--baseline", "base.json", "a.md", "base.json", cwd=tmp_path)
    assert run.code == 0, run.stdout + run.stderr
    assert run.stderr == "certlint: skipped: base.json: certlint's own baseline, not scanned\n"
    assert run.stdout.splitlines()[-3:] == [
        "No findings; 1 file scanned.",
        "1 file of certlint's own (report, baseline, checkpoint) skipped (listed on stderr).",
        "1 known finding hidden by the baseline.",
    ]


def test_a_file_that_only_mentions_certlint_is_scanned(tmp_path):
    page = tmp_path / "notes.json"
    page.write_text('{"tool": "certlint", "note": "本证书国家认可"}\n', encoding="utf-8")
    run = run_process("scan", str(page), "-f", "concise")
    assert run.code == 1
    assert "error[CL201] 国家认可" in run.stdout


def test_an_empty_file_named_explicitly_is_clean_and_an_empty_folder_an_error(tmp_path):
    (tmp_path / "new.md").write_text("", encoding="utf-8")
    run = run_process("scan", "new.md", cwd=tmp_path)
    assert (run.code, run.stdout, run.stderr) == (0, "No findings; 1 file scanned.\n", "")
    (tmp_path / "empty").mkdir()
    folder = run_process("scan", "empty", cwd=tmp_path)
    assert folder.code == 2
    assert folder.stderr.startswith("certlint: error: empty: no files to scan in this directory (looked for *.txt")


def test_a_run_with_input_errors_never_ends_as_if_all_were_well(tmp_path):
    (tmp_path / "good.md").write_text("学员须完成全部课时。\n", encoding="utf-8")
    run = run_process("scan", "good.md", "missing.md", cwd=tmp_path)
    assert run.code == 2
    assert run.stdout.splitlines() == [
        "No findings in the 1 file scanned.",
        "1 input error (listed on stderr): some text was not scanned; exit code 2.",
    ]
    as_json = run_process("scan", "good.md", "missing.md", "-f", "json", cwd=tmp_path).json()
    assert as_json["summary"]["files"] == 1  # what was scanned, not what was named
    assert as_json["errors"] == [{"path": "missing.md", "message": "no such file or directory"}]


def test_a_finished_records_scan_with_bad_records_leaves_no_checkpoint(tmp_path):
    corpus = tmp_path / "crawl.jsonl"
    corpus.write_text('{"id": "a", "text": "包过"}\n{broken\n{"id": "c", "text": "ok"}\n', encoding="utf-8")
    run = run_process("scan", "--records", str(corpus), "-f", "jsonl", "-o", "out.jsonl", cwd=tmp_path)
    assert run.code == 2
    assert run.stdout == "certlint: 1 finding (1 error) written to out.jsonl; 1 input error (listed on stderr)\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["crawl.jsonl", "out.jsonl"]


def test_github_annotations_of_a_word_file_name_the_place(tmp_path):
    make_docx(tmp_path / "brochure.docx")
    run = run_process("scan", "brochure.docx", "-f", "github", cwd=tmp_path)
    lines = [line for line in run.stdout.splitlines() if "CL201" in line]
    assert lines and all("line=" not in line.split("::")[1] for line in lines)
    assert any(line.split("::", 2)[2].startswith("P3: 国家认可:") for line in lines), lines


# -- the interface ---------------------------------------------------------------------


def test_the_text_summary_follows_the_locale(tmp_path):
    (tmp_path / "ad.md").write_text("本证书国家认可，包过。含金量高！\n", encoding="utf-8")
    english = run_process("scan", "ad.md", cwd=tmp_path)
    assert english.stdout.splitlines()[-2:] == [
        "Found 3 findings (2 errors, 1 warning) in 1 of 1 file scanned.",
        "By clause: 一(二) 2, 一(四) 1",
    ]
    for chinese in (
        run_process("scan", "ad.md", cwd=tmp_path, **ZH),
        run_process("scan", "--lang", "zh", "ad.md", cwd=tmp_path),
    ):
        assert chinese.code == 1
        assert chinese.stdout.splitlines()[-2:] == [
            "共发现 3 个问题（2 个错误，1 个警告），分布在已检查的 1 个文件中的 1 个。",
            "按条款：一(二) 2，一(四) 1",
        ]
    # Machine formats do not change with the language.
    assert (
        run_process("scan", "ad.md", "-f", "json", cwd=tmp_path, **ZH).stdout
        == run_process("scan", "ad.md", "-f", "json", cwd=tmp_path).stdout
    )


def test_lang_before_the_command_and_an_unknown_language(tmp_path):
    (tmp_path / "a.md").write_text("学员须完成全部课时。\n", encoding="utf-8")
    assert run_process("--lang", "zh", "scan", "a.md", cwd=tmp_path).stdout == "未发现问题；已检查 1 个文件。\n"
    bad = run_process("scan", "--lang", "fr", "a.md", cwd=tmp_path)
    assert (bad.code, bad.stderr) == (2, "certlint: error: unknown language 'fr' (expected en or zh)\n")


def test_help_is_chinese_in_a_chinese_locale_with_whole_descriptions_and_examples():
    english = run_process("--help").stdout
    chinese = run_process("--help", **ZH).stdout
    assert "Examples:" in english and "示例：" in chinese
    assert "  certlint scan ad.md -f concise          one line per finding" in english
    assert "检查证书、课程简章和招生广告" in chinese and "显示此帮助并退出。" in chinese
    assert chinese.startswith("用法：certlint") and "\n选项:\n" in chinese and "\n命令:\n" in chinese
    assert english.startswith("Usage: certlint") and "\nOptions:\n" in english
    for text in (english, chinese):
        commands = text[text.index("Commands:" if text is english else "命令:") :].splitlines()[1:6]
        assert [line.split()[0] for line in commands] == ["scan", "init", "explain", "lsp", "rules"]
        assert not any(line.rstrip().endswith("...") for line in commands), commands
    scan_help = run_process("scan", "--help", **ZH).stdout
    assert "只输出问题：不显示汇总和进度条。" in scan_help
    assert "cat ad.md | certlint scan --stdin-filename pages/ad.md" in scan_help


def test_rules_list_is_sorted_by_id_and_fits_80_columns_with_whole_ids(tmp_path):
    run = run_process("rules", "list", COLUMNS="80")
    lines = run.stdout.splitlines()
    assert max(_cells(line.rstrip()) for line in lines) <= 80
    ids = [line.split()[0] for line in lines[3:] if line[:2] == "CL"]
    assert ids == sorted(ids) and len(ids) == 42
    assert sum(1 for line in lines if line[:2] == "AD" and line[:3] != "ADM") == 19  # the second shipped pack
    assert [line.split()[0] for line in lines if line[:3] == "ADM"] == ["ADM241", "ADM243", "ADM92", "ADM93"]
    assert all(len(rule) == 5 for rule in ids)
    assert "承诺包过" in run.stdout and "pass-guarantee" in run.stdout
    chinese = run_process("rules", "list", COLUMNS="80", **ZH).stdout
    assert chinese.splitlines()[1].split() == ["编号", "级别", "条款", "名称", "/", "英文名"]


def test_explain_takes_ids_in_any_case_and_covers_the_suppression_rules():
    run = run_process("explain", "cl002", **ZH)
    assert run.code == 0
    assert run.stdout.startswith("CL002 unused-suppression 多余的抑制注释 (warning)\n")
    for heading in ("检查什么", "为什么是问题", "如何修改"):
        assert f"\n{heading}\n" in run.stdout
    assert run_process("explain", "Cl001").stdout.startswith("CL001 unknown-rule-in-suppression")


def test_select_ignore_and_suppressions_take_ids_in_any_case(tmp_path):
    (tmp_path / "ad.md").write_text(
        "本证书国家认可，包过。\n<!-- certlint-disable-next-line cl204 -->\n包过\n", encoding="utf-8"
    )

    def rules(*args: str) -> list[str]:
        return [f["rule"] for f in run_process("scan", "ad.md", "-f", "json", *args, cwd=tmp_path).json()["findings"]]

    assert rules() == ["CL201", "CL204"]
    assert rules("--select", "cl204") == ["CL204"]
    assert rules("--ignore", "cl2") == []


def test_concise_format_is_one_line_per_finding(tmp_path):
    (tmp_path / "ad.md").write_text("本证书国家认可，包过。\n", encoding="utf-8")
    run = run_process("scan", "ad.md", "-f", "concise", cwd=tmp_path)
    assert run.code == 1
    assert run.stdout.splitlines() == [
        "ad.md:1:4: error[CL201] 国家认可 — 宣称证书“国家认可”“全国通用”等，假借国家名义进行夸大宣传。",
        "ad.md:1:9: error[CL204] 包过 — 承诺“包过”“不过退款”等考试通过结果，属于虚假或夸大宣传。",
        "Found 2 findings (2 errors) in 1 of 1 file scanned.",
        "By clause: 一(二) 2",
    ]
    quiet = run_process("scan", "ad.md", "-f", "concise", "-q", cwd=tmp_path)
    assert len(quiet.stdout.splitlines()) == 2


def test_stdin_filename_names_the_input_and_chooses_its_format_and_config(tmp_path):
    (tmp_path / ".certlint.yaml").write_text("per-file-ignores:\n  'legacy/*': [cl204]\n", encoding="utf-8")
    page = "# 课程\n\n<!-- 国家认可 -->\n本证书全国通用，包过。\n".encode()
    run = run_process("scan", "--stdin-filename", "pages/ad.md", "-f", "json", input=page, cwd=tmp_path)
    found = [(f["path"], f["line"], f["rule"]) for f in run.json()["findings"]]
    # Read as Markdown: the HTML comment is not prose; reported under the given name.
    assert found == [("pages/ad.md", 4, "CL201"), ("pages/ad.md", 4, "CL204")]
    legacy = run_process("scan", "--stdin-filename", "legacy/ad.md", "-f", "json", input=page, cwd=tmp_path)
    assert [f["rule"] for f in legacy.json()["findings"]] == ["CL201"]
    both = run_process("scan", "--stdin-filename", "x.md", "other.md", input=page, cwd=tmp_path)
    assert both.code == 2 and "--stdin-filename reads standard input" in both.stderr


def test_json_contract_is_unchanged_by_the_new_rule_titles(tmp_path):
    (tmp_path / "a.md").write_text("包过\n", encoding="utf-8")
    (finding,) = run_process("scan", "a.md", "-f", "json", cwd=tmp_path).json()["findings"]
    assert list(finding) == [
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "rule",
        "severity",
        "clauses",
        "match",
        "message",
        "suggestion",
    ]
    json.dumps(finding)


def test_input_errors_read_in_the_interface_language_and_json_keeps_english(tmp_path):
    (tmp_path / "a.md").write_text("学员须完成全部课时。\n", encoding="utf-8")
    chinese = run_process("scan", "a.md", "missing.md", cwd=tmp_path, **ZH)
    assert chinese.stderr == "certlint: error: missing.md: 没有这个文件或目录\n"
    assert chinese.stdout.splitlines()[-1] == "1 个输入错误（见标准错误输出）：有内容未能检查；退出码为 2。"
    as_json = run_process("scan", "a.md", "missing.md", "-f", "json", cwd=tmp_path, **ZH).json()
    assert as_json["errors"] == [{"path": "missing.md", "message": "no such file or directory"}]
