"""Matching stage: candidates, allow phrases, word boundaries, nesting, lazy jieba."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from certlint.engine import Linter
from certlint.packs.loader import parse_pack

PACK = textwrap.dedent(
    """\
    pack: test
    title: t
    version: "1"
    source: {title: t, number: n, date: 2022-03-16}
    clauses:
      一(一): 字样。
      一(二): 宣传。
    allow: [中华书局]
    rules:
      - id: T101
        name: state-word
        severity: warning
        clauses: [一(一)]
        message: m
        suggestion: s
        terms: [中华, 国家认可]
        allow: [中国合格评定国家认可委员会]
        examples: {bad: [中华证书], good: [中华鲟]}
      - id: T201
        name: pass
        severity: error
        clauses: [一(二)]
        message: m
        suggestion: s
        terms: [包过, 包过班]
        examples: {bad: [包过], good: [包过滤]}
    """
)


def spans(text: str, **options: object) -> list[tuple[str, int, int, str]]:
    linter = Linter([parse_pack(PACK, "test.yaml")], **options)  # type: ignore[arg-type]
    return [(f.rule, f.column, f.end_column, f.match) for f in linter.scan_text(text)]


def test_term_found_with_exact_span():
    assert spans("本证书国家认可") == [("T101", 4, 8, "国家认可")]


def test_match_cutting_into_a_longer_word_is_dropped():
    assert spans("防火墙的包过滤功能") == []
    assert spans("长江中华鲟保护区") == []
    assert spans("报名即包过，不过退款") == [("T201", 4, 6, "包过")]


def test_allow_phrase_of_rule_and_pack():
    assert spans("中国合格评定国家认可委员会") == []
    assert spans("中华书局出版") == []
    # Outside the allow phrase the same term is still found.
    assert spans("证书国家认可。中国合格评定国家认可委员会") == [("T101", 3, 7, "国家认可")]


def test_user_allow_list():
    assert spans("中华证书", allow=["中华证书"]) == []


def test_nested_matches_of_one_rule_keep_the_longest():
    assert spans("本期包过班") == [("T201", 3, 6, "包过班")]


def test_traditional_and_full_width_point_at_original_characters():
    assert spans("本證書國家認可") == [("T101", 4, 8, "國家認可")]


def test_pinyin_glosses_are_read_through_and_spans_cover_them():
    # Some pages print traditional text with a gloss after each character: 國(guó)家.
    assert spans("本證書(shū)國(guó)家認(rèn)可。") == [("T101", 9, 23, "國(guó)家認(rèn)可")]
    assert spans("包(bāo)過(guò)") == [("T201", 1, 8, "包(bāo)過")]
    # A gloss needs a tone mark, a foreign name two letters: a list mark "(a)" is text.
    assert spans("国(a)家认可") == []
    # A foreign name in brackets is an aside, read through like a gloss.
    assert spans("国家(National)认可") == [("T101", 1, 15, "国家(National)认可")]


def test_stance_cues_are_read_through_glosses_too():
    pack = PACK.replace("rules:", "contexts:\n  - {id: negation, before: [并非]}\nrules:")
    linter = Linter([parse_pack(pack, "test.yaml")])
    assert [f.match for f in linter.scan_text("證書並非國家認可")] == []
    assert [f.match for f in linter.scan_text("證書並(bìng)非國(guó)家認(rèn)可")] == []


def test_the_mark_that_ends_a_sentence_is_read_by_cues_after_the_term():
    pack = PACK.replace("rules:", "contexts:\n  - {id: question, after: [吗, ？, '?'], within: 6}\nrules:")
    linter = Linter([parse_pack(pack, "test.yaml")])
    assert [f.match for f in linter.scan_text("花钱就包过？职称代评的生意链")] == []
    assert [f.match for f in linter.scan_text("花钱就包过?")] == []
    assert [f.match for f in linter.scan_text("花钱就包过。生意链？")] == ["包过"]


def test_a_framed_quotation_needs_words_outside_the_marks():
    quoted = "contexts:\n  - {id: quotation, inside: ['“”'], framed: true}\nrules:"
    linter = Linter([parse_pack(PACK.replace("rules:", quoted), "test.yaml")])
    # Quoted by a frame (a report, or the writer's own words around the slogan): exempt.
    assert [f.match for f in linter.scan_text("有机构打出“包过”的招牌")] == []
    assert [f.match for f in linter.scan_text("对方说：“报名就包过。”随后收了钱。")] == []
    # Nothing but quoted slogans: the slogans themselves.
    assert [f.match for f in linter.scan_text("“包过”“不过退款”")] == ["包过"]
    assert [f.match for f in linter.scan_text("我们的承诺：\n“包过！”")] == ["包过"]
    # Without framed, any quotation exempts.
    plain = Linter([parse_pack(PACK.replace("rules:", quoted.replace(", framed: true", "")), "test.yaml")])
    assert [f.match for f in plain.scan_text("“包过”“不过退款”")] == []


def test_a_pack_without_separators_is_not_looked_for_with_separators_slipped_in():
    with_separators = Linter([parse_pack(PACK, "test.yaml")])
    without = Linter([parse_pack(PACK.replace("rules:", "separators: false\nrules:"), "test.yaml")])
    assert [f.match for f in with_separators.scan_text("本班包 过")] == ["包 过"]
    assert [f.match for f in without.scan_text("本班包 过")] == []
    assert [f.match for f in without.scan_text("本班包过")] == ["包过"]


def test_a_context_marked_default_false_applies_only_to_rules_that_name_it():
    opt_in = "contexts:\n  - {id: ranking, before: ['%'], default: false}\nrules:"
    linter = Linter([parse_pack(PACK.replace("rules:", opt_in), "test.yaml")])
    assert [f.match for f in linter.scan_text("通过率99%包过")] == ["包过"]
    named = PACK.replace("rules:", opt_in).replace("    terms: [包过", "    contexts: [ranking]\n    terms: [包过")
    assert "contexts: [ranking]" in named
    assert [f.match for f in Linter([parse_pack(named, "test.yaml")]).scan_text("通过率99%包过")] == []


def test_select_and_ignore():
    assert spans("中华证书包过", select=["T2"]) == [("T201", 5, 7, "包过")]
    assert spans("中华证书包过", ignore=["T201"]) == [("T101", 1, 3, "中华")]


def test_jieba_is_not_imported_without_candidates():
    code = textwrap.dedent(
        """
        import sys
        from certlint import Linter
        linter = Linter.from_default()
        assert linter.scan_text("根据有关规定，学员须完成全部课时。" * 100) == []
        print(any("jieba" in name for name in sys.modules), linter.segmenter_loaded)
        assert linter.scan_text("本证书国家认可")
        print(linter.segmenter_loaded)
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split("\n")[:2] == ["False False", "True"]


def test_allowed_only_candidates_do_not_load_jieba():
    linter = Linter([parse_pack(PACK, "test.yaml")])
    assert linter.scan_text("中国合格评定国家认可委员会") == []
    assert not linter.segmenter_loaded


def test_a_patterns_prefilter_holds_in_every_match_of_the_shipped_packs():
    # The prefilter (characters one of which every match contains) must never drop a match:
    # check it on every bad example of every shipped pattern rule.
    import re

    from certlint.packs.model import shipped_pack_paths

    linter = Linter.from_packs(shipped_pack_paths())
    matcher = linter._matcher
    matcher._compile_all()
    checked = 0
    for rule in linter.rules:
        compiled = matcher._compiled.get(rule.id)  # classifier rules have no terms
        if compiled is None or compiled.pattern is None or compiled.required is None:
            continue
        required = set(compiled.required.pattern.strip("[]").replace("\\", ""))
        for example in rule.bad_examples:
            for found in re.finditer(rule.pattern, example):
                assert required & set(found.group()), (rule.id, example, found.group())
                checked += 1
    assert checked >= 20
