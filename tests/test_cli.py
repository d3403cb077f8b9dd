"""The command line as a user sees it: exit codes, output shapes, errors on stderr."""

from __future__ import annotations

import textwrap

import pytest

from certlint import __version__
from certlint.packs.loader import load_pack
from certlint.packs.model import default_pack_paths

from conftest import EXAMPLES, REPO, run_cli, run_process

DEFAULT_PACK = load_pack(default_pack_paths()[0])
PACK_ENTRY = {"id": "mohrss-2022-25", "version": DEFAULT_PACK.version}
BAD_AD = "本证书国家认可，全国通用。\n报名即包过！\n"
WARNING_ONLY = "证书含金量高。\n"


def test_version():
    run = run_cli("--version")
    assert (run.code, run.stdout) == (0, f"certlint {__version__}\n")


def test_text_report_shows_place_rule_line_message_fix_and_clause(write):
    path = write("ad.txt", BAD_AD)
    run = run_cli("scan", str(path))
    assert run.code == 1
    lines = run.stdout.splitlines()
    assert lines[:7] == [
        f"{path}:1:4: error[CL201] 国家认可",
        " 1 | 本证书国家认可，全国通用。",
        "   |       ^^^^^^^^",
        "   = 宣称证书“国家认可”“全国通用”等，假借国家名义进行夸大宣传。",
        "   = 建议: 删除“国家认可”“全国通用”等表述，如实说明发证机构和证书性质。",
        "   = 条款 一(二): 是否存在虚假或夸大宣传等情况。有无假借行政机关名义或使用“中华人民共和国”“中国”“中华”“国家”“全国”“×××部”…",
        "",
    ]
    assert f"{path}:2:4: error[CL204] 包过" in lines
    assert lines[-2:] == [
        "Found 3 findings (3 errors) in 1 of 1 file scanned.",
        "By clause: 一(二) 3",
    ]
    assert "\x1b" not in run.stdout
    assert run.stderr == ""


def test_clean_file_exits_0(write):
    run = run_cli("scan", str(write("ok.md", "根据国家有关规定，学员须完成全部课时。\n")))
    assert (run.code, run.stdout) == (0, "No findings; 1 file scanned.\n")


