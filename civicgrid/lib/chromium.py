"""Debian's Chromium, headless: where it is, how to start it, and printing HTML to PDF."""

import logging
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from django.utils.translation import gettext_lazy as _

log = logging.getLogger("civicgrid.chromium")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PDF_TIMEOUT = 60  # seconds for a one-page document


class PdfError(Exception):
    """The PDF could not be made; the message is for the person who asked."""


class PdfUnavailable(PdfError):
    """This server has no Chromium to print with."""


def chromium_path() -> str | None:
    return (
        os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )


def print_pdf(html: str, *, timeout: int = PDF_TIMEOUT) -> bytes:
    """Print an HTML document to PDF with headless Chromium."""
    path = chromium_path()
    if path is None:
        raise PdfUnavailable(_("服务器未安装 Chromium，无法生成 PDF；请打开网页版用浏览器打印"))
    with tempfile.TemporaryDirectory(prefix="civicgrid-pdf-") as tmp:
        source, out = Path(tmp, "page.html"), Path(tmp, "page.pdf")
        source.write_text(html, encoding="utf-8")
        command = [
            path,
            "--headless",
            *CHROMIUM_ARGS,
            f"--user-data-dir={tmp}/profile",
            "--no-pdf-header-footer",
            "--run-all-compositor-stages-before-draw",
            f"--print-to-pdf={out}",
            source.as_uri(),
        ]
        # Own process group: on timeout the whole Chromium family goes, not just the parent.
        proc = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
            env={**os.environ, "HOME": tmp},
        )
        try:
            stderr = proc.communicate(timeout=timeout)[1]
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise PdfError(_("生成 PDF 超时，请稍后重试")) from None
        data = out.read_bytes() if out.exists() else b""
    if not data.startswith(b"%PDF"):
        log.error("chromium failed (%s): %s", proc.returncode, stderr.decode(errors="replace"))
        raise PdfError(_("生成 PDF 失败，请稍后重试或打开网页版用浏览器打印"))
    return data
