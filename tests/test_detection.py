"""Detection behaviour the policy spells out: evasions caught, hard negatives left alone,
contexts respected, spans pointing at the original characters."""

from __future__ import annotations

import pytest

from certlint import Linter
from certlint.inputs.document import Document

LINTER = Linter.from_default()


def flags(text: str) -> list[tuple[str, str]]:
    return [(f.rule, f.match) for f in LINTER.scan_text(text) if f.severity.rank >= 2]


@pytest.mark.parametrize(
    ("text", "rule", "match"),
    [
        ("國家認可", "CL201", "國家認可"),  # traditional
        ("囯家认可", "CL201", "囯家认可"),  # variant character
        ("保過班", "CL204", "保過"),
        ("通過率１００％", "CL204", "通過率１００％"),  # full-width digits and percent
        ("国·家·认·证", "CL201", "国·家·认·证"),  # separator between every character
        ("国 家 认 可", "CL201", "国 家 认 可"),
        ("全\u200b国\u200b通\u200b用", "CL201", "全\u200b国\u200b通\u200b用"),  # zero-width
        ("包*过", "CL204", "包*过"),
        ("包 過", "CL204", "包 過"),  # separator and traditional together
        ("终·身·有·效", "CL403", "终·身·有·效"),
        ("国**家认可", "CL201", "国**家认可"),  # two separators
        ("国,家,认,可", "CL201", "国,家,认,可"),  # a comma in every gap
        ("挂.证", "CL303", "挂.证"),
        ("人-社-部-颁-发", "CL202", "人-社-部"),
    ],
)
def test_evasions_are_caught_and_point_at_the_original(text, rule, match):
    assert (rule, match) in flags(text)


def test_evasion_span_positions():
    (finding,) = [f for f in LINTER.scan_text("本证书国·家·认·证！") if f.rule == "CL201"]
    assert (finding.column, finding.end_column, finding.match) == (4, 11, "国·家·认·证")


def test_three_separators_are_not_an_evasion():
    assert flags("国***家认可") == []


def test_a_single_comma_between_words_is_not_a_slip():
    # "全国,通用" is ordinary punctuation between two words, not 全国通用 spelled out.
    assert flags("覆盖全国，通用性强") == []


@pytest.mark.parametrize(
    "text",
    [
        "根据国家有关规定，学员须完成全部课时。",
        "全国各地学员均可报名。",
        "中国传统文化课程。",
        "《中华人民共和国职业教育法》自2022年5月1日起施行。",
        "人社部函〔2022〕25号",
        "请查阅国家职业资格目录。",
        "课程依据国家职业技能标准编写。",
        "国家职业分类大典收录了新职业。",
        "中国人民大学、国家大剧院、全国妇联、中华书局、中国银行。",
        "长江中华鲟保护区。",
        "防火墙支持包过滤。",
        "芯片实现了完全国产化。",
        "人社部门备案的评价机构名单。",
        "应急管理部门核发特种作业操作证。",
        "全国计算机等级考试合格证书。",
        "中华人民共和国教师资格证书",
        "广告中不得出现“国家级”“全国通用”等用语。",
        "凡是承诺“免考拿证”的都是骗局。",
        "本机构不承诺“包过”。",
        "挂证属于违法行为。",
        "该证书不属于国家认可的职业资格证书。",
        "谨防“包过”骗局。",
        "严禁使用“国家”字样。",
        "某机构因宣传“国家认可”被查处。",
        "本中心已在市人社局备案，备案编号：S000000000001。",
        "证书查询：osta.mohrss.gov.cn",
        "人社部发布新职业信息。",
    ],
)
def test_hard_negatives_are_not_flagged(text):
    assert flags(text) == []


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("报名考取心理咨询师职业资格证书。", "CL105"),
        ("结业颁发营养师资格证。", "CL105"),
        ("学员可获得健康管理师国家职业资格证书。", "CL105"),
    ],
)
def test_certificate_outside_the_catalogue_is_flagged(text, rule):
    findings = [f for f in LINTER.scan_text(text) if f.rule == rule]
    assert len(findings) == 1
    assert "国家职业资格目录" in findings[0].message


@pytest.mark.parametrize(
    "text",
    [
        "焊工职业资格证书培训。",
        "考取教师资格证。",
        "导游资格证报名。",
        "注册会计师执业资格证书。",
        "取得相应职业资格证书。",
    ],
)
def test_catalogue_items_are_not_flagged(text):
    assert [f.rule for f in LINTER.scan_text(text) if f.rule == "CL105"] == []


def test_ministry_name_needs_an_issuing_word_nearby():
    assert [r for r, _ in flags("由人社部统一颁发证书。")] == ["CL202"]
    assert flags("人社部发布了新职业。") == []
    assert flags("人社部：从未授权任何机构颁发证书。") == []  # negated issuing word


def test_former_ministry_is_flagged():
    assert ("CL203", "原劳动部") in flags("原劳动部监制。")


def test_issuer_impersonation_unless_real_body():
    assert [r for r, _ in flags("人力资源和社会保障部职业能力促进中心颁发。") if r == "CL106"] == ["CL106"]
    assert flags("人社部职业技能鉴定中心发布声明。") == []
    assert flags("工业和信息化部教育与考试中心公布成绩。") == []


def test_state_named_issuer_is_a_warning_not_an_error():
    findings = LINTER.scan_text("由中国职业技能认证中心颁发证书。")
    assert [(f.rule, f.severity.value) for f in findings] == [("CL104", "warning")]


def test_user_allow_list_and_show_allowed():
    linter = Linter.from_default(allow=["中国华夏技能研究会"])
    text = "由中国华夏技能研究会颁发证书。"
    assert linter.scan_text(text) == []
    allowed: list = []
    assert linter.scan(Document("<text>", text), allowed=allowed) == []
    assert [(a.rule, a.match, a.message) for a in allowed] == [
        ("CL104", "中国华夏技能研究会", "not flagged: allow phrase '中国华夏技能研究会'")
    ]


def test_context_suppression_is_reported_with_its_reason():
    allowed: list = []
    LINTER.scan(Document("<text>", "本机构不承诺包过。"), allowed=allowed)
    assert [(a.rule, a.message) for a in allowed] == [("CL204", "not flagged: context denial ('不承诺')")]


def test_a_claim_after_a_denial_in_another_clause_is_still_flagged():
    assert [r for r, _ in flags("谨防假冒，认准国家认可证书。")] == ["CL201"]


def test_hostile_input_stays_fast_enough_to_finish():
    # Thousands of anchors with near-misses for every pattern rule: evaluation is
    # bounded per anchor, so this completes (a super-linear matcher would not).
    text = ("中国国家全国中华人民共和国人社部颁" * 2000 + "\n") * 5
    assert LINTER.scan_text(text) == []


def test_state_named_issuer_needs_a_name_not_a_network():
    # 全国联网 is not an issuer called 全国…网; 中国国家培训网 is.
    assert [f.rule for f in LINTER.scan_text("证书全国联网可查。") if f.rule == "CL104"] == []
    assert [f.rule for f in LINTER.scan_text("中国国家培训网认证的讲师证书。") if f.rule == "CL104"] == ["CL104"]
