"""Documents as institutions keep them: each planted violation is found at the right
paragraph, table cell, text box, header, slide or page; corrupt and hostile files give
one clear error."""

from __future__ import annotations

import zipfile

import pytest

from certlint import Linter
from certlint.inputs.document import location_label
from certlint.inputs.reading import read_document
from documents import make_clean_docx, make_docx, make_pdf, make_pptx

from conftest import run_cli, run_process

LINTER = Linter.from_default()


def places(path) -> list[tuple[str, str, str]]:
    findings = LINTER.scan(read_document(str(path)))
    return [(f.rule, f.match, location_label(f.location)) for f in findings]


def test_docx_paragraphs_tables_textboxes_headers(tmp_path):
    found = places(make_docx(tmp_path / "brochure.docx"))
    assert found == [
        ("CL101", "国家高级营养师证书", "P3"),
        ("CL201", "国家认可", "P3"),
        ("CL201", "全国通用", "P3"),
        ("CL305", "入库费", "T1R2C2"),
        ("CL204", "包过", "textbox1"),
        ("CL202", "人社部", "header1-P1"),
        ("CL207", "官方认证", "header1-P1"),
    ]


def test_docx_json_location_field(tmp_path):
    path = make_docx(tmp_path / "brochure.docx")
    doc = run_cli("scan", "-f", "json", str(path)).json()
    cell = next(f for f in doc["findings"] if f["rule"] == "CL305")
    assert cell["location"] == {"table": 1, "row": 2, "cell": 2}
    paragraph = doc["findings"][0]
    assert paragraph["location"] == {"paragraph": 3}
    assert (paragraph["line"], paragraph["column"]) == (3, 5)  # in the extracted text


def test_docx_text_report_names_the_place(tmp_path):
    path = make_docx(tmp_path / "brochure.docx")
    out = run_cli("scan", str(path)).stdout
    assert f"{path}:P3: error[CL101] 国家高级营养师证书" in out
    assert f"{path}:T1R2C2: error[CL305] 入库费" in out


def test_clean_docx_passes(tmp_path):
    run = run_cli("scan", str(make_clean_docx(tmp_path / "ok.docx")))
    assert run.code == 0


def test_pdf_findings_by_page(tmp_path):
    found = places(make_pdf(tmp_path / "certificate.pdf"))
    assert found == [("CL403", "终身有效", "p2"), ("CL404", "全国联网可查", "p2")]


def test_pdf_image_only_page_is_read_by_ocr(tmp_path):
    pytest.importorskip("rapidocr_onnxruntime", reason="the OCR extra is not installed")
    path = make_pdf(tmp_path / "scan.pdf", image_page=True)
    # In a process of its own: the OCR engine would stay in this one (400 MB), and every
    # process forked from it later would start that large (the hostile inputs' RSS cap).
    run = run_process("scan", "-f", "json", str(path))
    assert run.code == 1  # page 3 is a blank picture: read, and clean
    assert run.json()["errors"] == []
    assert len(run.json()["findings"]) == 2


def test_pdf_image_only_page_without_ocr_is_reported_not_passed(tmp_path, monkeypatch):
    monkeypatch.setattr("certlint.inputs.ocr.engine.available", lambda: False)
    path = make_pdf(tmp_path / "scan.pdf", image_page=True)
    run = run_cli("scan", "-f", "json", str(path))
    assert run.code == 2
    assert run.json()["errors"] == [
        {
            "path": str(path),
            "message": "no text layer (image-only page 3); reading it needs OCR: pip install 'certlint[ocr]'",
        }
    ]
    assert len(run.json()["findings"]) == 2  # the text pages are still scanned


def test_encrypted_pdf(tmp_path):
    path = make_pdf(tmp_path / "locked.pdf", password="secret")
    run = run_cli("scan", str(path))
    assert run.code == 2
    assert run.stderr == f"certlint: error: {path}: encrypted PDF: a password is needed to read it\n"


def test_pptx_slides_and_notes(tmp_path):
    found = places(make_pptx(tmp_path / "deck.pptx"))
    assert found == [
        ("CL201", "国家认可", "S2"),
        ("CL204", "包过", "S2-notes"),
        ("CL204", "不过退款", "S2-notes"),
    ]


