"""The national catalogue is data (rules/catalogue-2021.txt): lint it, and check the
claims that are decided by it, with what the finding's message says of the item."""

from __future__ import annotations

import re

import pytest

from certlint import Linter
from certlint.packs.catalogue import DEPARTMENT_PREFIX, Catalogue, parse_department, parse_entry
from certlint.packs.loader import load_pack
from certlint.packs.model import PackError, Severity

from conftest import REPO, one_rule_pack

CATALOGUE_FILE = REPO / "rules" / "catalogue-2021.txt"
LINES = [
    (number, line)
    for number, line in enumerate(CATALOGUE_FILE.read_text(encoding="utf-8").splitlines(), start=1)
    if line.strip() and not line.startswith(("#", "@"))
]
# @source KEY URL note → KEY: URL
SOURCES = {
    line.split()[1]: line.split()[2]
    for line in CATALOGUE_FILE.read_text(encoding="utf-8").splitlines()
    if line.startswith("@source ")
}
ENTRIES = [parse_entry(line) for _, line in LINES]
CATALOGUE = Catalogue(ENTRIES)


@pytest.fixture(scope="module")
def linter():
    return Linter.from_default()


@pytest.mark.parametrize(("number", "line"), LINES, ids=[str(n) for n, _ in LINES])
def test_every_line_has_five_fields_a_kind_a_department_and_a_known_source(number, line):
    fields = [f.strip() for f in line.split("|")]
    assert len(fields) == 5, f"catalogue-2021.txt:{number}"
    kind, name, aliases, department, source = fields
    assert re.fullmatch(r"准入类|水平评价类|类别|目录外|退出20\d\d", kind), f"catalogue-2021.txt:{number}: {kind}"
    assert name and aliases and department, f"catalogue-2021.txt:{number}"
    assert source in SOURCES, f"catalogue-2021.txt:{number}: source '{source}' has no @source line"


def test_every_source_is_a_web_address_and_is_used():
    # "-": no page was read (general knowledge, marked unverified in its note).
    assert all(url == "-" or url.startswith(("http://", "https://")) for url in SOURCES.values())
    assert {e.source for e in ENTRIES} == set(SOURCES)


DEPARTMENT_LINES = [
    line for line in CATALOGUE_FILE.read_text(encoding="utf-8").splitlines() if line.startswith(DEPARTMENT_PREFIX)
]


def test_every_ministry_in_the_department_column_has_a_family():
    # A department column names ministries (…部, …局, …委, …署) by a family word, or an
    # association that no ministry claim matches.
    catalogue = Catalogue([*DEPARTMENT_LINES, *ENTRIES])
    for entry in ENTRIES:
        for department in re.split("、", entry.department):
            if department in ("-", "") or department.endswith(("协会", "学会")):
                continue
            assert catalogue.departments(department), f"{entry.name}: no @department family names '{department}'"


def test_department_lines_are_well_formed_and_no_word_is_in_two_families():
    seen: dict[str, str] = {}
    for line in DEPARTMENT_LINES:
        family, words = parse_department(line)
        for word in words:
            assert word not in seen, f"{word}: {seen.get(word)} and {family}"
            seen[word] = family


def test_no_name_or_alias_belongs_to_two_listed_items():
    seen: dict[str, str] = {}
    for entry in ENTRIES:
        if not entry.listed or entry.kind == "类别":
            continue
        for name in {entry.name, *entry.aliases}:
            assert name not in seen, f"{name}: {seen.get(name)} and {entry.name}"
            seen[name] = entry.name


def test_the_2021_catalogue_has_its_published_shape():
    # 59 professional items (33 准入类 + 26 水平评价类), sub-items listed separately:
    # 46 准入类 and 26 水平评价类 entries; the 26 are one item each (catalogue-2021.md).
    professional = [e for e in ENTRIES[:72]]
    assert sum(e.kind == "水平评价类" for e in professional) == 26
    assert sum(e.kind == "准入类" for e in professional) == 46
    assert professional[0].name == "教师资格" and professional[0].department == "教育部"


@pytest.mark.parametrize(
    ("item", "listed", "admission"),
    [
        ("教师", True, True),
        ("一级建造师", True, True),
        ("经济师", True, False),
        ("消防设施操作员", True, True),
        ("家畜繁殖员", True, False),
        ("心理咨询师", False, False),
        ("育婴师", False, False),
        ("收纳师", None, None),
    ],
)
def test_lookup_tells_listed_admission_and_left_items(item, listed, admission):
    entry = CATALOGUE.lookup(item)
    if listed is None:
        assert entry is None
        return
    assert (entry.listed, entry.admission) == (listed, admission)


