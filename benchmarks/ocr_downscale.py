"""How far large photos can be downscaled before OCR: seconds and character accuracy of
one large certificate face (a phone photo's 4200 × 3000 pixels, slightly blurred and
noisy) read at several longest sides, side by side in one run.

    python benchmarks/ocr_downscale.py            # sides 1000 1500 2000 3000 and full size
    python benchmarks/ocr_downscale.py --repeat 3

certlint reads pictures at ``certlint.inputs.ocr.engine.MAX_SIDE`` (2000) pixels.
"""

from __future__ import annotations

import argparse
import difflib
import os
import resource
import statistics
import sys
import time

os.environ["CERTLINT_NO_CACHE"] = "1"  # every run really OCRs

FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
LINES = [
    (120, "中华人民共和国"),
    (120, "职业资格证书"),
    (72, "姓名：王小明    性别：男"),
    (72, "职业：高级收纳师    等级：三级"),
    (72, "证书编号：2023061800123"),
    (72, "本证书国家认可，全国通用，官网可查。"),
    (72, "发证机构：某某职业技能评价中心"),
    (72, "发证日期：2023年6月18日"),
]


def face() -> object:
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    image = Image.new("RGB", (4200, 3000), (250, 248, 240))
    draw = ImageDraw.Draw(image)
    y = 300
    for size, text in LINES:
        font = ImageFont.truetype(FONT, size)
        width = draw.textlength(text, font=font)
        draw.text(((4200 - width) / 2 if size > 100 else 600, y), text, font=font, fill=(20, 20, 20))
        y += int(size * 2.2)
    image = image.rotate(2, expand=False, fillcolor=(250, 248, 240)).filter(ImageFilter.GaussianBlur(2))
    import numpy

    noisy = numpy.asarray(image).astype("int16") + numpy.random.default_rng(7).integers(-18, 18, (3000, 4200, 3))
    return Image.fromarray(noisy.clip(0, 255).astype("uint8"))


def accuracy(found: str, expected: str) -> float:
    return difflib.SequenceMatcher(None, found, expected, autojunk=False).ratio()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    from certlint.inputs.ocr import engine

    picture = face()
    expected = "".join(text.replace(" ", "") for _, text in LINES)
    engine.recognize(picture.resize((400, 286)))  # load the engine outside the timings
    print(f"{'longest side':>14} {'seconds':>8} {'characters right':>17}")
    for side in (1000, 1500, 2000, 3000, 4200):
        engine.MAX_SIDE = side
        times, text = [], ""
        for _ in range(args.repeat):
            start = time.perf_counter()
            lines = engine.recognize(picture)
            times.append(time.perf_counter() - start)
            text = "".join(line.text.replace(" ", "") for line in sorted(lines, key=lambda x: x.box[1]))
        print(f"{side:>14} {statistics.median(times):8.2f} {accuracy(text, expected):17.3f}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of this process: {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
