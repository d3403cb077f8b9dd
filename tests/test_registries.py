"""The registries of real bodies and real names are data with sources: lint them, and
check that the loader reads them and reports a bad line with file and line."""

from __future__ import annotations

import pytest

from certlint import Linter
from certlint.packs.loader import load_pack
from certlint.packs.model import PackError

from conftest import REPO, one_rule_pack

REGISTRIES = {
    "registry-bodies.txt": {"body", "government", "system"},
    "registry-names.txt": {"exam", "system", "list", "body", "name"},
}


def _lines(name):
    text = (REPO / "rules" / name).read_text(encoding="utf-8")
    sources = {line.split()[1]: line.split()[2] for line in text.splitlines() if line.startswith("@source ")}
    rows = [
        (number, [f.strip() for f in line.split("|")])
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip() and not line.startswith(("#", "@"))
    ]
    return sources, rows


@pytest.mark.parametrize("name", sorted(REGISTRIES))
def test_every_entry_has_a_kind_and_a_defined_source(name):
    sources, rows = _lines(name)
    assert rows
    names = [fields[0] for _, fields in rows]
    assert len(names) == len(set(names)), f"{name}: duplicate entries"
    for number, fields in rows:
        assert len(fields) == 3, f"{name}:{number}"
        assert fields[1] in REGISTRIES[name], f"{name}:{number}: kind '{fields[1]}'"
        assert fields[2] in sources, f"{name}:{number}: source '{fields[2]}'"
    for key, address in sources.items():
        assert address == "-" or address.startswith(("http://", "https://")), key


def test_registered_bodies_are_not_invented_issuers():
    linter = Linter.from_default()
    for text in ("证书信息可在工业和信息化部教育与考试中心网站查询。", "普通话等级证书由国家语言文字工作委员会颁发。"):
        assert [f.rule for f in linter.scan_text(text) if f.rule in ("CL104", "CL106")] == [], text


def test_vocab_file_with_a_bad_line_is_reported_with_file_and_line(tmp_path):
    (tmp_path / "bodies.txt").write_text(
        "@source s https://example.org 说明\n中国甲协会 | body | s\n中国乙协会 | body\n中国丙协会 | body | nope\n",
        encoding="utf-8",
    )
    pack = one_rule_pack(tmp_path, top="vocab:\n  real: bodies.txt\nallow: ['{real}']\n")
    with pytest.raises(PackError) as info:
        load_pack(pack)
    assert [p.message for p in info.value.problems] == [
        "bodies.txt:3: expected 'word | kind | source'",
        "bodies.txt:4: source 'nope' has no @source line",
    ]


def test_vocab_file_that_cannot_be_read_is_one_problem(tmp_path):
    pack = one_rule_pack(tmp_path, top="vocab:\n  real: missing.txt\n")
    with pytest.raises(PackError, match=r"p\.yaml:7: vocab real: file 'missing\.txt' cannot be read"):
        load_pack(pack)
