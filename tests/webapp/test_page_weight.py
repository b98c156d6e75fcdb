"""Light pages: every demo page weighs at most 60 KB with gzip; static files carry their hash."""

from __future__ import annotations

import gzip
import hashlib
import re
from pathlib import Path

import pytest

from benchmarks.page_weight import LIMIT_BYTES, build_demo_app, demo_pages, sign_in, weigh
from engine.demo import DEMO_PASSWORD
from engine.demo.cast import email_of

STATIC = Path(__file__).resolve().parents[2] / "webapp" / "static"


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory):
    app = build_demo_app(folder=tmp_path_factory.mktemp("weight"))
    yield app
    from webapp.database import engine_of

    engine_of(app).dispose()


@pytest.fixture
def lead_client(demo_app):
    client = demo_app.test_client()
    sign_in(client, email_of("lead"), DEMO_PASSWORD)
    return client


def test_every_demo_page_weighs_at_most_60_kb_with_gzip_for_the_lead(demo_app, lead_client):
    urls = demo_pages(demo_app)
    weights = list(weigh(lead_client, urls, "gzip"))
    shown = [w for w in weights if w.status == 200]
    # The lead sees the pages of the demo: the overview, document, analysis, sections...
    assert len(shown) > 100
    assert any(w.url.endswith("/document/compare") for w in shown)
    # Every byte a page links counts. The rich-text editor's bundle (about 200 KB with
    # gzip) is not linked: js/editor-loader.js fetches it when the writer starts editing.
    heavy = [(w.url, w.total) for w in weights if w.total > LIMIT_BYTES]
    assert heavy == []


def test_pages_and_stylesheets_are_sent_gzipped(demo_app, lead_client):
    page = lead_client.get("/processes/1/document", headers={"Accept-Encoding": "gzip"})
    assert page.status_code == 200
    assert page.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in page.headers["Vary"]
    html = gzip.decompress(page.get_data()).decode()
    assert "<html" in html
    css = re.search(r'href="(/static/css/document\.css\?v=[0-9a-f]+)"', html).group(1)
    sheet = lead_client.get(css, headers={"Accept-Encoding": "gzip"})
    assert sheet.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(sheet.get_data()) == (STATIC / "css" / "document.css").read_bytes()
    # A client that accepts no compression gets the plain page.
    plain = lead_client.get("/processes/1/document", headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in plain.headers
    assert "<html" in plain.get_data(as_text=True)


def _linked_static(html: str) -> set[str]:
    return set(re.findall(r'(?:href|src)="(/static/[^"]+)"', html))


def test_every_static_file_a_page_links_carries_its_content_hash(lead_client):
    linked: set[str] = set()
    for url in ("/", "/processes/1", "/processes/1/document", "/processes/1/analysis/options",
                "/sections/1"):
        linked |= _linked_static(lead_client.get(url).get_data(as_text=True))
    names = {link.split("?")[0].removeprefix("/static/") for link in linked}
    assert {"css/app.css", "css/document.css", "js/editor.js", "js/app.js"} <= names
    for link in linked:
        path, _, query = link.partition("?")
        digest = hashlib.sha256((STATIC / path.removeprefix("/static/")).read_bytes()).hexdigest()
        assert query == f"v={digest[:12]}", link


def test_versioned_static_files_are_cached_for_a_year_unversioned_briefly(demo_app, lead_client):
    html = lead_client.get("/processes/1/document").get_data(as_text=True)
    for link in _linked_static(html):
        response = lead_client.get(link)
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        bare = lead_client.get(link.split("?")[0])
        assert bare.status_code == 200
        assert bare.headers["Cache-Control"] == "public, max-age=300"
        # An outdated version is not pinned either: it may be served, but not for long.
        stale = lead_client.get(link.split("?")[0] + "?v=000000000000")
        assert stale.headers["Cache-Control"] == "public, max-age=300"


def test_a_changed_static_file_gets_a_new_url(demo_app, tmp_path):
    from flask import url_for

    (tmp_path / "css").mkdir()
    sheet = tmp_path / "css" / "extra.css"
    sheet.write_text("a { color: red }")
    demo_app.static_folder = str(tmp_path)
    try:
        with demo_app.test_request_context():
            first = url_for("static", filename="css/extra.css")
            sheet.write_text("a { color: blue }")
            second = url_for("static", filename="css/extra.css")
    finally:
        demo_app.static_folder = str(STATIC)
    assert first != second
    assert second.endswith(hashlib.sha256(b"a { color: blue }").hexdigest()[:12])


def test_a_section_page_names_the_editor_bundle_but_does_not_load_it(lead_client):
    """The bundle is fetched on demand by the loader, from a hashed URL the form names."""
    page = lead_client.get("/processes/1/document")
    section = re.search(r'href="(/sections/\d+)"', page.get_data(as_text=True)).group(1)
    html = lead_client.get(section).get_data(as_text=True)
    assert not re.search(r'\ssrc="/static/js/editor\.bundle\.js', html)
    assert re.search(r'src="/static/js/editor-loader\.js\?v=[0-9a-f]+"', html)
    bundle = re.search(r'data-editor-src="(/static/js/editor\.bundle\.js\?v=[0-9a-f]+)"',
                       html).group(1)
    answer = lead_client.get(bundle, headers={"Accept-Encoding": "gzip"})
    assert answer.status_code == 200 and "immutable" in answer.headers["Cache-Control"]
