"""PDF through headless LibreOffice: a real PDF, a clear 501 without LibreOffice, no
collision between concurrent conversions."""

from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor

import pytest

from engine.errors import Unavailable
from engine.export import render_docx
from engine.export.pdf import to_pdf


def test_without_libreoffice_pdf_is_a_clear_unavailable(monkeypatch, rich_doc):
    monkeypatch.setenv("POLICYCYCLE_SOFFICE", "/nonexistent/soffice")
    with pytest.raises(Unavailable) as raised:
        to_pdf(render_docx(rich_doc))
    assert "LibreOffice" in raised.value.message


@pytest.mark.slow
def test_concurrent_conversions_each_get_their_pdf(rich_doc):
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    data = render_docx(rich_doc)
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda _: to_pdf(data), range(2)))
    assert all(r.startswith(b"%PDF") and len(r) > 10_000 for r in results)