@pytest.mark.parametrize(
    ("item", "says"),
    [
        ("心理咨询师", "目录：心理咨询师已于2017年退出国家职业资格目录"),
        ("高级健康管理师", "目录：健康管理师已于2021年退出国家职业资格目录"),
        ("收纳师", "目录：“收纳师”不在《国家职业资格目录（2021年版）》中。"),
        ("经济师", "目录：经济专业技术资格是国家职业资格目录内的水平评价类职业资格"),
    ],
)
def test_describe_says_what_the_catalogue_says(item, says):
    assert CATALOGUE.describe(item).startswith(says)


def test_bad_catalogue_line_is_reported_with_file_and_line(tmp_path):
    (tmp_path / "items.txt").write_text("准入类 | 教师资格 | 教师 | 教育部 | s\n没有这类 | 某某 | 某 | 某部 | s\n")
    pack = one_rule_pack(
        tmp_path,
        top="catalogue: items.txt\n",
        rule="terms: [证书], catalogue: unless-listed, examples: {bad: [证书], good: [教师资格证书]}",
    )
    with pytest.raises(PackError, match=r"items\.txt:2: kind must be 准入类, 水平评价类, 类别, 目录外 or 退出YYYY"):
        load_pack(pack)


def test_bad_department_line_is_reported_with_file_and_line(tmp_path):
    (tmp_path / "items.txt").write_text("准入类 | 教师资格 | 教师 | 教育部 | s\n@department 教育\n")
    pack = one_rule_pack(
        tmp_path,
        top="catalogue: items.txt\n",
        rule="terms: [证书], catalogue: unless-listed, examples: {bad: [证书], good: [教师资格证书]}",
    )
    with pytest.raises(PackError, match=r"items\.txt:2: expected '@department FAMILY \| word, word'"):
        load_pack(pack)


# -- claims decided by the catalogue, as a user sees them -----------------------------------


@pytest.mark.parametrize(
    ("text", "rule", "detail"),
    [
        ("育婴师证书是由国家人力资源和社会保障部门颁发的。", "CL211", "目录：育婴师已于2021年退出国家职业资格目录"),
        ("美容师证主要由各省市的人力资源和社会保障局颁发。", "CL211", "目录：美容师已于2021年退出国家职业资格目录"),
        ("育婴师证是国家职业资格证书。", "CL410", "目录：育婴师已于2021年退出国家职业资格目录"),
        (
            "八大员证作为职业资格证书，具有广泛的实用价值。",
            "CL410",
            "目录：“八大员”不在《国家职业资格目录（2021年版）》中。",
        ),
        ("当前我国明确要求家政服务员需持证上岗。", "CL411", ""),
        ("国家二级心理咨询师证书火热报名。", "CL108", "目录：心理咨询师已于2017年退出国家职业资格目录"),
        # A listed item, but issued by another department than the one the claim names.
        (
            "电工等级证统一由人社部颁发，不需年审。",
            "CL202",
            "目录：特种作业人员是国家职业资格目录内的准入类职业资格（应急管理部）",
        ),
    ],
)
def test_catalogue_claim_is_flagged_and_says_what_the_catalogue_says(linter, text, rule, detail):
    findings = [f for f in linter.scan_text(text) if f.rule == rule]
    assert len(findings) == 1, [(f.rule, f.match) for f in linter.scan_text(text)]
    assert findings[0].message.startswith(linter.rule(rule).message)
    assert detail in findings[0].message


@pytest.mark.parametrize(
    "text",
    [
        "教师资格由教育部具体实施发证，法律职业资格由司法部具体实施发证。",
        "根据国家有关规定，特种作业人员必须持证上岗。",
        "由于消防设施操作员属于准入类证书，无证不得上岗。",
        "二级建造师证书是国家认可的执业资格。",
        "特种作业操作证由应急管理部门颁发。",
        "二级建造师证书由住房城乡建设部和人社部共同用印。",
        "护士执业资格证由国家卫生健康委员会颁发。",
        "技能人员职业资格证书可通过技能人才评价工作网（osta.mohrss.gov.cn）查询。",
        "目前，收纳师资格证尚未纳入国家职业资格目录，因此属于行业认证性质。",
        "2017年，国家取消了心理咨询师的职业资格许可和认定。",
        "宠物美容师证是否是国家认证的呢？目前我国并没有专门针对宠物美容师的国家级认证制度。",
    ],
)
def test_true_catalogue_statements_are_not_flagged(linter, text):
    flagged = [(f.rule, f.match) for f in linter.scan_text(text) if f.severity.rank >= Severity.WARNING.rank]
    assert flagged == []
