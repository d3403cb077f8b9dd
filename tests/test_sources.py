"""Inputs: discovery and decoding."""

from __future__ import annotations

import codecs
import os

import pytest

from certlint.inputs.discovery import DiscoveredFile, discover
from certlint.inputs.reading import decode
from certlint.inputs.source import SourceError

TEXT = "本证书国家认可，全国通用"


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16"),  # with BOM
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
        (TEXT.encode("gb18030"), "gb18030"),
        (TEXT.encode("gbk"), "gb18030"),
    ],
)
def test_decode_supported_encodings(raw, encoding):
    assert decode(raw) == (TEXT, encoding)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (contains NUL bytes), skipped"),
        (b"ok\nok\n\x80\xff bad", "cannot decode: not UTF-8, UTF-16 or GB18030 (invalid byte 0x80 on line 3)"),
    ],
)
def test_decode_rejects(raw, message):
    with pytest.raises(SourceError) as info:
        decode(raw, "f.txt")
    assert info.value.message == message
    assert info.value.path == "f.txt"


def test_discover_walks_directories_in_order_and_skips_hidden(tmp_path, write):
    write("b.md", "x")
    write("a/z.txt", "x")
    write("a/notes.rst", "x")
    write(".hidden/c.txt", "x")
    write("a/.d.txt", "x")
    found = list(discover([str(tmp_path)]))
    assert found == [DiscoveredFile(f"{tmp_path}/a/z.txt", False), DiscoveredFile(f"{tmp_path}/b.md", False)]


def test_discover_reports_bad_paths(tmp_path, write):
    write("only.rst", "x")
    (tmp_path / "empty").mkdir()
    items = list(discover([str(tmp_path / "missing.txt"), str(tmp_path / "empty")]))
    assert [(e.path, e.message) for e in items if isinstance(e, SourceError)] == [
        (str(tmp_path / "missing.txt"), "no such file or directory"),
        (
            str(tmp_path / "empty"),
            "no files to scan in this directory (looked for *.txt *.md *.markdown *.html *.htm *.csv *.json "
            "*.yaml *.yml *.docx *.pptx *.pdf *.png *.jpg *.jpeg *.webp *.bmp *.tif *.tiff)",
        ),
    ]


def test_discover_explicit_file_any_extension_and_no_duplicates(tmp_path, write):
    path = write("ad.docx.txt", "x")
    other = write("notes.rst", "x")
    found = list(discover([str(path), str(other), str(path), str(tmp_path)]))
    assert found == [DiscoveredFile(str(path), True), DiscoveredFile(str(other), True)]


def test_symlink_loop_does_not_hang(tmp_path, write):
    write("d/a.txt", "x")
    os.symlink(tmp_path / "d", tmp_path / "d" / "loop")
    assert [f.path for f in discover([str(tmp_path)])] == [f"{tmp_path}/d/a.txt"]
