"""Certificate faces as pictures: images and image-only PDF pages read by OCR, end to end
through the installed ``certlint`` script.

The faces are drawn in the tests (tests/faces.py), so the place of every character is
known; a finding's box must hold the drawn box of the characters it matched. What a
face should give is what certlint gives on the same text typed into a .txt file (one
line per block): those findings are asserted here too, so the ground truth is checked
and not assumed.

The OCR tests need the OCR extra (``pip install 'certlint[ocr]'``): without it they are
skipped, except in CI (``CI`` set), where they fail. OCR takes 1-3 s an image, so each
test module run OCRs about a dozen images, most of them in one ``-j 2`` process.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest
from PIL import Image, ImageChops, ImageDraw

from faces import (
    Face,
    FaceSpec,
    bad_images,
    blur,
    clean_face,
    double_print,
    draw_face,
    image_pdf,
    jpeg,
    multipage_tiff,
    rotate,
    scale,
    violating_face,
)

from conftest import REPO, Run, run_process

try:
    import rapidocr_onnxruntime  # noqa: F401

    OCR_MISSING = ""
except ImportError as exc:
    OCR_MISSING = f"rapidocr-onnxruntime cannot be imported ({exc}); pip install 'certlint[ocr]'"


@pytest.fixture
def ocr() -> None:
    if OCR_MISSING:
        if os.environ.get("CI"):
            pytest.fail(OCR_MISSING + " (CI installs the OCR extra)")
        pytest.skip(OCR_MISSING)


# What the violating face says, as certlint reads its text version.
EXPECTED = [
    ("CL101", "中华人民共和国职业资格证书"),
    ("CL201", "国家认可"),
    ("CL201", "全国通用"),
    ("CL404", "官网可查"),
]
FINDING_KEYS = {
    "path",
    "line",
    "column",
    "end_line",
    "end_column",
    "rule",
    "severity",
    "clauses",
    "match",
    "message",
    "suggestion",
    "location",
}
LOW_CONFIDENCE = re.compile(r"（OCR 识别置信度 (\d\.\d+)，请核对原图）$")
# The face of the multi-page tests: smaller, so two pages cost about one big face.
SMALL = {"size": (1000, 720), "title_size": 48, "body_size": 26}


def pairs(findings: list[dict]) -> list[tuple[str, str]]:
    return sorted((f["rule"], f["match"]) for f in findings)


def by_path(run: Run) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for finding in run.json()["findings"]:
        found.setdefault(finding["path"], []).append(finding)
    return found


def text_version(face: Face, folder: Path, name: str) -> list[dict]:
    """certlint's findings on the face's text typed into a .txt file."""
    path = folder / f"{name}.txt"
    path.write_text(face.text(), encoding="utf-8")
    return run_process("scan", "-f", "json", str(path)).json()["findings"]


def tolerance(face: Face, phrase: str) -> float:
    """How far a finding's box may stray from the drawn box of ``phrase``: 40 % of the
    characters' height. The OCR engine places the characters of a line by the columns
    of its recogniser, not by their ink: measured on these faces, the ends of a phrase
    move up to 10-11 px (a third of a 34 px character) inwards or outwards, and a seal's
    ink stretches a line's box downwards as much. A box one character off is 100 % off."""
    heights = sorted(y1 - y0 for _, y0, _, y1 in face.char_boxes(phrase))
    return 0.4 * heights[len(heights) // 2] + 2


def assert_box_fits(finding: dict, face: Face, phrase: str | None = None) -> None:
    """The finding's box holds the drawn box of the matched characters and is not much
    larger (same tolerance both ways), in pixels of the image as saved."""
    phrase = phrase or finding["match"]
    bbox = finding["location"]["bbox"]
    assert len(bbox) == 4 and all(isinstance(v, int) for v in bbox), bbox
    x0, y0, x1, y1 = bbox
    drawn = face.box(phrase)
    tol = tolerance(face, phrase)
    holds = x0 <= drawn[0] + tol and y0 <= drawn[1] + tol and x1 >= drawn[2] - tol and y1 >= drawn[3] - tol
    tight = x0 >= drawn[0] - tol and y0 >= drawn[1] - tol and x1 <= drawn[2] + tol and y1 <= drawn[3] + tol
    deltas = [b - d for b, d in zip(bbox, drawn, strict=True)]
    assert holds and tight, f"{phrase}: finding box {bbox}, drawn {drawn}, deltas {deltas}, tolerance {tol:.1f}"


def assert_confidence(finding: dict) -> float:
    confidence = finding["location"]["confidence"]
    assert isinstance(confidence, float) and 0 < confidence <= 1, confidence
    assert round(confidence, 3) == confidence, confidence
    suffix = LOW_CONFIDENCE.search(finding["message"])
    if confidence < 0.80:
        assert suffix, finding["message"]
        assert abs(float(suffix.group(1)) - confidence) < 0.01, (suffix.group(0), confidence)
    else:
        assert "OCR 识别置信度" not in finding["message"], finding["message"]
    return confidence


# -- the fixtures themselves (no OCR) ------------------------------------------------


@pytest.mark.parametrize("degrees", [0, 5, -5])
def test_drawn_boxes_hold_all_the_ink(degrees):
    """Every dark pixel of a face without frame lies in a character's box (1 px of
    anti-aliasing, 2 px after rotation), and every box holds ink."""
    face = violating_face(frame=False)
    if degrees:
        face = rotate(face, degrees)
    slack = 2 if degrees else 1
    ink = face.image.convert("L").point(lambda v: 255 if v < 160 else 0)
    mask = Image.new("L", face.image.size, 0)
    draw = ImageDraw.Draw(mask)
    for line in face.lines:
        for char, (x0, y0, x1, y1) in zip(line.text, line.boxes, strict=True):
            if not char.isspace():
                draw.rectangle((x0 - slack, y0 - slack, x1 + slack, y1 + slack), fill=255)
                assert ink.crop((int(x0), int(y0), int(x1) + 1, int(y1) + 1)).getbbox(), (char, degrees)
    assert ImageChops.subtract(ink, mask).getbbox() is None


def test_text_versions_give_the_expected_findings(tmp_path):
    assert pairs(text_version(violating_face(), tmp_path, "violating")) == sorted(EXPECTED)
    assert violating_face().text().startswith("中华人民共和国职业资格证书\n")  # the title block is one line
    assert text_version(clean_face(), tmp_path, "clean") == []


def test_directory_scans_list_images(tmp_path):
    for name in ("a.png", "b.jpg", "c.jpeg", "d.webp", "e.bmp", "f.tif", "g.tiff", "h.PNG", "x.gif", "y.svg"):
        (tmp_path / name).write_bytes(b"")
    listed = run_process("scan", "--list-files", str(tmp_path)).stdout.split()
    names = sorted(Path(p).name for p in listed)
    assert names[:7] == ["a.png", "b.jpg", "c.jpeg", "d.webp", "e.bmp", "f.tif", "g.tiff"]
    assert "x.gif" not in names and "y.svg" not in names


# -- no OCR extra, bad images (no OCR needed) ----------------------------------------


def without_ocr(folder: Path) -> dict[str, str]:
    """Environment of a certlint process that cannot import rapidocr_onnxruntime: a
    sitecustomize puts None into sys.modules for it (``import`` raises
    ModuleNotFoundError and ``importlib.util.find_spec`` says None), and a module of that
    name raising ModuleNotFoundError shadows the real one should sitecustomize not run."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sitecustomize.py").write_text(
        "import sys\nsys.modules['rapidocr_onnxruntime'] = None\n", encoding="utf-8"
    )
    (folder / "rapidocr_onnxruntime.py").write_text(
        "raise ModuleNotFoundError(\"No module named 'rapidocr_onnxruntime'\", name='rapidocr_onnxruntime')\n",
        encoding="utf-8",
    )
    return {"PYTHONPATH": str(folder), "CERTLINT_CACHE_DIR": str(folder / "cache")}


def test_without_ocr_an_image_is_one_error_line(tmp_path):
    png = violating_face(size=(700, 500), title_size=32, body_size=18).save(tmp_path / "face.png")
    txt = tmp_path / "ad.txt"
    txt.write_text("报名即包过\n", encoding="utf-8")
    run = run_process("scan", str(png), str(txt), **without_ocr(tmp_path / "no-ocr"))
    assert run.code == 2, run
    assert run.stderr.splitlines() == [f"certlint: error: {png}: reading images needs OCR: pip install 'certlint[ocr]'"]
    assert f"{txt}:1:4: error[CL204] 包过" in run.stdout  # the other input is still scanned


def test_bad_images_are_one_error_line_each(tmp_path):
    bad = bad_images(tmp_path / "bad")
    assert bad["bomb"].stat().st_size < 300_000  # 30 000 × 30 000 pixels in a small file
    txt = tmp_path / "ad.txt"
    txt.write_text("报名即包过\n", encoding="utf-8")
    run = run_process("scan", *map(str, bad.values()), str(txt))
    assert run.code == 2, run
    assert "Traceback" not in run.stderr + run.stdout
    lines = run.stderr.splitlines()
    assert len(lines) == len(bad), lines
    for path in bad.values():
        mine = [line for line in lines if line.startswith(f"certlint: error: {path}: ")]
        assert len(mine) == 1, (path, lines)
        assert len(mine[0]) > len(f"certlint: error: {path}: ") + 3  # with a reason
    assert f"{txt}:1:4: error[CL204] 包过" in run.stdout

    doc = run_process("scan", "-f", "json", *map(str, bad.values()), str(txt)).json()
    assert sorted(e["path"] for e in doc["errors"]) == sorted(map(str, bad.values()))
    assert pairs(doc["findings"]) == [("CL204", "包过")]


# -- OCR: one face, clean and violating ----------------------------------------------


def test_clean_face_passes(ocr, tmp_path):
    png = clean_face().save(tmp_path / "clean.png")
    run = run_process("scan", "-f", "json", str(png))
    assert run.code == 0, run.stdout + run.stderr
    assert run.json()["findings"] == [] and run.json()["errors"] == []


@pytest.fixture(scope="module")
def violating(tmp_path_factory) -> tuple[Face, Path, Run]:
    if OCR_MISSING:
        pytest.skip(OCR_MISSING)
    folder = tmp_path_factory.mktemp("violating")
    face = violating_face()
    png = face.save(folder / "face.png")
    return face, png, run_process("scan", "-f", "json", str(png))


def test_violating_face_exact_findings_and_boxes(ocr, violating, tmp_path):
    face, png, run = violating
    assert run.code == 1, run.stdout + run.stderr
    findings = run.json()["findings"]
    assert pairs(findings) == sorted(EXPECTED)
    assert pairs(findings) == pairs(text_version(face, tmp_path, "face"))
    for finding in findings:
        assert set(finding) == FINDING_KEYS
        assert set(finding["location"]) == {"bbox", "confidence"}  # a single picture has no page
        assert finding["path"] == str(png)
        assert_box_fits(finding, face)
        assert assert_confidence(finding) > 0.9  # a clean rendering is read with confidence
        x0, y0, x1, y1 = finding["location"]["bbox"]
        assert 0 <= x0 < x1 <= 1400 and 0 <= y0 < y1 <= 1000
    title = next(f for f in findings if f["rule"] == "CL101")
    assert title["clauses"] == ["一(一)"] and title["severity"] == "error"
    # The title's box spans both rows of the title.
    assert title["location"]["bbox"][1] < face.box("中华人民共和国")[3] < face.box("职业资格证书")[1]
    assert title["location"]["bbox"][3] >= face.box("职业资格证书")[3] - tolerance(face, "职业资格证书")


def test_text_report_names_the_pixel_place(ocr, violating):
    _, png, run = violating
    text = run_process("scan", str(png))  # the OCR result is cached by now
    assert text.code == 1
    for finding in run.json()["findings"]:
        x0, y0, _, _ = finding["location"]["bbox"]
        head = f"{png}:({x0},{y0}): {finding['severity']}[{finding['rule']}] {finding['match']}"
        assert head in text.stdout.splitlines(), (head, text.stdout)


def test_every_image_suffix_is_read(ocr, tmp_path):
    """One small picture saved in each format certlint reads; a folder scan reads them all."""
    face = draw_face(
        FaceSpec(title=(), fields=(), statement="本证书国家认可。", issuer=None, size=(460, 110), frame=False)
    )
    suffixes = (".png", ".jpg", ".jpeg", ".webp", ".bmp", ".tif", ".tiff")
    for suffix in suffixes:
        face.save(tmp_path / f"face{suffix}")
    run = run_process("scan", "-f", "json", "-j", "2", str(tmp_path))
    assert run.json()["errors"] == []
    found = {Path(path).suffix: pairs(findings) for path, findings in by_path(run).items()}
    assert found == {suffix: [("CL201", "国家认可")] for suffix in suffixes}


# -- OCR: degraded faces, all in one process -----------------------------------------

DEGRADED = {
    "rotate+5": lambda: rotate(violating_face(), 5),
    "rotate-5": lambda: rotate(violating_face(), -5),
    "blur": lambda: blur(violating_face(), 1.5),
    "jpeg50": lambda: jpeg(violating_face(), 50),
    # A red seal stamped on 全国通用, over both commas around it.
    "seal": lambda: violating_face(seal=True, seal_on="全国通用"),
}
# Under the seal the OCR loses the two commas (本证书国家认可全国通用官网可查。), and the
# run-on text gives a CL104 warning the typed text does not: the one extra allowed.
SEAL_EXTRA = {("CL104", "国家认可全国通用官网")}


# A title on two rows (bold serif, 52 px, 1.18 lines apart) on a photo turned by -5° and
# scaled to 0.6: the OCR boxes of the two rows overlap by a few pixels. Still one block.
TITLE_PHOTO = FaceSpec(
    title=("中国家庭教育指导师", "资格证书"),
    statement="本证书终身有效，全国联网可查。",
    family="serif",
    title_family="serif",
    bold=True,
    title_size=52,
    body_size=31,
    size=(1276, 912),
)


@pytest.fixture(scope="module")
def degraded(tmp_path_factory) -> tuple[dict[str, Face], dict[str, list[dict]], Run]:
    if OCR_MISSING:
        pytest.skip(OCR_MISSING)
    folder = tmp_path_factory.mktemp("degraded")
    faces = {name: make() for name, make in DEGRADED.items()}
    faces["title-photo"] = scale(rotate(draw_face(TITLE_PHOTO), -5), 0.6)
    for name, face in faces.items():
        face.save(folder / (f"{name}.jpg" if face.jpeg_quality else f"{name}.png"))
    run = run_process("scan", "-f", "json", "-j", "2", str(folder))
    found = {Path(path).stem: findings for path, findings in by_path(run).items()}
    return faces, found, run


@pytest.mark.parametrize("name", list(DEGRADED))
def test_degraded_face_still_found(ocr, degraded, name):
    faces, found, run = degraded
    assert run.code == 1 and run.json()["errors"] == [], run.stdout + run.stderr
    findings = found.get(name, [])
    got = set(pairs(findings))
    assert set(EXPECTED) <= got, f"missed {set(EXPECTED) - got}"
    extra = got - set(EXPECTED)
    assert extra <= (SEAL_EXTRA if name == "seal" else set()), f"extra {extra}"
    assert len(findings) == len(got)  # nothing twice
    for finding in findings:
        if (finding["rule"], finding["match"]) in EXPECTED:
            assert_box_fits(finding, faces[name])
        assert_confidence(finding)


# -- OCR: pages of a PDF and of a TIFF; low confidence -------------------------------


@pytest.fixture(scope="module")
def paged(tmp_path_factory) -> tuple[Face, Path, Path, Run]:
    """A two-page image-only PDF and a two-frame TIFF: a clean face, then the violating one."""
    if OCR_MISSING:
        pytest.skip(OCR_MISSING)
    folder = tmp_path_factory.mktemp("paged")
    first = clean_face(**SMALL)
    second = violating_face(**SMALL)
    pdf = image_pdf(folder / "scan.pdf", [first, second])
    tiff = multipage_tiff(folder / "scan.tiff", [first, second])
    return second, pdf, tiff, run_process("scan", "-f", "json", "-j", "2", str(pdf), str(tiff))


def test_image_only_pdf_has_no_text_layer():
    buffer = io.BytesIO()
    image_pdf(buffer, [clean_face(**SMALL), violating_face(**SMALL)])
    reader = pypdf.PdfReader(io.BytesIO(buffer.getvalue()))
    assert len(reader.pages) == 2
    for page in reader.pages:
        assert page.extract_text().strip() == ""
        assert len(page.images) == 1
        assert (float(page.mediabox.width), float(page.mediabox.height)) == (1000.0, 720.0)


@pytest.mark.parametrize("kind", ["pdf", "tiff"])
def test_violation_on_page_two_only(ocr, paged, kind):
    face, pdf, tiff, run = paged
    assert run.code == 1 and run.json()["errors"] == [], run.stdout + run.stderr
    path = pdf if kind == "pdf" else tiff
    findings = by_path(run).get(str(path), [])
    assert pairs(findings) == sorted(EXPECTED)
    for finding in findings:
        assert set(finding["location"]) == {"page", "bbox", "confidence"}
        assert finding["location"]["page"] == 2
        assert_box_fits(finding, face)  # page pixels: the PDF is at 72 dpi, points = pixels
        assert_confidence(finding)


def test_page_text_report_place(ocr, paged):
    _, pdf, _, run = paged
    text = run_process("scan", str(pdf))
    for finding in by_path(run)[str(pdf)]:
        x0, y0, _, _ = finding["location"]["bbox"]
        head = f"{pdf}:p2:({x0},{y0}): {finding['severity']}[{finding['rule']}] {finding['match']}"
        assert head in text.stdout.splitlines(), (head, text.stdout)


def test_low_confidence_findings_say_so(ocr, tmp_path):
    """The statement printed twice a few pixels apart (a shaken camera): still read, with
    a confidence below 0.80 (measured 0.73), and its findings say so; the title's not."""
    face = double_print(violating_face(**SMALL), "国家认可")
    png = face.save(tmp_path / "shaken.png")
    run = run_process("scan", "-f", "json", str(png))
    assert run.code == 1, run.stdout + run.stderr
    findings = run.json()["findings"]
    statement = [f for f in findings if f["rule"] == "CL201"]
    assert statement, pairs(findings)
    for finding in statement:
        assert assert_confidence(finding) < 0.80
        assert LOW_CONFIDENCE.search(finding["message"])
    title = next(f for f in findings if f["rule"] == "CL101")
    assert assert_confidence(title) >= 0.80
    assert "OCR 识别置信度" not in title["message"]


def test_accuracy_benchmark_smoke_mode_prints_the_table(ocr):
    """benchmarks/ocr_accuracy.py --smoke runs and prints every column (never how fast)."""
    proc = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "ocr_accuracy.py"), "--smoke", "--quiet"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("OCR accuracy: 3 faces")
    assert lines[1].split() == ["degradation", "images", "chars", "char", "acc", "findings", "recall", "precision"]
    total = next(line for line in lines if line.startswith("all "))
    assert total.split()[1:3] == ["3", str(sum(int(line.split()[-5]) for line in lines[3:6]))]
    assert re.search(r"seconds per image .*: \d+\.\d\d$", proc.stdout, re.M)
    assert re.search(r"peak RSS of the largest certlint process: \d+ MB$", proc.stdout, re.M)


def test_title_rows_whose_boxes_overlap_are_one_block(ocr, degraded, tmp_path):
    faces, found, _ = degraded
    face = faces["title-photo"]
    expected = pairs(text_version(face, tmp_path, "title-photo"))
    assert ("CL101", "中国家庭教育指导师资格证书") in expected
    assert pairs(found.get("title-photo", [])) == expected
    title = next(f for f in found["title-photo"] if f["rule"] == "CL101")
    assert_box_fits(title, face)
