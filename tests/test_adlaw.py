"""The second shipped pack (issue 15): the Advertising Law for training ads, chosen with
--pack; where it and the notice flag one span, one finding cites both."""

from __future__ import annotations

import json

from conftest import REPO, run_process

BOTH = ("--pack", "mohrss-2022-25,adlaw-edu")


def test_the_notice_alone_is_the_default(tmp_path):
    (tmp_path / "ad.md").write_text("特邀命题组专家授课，本期包过！\n", encoding="utf-8")
    alone = run_process("scan", "ad.md", "-f", "json", cwd=tmp_path).json()["findings"]
    assert [(f["rule"], f["clauses"]) for f in alone] == [("CL204", ["一(二)"])]


def test_one_span_flagged_by_both_packs_is_one_finding_citing_both(tmp_path):
    (tmp_path / "ad.md").write_text("特邀命题组专家授课，本期包过！\n", encoding="utf-8")
    both = run_process("scan", "ad.md", "-f", "json", *BOTH, cwd=tmp_path).json()
    assert [(f["rule"], f["match"], f["clauses"]) for f in both["findings"]] == [
        ("AD2402", "命题组专家", ["广告法24(2)"]),
        ("CL204", "包过", ["一(二)", "广告法24(1)"]),  # the notice first
    ]
    assert [p["id"] for p in both["packs"]] == ["mohrss-2022-25", "adlaw-edu"]
    text = run_process("scan", "ad.md", *BOTH, cwd=tmp_path).stdout
    assert "   = 条款 一(二): 是否存在虚假或夸大宣传等情况。" in text
    assert "   = 条款 广告法24(1): 教育、培训广告不得含有下列内容：（一）对升学、通过考试" in text
    sarif = json.loads(run_process("scan", "ad.md", "-f", "sarif", *BOTH, cwd=tmp_path).stdout)
    rules = {rule["id"] for rule in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert {"CL204", "AD2401", "AD2402", "AD903"} <= rules


def test_the_notice_leads_even_when_the_second_packs_span_starts_first(tmp_path):
    # Quoted from a training site (exam8.com): 签约保过班 is AD2401's, 保过班 CL204's.
    (tmp_path / "ad.txt").write_text("用户按环球网校定价缴纳签约保过班培训费用\n", encoding="utf-8")
    both = run_process("scan", "ad.txt", "-f", "json", *BOTH, cwd=tmp_path).json()
    assert [(f["rule"], f["match"], f["clauses"], f["column"]) for f in both["findings"]] == [
        ("CL204", "签约保过班", ["一(二)", "广告法24(1)"], 12)
    ]


def test_the_config_chooses_packs_and_per_file_ignores_keep_faces_notice_only(tmp_path):
    (tmp_path / ".certlint.yaml").write_text(
        "packs: [mohrss-2022-25, adlaw-edu]\nper-file-ignores:\n  'faces/*': [AD]\n", encoding="utf-8"
    )
    (tmp_path / "faces").mkdir()
    (tmp_path / "faces" / "a.txt").write_text("本期包过，全国第一！\n", encoding="utf-8")
    (tmp_path / "ad.txt").write_text("本期包过，全国第一！\n", encoding="utf-8")
    found = run_process("scan", ".", "-f", "json", cwd=tmp_path).json()["findings"]
    assert [(f["path"], f["rule"], f["clauses"]) for f in found] == [
        ("ad.txt", "CL204", ["一(二)", "广告法24(1)"]),
        ("ad.txt", "AD903", ["广告法9(3)"]),
        ("faces/a.txt", "CL204", ["一(二)"]),  # a certificate face is not an ad
    ]


def test_explain_and_rules_test_cover_the_second_pack():
    run = run_process("explain", "ad2404")
    assert run.code == 0 and run.stdout.startswith("AD2404 refund-or-restudy-if-failed 考试不过退费或免费重学 (error)")
    assert "  广告法（2021年修正） 广告法24(1):\n  教育、培训广告不得含有下列内容：（一）" in run.stdout
    tested = run_process("rules", "test", str(REPO / "rules" / "adlaw-edu.yaml"))
    assert tested.code == 0 and tested.stdout.rstrip().endswith("all pass")


def test_an_unknown_pack_is_one_error_line(tmp_path):
    (tmp_path / "a.txt").write_text("包过\n", encoding="utf-8")
    run = run_process("scan", "a.txt", "--pack", "adlaw", cwd=tmp_path)
    assert run.code == 2
    assert run.stderr == (
        "certlint: error: unknown pack 'adlaw' (shipped: adlaw-edu, adlaw-edu-classifier, mohrss-2022-25) (see `certlint rules list`)\n"
    )


# -- the real corpus of the second pack --------------------------------------------------

ADLAW_CORPUS = REPO / "examples" / "corpus" / "adlaw"
CLAUSES = {"广告法9(2)", "广告法9(3)", "广告法24(1)", "广告法24(2)", "广告法24(3)"}
KINDS = {"ad", "course", "seo", "qa", "face", "query", "news", "court", "regulator", "penalty", "notice",
         "explainer", "forum"}  # fmt: skip


def test_the_advertising_law_corpus_is_real_labelled_text():
    seen: set[str] = set()
    lines = 0
    for batch in sorted(ADLAW_CORPUS.glob("*.tsv")):
        for number, line in enumerate(batch.read_text(encoding="utf-8").splitlines(), start=1):
            if not line or line.startswith("#"):
                continue
            fields = line.split("\t")
            where = f"{batch.name}:{number}"
            assert len(fields) == 5, where
            label, text, url, kind, note = fields
            assert label == "-" or set(label.split(",")) <= CLAUSES, where
            assert url.startswith(("http://", "https://")) and kind in KINDS and note.strip(), where
            assert text not in seen, f"{where}: quoted twice"
            seen.add(text)
            lines += 1
    assert lines >= 400


def test_the_second_pack_holds_its_figures_on_the_corpus_it_was_tuned_on():
    # A regression guard on tuning data, not a result: blind figures are in RESULTS.md.
    from certlint import Linter
    from certlint.quality import evaluate, read_corpus

    report = evaluate(Linter.from_packs([REPO / "rules" / "adlaw-edu.yaml"]), read_corpus(ADLAW_CORPUS))
    assert report.precision >= 0.87 and report.recall >= 0.34, (report.precision, report.recall)


def test_the_html_report_quotes_both_legal_bases(tmp_path):
    (tmp_path / "ad.md").write_text("本期包过！\n", encoding="utf-8")
    run = run_process("scan", "ad.md", "-f", "html", "-o", "report.html", *BOTH, cwd=tmp_path)
    assert run.code == 1
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "<blockquote><strong>一(二)</strong> 是否存在虚假或夸大宣传等情况。" in page
    assert "<blockquote><strong>广告法24(1)</strong> 教育、培训广告不得含有下列内容：（一）" in page


def test_an_allow_phrase_holds_for_every_pack(tmp_path):
    (tmp_path / "a.txt").write_text("证书由人社部颁发。\n", encoding="utf-8")
    flagged = run_process("scan", "a.txt", "-f", "json", *BOTH, cwd=tmp_path).json()["findings"]
    assert [f["rule"] for f in flagged] == ["CL202"]
    allowed = run_process("scan", "a.txt", "--allow", "人社部颁发", *BOTH, cwd=tmp_path)
    assert (allowed.code, allowed.stdout) == (0, "No findings; 1 file scanned.\n")


def test_every_line_has_a_second_label_and_every_disagreement_a_third():
    # benchmarks/adlaw-labels/: the majority of three blind labellers (labeller_agreement.py).
    from certlint.quality import read_corpus

    labels = REPO / "benchmarks" / "adlaw-labels"
    first = {line.text: line.expected for line in read_corpus(ADLAW_CORPUS)}
    second = {line.text: line.expected for line in read_corpus(labels / "second.tsv")}
    third = {line.text: line.expected for line in read_corpus(labels / "third.tsv")}
    assert second.keys() == first.keys()
    assert third.keys() == {text for text, label in first.items() if second[text] != label}
    for label in (*second.values(), *third.values()):
        assert label <= CLAUSES
