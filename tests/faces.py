"""Certificate faces drawn with Pillow for the OCR tests and the OCR benchmark.

A face is drawn from a :class:`FaceSpec` (title rows, field lines, a statement, an
issuer, optionally a red round seal stamped across some text) in a CJK font of Debian's
``fonts-noto-cjk``. Drawing is deterministic: the same spec gives the same pixels.

Besides the image, a :class:`Face` knows where every character it drew is: one box per
character, in pixels of the image, taken from the font's own metrics (``textbbox`` at the
character's pen position), and carried through every degradation (rotation transforms
the four corners of each box and keeps their bounding box; scaling scales it). So a test
can ask ``face.box("国家认可")`` and check that a finding's box contains it.

``face.text()`` is the text version of the face: one line per block (the rows of a
title set over two lines are one line), which is what certlint should read from the
image; its findings on that text are the ground truth for the findings on the image.

Also here: a two-page image-only PDF, a multi-frame TIFF and the bad images (zero bytes,
truncated PNG and JPEG, a 30 000 × 30 000 decompression bomb, random bytes, an animated
WebP).
"""

from __future__ import annotations

import io
import math
import random
import struct
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import BinaryIO

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

FONT_DIR = Path("/usr/share/fonts/opentype/noto")
FONT_FILES = {
    ("sans", False): "NotoSansCJK-Regular.ttc",
    ("sans", True): "NotoSansCJK-Bold.ttc",
    ("serif", False): "NotoSerifCJK-Regular.ttc",
    ("serif", True): "NotoSerifCJK-Bold.ttc",
}

Box = tuple[int, int, int, int]
FBox = tuple[float, float, float, float]

INK = (25, 25, 25)
TITLE_RED = (165, 25, 25)
PAPER = (252, 249, 240)
FRAME = (160, 120, 55)
SEAL_RED = (215, 30, 35)


class FontMissing(RuntimeError):
    pass


@cache
def font(family: str = "sans", bold: bool = False, size: int = 34) -> ImageFont.FreeTypeFont:
    """The Simplified Chinese face of a Noto CJK collection (found by name, not index)."""
    path = FONT_DIR / FONT_FILES[(family, bold)]
    if not path.exists():
        raise FontMissing(f"{path} is missing: apt-get install fonts-noto-cjk")
    for index in range(16):
        candidate = ImageFont.truetype(str(path), size, index=index)
        name = candidate.getname()[0] or ""
        if name.endswith(" SC") and "Mono" not in name:
            return candidate
    raise FontMissing(f"{path} has no Simplified Chinese face")


def fonts_installed() -> bool:
    return all((FONT_DIR / name).exists() for name in FONT_FILES.values())


@dataclass
class Row:
    """One drawn row of text: ``text`` starts at character ``start`` of its line."""

    text: str
    start: int


@dataclass
class Line:
    """A block: one line of the text version, drawn on one or more rows."""

    text: str
    boxes: list[FBox]  # one per character of ``text``
    rows: list[Row]


