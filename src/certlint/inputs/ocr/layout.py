"""OCR lines into reading order, and the lines of one block read together: a title set on
two lines (中华人民共和国 / 职业资格证书) is one line of the document, so that the rules that
look at a certificate's title see all of it."""

from __future__ import annotations

from certlint.inputs.ocr.engine import OcrLine

__all__ = ["block_text", "blocks"]

# Two lines are one block when they are about the same size, the gap between them is
# less than this share of their height, and they overlap horizontally (see _continues).
_GAP = 0.8
_OVERLAP = 0.5
_SIZE_RATIO = 1.35


def _continues(last: OcrLine, line: OcrLine) -> bool:
    """Whether ``line`` goes on from ``last``: the next line of a centred title, or of a
    wrapped paragraph (same left edge, and ``last`` at least as long). A field line under
    a title, or a statement under a shorter field line, is a block of its own."""
    height = max(last.height, line.height)
    if max(last.height, line.height) / min(last.height, line.height) > _SIZE_RATIO:
        return False
    pitch = line.middle[1] - last.middle[1]  # centre to centre: rotation-proof
    # A small overlap counts as close: the detector's boxes carry a margin, and a tilted
    # line's box is taller than its characters (a −5° photo of a title 1.18 lines apart).
    if not -_OVERLAP * height < pitch - height < _GAP * height:
        return False
    if min(last.box[2], line.box[2]) <= max(last.box[0], line.box[0]):
        return False  # no horizontal overlap
    centred = abs(last.middle[0] - line.middle[0]) < height
    wrapped = abs(last.box[0] - line.box[0]) < height and last.box[2] >= line.box[2] - height
    return centred or wrapped


def blocks(lines: list[OcrLine]) -> list[list[OcrLine]]:
    """Blocks in reading order (top to bottom; left to right within a row), each block's
    lines top to bottom."""
    if not lines:
        return []
    heights = sorted(line.height for line in lines)
    row = max(1, heights[len(heights) // 2] // 2)  # lines whose tops differ less are one row
    ordered = sorted(lines, key=lambda line: (int(line.middle[1]) // row, line.box[0]))
    found: list[list[OcrLine]] = []
    for line in ordered:
        for block in reversed(found):
            if _continues(block[-1], line):
                block.append(line)
                break
        else:
            found.append([line])
    found.sort(key=lambda block: (int(block[0].middle[1]) // row, block[0].box[0]))
    return found


def block_text(block: list[OcrLine]) -> tuple[str, list[tuple[int, int, int, int] | None], list[float]]:
    """A block as one line of text, with a box and a score for each character. Lines are
    joined directly (Chinese wraps without spaces), with a space between two Latin
    letters or digits."""
    text: list[str] = []
    boxes: list[tuple[int, int, int, int] | None] = []
    scores: list[float] = []
    for line in block:
        if text and text[-1].isascii() and text[-1].isalnum() and line.text[:1].isascii() and line.text[:1].isalnum():
            text.append(" ")
            boxes.append(None)
            scores.append(line.score)
        chars = iter(line.chars)
        previous: tuple[int, int, int, int] | None = None
        for char in line.text:
            box = None if char.isspace() else next(chars, None)
            # The engine drops the spaces between fields (姓名：张三    职业：…): a gap wider
            # than a character is a space again, so that fields do not run together.
            if box is not None and previous is not None and box[0] - previous[2] > (box[3] - box[1]):
                text.append(" ")
                boxes.append(None)
                scores.append(line.score)
            text.append(char)
            boxes.append(box)
            scores.append(line.score)
            previous = box if box is not None else previous
    return "".join(text).strip(), boxes, scores