def test_json_output_matches_the_pinned_contract(write):
    path = write("ad.txt", BAD_AD)
    run = run_cli("scan", "--format", "json", str(path), str(path.parent / "missing.txt"))
    assert run.code == 2
    doc = run.json()
    assert list(doc) == ["tool", "packs", "findings", "errors", "summary"]
    assert doc["tool"] == {"name": "certlint", "version": __version__}
    assert doc["packs"] == [PACK_ENTRY]
    first = doc["findings"][0]
    assert list(first) == [
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
    assert [(f["line"], f["column"], f["end_column"], f["match"], f["rule"]) for f in doc["findings"]] == [
        (1, 4, 8, "国家认可", "CL201"),
        (1, 9, 13, "全国通用", "CL201"),
        (2, 4, 6, "包过", "CL204"),
    ]
    assert doc["errors"] == [{"path": str(path.parent / "missing.txt"), "message": "no such file or directory"}]
    assert doc["summary"] == {
        "files": 1,
        "findings": 3,
        "by_severity": {"error": 3, "warning": 0, "info": 0},
        "by_clause": {"一(二)": 3},
    }


def test_stdin_is_scanned_with_path_dash():
    run = run_cli("scan", "--format", "json", "-", input="报名即包过".encode("gb18030"))
    assert run.code == 1
    assert [(f["path"], f["match"]) for f in run.json()["findings"]] == [("-", "包过")]


@pytest.mark.parametrize(
    ("fail_on", "code"),
    [("error", 0), ("warning", 1), ("info", 1), ("never", 0)],
)
def test_fail_on_threshold(write, fail_on, code):
    path = write("w.txt", WARNING_ONLY)
    assert run_cli("scan", "--fail-on", fail_on, str(path)).code == code


def test_fail_on_never_still_reports(write):
    run = run_cli("scan", "--fail-on", "never", str(write("a.txt", BAD_AD)))
    assert run.code == 0
    assert "error[CL201]" in run.stdout


def test_select_and_ignore(write):
    path = str(write("ad.txt", BAD_AD))
    rules = lambda *opts: [f["rule"] for f in run_cli("scan", "-f", "json", *opts, path).json()["findings"]]  # noqa: E731
    assert rules("--select", "CL204") == ["CL204"]
    assert rules("--select", "CL2") == ["CL201", "CL201", "CL204"]
    assert rules("--ignore", "CL201,CL204") == []
    assert rules("--select", "CL201", "--select", "CL204", "--ignore", "CL201") == ["CL204"]


def test_unknown_selector_is_a_usage_error(write):
    run = run_cli("scan", "--select", "XX9", str(write("a.txt", BAD_AD)))
    assert run.code == 2
    assert run.stderr == "certlint: error: unknown rule or prefix 'XX9' (see `certlint rules list`)\n"


EXTRA_PACK = textwrap.dedent(
    """\
    pack: house
    title: 本机构补充规则
    version: "1"
    source: {title: 内部规范, number: 内规〔2024〕1号, date: 2024-01-01}
    clauses:
      内(一): 不得使用“钻石级证书”说法。
    rules:
      - id: HS001
        name: diamond-certificate
        severity: warning
        clauses: [内(一)]
        message: 使用了“钻石级证书”。
        suggestion: 删除。
        terms: [钻石级证书]
        examples: {bad: [一张钻石级证书], good: [一张结业证书]}
    """
)


def test_extra_pack_adds_rules(write):
    pack = write("house.yaml", EXTRA_PACK)
    run = run_cli("scan", "-f", "json", "--rules", str(pack), str(write("a.txt", "钻石级证书，包过")))
    doc = run.json()
    assert doc["packs"] == [PACK_ENTRY, {"id": "house", "version": "1"}]
    assert [(f["rule"], f["clauses"]) for f in doc["findings"]] == [("HS001", ["内(一)"]), ("CL204", ["一(二)"])]
    assert run.code == 1


def test_invalid_extra_pack_is_reported_and_the_scan_goes_on(write):
    pack = write("bad.yaml", EXTRA_PACK.replace("severity: warning", "severity: loud"))
    run = run_cli("scan", "--rules", str(pack), str(write("a.txt", "包过")))
    assert run.code == 2
    assert (
        run.stderr == f"certlint: error: {pack}:10: rule HS001: severity must be error, warning or info, not 'loud'\n"
    )
    assert "error[CL204] 包过" in run.stdout


def test_rule_id_clash_between_packs(write):
    pack = write("clash.yaml", EXTRA_PACK.replace("HS001", "CL204"))
    run = run_cli("scan", "--rules", str(pack), str(write("a.txt", "包过")))
    assert run.code == 2
    assert run.stderr.startswith(f"certlint: error: {pack}:8: rule id 'CL204' is already defined in ")


BAD_INPUTS = {
    "missing": (None, "no such file or directory"),
    "emptydir": (None, "no files to scan in this directory"),
    "binary.txt": (b"\x00\x01\x02PK\x03\x04", "binary file (contains NUL bytes), skipped"),
    "undecodable.txt": (b"\xff\xfe\xfd"[1:] + b"\x80", "cannot decode: not UTF-8, UTF-16 or GB18030"),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_each_bad_input_gives_one_stderr_line_exit_2_and_the_rest_is_scanned(tmp_path, write, name):
    content, message = BAD_INPUTS[name]
    if name == "emptydir":
        (tmp_path / name).mkdir()
    elif content is not None:
        write(name, content)
    good = write("good/ad.txt", "包过")
    run = run_process("scan", str(tmp_path / name), str(good))
    assert run.code == 2
    assert run.stderr.startswith(f"certlint: error: {tmp_path / name}: {message}")
    assert run.stderr.count("\n") == 1
    assert "Traceback" not in run.stderr
    assert "error[CL204] 包过" in run.stdout


def test_gb18030_file_is_scanned(write):
    path = write("gbk.txt", "本证书国家认可".encode("gbk"))
    run = run_cli("scan", "-f", "json", str(path))
    assert run.code == 1
    assert [f["match"] for f in run.json()["findings"]] == ["国家认可"]


def test_missing_paths_argument_is_a_usage_error():
    assert run_cli("scan").code == 2


def test_colour_only_when_asked(write):
    path = str(write("a.txt", "包过"))
    assert "\x1b[" in run_cli("scan", path, env={"FORCE_COLOR": "1"}).stdout
    assert "\x1b[" not in run_cli("scan", "--no-color", path, env={"FORCE_COLOR": "1"}).stdout
    assert "\x1b[" not in run_cli("scan", path, env={"FORCE_COLOR": "1", "NO_COLOR": "1"}).stdout


def test_rules_list_table():
    run = run_cli("rules", "list")
    assert run.code == 0
    lines = run.stdout.splitlines()
    assert lines[0].startswith("mohrss-2022-25 ")
    assert lines[1].split() == ["id", "severity", "clauses", "title", "name"]
    notice = lines[3 : 3 + len(DEFAULT_PACK.rules)]
    rows = [line.split() for line in notice]
    assert ["CL204", "error", "一(二)", "承诺包过", "pass-guarantee"] in rows
    ids = [row[0] for row in rows]
    assert ids == sorted(ids) and all(rule.startswith("CL") for rule in ids)
    # Every shipped pack is listed under its own heading: the Advertising Law pack too.
    second = lines.index("") + 1
    assert lines[second].startswith("adlaw-edu ")
    assert any(line.split()[:3] == ["AD2401", "error", "广告法24(1)"] for line in lines[second:])


def test_explain_shows_catch_why_clause_examples_fix():
    run = run_cli("explain", "cl204")
    assert run.code == 0
    out = run.stdout
    assert out.startswith("CL204 pass-guarantee 承诺包过 (error) · 一(二)\n")
    for heading in ("What it catches", "Why it is a problem", "Examples", "How to fix"):
        assert f"\n{heading}\n" in out
    assert "是否存在虚假或夸大宣传等情况。有无假借行政机关名义" in out
    assert "  ✗ 本期保过班火热招生，不过退款！" in out
    assert "  ✓ 防火墙支持包过滤功能。" in out


def test_explain_unknown_rule():
    run = run_cli("explain", "CL999")
    assert (run.code, run.stderr) == (2, "certlint: error: unknown rule 'CL999' (see `certlint rules list`)\n")


def test_rules_test_passes_on_the_shipped_pack():
    run = run_cli("rules", "test")
    assert run.code == 0
    assert run.stdout.rstrip().endswith("all pass")


def test_rules_test_shows_each_mismatch(write):
    broken = EXTRA_PACK.replace("bad: [一张钻石级证书]", "bad: [一张白银证书]").replace(
        "good: [一张结业证书]", "good: [钻石级证书两张]"
    )
    pack = write("house.yaml", broken)
    run = run_cli("rules", "test", str(pack))
    assert run.code == 1
    assert run.stdout.splitlines() == [
        f"{pack}:8: HS001 diamond-certificate",
        "  - expected a finding, got none:  一张白银证书",
        "  + expected no finding, got '钻石级证书' at 1:1:  钻石级证书两张",
        f"{pack}: 2 of 2 examples failed",
    ]


def test_console_script_works_from_another_directory(tmp_path):
    ad = tmp_path / "ad.txt"
    ad.write_text("國家認可，保過", encoding="utf-8")
    run = run_process("scan", "ad.txt", cwd=tmp_path)
    assert run.code == 1
    assert "ad.txt:1:1: error[CL201] 國家認可" in run.stdout
    assert run.stderr == ""


def test_examples_folder_exists():
    assert (REPO / "examples").is_dir() and EXAMPLES.is_dir()


def test_malformed_pack_via_console_script_is_one_line_no_traceback(write):
    pack = write("broken.yaml", "pack: x\nrules: [\n")
    run = run_process("scan", "--rules", str(pack), str(write("a.txt", "包过")))
    assert run.code == 2
    (line,) = run.stderr.splitlines()
    assert line.startswith(f"certlint: error: {pack}:3: invalid YAML: ")
    assert "error[CL204]" in run.stdout