@dataclass
class Face:
    image: Image.Image
    lines: list[Line]
    jpeg_quality: int | None = None
    degradations: tuple[str, ...] = ()
    jpeg_bytes: bytes | None = None  # the JPEG that ``image`` decodes from, if it is one

    def text(self) -> str:
        """The text version: one line per block."""
        return "".join(line.text + "\n" for line in self.lines)

    def find(self, phrase: str, occurrence: int = 0) -> tuple[int, int]:
        """(line index, character index) of the ``occurrence``-th ``phrase`` in the text."""
        seen = 0
        for number, line in enumerate(self.lines):
            start = line.text.find(phrase)
            while start >= 0:
                if seen == occurrence:
                    return number, start
                seen += 1
                start = line.text.find(phrase, start + 1)
        raise KeyError(f"{phrase!r} is not on the face")

    def char_boxes(self, phrase: str, occurrence: int = 0) -> list[FBox]:
        number, start = self.find(phrase, occurrence)
        line = self.lines[number]
        return [
            box
            for char, box in zip(
                line.text[start : start + len(phrase)], line.boxes[start : start + len(phrase)], strict=True
            )
            if char != " "
        ]

    def box(self, phrase: str, occurrence: int = 0) -> Box:
        """Union of the drawn boxes of the characters of ``phrase`` (outward-rounded pixels)."""
        return _outward(_union(self.char_boxes(phrase, occurrence)))

    def row_glyphs(self) -> list[tuple[str, list[FBox]]]:
        """Every drawn row with its characters' boxes (spaces left out)."""
        rows = []
        for line in self.lines:
            for row in line.rows:
                pairs = [
                    (char, box)
                    for char, box in zip(row.text, line.boxes[row.start : row.start + len(row.text)], strict=True)
                    if not char.isspace()
                ]
                rows.append(("".join(c for c, _ in pairs), [b for _, b in pairs]))
        return rows

    def save(self, path: Path) -> Path:
        """Write the image; the format follows the suffix (JPEG at ``jpeg_quality``, default 90)."""
        path = Path(path)
        suffix = path.suffix.lower()
        image = self.image.convert("RGB")
        if suffix in (".jpg", ".jpeg") and self.jpeg_bytes is not None:
            path.write_bytes(self.jpeg_bytes)  # the very JPEG, not a second generation
        elif suffix in (".jpg", ".jpeg"):
            image.save(path, "JPEG", quality=self.jpeg_quality or 90)
        elif suffix == ".webp":
            image.save(path, "WEBP", lossless=True)
        elif suffix in (".tif", ".tiff"):
            image.save(path, "TIFF", compression="tiff_deflate")
        else:
            image.save(path, {".png": "PNG", ".bmp": "BMP"}[suffix])
        return path

    def _with(self, image: Image.Image, boxes: list[list[FBox]], name: str, jpeg_bytes: bytes | None = None) -> Face:
        """The face with new pixels and boxes; still a JPEG only if ``jpeg_bytes`` is given."""
        lines = [replace(line, boxes=new) for line, new in zip(self.lines, boxes, strict=True)]
        quality = self.jpeg_quality if jpeg_bytes is not None else None
        return Face(image, lines, quality, (*self.degradations, name), jpeg_bytes)


@dataclass(frozen=True)
class FaceSpec:
    """What to draw. ``title`` rows form one block (one line of the text version)."""

    title: tuple[str, ...] = ("中华人民共和国", "职业资格证书")
    fields: tuple[str, ...] = (
        "姓名：张三",
        "职业：高级收纳师",
        "等级：三级",
        "证书编号：2023061500123",
        "发证日期：2023年6月",
    )
    statement: str | None = "本证书国家认可，全国通用，官网可查。"
    issuer: str | None = "发证机构：某某职业培训学校"
    family: str = "sans"
    title_family: str | None = None  # default: ``family``
    bold: bool = False
    title_size: int = 64
    body_size: int = 34
    size: tuple[int, int] = (1400, 1000)
    title_color: tuple[int, int, int] = TITLE_RED
    frame: bool = True
    seal: bool = False
    seal_text: str = "某某职业培训学校"
    # Where the seal's centre goes: a phrase of the face (the seal is stamped on it) or a point.
    seal_on: str | tuple[int, int] = "发证机构"
    seal_radius: int = 105
    extra: tuple[str, ...] = field(default=())  # further lines after the statement


