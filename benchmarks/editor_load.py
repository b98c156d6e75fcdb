"""Editor load time: from navigation to an editable rich-text editor on a 20-page section,
as a ratio to the same page with the plain Markdown textarea.

Run from the repository root (needs Playwright and Chromium)::

    python -m benchmarks.editor_load            # 7 runs of each page
    python -m benchmarks.editor_load --runs 15

The demo is loaded into a fresh SQLite database and its first section of the
immigration strategy gets a generated text of about 10,000 words (20 pages:
headings, paragraphs, nested lists, tables, footnotes). Chromium opens the
section page as a core member, alternately with the editor bundle and with the
bundle blocked (the plain textarea page, as without JavaScript for the
editor). "Ready" is the textarea shown for the plain page, and the editor
mounted and focusable for the rich one. The script also types 60 characters
into the editor and reports the time per keystroke. Target ratio: <= 3.
"""

from __future__ import annotations

import argparse
import logging
import random
import re
import statistics
import tempfile
import threading
import time
from pathlib import Path

#: The editor bundle, whatever content hash its file name carries.
BUNDLE = re.compile(r"/editor\.bundle[^/]*\.js")

PASSWORD = "demo-policy-2026"
CORE = "core@demo.policycycle.org"
CHROMIUM = "/usr/bin/chromium"
WORDS = ("migration policy strategy ministry labour diaspora returnees remittances statistics "
         "institution framework capacity integration border citizenship protection workers "
         "recruitment consultation stakeholders municipalities budget indicator target baseline "
         "monitoring evaluation implementation coordination legislation programme measure").split()


def sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    if rng.random() < 0.3:
        words[1] = f"**{words[1]}**"
    if rng.random() < 0.3:
        words[-2] = f"*{words[-2]}*"
    return " ".join(words).capitalize() + "."


def twenty_pages(seed: int = 7) -> str:
    """About 10,000 words of the Markdown the product stores."""
    rng = random.Random(seed)
    parts: list[str] = []
    note = 0
    while sum(len(p.split()) for p in parts) < 10_000:
        parts.append(f"## {rng.choice(WORDS).capitalize()} and {rng.choice(WORDS)}")
        for _ in range(4):
            text = " ".join(sentence(rng, rng.randint(12, 24)) for _ in range(5))
            if rng.random() < 0.2:
                note += 1
                text += f"[^{note}]"
            parts.append(text)
        parts.append("\n".join(f"- {sentence(rng, 8)}" + (f"\n    - {sentence(rng, 6)}" if i % 2 else "")
                               for i in range(4)))
        rows = ["| Indicator | Baseline | Target |", "| --- | ---: | ---: |"]
        rows += [f"| {sentence(rng, 4)} | {rng.randint(1, 99)}% | {rng.randint(1, 99)}% |"
                 for _ in range(5)]
        parts.append("\n".join(rows))
    parts += [f"[^{i}]: {sentence(rng, 10)}" for i in range(1, note + 1)]
    return "\n\n".join(parts) + "\n"


def serve(folder: Path) -> tuple[str, int, object]:
    from sqlalchemy import select
    from werkzeug.serving import make_server

    from engine.demo import load_demo
    from engine.models import Process, User
    from engine.schema import upgrade
    from engine.services.document import sections
    from webapp import create_app
    from webapp.database import engine_of, get_session

    app = create_app({"DATABASE_URL": f"sqlite:///{folder / 'bench.db'}", "SECRET_KEY": "bench"})
    upgrade(engine_of(app))
    with app.app_context():
        session = get_session()
        load_demo(session, app.extensions["policycycle.catalog"])
        lead = session.scalars(select(User).where(User.email == "lead@demo.policycycle.org")).one()
        process = session.scalars(select(Process).where(
            Process.title.like("National Immigration Strategy%"))).one()
        section = sections.outline(session, process)[0].section
        sections.save_body(session, lead, section, body=twenty_pages(),
                           base_revision=section.revision)
        session.commit()
        section_id = section.id
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}", section_id, server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    logging.getLogger("werkzeug").setLevel(logging.ERROR)

    with tempfile.TemporaryDirectory() as tmp:
        base, section_id, server = serve(Path(tmp))
        url = f"{base}/sections/{section_id}"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                                 args=["--no-sandbox", "--headless=new"])
            context = browser.new_context(base_url=base)
            page = context.new_page()
            page.goto("/login")
            page.get_by_label("Email").fill(CORE)
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            page.wait_for_url(f"{base}/")
            page.on("dialog", lambda dialog: dialog.accept())

            def plain() -> float:
                page.route(BUNDLE, lambda route: route.abort())
                start = time.perf_counter()
                page.goto(url)
                page.wait_for_selector("#doc-body-input", state="visible")
                elapsed = time.perf_counter() - start
                page.unroute(BUNDLE)
                return elapsed

            def rich() -> float:
                start = time.perf_counter()
                page.goto(url)
                # The editor is fetched when writing starts (or at once when the writer
                # already used it in this tab): start writing as a person would.
                textarea = page.locator("#doc-body-input")
                if textarea.is_visible():
                    textarea.focus()
                page.wait_for_selector("#doc-editor-surface[data-ready=yes] .ProseMirror[contenteditable=true]")
                return time.perf_counter() - start

            plain()
            rich()  # warm the caches of both
            plains, riches = [], []
            for _ in range(args.runs):
                plains.append(plain())
                riches.append(rich())
            page.locator(".ProseMirror").click()
            page.keyboard.press("Control+End")
            start = time.perf_counter()
            page.keyboard.type("Typing at the end of a twenty-page section stays smooth here.")
            page.wait_for_function(
                "() => document.querySelector('.ProseMirror').textContent.includes('stays smooth here.')")
            per_key = (time.perf_counter() - start) / 60 * 1000
            page.evaluate("() => localStorage.clear()")
            browser.close()
        server.shutdown()
    words = len(twenty_pages().split())
    p, r = statistics.median(plains), statistics.median(riches)
    print(f"section: {words} words (~{words // 500} pages), {args.runs} runs each")
    print(f"plain textarea page ready: median {p * 1000:.0f} ms")
    print(f"rich-text editor ready:    median {r * 1000:.0f} ms")
    print(f"typing: {per_key:.1f} ms per keystroke (60 keystrokes)")
    print(f"ratio editor/plain: {r / p:.2f} (target <= 3)")


if __name__ == "__main__":
    main()
