"""Rule-pack loading: every problem is reported as file:line: message."""

from __future__ import annotations

import textwrap

import pytest

from certlint.packs.loader import load_pack, parse_pack
from certlint.packs.model import PackError, Severity, default_pack_paths

MINIMAL = """\
pack: demo
title: 演示
version: "1"
source:
  title: 通知
  number: 人社部函〔2022〕25号
  date: 2022-03-16
clauses:
  一(二): 是否存在虚假或夸大宣传等情况。
rules:
  - id: XX101
    name: pass-guarantee
    severity: error
    clauses: [一(二)]
    message: 承诺包过。
    suggestion: 删除。
    terms: [包过, 保過]
    allow: [不承诺包过]
    examples:
      bad: [本班包过]
      good: [包过滤]
"""


def problems(text: str) -> list[str]:
    with pytest.raises(PackError) as info:
        parse_pack(textwrap.dedent(text), "p.yaml")
    return [str(p) for p in info.value.problems]


def test_minimal_pack_loads_and_normalizes_terms():
    pack = parse_pack(MINIMAL, "p.yaml")
    assert pack.id == "demo"
    assert pack.source_date == "2022-03-16"
    rule = pack.rules[0]
    assert rule.severity is Severity.ERROR
    assert rule.terms == ("包过", "保过")  # 保過 folded to simplified
    assert rule.line == 11
    assert pack.clause("一(二)").text == "是否存在虚假或夸大宣传等情况。"


def test_invalid_yaml_names_the_line():
    (problem,) = problems("pack: demo\nrules: [\n  - a\n")
    # libyaml and pure-Python PyYAML word the problem differently; the place is the same
    assert problem.startswith("p.yaml:3: invalid YAML: ")


def test_empty_pack():
    assert problems("") == ["p.yaml:1: rule pack is empty"]


def test_top_level_must_be_mapping():
    assert problems("- a\n- b\n") == ["p.yaml:1: pack must be a mapping"]


def test_unknown_and_missing_keys():
    text = MINIMAL.replace("title: 演示\n", "titel: 演示\n")
    assert problems(text) == [
        "p.yaml:1: pack: missing required key 'title'",
        "p.yaml:2: pack: unknown key 'titel' (expected one of: allow, catalogue, classifier, clauses, contexts, pack, rules, separators, source, title, version, vocab)",
    ]


def test_wrong_types_and_values_each_reported_with_line():
    text = (
        MINIMAL.replace('version: "1"', "version: 1.0")
        .replace("severity: error", "severity: fatal")
        .replace("clauses: [一(二)]\n    message", "clauses: [一(九)]\n    message")
        .replace("id: XX101", "id: bad id")
    )
    assert problems(text) == [
        "p.yaml:3: version must be a string (put it in quotes)",
        "p.yaml:11: rule id 'bad id' does not match ^[A-Z]{1,4}[0-9]{2,4}$",
        "p.yaml:13: rule bad id: severity must be error, warning or info, not 'fatal'",
        "p.yaml:14: rule bad id: clause '一(九)' is not defined under clauses",
    ]


def test_duplicate_terms_after_normalization():
    text = MINIMAL.replace("terms: [包过, 保過]", "terms: [包过, 包過]")
    assert problems(text) == ["p.yaml:17: rule XX101: duplicate term '包過' (same as '包过' after normalization)"]


def test_allow_phrase_without_term_is_a_mistake():
    text = MINIMAL.replace("allow: [不承诺包过]", "allow: [不承诺]")
    assert problems(text) == ["p.yaml:18: rule XX101: allow phrase '不承诺' contains none of the rule's terms"]


def test_examples_are_required():
    text = MINIMAL.replace("      good: [包过滤]\n", "")
    assert problems(text) == ["p.yaml:20: rule XX101: examples: missing required key 'good'"]


def test_duplicate_rule_ids_and_keys():
    rule = MINIMAL[MINIMAL.index("  - id: XX101") :]
    text = MINIMAL + rule.replace("pass-guarantee", "other-name")
    assert problems(text) == ["p.yaml:22: duplicate rule id 'XX101' (first at line 11)"]
    assert problems(MINIMAL.replace("pack: demo\n", "pack: demo\npack: again\n")) == [
        "p.yaml:2: pack: duplicate key 'pack'"
    ]


def test_bad_date():
    assert problems(MINIMAL.replace("date: 2022-03-16", "date: March 2022")) == [
        "p.yaml:7: source.date must be a date written YYYY-MM-DD"
    ]


def test_load_pack_file_errors(tmp_path):
    with pytest.raises(PackError, match="no such rule pack"):
        load_pack(tmp_path / "missing.yaml")
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes(b"pack: demo\ntitle: \xe9\n")
    with pytest.raises(PackError) as info:
        load_pack(bad)
    assert str(info.value.problems[0]) == f"{bad}:2: rule pack is not valid UTF-8"


def test_default_pack_is_shipped_and_valid():
    paths = default_pack_paths()
    assert [p.name for p in paths] == ["mohrss-2022-25.yaml"]
    pack = load_pack(paths[0])
    assert pack.source_number == "人社部函〔2022〕25号"
    assert [c.id for c in pack.clauses] == ["一(一)", "一(二)", "一(三)", "一(四)"]