def draw_face(spec: FaceSpec = FaceSpec()) -> Face:
    width, height = spec.size
    image = Image.new("RGB", spec.size, PAPER)
    draw = ImageDraw.Draw(image)
    if spec.frame:
        for inset, thickness in ((22, 6), (38, 2)):
            draw.rectangle((inset, inset, width - 1 - inset, height - 1 - inset), outline=FRAME, width=thickness)

    lines: list[Line] = []
    title_font = font(spec.title_family or spec.family, True, spec.title_size)
    body_font = font(spec.family, spec.bold, spec.body_size)

    # Title block: rows centred, close together (one block).
    y = 0.11 * height
    title_boxes: list[FBox] = []
    rows: list[Row] = []
    text = ""
    for row_text in spec.title:
        x = (width - draw.textlength(row_text, font=title_font)) / 2
        rows.append(Row(row_text, len(text)))
        title_boxes += _draw_row(draw, (x, y), row_text, title_font, spec.title_color)
        text += row_text
        y += spec.title_size * 1.18
    if spec.title:
        lines.append(Line(text, title_boxes, rows))

    # Fields, statement and extra lines: left-aligned, well apart (each its own block).
    y += spec.title_size * 0.75
    left = 0.16 * width
    pitch = spec.body_size * 2.0
    body = [*spec.fields, *([spec.statement] if spec.statement else []), *spec.extra]
    for row_text in body:
        boxes = _draw_row(draw, (left, y), row_text, body_font, INK)
        lines.append(Line(row_text, boxes, [Row(row_text, 0)]))
        y += pitch

    if spec.issuer:
        y += spec.body_size * 0.5
        x = max(left, width - 0.12 * width - draw.textlength(spec.issuer, font=body_font))
        boxes = _draw_row(draw, (x, y), spec.issuer, body_font, INK)
        lines.append(Line(spec.issuer, boxes, [Row(spec.issuer, 0)]))

    face = Face(image, lines)
    if spec.seal:
        if isinstance(spec.seal_on, str):
            x0, y0, x1, y1 = face.box(spec.seal_on)
            centre = ((x0 + x1) / 2, (y0 + y1) / 2)
        else:
            centre = spec.seal_on
        _stamp_seal(image, centre, spec.seal_radius, spec.seal_text)
        face.degradations = ("seal",)
    return face


def _draw_row(
    draw: ImageDraw.ImageDraw, origin: tuple[float, float], text: str, typeface: ImageFont.FreeTypeFont, colour
) -> list[FBox]:
    """Draw ``text`` character by character at pen positions from the advance widths;
    return each character's drawn box (its glyph's bounding box at that position)."""
    x, y = origin
    boxes: list[FBox] = []
    for index, char in enumerate(text):
        pen = x + draw.textlength(text[:index], font=typeface)
        if char.isspace():
            boxes.append((pen, y, pen, y))
            continue
        draw.text((pen, y), char, font=typeface, fill=colour)
        boxes.append(tuple(float(v) for v in draw.textbbox((pen, y), char, font=typeface)))  # type: ignore[misc]
    return boxes


