"""The claims issue 10 names, both ways: each violating form is flagged by the rule
that owns it, each compliant form (stance, negation, real items) is not."""

from __future__ import annotations

import pytest

from certlint import Linter
from certlint.packs.model import Severity

LINTER = Linter.from_default()


def flags(text: str) -> list[tuple[str, str]]:
    return [(f.rule, f.match) for f in LINTER.scan_text(text) if f.severity.rank >= Severity.WARNING.rank]


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("国家职业资格茶艺培训师，火热报名中。", "CL110"),
        ("颁发认证职业资格证书（高级收纳师）。", "CL110"),
        ("育儿嫂职业资格证，考完即发。", "CL105"),
        ("收纳师证列入了国家职业资格目录。", "CL409"),
        # 职业资格 with levels, for an occupation the clause names without a certificate word.
        ("1、助理咖啡师（具备以下条件之一者可申报初级职业资格）", "CL410"),
        ("汽车维修工可划分为国家职业资格五级（初级）、四级（中级）、三级（高级）。", "CL410"),
        ("本证书等同于国家二级。", "CL401"),
        ("可在技能人才评价证书全国联网查询系统验证，效力等同于原国家职业资格证书。", "CL401"),
        ("与国家职业资格证书效力相同。", "CL401"),
        ("育婴师证是由国家人力资源和社会保障部门颁发的。", "CL211"),
        ("收纳师证用处很大。该证是人社部门颁发的。", "CL211"),
        ("高端酒店会要求厨师持有国家旅游局颁发的厨师证。", "CL211"),
        # A former ministry's department (劳动和社会保障部门) is a government body too.
        ("厨师证是由国家劳动和社会保障部门颁发的证书。", "CL211"),
        # An aside that renames the body does not hide the claim around it.
        ("项目管理师证书由人力资源和社会保障部（简称“人社部”）统一颁发。", "CL202"),
        ("小儿推拿证是由国家卫生健康委员会(National Health Commission)颁发的。", "CL202"),
        ("这个证国家承认吗？当然承认。", "CL212"),
        ("本中心曾是原劳动部考试的合作单位。", "CL203"),
        ("当前我国明确要求家政服务员需持证上岗。", "CL411"),
        ("一周速成拿证。", "CL301"),
        ("看完视频就出证。", "CL308"),
        ("交材料就下证。", "CL308"),
        ("全程不用来考场，轻松拿证。", "CL302"),
        ("没考过退全款。", "CL209"),
        ("参加考试未通过，退还一半学费。", "CL209"),
        # 全称“…” names the certificate; it does not report someone's words.
        ("育儿证，全称“育儿指导师证书”，是由国家相关部门颁发的专业认证。", "CL207"),
        ("跟着我们学，就没有过不了的。", "CL204"),
        ("把证挂出去，每年坐收租金。", "CL303"),
        ("國家認可，全國通用。", "CL201"),
        ("国jia认可，放心报考。", "CL201"),
        ("证书由rsb统一颁发。", "CL202"),
        ("报名即可bao过。", "CL204"),
        ("证书考下来可以guakao。", "CL303"),
    ],
)
def test_claim_is_flagged_by_its_rule(text, rule):
    assert rule in [r for r, _ in flags(text)], flags(text)


@pytest.mark.parametrize(
    "text",
    [
        "部分机构以“包过”为噱头招揽学员。",
        "但该机构承诺，只要交钱就能顺利拿到证书。",
        "纹绣师职业资格证，过去不曾有，将来更不会有。",
        "推拿按摩属于非医疗行为，推拿按摩师不需要取得行医证。",
        "由人社部直接认证的理财规划师国家职业资格鉴定已经暂停了。",
        # A certificate's name in quotation marks is reported, not claimed.
        "她获得了“高级催乳师”资格证，国家和行业都不认可。",
        "本职业共设四个等级，分别为初级（国家职业资格五级）、中级（国家职业资格四级）。",
        "2017年人社部取消心理咨询师国家职业资格后，市场形成多元认证体系。",
        "一家培训机构的王老师告诉他，证书由人社部颁发，是上岗证。",
        "考个证就能躺赚？谨防考证经济。",
        "别轻信“不过退费”的承诺。",
        "我们不发所谓“国家级”证书。",
        "目前还没有国家统一的收纳师资格。",
        "这个证书并未得到国家承认。",
        "心理咨询师职业资格已被移出目录。",
        "我们只是培训单位而不是发证单位。",
        "教师资格由教育部具体实施发证。",
        "根据国家有关规定，特种作业人员必须持证上岗。",
        # The sentence refers back to the catalogue item named before it.
        "高处作业操作证是特种作业操作证。该证是应急管理部门颁发的。",
        # A sentence that names no certificate speaks of the one named before it.
        "导游资格考试制度2000年开始实施。国家旅游局统一组织考试，每年考两次。",
        "学员考试合格，将获得中国民航局颁发的无人机操控员执照。",
        "技能人员职业资格证书可通过技能人才评价工作网查询。",
        "guojia大剧院今晚上演新剧目。",
    ],
)
def test_compliant_form_is_not_flagged(text):
    assert flags(text) == []
