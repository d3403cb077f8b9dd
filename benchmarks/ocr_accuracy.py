"""OCR accuracy of certlint on generated certificate faces: what it reads and what it finds.

    python benchmarks/ocr_accuracy.py              # 90 faces, 10 per degradation
    python benchmarks/ocr_accuracy.py --count 180  # more
    python benchmarks/ocr_accuracy.py --smoke      # 3 faces: the command works

Draws faces with tests/faces.py (varied titles, occupations in and outside the national
catalogue, statements violating and compliant, issuers, Noto Sans/Serif CJK regular and
bold, sizes), degrades each in one way (none, rotation ±2-5°, Gaussian blur, JPEG
quality 50, noise, a red seal stamped on text, small scale, one line printed twice a
few pixels apart, or a "photo": rotation, downscale, blur, noise and JPEG at once), then:

- findings: one ``certlint scan -f json -j JOBS`` over the folder of images (with an empty
  OCR cache), and one over the same texts typed into .txt files (one line per block: the
  ground truth). An image finding is right when a finding of its text version has the
  same rule and the same matched text (as multisets per face); recall = right / text
  findings, precision = right / image findings.
- characters: the OCR text comes from running rapidocr directly on the images (the
  engine certlint uses, same default settings; certlint only exposes the matched text of
  findings). Each recognised character is given to the drawn row whose nearest drawn
  character is closest (within one character height; the seal's own lettering is left
  out); character accuracy = 1 - edit distance / drawn characters, summed over rows.
- speed and memory: wall seconds per image of the certlint run, and the peak RSS of the
  largest process under it (``getrusage(RUSAGE_CHILDREN).ru_maxrss``; the image run is the
  first child this script starts, so the figure is its own).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

import faces  # noqa: E402  (tests/faces.py, the generator the tests use)
from faces import Face, FaceSpec  # noqa: E402

CERTLINT = Path(sys.executable).with_name("certlint")

SURNAMES = "张王李赵陈刘杨黄周吴徐孙马朱胡郭何林罗高"
GIVEN = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "洋",
    "艳",
    "军",
    "杰",
    "涛",
    "明",
    "超",
    "秀英",
    "桂英",
    "建华",
]
# (occupation, in the 2021 national catalogue)
OCCUPATIONS = [
    ("保安员", True),
    ("消防设施操作员", True),
    ("社会体育指导员", True),
    ("游泳救生员", True),
    ("电工", False),  # 特种作业 (应急管理部), not an item of its own
    ("焊工", False),
    ("高级收纳师", False),
    ("家庭教育指导师", False),
    ("心理咨询师", False),
    ("健康管理师", False),
    ("育婴师", False),
    ("茶艺师", False),
    ("宠物医师", False),
    ("研学旅行指导师", False),
]
LEVELS = ["五级", "四级", "三级", "二级", "一级", "初级", "中级", "高级"]
# Title rows; "{occ}" is the occupation.
TITLES = [
    ("中华人民共和国", "职业资格证书"),
    ("国家职业资格证书",),
    ("职业技能等级证书",),
    ("培训合格证书",),
    ("结业证书",),
    ("专项职业能力证书",),
    ("国家{occ}证书",),
    ("中国{occ}", "资格证书"),
    ("全国{occ}", "岗位能力证书"),
    ("{occ}", "培训结业证书"),
]
STATEMENTS = [
    "本证书国家认可，全国通用，官网可查。",
    "本证书终身有效，全国联网可查。",
    "人社部颁发，官方认证，含金量高。",
    "持证可挂靠企业，无需年审。",
    "本证书可在人社部官网查询，国家承认。",
    "本证书由某某职业培训学校颁发，仅证明完成培训。",
    "考核合格，准予结业。",
    "经考核，该学员达到相应技能水平。",
    "本证书由本机构颁发，可在本机构网站查询。",
    "该学员已完成全部课程，成绩合格。",
]
ISSUERS = [
    "发证机构：某某职业培训学校",
    "颁发单位：中国健康管理协会",
    "发证机关：人力资源和社会保障部",
    "评价机构：某某职业技能评价中心",
    "发证单位：某某市职业技能培训中心",
]


@dataclass
class Sample:
    name: str
    group: str
    face: Face


def _seal_target(spec: FaceSpec, rng: random.Random) -> str:
    targets = [spec.issuer or "", spec.statement or "", spec.fields[-1]]
    text = rng.choice([t for t in targets if t])
    start = rng.randrange(0, max(1, len(text) - 4))
    return text[start : start + 4]


# Degradation groups: name -> (spec changes, what to do to the drawn face).
def degradations() -> dict[str, Callable[[Face, random.Random], Face]]:
    def rotated(face: Face, rng: random.Random) -> Face:
        return faces.rotate(face, rng.choice((-1, 1)) * rng.uniform(2, 5))

    def photo(face: Face, rng: random.Random) -> Face:
        face = faces.scale(rotated(face, rng), rng.uniform(0.55, 0.7))
        face = faces.noise(faces.blur(face, rng.uniform(0.8, 1.2)), rng.uniform(10, 18), seed=rng.randrange(1 << 30))
        return faces.jpeg(face, 50)

    def shaken(face: Face, rng: random.Random) -> Face:
        line = face.lines[rng.randrange(1, len(face.lines))].text
        size = face.char_boxes(line[:1])[0]
        height = size[3] - size[1]
        offset = (round(height * rng.uniform(0.25, 0.4)), round(height * rng.uniform(0.08, 0.16)))
        return faces.double_print(face, line, offset, rng.uniform(0.7, 0.85))

    return {
        "none": lambda face, rng: face,
        "rotate ±2-5°": rotated,
        "blur r1.5-2.5": lambda face, rng: faces.blur(face, rng.uniform(1.5, 2.5)),
        "jpeg q50": lambda face, rng: faces.jpeg(face, 50),
        "noise σ20-35": lambda face, rng: faces.noise(face, rng.uniform(20, 35), seed=rng.randrange(1 << 30)),
        "seal on text": lambda face, rng: face,  # drawn with the face
        "scale 0.35-0.5": lambda face, rng: faces.scale(face, rng.uniform(0.35, 0.5)),
        "double print": shaken,
        "photo (all)": photo,
    }


def make_samples(count: int, seed: int) -> list[Sample]:
    rng = random.Random(seed)
    groups = degradations()
    names = list(groups)
    samples = []
    for index in range(count):
        group = names[index % len(names)]
        occupation, _ = rng.choice(OCCUPATIONS)
        title = tuple(row.format(occ=occupation) for row in rng.choice(TITLES))
        body = rng.randint(24, 38)
        width, height = round(1400 * body / 34), round(1000 * body / 34)
        spec = FaceSpec(
            title=title,
            fields=(
                f"姓名：{rng.choice(SURNAMES)}{rng.choice(GIVEN)}",
                f"{rng.choice(['职业', '职业（工种）', '培训项目'])}：{occupation}",
                f"等级：{rng.choice(LEVELS)}",
                f"证书编号：{rng.randrange(10**12, 10**13)}",
                f"发证日期：{rng.randint(2015, 2024)}年{rng.randint(1, 12)}月",
            ),
            statement=rng.choice(STATEMENTS),
            issuer=rng.choice(ISSUERS),
            family=rng.choice(("sans", "serif")),
            title_family=rng.choice(("sans", "serif")),
            bold=rng.random() < 0.3,
            title_size=round(body * rng.uniform(1.6, 2.0)),
            body_size=body,
            size=(width, height),
            title_color=rng.choice((faces.TITLE_RED, faces.INK)),
        )
        if group == "seal on text":
            spec = replace(spec, seal=True, seal_radius=round(body * 3.1), seal_on=_seal_target(spec, rng))
        face = groups[group](faces.draw_face(spec), rng)
        samples.append(Sample(f"face-{index:03d}", group, face))
    return samples


def edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def ocr_rows(engine, face: Face) -> tuple[list[str], list[str]]:
    """(drawn rows, what the OCR read at each): OCR characters go to the row whose
    nearest drawn character is closest, if that is within one character height."""
    import numpy as np

    rows = face.row_glyphs()
    centres = []
    for index, (_, boxes) in enumerate(rows):
        heights = sorted(y1 - y0 for _, y0, _, y1 in boxes)
        size = heights[len(heights) // 2]  # a character's height in this row (not a comma's)
        centres += [(index, (x0 + x1) / 2, (y0 + y1) / 2, size) for x0, y0, x1, y1 in boxes]
    result, _ = engine(np.asarray(face.image.convert("RGB"))[:, :, ::-1].copy(), return_word_box=True)
    read: list[list[str]] = [[] for _ in rows]
    for item in result or ():
        text, boxes = item[1], item[3] if len(item) > 3 else None
        words = item[4] if len(item) > 4 else None
        if not boxes or not words or len(boxes) != len(words):
            words, boxes = [text], [item[0]]
        for word, quad in zip(words, boxes, strict=True):
            cx = sum(p[0] for p in quad) / len(quad)
            cy = sum(p[1] for p in quad) / len(quad)
            row, distance, size = min(
                ((i, ((cx - x) ** 2 + (cy - y) ** 2) ** 0.5, h) for i, x, y, h in centres), key=lambda t: t[1]
            )
            if distance <= size:
                read[row].append(word)
    return [text for text, _ in rows], ["".join(words).replace(" ", "") for words in read]


def scan(folder: Path, jobs: int, cache: Path) -> tuple[dict[str, list[tuple[str, str]]], float]:
    started = time.perf_counter()
    proc = subprocess.run(
        [str(CERTLINT), "scan", "-f", "json", "-j", str(jobs), "--fail-on", "never", str(folder)],
        capture_output=True,
        text=True,
        env={**os.environ, "CERTLINT_CACHE_DIR": str(cache)},
    )
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        sys.exit(f"certlint scan {folder} exited {proc.returncode}:\n{proc.stderr}")
    doc = json.loads(proc.stdout)
    if doc["errors"]:
        sys.exit(f"certlint could not read: {doc['errors']}")
    found: dict[str, list[tuple[str, str]]] = {}
    for finding in doc["findings"]:
        found.setdefault(Path(finding["path"]).stem, []).append((finding["rule"], finding["match"]))
    return found, seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--count", type=int, default=90, help="faces to generate, spread over the degradations (default 90)"
    )
    parser.add_argument("--smoke", action="store_true", help="3 faces: check that the benchmark runs")
    parser.add_argument("--jobs", "-j", type=int, default=2, help="certlint --jobs (default 2)")
    parser.add_argument("--seed", type=int, default=2022)
    parser.add_argument("--keep", type=Path, help="write the faces and texts here instead of a temporary folder")
    parser.add_argument("--quiet", action="store_true", help="the table only, not each mistake")
    args = parser.parse_args()
    count = 3 if args.smoke else args.count

    work = Path(args.keep or tempfile.mkdtemp(prefix="certlint-ocr-bench-"))
    images, texts, cache = work / "images", work / "texts", Path(tempfile.mkdtemp(prefix="certlint-ocr-cache-"))
    images.mkdir(parents=True, exist_ok=True)
    texts.mkdir(parents=True, exist_ok=True)

    started = time.perf_counter()
    samples = make_samples(count, args.seed)
    for sample in samples:
        suffix = ".jpg" if sample.face.jpeg_quality else ".png"
        sample.face.save(images / f"{sample.name}{suffix}")
        (texts / f"{sample.name}.txt").write_text(sample.face.text(), encoding="utf-8")
    drawing = time.perf_counter() - started

    # The image run first: RUSAGE_CHILDREN's ru_maxrss is then the peak of this run alone.
    on_images, seconds = scan(images, args.jobs, cache)
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    on_texts, _ = scan(texts, args.jobs, cache)

    from rapidocr_onnxruntime import RapidOCR

    engine = RapidOCR()
    rows = {"chars": Counter(), "errors": Counter(), "truth": Counter(), "found": Counter(), "right": Counter()}
    groups = Counter(sample.group for sample in samples)
    mistakes: list[str] = []
    for sample in samples:
        drawn, read = ocr_rows(engine, sample.face)
        for truth, got in zip(drawn, read, strict=True):
            rows["chars"][sample.group] += len(truth)
            rows["errors"][sample.group] += min(len(truth), edit_distance(truth, got))
            if truth != got:
                mistakes.append(f"  {sample.name} [{sample.group}] read {got!r} for {truth!r}")
        expected = Counter(on_texts.get(sample.name, []))
        found = Counter(on_images.get(sample.name, []))
        right = expected & found
        rows["truth"][sample.group] += sum(expected.values())
        rows["found"][sample.group] += sum(found.values())
        rows["right"][sample.group] += sum(right.values())
        for rule, match in sorted((expected - found).elements()):
            mistakes.append(f"  {sample.name} [{sample.group}] missed {rule} {match}")
        for rule, match in sorted((found - expected).elements()):
            mistakes.append(f"  {sample.name} [{sample.group}] extra  {rule} {match}")

    def ratio(a: int, b: int) -> str:
        return f"{a / b:.3f}" if b else "  -  "

    header = (
        f"{'degradation':<16} {'images':>6} {'chars':>6} {'char acc':>8} {'findings':>8} {'recall':>7} {'precision':>9}"
    )
    print(f"OCR accuracy: {count} faces, seed {args.seed}, {os.cpu_count()} cores, certlint -j {args.jobs}")
    print(header)
    print("-" * len(header))
    for group in [*degradations(), "all"]:
        pick = groups if group == "all" else {group: groups[group]}
        if not sum(pick.values()):
            continue

        def total(key: str, pick=pick) -> int:
            return sum(rows[key][g] for g in pick)

        chars, errors = total("chars"), total("errors")
        print(
            f"{group:<16} {sum(pick.values()):>6} {chars:>6} {ratio(chars - errors, chars):>8} "
            f"{total('truth'):>8} {ratio(total('right'), total('truth')):>7} {ratio(total('right'), total('found')):>9}"
        )
    print()
    print(f"seconds per image (certlint scan -f json -j {args.jobs}, empty OCR cache): {seconds / count:.2f}")
    print(f"peak RSS of the largest certlint process: {peak_kb / 1024:.0f} MB")
    print(f"(drawing the faces took {drawing:.1f} s; images and texts in {work})")
    if mistakes and not args.quiet:
        print()
        print(f"mistakes ({len(mistakes)}):")
        print("\n".join(mistakes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
