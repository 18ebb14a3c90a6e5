"""Printing to PDF says why when the server has no Chromium."""

import pytest

from civicgrid.lib.chromium import PdfUnavailable, print_pdf


def test_it_explains_when_chromium_is_missing(monkeypatch):
    monkeypatch.setenv("CHROMIUM", "")
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(PdfUnavailable, match="服务器未安装 Chromium"):
        print_pdf("<p>x</p>")
