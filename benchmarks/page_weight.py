"""Page weight: bytes transferred per demo page, HTML plus the CSS and JS it references.

Run from the repository root::

    python -m benchmarks.page_weight                 # every demo role, a table per role
    python -m benchmarks.page_weight --role lead     # one role
    python -m benchmarks.page_weight --encoding identity   # without compression

The demo is loaded into a fresh SQLite database (or the empty database named
by ``--database-url``). Every GET page of the url_map is fetched through the
test client, its path parameters filled from the demo (every process, section,
consultation and analysis record), signed in as each demo role, with
``Accept-Encoding: gzip``. A page's weight is its compressed body plus the
compressed bodies of the stylesheets and scripts it links (counted in full for
every page, as for a first visit). The bound is 60 KB.
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

LIMIT_BYTES = 60 * 1024

#: Endpoints that are no page to weigh: signing out, downloads.
SKIP = {"auth.logout", "document.export", "analysis.table_csv", "analysis.responses_csv", "static"}

_ASSET = re.compile(
    r'<(?:link[^>]*\brel="stylesheet"[^>]*\bhref|script[^>]*\bsrc)="([^"]+)"', re.IGNORECASE
)


@dataclass(frozen=True)
class Weight:
    url: str
    status: int
    html: int
    assets: int

    @property
    def total(self) -> int:
        return self.html + self.assets


def build_demo_app(database_url: str | None = None, folder: Path | None = None) -> Flask:
    """An app on a fresh database with the demo loaded and committed."""
    from engine.demo import load_demo
    from engine.schema import upgrade
    from webapp import create_app
    from webapp.database import engine_of, get_session

    if database_url is None:
        folder = folder or Path(tempfile.mkdtemp(prefix="policycycle-weight-"))
        database_url = f"sqlite:///{folder / 'weight.db'}"
    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "page-weight",
                      "WTF_CSRF_ENABLED": True, "RATELIMIT_ENABLED": False})
    upgrade(engine_of(app))
    with app.app_context():
        session = get_session()
        load_demo(session, app.extensions["policycycle.catalog"])
        session.commit()
    return app


def _ids(session: Session) -> dict[str, list[dict[str, Any]]]:
    """Values for each path parameter, as lists of keyword sets, read from the demo."""
    from engine.models import Institution, Process, Revision, Section
    from engine.models.analysis import (
        DataSource,
        Instrument,
        Measure,
        Objective,
        PolicyOption,
        Risk,
    )
    from engine.models.consultation import Consultation

    processes = session.scalars(select(Process.id).order_by(Process.id)).all()
    sections = session.execute(select(Section.id, Section.process_id).order_by(Section.id)).all()
    latest = dict(session.execute(
        select(Revision.section_id, Revision.number).order_by(Revision.number)).all())
    consultations = session.execute(
        select(Consultation.id, Consultation.process_id).order_by(Consultation.id)).all()
    items: list[dict[str, Any]] = []
    for segment, model in (("inventory", DataSource), ("objectives", Objective),
                           ("options", PolicyOption), ("instruments", Instrument),
                           ("actions", Measure), ("risks", Risk)):
        for item_id, process_id in session.execute(
                select(model.id, model.process_id).order_by(model.id)).all():
            items.append({"process_id": process_id, "segment": segment, "item_id": item_id})
    institutions = session.scalars(select(Institution.id).order_by(Institution.id).limit(1)).all()
    return {
        "": [{}],
        "process_id": [{"process_id": p} for p in processes],
        "section_id": [{"section_id": s} for s, _p in sections],
        "number": [{"section_id": s, "number": latest[s]} for s, _p in sections if s in latest],
        "consultation_id": [{"process_id": p, "consultation_id": c} for c, p in consultations],
        "item_id": items,
        "institution_id": [{"institution_id": i} for i in institutions],
    }


def demo_pages(app: Flask) -> list[str]:
    """The URL of every GET page (not the API) for every demo record it can show."""
    from webapp.database import get_session

    with app.test_request_context():
        ids = _ids(get_session())
        urls: list[str] = []
        for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
            if "GET" not in (rule.methods or ()) or rule.endpoint in SKIP:
                continue
            if rule.rule.startswith("/api/"):
                continue
            arguments = set(rule.arguments)
            key = next((k for k in ("number", "item_id", "consultation_id", "section_id",
                                    "institution_id", "process_id") if k in arguments), "")
            for values in ids[key]:
                if set(values) == arguments:
                    urls.append(app.url_for(rule.endpoint, **values))
    return urls


def sign_in(client: FlaskClient, email: str, password: str) -> None:
    html = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    data = {"email": email, "password": password}
    if token:
        data["csrf_token"] = token.group(1)
    response = client.post("/login", data=data)
    if response.status_code not in (302, 303):
        raise RuntimeError(f"could not sign in as {email}: {response.status_code}")


def weigh(client: FlaskClient, urls: list[str], encoding: str = "gzip") -> Iterator[Weight]:
    """Fetch each URL and the stylesheets and scripts it links; yield their bytes on the wire."""
    headers = {"Accept-Encoding": encoding}
    asset_bytes: dict[str, int] = {}
    for url in urls:
        response = client.get(url, headers=headers)
        if response.mimetype != "text/html":
            continue
        body = response.get_data()
        html = _decode(body, response.headers.get("Content-Encoding"))
        assets = 0
        for href in dict.fromkeys(_ASSET.findall(html)):
            if href not in asset_bytes:
                asset_bytes[href] = len(client.get(href, headers=headers).get_data())
            assets += asset_bytes[href]
        yield Weight(url, response.status_code, len(body), assets)


def _decode(body: bytes, encoding: str | None) -> str:
    if encoding == "gzip":
        body = gzip.decompress(body)
    elif encoding == "br":
        import brotli

        body = brotli.decompress(body)
    return body.decode("utf-8", "replace")


def demo_roles() -> list[tuple[str, str]]:
    """(label, email) of every demo login."""
    from engine.demo.cast import logins

    return [(label, email) for label, email, _name in logins()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--role", help="only this demo login (e-mail local part or label word)")
    parser.add_argument("--encoding", default="gzip", help="Accept-Encoding sent (default gzip)")
    parser.add_argument("--database-url", help="an empty database to load the demo into")
    args = parser.parse_args(argv)

    from engine.demo import DEMO_PASSWORD

    app = build_demo_app(args.database_url)
    urls = demo_pages(app)
    heaviest: Weight | None = None
    over = 0
    for label, email in demo_roles():
        if args.role and args.role.lower() not in (label.lower() + " " + email.lower()):
            continue
        client = app.test_client()
        sign_in(client, email, DEMO_PASSWORD)
        print(f"\n== {label} ({email})")
        print(f"{'status':>6} {'html':>8} {'css+js':>8} {'total':>8}  page")
        for weight in weigh(client, urls, args.encoding):
            flag = "  OVER" if weight.total > LIMIT_BYTES else ""
            over += bool(flag)
            print(f"{weight.status:>6} {weight.html:>8} {weight.assets:>8} {weight.total:>8}  "
                  f"{weight.url}{flag}")
            if weight.status == 200 and (heaviest is None or weight.total > heaviest.total):
                heaviest = weight
    if heaviest is not None:
        print(f"\nheaviest page: {heaviest.url} {heaviest.total} bytes "
              f"(limit {LIMIT_BYTES}); pages over the limit: {over}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
