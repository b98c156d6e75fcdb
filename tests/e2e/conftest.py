"""End-to-end fixtures: the real app with the demo data, served on localhost, and Chromium.

The browser is Debian's Chromium driven by Playwright; tests skip with a reason
when either is missing. Screenshots are saved under tests/artifacts/.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox", "--headless=new", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
def live_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """The app with the demo loaded; its database is a fresh SQLite file."""
    from engine.demo import load_demo
    from engine.schema import upgrade
    from webapp import create_app
    from webapp.database import engine_of

    folder = tmp_path_factory.mktemp("live")
    app = create_app({"DATABASE_URL": f"sqlite:///{folder / 'live.db'}",
                      "SECRET_KEY": "e2e-secret"})
    upgrade(engine_of(app))
    with app.app_context():
        from webapp.database import get_session

        session = get_session()
        load_demo(session, app.extensions["policycycle.catalog"])
        session.commit()
    yield app
    engine_of(app).dispose()


@pytest.fixture(scope="session")
def live_server(live_app) -> Iterator[str]:
    """The site with the demo loaded, on a free port."""
    from werkzeug.serving import make_server

    app = live_app
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(10)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed (Debian package 'chromium')")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server: str) -> Iterator[object]:
    context = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def shoot(page, name: str) -> Path:
    """Save a full-page screenshot as a test artifact."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