def _stamp_seal(image: Image.Image, centre: tuple[float, float], radius: int, text: str) -> None:
    """A red round seal: ring, five-pointed star, the issuer's name along the upper arc.
    Stamped by multiplying (ink over paper: black text stays black under it)."""
    size = 2 * radius + 8
    seal = Image.new("RGB", (size, size), "white")
    draw = ImageDraw.Draw(seal)
    c = size / 2
    draw.ellipse((c - radius, c - radius, c + radius, c + radius), outline=SEAL_RED, width=max(4, radius // 18))
    star = []
    for k in range(10):
        r = radius * (0.32 if k % 2 == 0 else 0.13)
        a = -math.pi / 2 + k * math.pi / 5
        star.append((c + r * math.cos(a), c + r * math.sin(a)))
    draw.polygon(star, fill=SEAL_RED)
    glyph_size = max(12, int(radius * 0.27))
    typeface = font("sans", True, glyph_size)
    span = math.radians(220)
    for k, char in enumerate(text):
        a = -math.pi / 2 - span / 2 + span * (k + 0.5) / len(text)
        tile = Image.new("L", (glyph_size * 2, glyph_size * 2), 0)
        ImageDraw.Draw(tile).text((glyph_size, glyph_size), char, font=typeface, fill=255, anchor="mm")
        tile = tile.rotate(-math.degrees(a) - 90, resample=Image.Resampling.BICUBIC)
        r = radius * 0.74
        px, py = c + r * math.cos(a) - glyph_size, c + r * math.sin(a) - glyph_size
        seal.paste(Image.new("RGB", tile.size, SEAL_RED), (int(px), int(py)), tile)
    # Ink is never perfectly opaque: 85 % of the red over the paper.
    seal = Image.blend(Image.new("RGB", seal.size, "white"), seal, 0.85)
    left, top = int(centre[0] - size / 2), int(centre[1] - size / 2)
    region = image.crop((left, top, left + size, top + size))
    image.paste(ImageChops.multiply(region, seal), (left, top))


# Degradations: each returns a new Face whose boxes follow the pixels.


def rotate(face: Face, degrees: float) -> Face:
    """Rotate counter-clockwise by ``degrees`` (negative: clockwise) about the centre;
    the canvas grows to hold the whole page, the new corners are paper-coloured."""
    w, h = face.image.size
    t = math.radians(degrees)
    cos, sin = math.cos(t), math.sin(t)

    def forward(x: float, y: float, cx: float, cy: float, nx: float, ny: float) -> tuple[float, float]:
        dx, dy = x - cx, y - cy
        return nx + cos * dx + sin * dy, ny - sin * dx + cos * dy

    corners = [forward(x, y, w / 2, h / 2, 0, 0) for x, y in ((0, 0), (w, 0), (w, h), (0, h))]
    nw = math.ceil(max(x for x, _ in corners) - min(x for x, _ in corners))
    nh = math.ceil(max(y for _, y in corners) - min(y for _, y in corners))
    cx, cy, ncx, ncy = w / 2, h / 2, nw / 2, nh / 2
    # Image.transform wants output -> input: p = R^-1 (q - c') + c.
    data = (cos, -sin, cx - cos * ncx + sin * ncy, sin, cos, cy - sin * ncx - cos * ncy)
    image = face.image.transform((nw, nh), Image.Transform.AFFINE, data, Image.Resampling.BICUBIC, fillcolor=PAPER)

    def move(box: FBox) -> FBox:
        x0, y0, x1, y1 = box
        points = [forward(x, y, cx, cy, ncx, ncy) for x, y in ((x0, y0), (x1, y0), (x1, y1), (x0, y1))]
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        return (min(xs), min(ys), max(xs), max(ys))

    return face._with(image, [[move(b) for b in line.boxes] for line in face.lines], f"rotate {degrees:+g}°")


def blur(face: Face, radius: float = 1.5) -> Face:
    image = face.image.filter(ImageFilter.GaussianBlur(radius))
    return face._with(image, [list(line.boxes) for line in face.lines], f"blur {radius:g}")


def jpeg(face: Face, quality: int = 50) -> Face:
    """JPEG at ``quality``: the image is what the JPEG decodes to, and ``save`` to a .jpg
    writes that JPEG's bytes."""
    buffer = io.BytesIO()
    face.image.convert("RGB").save(buffer, "JPEG", quality=quality)
    image = Image.open(io.BytesIO(buffer.getvalue()))
    image.load()
    boxes = [list(line.boxes) for line in face.lines]
    jpeg_face = face._with(image, boxes, f"jpeg q{quality}", jpeg_bytes=buffer.getvalue())
    jpeg_face.jpeg_quality = quality
    return jpeg_face


def noise(face: Face, sigma: float = 14.0, seed: int = 0) -> Face:
    """Gaussian noise of ``sigma`` grey levels on every channel (seeded)."""
    import numpy as np

    pixels = np.asarray(face.image.convert("RGB"), dtype=np.float32)
    pixels += np.random.default_rng(seed).normal(0.0, sigma, pixels.shape).astype(np.float32)
    image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "RGB")
    return face._with(image, [list(line.boxes) for line in face.lines], f"noise σ{sigma:g}")


def double_print(face: Face, phrase: str, offset: tuple[int, int] = (10, 4), strength: float = 0.78) -> Face:
    """A ghost of the line holding ``phrase`` printed again ``offset`` pixels away at
    ``strength`` of its ink (a shaken camera, a misregistered press): still legible, but
    the OCR is unsure of it (measured: line confidence about 0.7 for the statement of the
    1000 × 720 violating face). Boxes stay those of the first print."""
    number, _ = face.find(phrase)
    x0, y0, x1, y1 = _outward(_union(face.lines[number].boxes))
    margin = 30
    box = (x0 - margin, y0 - margin, x1 + margin, y1 + margin)
    image = face.image.copy()
    region = image.crop(box)
    ghost = ImageChops.offset(region, *offset)
    ghost = Image.blend(Image.new("RGB", region.size, PAPER), ghost, strength)
    image.paste(ImageChops.darker(region, ghost), box[:2])
    return face._with(image, [list(line.boxes) for line in face.lines], f"double print {offset}")


def scale(face: Face, factor: float) -> Face:
    w, h = face.image.size
    size = (max(1, round(w * factor)), max(1, round(h * factor)))
    fx, fy = size[0] / w, size[1] / h
    image = face.image.resize(size, Image.Resampling.LANCZOS)
    boxes = [[(x0 * fx, y0 * fy, x1 * fx, y1 * fy) for x0, y0, x1, y1 in line.boxes] for line in face.lines]
    return face._with(image, boxes, f"scale {factor:g}")


# Faces for the tests.

VIOLATING = FaceSpec()
CLEAN = FaceSpec(
    title=("培训合格证书",),
    fields=(
        "姓名：李四",
        "培训项目：整理收纳",
        "培训时间：2023年3月至2023年6月",
        "证书编号：PX2023-0456",
        "发证日期：2023年6月",
    ),
    statement="本证书由某某职业培训学校颁发，仅证明完成培训。",
)


def violating_face(**changes: object) -> Face:
    return draw_face(replace(VIOLATING, **changes))  # type: ignore[arg-type]


def clean_face(**changes: object) -> Face:
    return draw_face(replace(CLEAN, **changes))  # type: ignore[arg-type]


# Containers of several pages.


def image_pdf(path: Path | BinaryIO, pages: Sequence[Face]) -> Path | BinaryIO:
    """A PDF with one embedded JPEG image per page and no text layer. At 72 dpi a page's
    size in points equals its image's size in pixels, so boxes mean the same on both."""
    images = [page.image.convert("RGB") for page in pages]
    images[0].save(path, "PDF", save_all=True, append_images=images[1:], resolution=72.0)
    return path


def multipage_tiff(path: Path, frames: Sequence[Face]) -> Path:
    images = [frame.image.convert("RGB") for frame in frames]
    images[0].save(path, "TIFF", save_all=True, append_images=images[1:], compression="tiff_deflate")
    return Path(path)


# Bad images.


def png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def bomb_png(side: int = 30_000) -> bytes:
    """A valid 1-bit PNG of ``side`` × ``side`` white pixels: about 110 KB on disk,
    900 M pixels (0.9 GB as Pillow's mode "1") when decoded."""
    row = b"\x00" + b"\xff" * ((side + 7) // 8)
    compressor = zlib.compressobj(9)
    chunks = []
    block = row * 1000
    for _ in range(side // 1000):
        chunks.append(compressor.compress(block))
    chunks.append(compressor.compress(row * (side % 1000)))
    chunks.append(compressor.flush())
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", b"".join(chunks)) + _chunk(b"IEND", b"")


def bad_images(folder: Path) -> dict[str, Path]:
    """One file per way an image can be bad, by kind."""
    folder.mkdir(parents=True, exist_ok=True)
    small = clean_face(size=(420, 300), title_size=30, body_size=16)
    good_png = png_bytes(small.image)
    buffer = io.BytesIO()
    small.image.save(buffer, "JPEG", quality=80)
    good_jpeg = buffer.getvalue()
    frames = [Image.new("RGB", (64, 48), colour) for colour in ("red", "blue")]
    animated = io.BytesIO()
    frames[0].save(animated, "WEBP", save_all=True, append_images=frames[1:], duration=100, loop=0)
    contents = {
        "zero-byte.png": b"",
        "truncated.png": good_png[: len(good_png) // 2],
        "truncated.jpg": good_jpeg[: len(good_jpeg) // 2],
        "bomb.png": bomb_png(),
        "random.png": random.Random(14).randbytes(4096),
        "animated.webp": animated.getvalue(),
    }
    paths = {}
    for name, data in contents.items():
        path = folder / name
        path.write_bytes(data)
        paths[name.split(".")[0]] = path
    return paths


def _union(boxes: Sequence[FBox]) -> FBox:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _outward(box: FBox) -> Box:
    return (math.floor(box[0]), math.floor(box[1]), math.ceil(box[2]), math.ceil(box[3]))
