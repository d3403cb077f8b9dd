"""Configuration files: discovery, validation with file:line errors, CLI precedence, init."""

from __future__ import annotations

import pytest

from certlint.gate.config import ConfigError, find_config, load_config

from conftest import run_cli

BAD = "本证书国家认可。\n证书含金量高。\n"


def test_found_by_walking_up(tmp_path, monkeypatch):
    (tmp_path / ".certlint.yaml").write_text("fail-on: warning\n", encoding="utf-8")
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    assert find_config() == tmp_path / ".certlint.yaml"


def test_pyproject_tool_section(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.certlint]\nfail-on = "warning"\nignore = ["CL405"]\n', encoding="utf-8"
    )
    path = find_config(tmp_path)
    assert path == tmp_path / "pyproject.toml"
    config = load_config(path)
    assert (config.fail_on, config.ignore) == ("warning", ["CL405"])


def test_pyproject_without_section_is_not_a_config(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert find_config(tmp_path) != tmp_path / "pyproject.toml"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("fail-on: warning\nselcet: [CL1]\n", ":2: unknown key 'selcet' (expected one of: packs, rules, select"),
        ("select: CL1\nignore: 5\n", ":2: 'ignore' must be a list of strings"),
        ("fail-on: sometimes\n", ":1: 'fail-on' must be one of error, warning, info, never, not 'sometimes'"),
        ("respect-gitignore: maybe\n", ":1: 'respect-gitignore' must be true or false"),
        ("per-file-ignores: [CL1]\n", ":1: 'per-file-ignores' must map a glob to a list of rule ids"),
        ("select: [CL1\n", ":2: invalid YAML"),
        (
            "fail-on: error\npacks: [mohrss-2022-25, adlaw-edu-clasifier]\n",
            ":2: unknown pack 'adlaw-edu-clasifier' (shipped: adlaw-edu, adlaw-edu-classifier, mohrss-2022-25)",
        ),
    ],
)
def test_invalid_config_names_file_and_line(tmp_path, text, message):
    path = tmp_path / ".certlint.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert info.value.problems[0].startswith(f"{path}{message}")


def test_pyproject_error_line(tmp_path):
    path = tmp_path / "pyproject.toml"
    path.write_text('[tool.certlint]\nfail-on = "error"\nexclud = ["x/"]\n', encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert info.value.problems[0].startswith(f"{path}:3: unknown key 'exclud'")


def test_invalid_config_exits_2_with_one_line(tmp_path, monkeypatch):
    (tmp_path / ".certlint.yaml").write_text("fail_on: warning\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text(BAD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    run = run_cli("scan", "a.txt")
    assert run.code == 2
    assert run.stderr.startswith(f"certlint: error: {tmp_path / '.certlint.yaml'}:1: unknown key 'fail_on'")
    assert run.stderr.count("\n") == 1


def test_file_settings_apply_and_command_line_wins(tmp_path, monkeypatch):
    (tmp_path / ".certlint.yaml").write_text("fail-on: warning\nignore: [CL201]\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("证书含金量高。\n本证书国家认可。\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    run = run_cli("scan", "-f", "json", "a.txt")
    assert [f["rule"] for f in run.json()["findings"]] == ["CL405"]
    assert run.code == 1  # fail-on warning from the file
    run = run_cli("scan", "-f", "json", "--fail-on", "error", "--ignore", "CL405", "a.txt")
    assert [f["rule"] for f in run.json()["findings"]] == ["CL201"]
    assert run.code == 1
    assert run_cli("scan", "--fail-on", "error", "--select", "CL405", "a.txt").code == 0


def test_config_option_overrides_discovery(tmp_path, monkeypatch):
    (tmp_path / ".certlint.yaml").write_text("fail-on: never\n", encoding="utf-8")
    other = tmp_path / "strict.yaml"
    other.write_text("fail-on: warning\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("证书含金量高。\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert run_cli("scan", "a.txt").code == 0
    assert run_cli("scan", "--config", str(other), "a.txt").code == 1
    missing = run_cli("scan", "--config", "nope.yaml", "a.txt")
    assert (missing.code, missing.stderr) == (2, "certlint: error: nope.yaml: no such configuration file\n")


def test_rules_allow_and_per_file_ignores_from_config(tmp_path, monkeypatch):
    (tmp_path / "packs").mkdir()
    (tmp_path / "news").mkdir()
    (tmp_path / ".certlint.yaml").write_text(
        "allow: [中国华夏技能研究会]\nper-file-ignores:\n  'news/**': [CL2]\n", encoding="utf-8"
    )
    (tmp_path / "a.txt").write_text("由中国华夏技能研究会颁发证书。包过。\n", encoding="utf-8")
    (tmp_path / "news" / "b.txt").write_text("包过。终身有效。\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    doc = run_cli("scan", "-f", "json", ".").json()
    assert [(f["path"], f["rule"]) for f in doc["findings"]] == [("a.txt", "CL204"), ("news/b.txt", "CL403")]


def test_init_writes_a_valid_commented_starter(tmp_path):
    run = run_cli("init", str(tmp_path))
    assert run.code == 0
    written = tmp_path / ".certlint.yaml"
    assert written.read_text(encoding="utf-8").startswith("# certlint configuration")
    config = load_config(written)
    assert config.fail_on == "error"
    assert config.exclude == ["vendor/", "node_modules/"]
    again = run_cli("init", str(tmp_path))
    assert again.code == 2
    assert "already exists (use --force to overwrite)" in again.stderr
    assert run_cli("init", "--force", str(tmp_path)).code == 0