def test_html_visible_text_alt_and_title_with_source_positions(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>课程</title>\n"
        "<style>.x::after{content:'包过'}</style><script>var a = '国家认可';</script></head>\n"
        "<body><p>本证书国<b>家</b>认可&nbsp;欢迎报名</p>\n"
        '<img src="seal.png" alt="证书印有国徽">\n'
        '<a href="/baoguo" title="终身有效">详情</a><!-- 包过 --></body></html>\n',
        encoding="utf-8",
    )
    doc = run_cli("scan", "-f", "json", str(page)).json()
    assert [(f["rule"], f["line"], f["column"], f["end_column"], f["match"]) for f in doc["findings"]] == [
        ("CL201", 3, 13, 24, "国<b>家</b>认可"),
        ("CL102", 4, 28, 32, "印有国徽"),
        ("CL403", 5, 26, 30, "终身有效"),
    ]


def test_markdown_prose_links_and_alt_text_but_not_code(tmp_path):
    page = tmp_path / "course.md"
    page.write_text(
        "# 课程\n\n"
        "报名请看[国家认可的证书](https://example.org/包过)。\n\n"
        "```\n包过 代码块不检查\n```\n\n"
        "    包过 缩进代码也不检查\n\n"
        "运行 `包过` 命令。\n\n"
        "![证书印有国徽](seal.png)\n",
        encoding="utf-8",
    )
    doc = run_cli("scan", "-f", "json", str(page)).json()
    assert [(f["rule"], f["line"], f["column"], f["match"]) for f in doc["findings"]] == [
        ("CL201", 3, 6, "国家认可"),
        ("CL102", 13, 5, "印有国徽"),
    ]


def test_truncated_docx_is_one_clear_error(tmp_path):
    good = make_docx(tmp_path / "brochure.docx").read_bytes()
    broken = tmp_path / "broken.docx"
    broken.write_bytes(good[: len(good) // 2])
    run = run_process("scan", str(broken), str(make_clean_docx(tmp_path / "ok.docx")))
    assert run.code == 2
    assert run.stderr == f"certlint: error: {broken}: not a valid .docx file (corrupt or truncated zip archive)\n"


def test_zip_bomb_is_refused_before_inflating(tmp_path):
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (300 * 1024 * 1024))
    run = run_process("scan", str(bomb))
    assert run.code == 2
    assert "refused: the .docx archive would expand to 300 MB (possible zip bomb)" in run.stderr
    assert "Traceback" not in run.stderr


def test_not_really_a_pdf(tmp_path):
    fake = tmp_path / "fake.pdf"
    fake.write_bytes(b"%PDF-1.4\n" + b"garbage" * 10)
    run = run_cli("scan", str(fake))
    assert run.code == 2
    assert run.stderr.startswith(f"certlint: error: {fake}: not a valid PDF file")


def test_directory_scan_picks_up_documents(tmp_path):
    make_docx(tmp_path / "a.docx")
    make_pdf(tmp_path / "b.pdf")
    make_pptx(tmp_path / "c.pptx")
    doc = run_cli("scan", "-f", "json", str(tmp_path)).json()
    assert {f["path"].rsplit("/", 1)[1] for f in doc["findings"]} == {"a.docx", "b.pdf", "c.pptx"}
    assert doc["summary"]["files"] == 3


@pytest.mark.parametrize("size_mb", [40])
def test_large_text_file_is_streamed_with_right_line_numbers(tmp_path, size_mb):
    path = tmp_path / "crawl.txt"
    line = "这是一段普通的课程介绍文字，没有任何问题。\n".encode()
    count = size_mb * 1024 * 1024 // len(line)
    with path.open("wb") as out:
        out.write(line * (count // 2))
        out.write("本证书国家认可。\n".encode())
        out.write(line * (count - count // 2))
    run = run_process("scan", "-f", "json", str(path))
    doc = run.json() if run.stdout else {}
    assert [(f["line"], f["column"], f["match"]) for f in doc["findings"]] == [(count // 2 + 1, 4, "国家认可")]


def test_document_location_label():
    assert location_label({"paragraph": 12}) == "P12"
    assert location_label({"table": 1, "row": 3, "cell": 2}) == "T1R3C2"
    assert location_label({"page": 2}) == "p2"
    assert location_label({"slide": 3, "notes": True}) == "S3-notes"
    assert location_label(None) == ""