KINDS = """\
pack: kinds
title: t
version: "1"
source: {title: t, number: n, date: 2022-03-16}
clauses:
  一(二): 宣传。
vocab:
  ministry: [人社部, 工信部]
  verb: [颁发, 认证]
contexts:
  - id: denial
    before: [严禁]
    after: [骗局]
rules:
  - id: XX201
    name: ministry-claim
    severity: error
    clauses: [一(二)]
    message: m
    suggestion: s
    terms: ["{ministry}{verb}", "原{ministry}"]
    near: {words: ["{verb}"], within: 4}
    contexts: [denial]
    examples: {bad: [人社部颁发], good: [人社部发布]}
"""


def test_vocab_templates_expand_to_every_combination():
    rule = parse_pack(KINDS, "k.yaml").rules[0]
    assert rule.terms == ("人社部颁发", "人社部认证", "工信部颁发", "工信部认证", "原人社部", "原工信部")
    assert rule.near == ("颁发", "认证")
    assert rule.near_within == 4
    assert rule.contexts == ("denial",)


def test_pattern_vocab_becomes_an_alternation_and_ascii_is_kept():
    text = KINDS.replace('    near: {words: ["{verb}"], within: 4}\n', "    pattern: '(?P<item>{ministry})\\W?logo'\n")
    rule = parse_pack(text, "k.yaml").rules[0]
    # The words become one group, shaped as a trie (shared prefixes written once).
    assert rule.pattern == "(?P<item>(?:(?:人社部|工信部)))\\W?logo"


def test_trie_alternation_matches_exactly_the_words_longest_first():
    import re

    from certlint.matching.trie import trie_alternation

    words = ["人社部", "人社部门", "人力资源和社会保障部", "工信部", "人社"]
    pattern = re.compile(trie_alternation(words))
    for word in words:
        assert pattern.fullmatch(word)
    assert pattern.match("人社部门下属").group() == "人社部门"
    assert pattern.match("人社局").group() == "人社"
    assert pattern.fullmatch("人力") is None


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('"原{ministry}"', '"原{ministries}"', "p.yaml:21: rule XX201: unknown vocab 'ministries' in '原{ministries}'"),
        (
            "contexts: [denial]",
            "contexts: [quoted]",
            "p.yaml:23: rule XX201: context 'quoted' is not defined under contexts",
        ),
        ("within: 4}", "within: 99}", "p.yaml:22: rule XX201: near.within must be an integer from 0 to 64"),
        (
            '    near: {words: ["{verb}"], within: 4}\n',
            "    pattern: '(人社部+)+'\n",
            "p.yaml:22: rule XX201: pattern has a nested quantifier such as (a+)+, which can take exponential time",
        ),
        (
            '    near: {words: ["{verb}"], within: 4}\n',
            "    pattern: '(人社部'\n",
            "p.yaml:22: rule XX201: invalid pattern: missing ), unterminated subpattern at position 0",
        ),
        ("    after: [骗局]\n", "    scope: page\n", "p.yaml:13: context denial: scope must be clause or sentence"),
        (
            "    after: [骗局]\n",
            "    after: [骗局]\n    framed: yes\n",
            "p.yaml:14: context denial: framed needs inside",
        ),
        (
            "    after: [骗局]\n",
            "    inside: ['“”']\n    framed: 1\n",
            "p.yaml:14: context denial: framed is true or false",
        ),
        (
            "    after: [骗局]\n",
            "    after: [骗局]\n    default: no-thanks\n",
            "p.yaml:14: context denial: default is true or false",
        ),
    ],
)
def test_rule_kind_problems(old, new, message):
    assert old in KINDS
    assert problems(KINDS.replace(old, new)) == [message]


def test_catalogue_file_is_resolved_next_to_the_pack(tmp_path):
    (tmp_path / "items.txt").write_text("# comment\n教师资格 | 教师\n", encoding="utf-8")
    pack_file = tmp_path / "p.yaml"
    pack_file.write_text(KINDS.replace("vocab:", "catalogue: items.txt\nvocab:"), encoding="utf-8")
    assert load_pack(pack_file).catalogue == ("教师资格 | 教师",)
    missing = tmp_path / "q.yaml"
    missing.write_text(KINDS.replace("vocab:", "catalogue: nope.txt\nvocab:"), encoding="utf-8")
    with pytest.raises(PackError) as info:
        load_pack(missing)
    assert (
        str(info.value.problems[0])
        == f"{missing}:7: catalogue file 'nope.txt' cannot be read: No such file or directory"
    )


def test_separators_is_a_boolean():
    assert problems(MINIMAL.replace("\nclauses:", "\nseparators: maybe\nclauses:")) == [
        "p.yaml:8: separators is true or false"
    ]
    assert parse_pack(MINIMAL.replace("\nclauses:", "\nseparators: false\nclauses:"), "p.yaml").separators is False
    assert parse_pack(MINIMAL, "p.yaml").separators is True
