"""The HTML report: self-contained, and rendered by a real headless Chromium that shows
every finding (checked on the printed page's text, not on pixels)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from documents import make_docx, make_pdf

from conftest import REPO, run_cli, run_process

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def report(tmp_path):
    make_docx(tmp_path / "brochure.docx")
    make_pdf(tmp_path / "certificate.pdf")
    (tmp_path / "page.html").write_text("<p>报名即包过，<b>不过退款</b>。</p>", encoding="utf-8")
    out = tmp_path / "report.html"
    run = run_cli(
        "scan", "-f", "html", "-o", str(out), str(tmp_path / "brochure.docx"), str(tmp_path / "certificate.pdf"),
        str(tmp_path / "page.html"), str(REPO / "examples" / "wechat-ad.txt"),
    )  # fmt: skip
    assert run.code == 1
    json_run = run_cli(
        "scan", "-f", "json", str(tmp_path / "brochure.docx"), str(tmp_path / "certificate.pdf"),
        str(tmp_path / "page.html"), str(REPO / "examples" / "wechat-ad.txt"),
    )  # fmt: skip
    return out, json_run.json()


def test_report_is_self_contained(report):
    path, _ = report
    page = path.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)
    assert "<svg" in page and "<rect" in page


def test_report_lists_every_finding_with_clause_and_suggestion(report):
    path, doc = report
    page = path.read_text(encoding="utf-8")
    assert page.count('<article class="finding') == len(doc["findings"])
    for finding in doc["findings"]:
        assert f"<mark>{finding['match'].replace('<', '&lt;').replace('>', '&gt;')}</mark>" in page
    assert "brochure.docx:T1R2C2" in page
    assert "certificate.pdf:p2" in page
    assert "是否存在虚假或夸大宣传等情况" in page
    assert "建议：删除包过、保过、不过退款等承诺" in page


def _need_chromium() -> str:
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed (.ci/run installs Debian's chromium)")
        pytest.skip("chromium is not installed (apt-get install chromium fonts-noto-cjk)")
    return CHROMIUM


def test_chromium_renders_every_finding(report, tmp_path):
    chromium = _need_chromium()
    path, doc = report
    printed = tmp_path / "printed.pdf"
    proc = subprocess.run(
        [chromium, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", f"--print-to-pdf={printed}",
         "--no-pdf-header-footer", path.as_uri()],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert printed.exists() and printed.stat().st_size > 0, proc.stderr
    from pypdf import PdfReader

    from certlint.matching.normalize import normalize

    # PDF text may use compatibility forms (Kangxi radicals for 人, 山): fold both sides.
    visible = "".join(page.extract_text() for page in PdfReader(str(printed)).pages)
    visible = normalize(unicodedata.normalize("NFKC", re.sub(r"\s+", "", visible)))
    assert "certlint检查报告" in visible
    assert f"{len(doc['findings'])}个问题" in visible
    for finding in doc["findings"]:
        shown = normalize(unicodedata.normalize("NFKC", re.sub(r"<[^>]+>|\s+", "", finding["match"])))
        assert shown in visible, finding
        assert finding["rule"].lower() in visible  # normalize folds ASCII to lower case


def test_chromium_screenshot_shows_the_page(report, tmp_path):
    chromium = _need_chromium()
    path, _ = report
    shot = tmp_path / "shot.png"
    subprocess.run(
        [chromium, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={shot}",
         "--window-size=1200,1600", path.as_uri()],
        capture_output=True, timeout=120,
    )  # fmt: skip
    from PIL import Image

    image = Image.open(shot).convert("RGB")
    assert image.size == (1200, 1600)
    colours = image.getcolors(maxcolors=1 << 20) or []
    red = sum(count for count, (r, g, b) in colours if r > 150 and g < 80 and b < 80)
    assert red > 500  # the error badges and the bar chart are drawn
    assert len(colours) > 50  # text was rendered, not a blank page


def test_dump_dom_has_no_render_errors(report, tmp_path):
    chromium = _need_chromium()
    path, doc = report
    proc = subprocess.run(
        [chromium, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", path.as_uri()],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0
    assert proc.stdout.count('class="finding') == len(doc["findings"])
    assert Path(path).exists()


def _face(path: Path) -> Path:
    """A certificate face with a violation on its statement line."""
    from PIL import Image, ImageDraw, ImageFont

    font = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
    if not Path(font).exists():
        pytest.skip("fonts-noto-cjk is not installed")
    image = Image.new("RGB", (1000, 700), "white")
    draw = ImageDraw.Draw(image)
    draw.text((300, 100), "培训合格证书", font=ImageFont.truetype(font, 56), fill="black")
    draw.text((120, 330), "本证书国家认可，全国通用。", font=ImageFont.truetype(font, 36), fill="black")
    image.save(path)
    return path


def test_a_picture_is_shown_with_its_finding_boxes_in_chromium(tmp_path):
    pytest.importorskip("rapidocr_onnxruntime", reason="the OCR extra is not installed")
    chromium = _need_chromium()
    face = _face(tmp_path / "face.png")
    out = tmp_path / "report.html"
    run = run_process("scan", "-f", "html", "-o", str(out), str(face))
    assert run.code == 1, run.stderr
    findings = run_process("scan", "-f", "json", str(face)).json()["findings"]
    assert [f["match"] for f in findings] == ["国家认可", "全国通用"]
    page = out.read_text(encoding="utf-8")
    # Still one file: the picture is embedded, nothing is fetched.
    assert page.count("data:image/jpeg;base64,") == 1
    assert not re.search(r'(?:src|href)="(?!data:|#)', page)
    proc = subprocess.run(
        [chromium, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", out.as_uri()],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0
    boxes = re.findall(r'<rect class="box error" x="(\d+)" y="(\d+)" width="(\d+)" height="(\d+)"', proc.stdout)
    assert [tuple(int(v) for v in box) for box in boxes] == [
        (f["location"]["bbox"][0], f["location"]["bbox"][1],
         f["location"]["bbox"][2] - f["location"]["bbox"][0], f["location"]["bbox"][3] - f["location"]["bbox"][1])
        for f in findings
    ]  # fmt: skip
    # The boxes sit on the statement line, which was drawn at y = 330.
    assert all(310 <= int(y) <= 350 for _, y, _, _ in boxes)
