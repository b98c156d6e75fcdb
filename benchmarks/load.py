"""Load: simulated editors saving shared sections and readers reading heavy pages, on gunicorn.

Run from the repository root::

    python -m benchmarks.load --database-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres \\
        --workers 4 --editors 50 --seconds 45
    python -m benchmarks.load --workers 4 --editors 20 --seconds 20      # SQLite file

The script creates a fresh database (a new PostgreSQL database named
``pc_load_<random>`` on the server of ``--database-url``, dropped afterwards
unless ``--keep``; or a new SQLite file), loads the demo, starts gunicorn
itself (``--workers`` sync workers, 127.0.0.1, a free port, the repository's
``gunicorn.conf.py``), and for ``--seconds`` runs:

* ``--editors`` editors, each owning one line of one of ``--sections``
  sections of the demo document, who read the section through the API and save
  it with their line changed (``PUT /api/v1/sections/<id>``, merged when others
  saved meanwhile, 409 when they could not be merged);
* ``--readers`` readers signed in through the login form, reading the heavy
  pages (document outline, compare, analysis objectives, overview, dashboard);
* one probe asking ``GET /api/v1/me`` every 0.2 s.

It prints requests/s, save p50/p95/p99, each reader page's p95, the ratio of
the save p50 to the probe p50, conflicts (409) and errors, then stops the
server and checks that every acknowledged save is a revision in the database
holding that editor's line. Only loopback addresses are used.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import requests
from sqlalchemy import select
from sqlalchemy.engine import make_url

REPO = Path(__file__).resolve().parents[1]
READER_PAGES = ("/processes/{p}/document", "/processes/{p}/document/compare",
                "/processes/{p}/analysis/objectives", "/processes/{p}", "/")


@dataclass
class Stats:
    lock: threading.Lock = field(default_factory=threading.Lock)
    saves: list[float] = field(default_factory=list)
    probes: list[float] = field(default_factory=list)
    pages: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    conflicts: int = 0
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    requests: int = 0
    acknowledged: list[tuple[int, int, str]] = field(default_factory=list)

    def error(self, what: str) -> None:
        with self.lock:
            self.errors[what] += 1


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fresh_database(url: str | None, folder: Path) -> tuple[str, str | None]:
    """(URL of a new empty database, name to drop afterwards or None)."""
    if not url or make_url(url).get_backend_name() == "sqlite":
        return f"sqlite:///{folder / 'load.db'}", None
    import psycopg

    parsed = make_url(url)
    name = f"pc_load_{uuid.uuid4().hex[:8]}"
    admin = parsed.set(drivername="postgresql", database=parsed.database or "postgres")
    with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return parsed.set(database=name).render_as_string(hide_password=False), name


def drop_database(url: str, name: str) -> None:
    import psycopg

    admin = make_url(url).set(drivername="postgresql", database="postgres")
    with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class Scene:
    process_id: int
    sections: list[int]
    tokens: list[str]
    reader_email: str
    password: str


def prepare(database_url: str, editors: int, sections: int) -> Scene:
    """Load the demo, give each editor a line in a section, make tokens for the editing members."""
    from engine.demo import DEMO_PASSWORD, load_demo, migration_policy
    from engine.demo.cast import email_of
    from engine.models import Process, Section
    from engine.schema import upgrade
    from engine.services.document import sections as section_service
    from engine.services.users import create_token
    from webapp import create_app
    from webapp.database import engine_of, get_session

    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "load"})
    upgrade(engine_of(app))
    with app.app_context():
        session = get_session()
        load_demo(session, app.extensions["policycycle.catalog"])
        session.commit()
        process = session.scalars(select(Process).where(Process.title == migration_policy.TITLE)).one()
        members = [m for m in process.active_memberships if m.role in ("lead", "core")]
        chosen = session.scalars(select(Section).where(Section.process_id == process.id,
                                                       Section.deleted_at.is_(None))
                                 .order_by(Section.id).limit(sections)).all()
        lead = next(m.user for m in members if m.role == "lead")
        for index, section in enumerate(chosen):
            lines = [f"[editor-{k}] waiting for the first save." for k in range(editors)
                     if k % len(chosen) == index]
            body = section.body.rstrip("\n") + "\n\n" + "\n\n".join(lines) + "\n"
            section_service.save_body(session, lead, section, body=body,
                                      base_revision=section.revision)
        tokens = [create_token(session, m.user, "load")[1] for m in members]
        session.commit()
        scene = Scene(process.id, [s.id for s in chosen], tokens, email_of("lead"), DEMO_PASSWORD)
    engine_of(app).dispose()
    return scene


def start_server(database_url: str, port: int, workers: int, worker_class: str, threads: int,
                 log: Path) -> subprocess.Popen:
    env = dict(os.environ, POLICYCYCLE_DATABASE_URL=database_url,
               POLICYCYCLE_SECRET_KEY="load-test-secret")
    command = [sys.executable, "-m", "gunicorn", "-c", str(REPO / "gunicorn.conf.py"),
               "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
               "--worker-class", worker_class, "--threads", str(threads),
               "webapp:create_app()"]
    server = subprocess.Popen(command, cwd=REPO, env=env, stdout=log.open("w"),  # noqa: S603
                              stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/login", timeout=2).status_code == 200:
                return server
        except requests.RequestException:
            time.sleep(0.3)
    server.terminate()
    raise RuntimeError(f"gunicorn did not start; see {log}")


def editor(base: str, number: int, section_id: int, token: str, stop: float, stats: Stats,
           think: float) -> None:
    http = requests.Session()
    http.headers["Authorization"] = f"Bearer {token}"
    marker = re.compile(rf"^\[editor-{number}\] .*$", re.MULTILINE)
    saves = 0
    while time.monotonic() < stop:
        try:
            got = http.get(f"{base}/api/v1/sections/{section_id}", timeout=60)
            with stats.lock:
                stats.requests += 1
            if got.status_code != 200:
                stats.error(f"GET section {got.status_code}")
                continue
            data = got.json()
            saves += 1
            line = f"[editor-{number}] save {saves} at {time.time():.3f}."
            body = marker.sub(line, data["body"])
            started = time.perf_counter()
            put = http.put(f"{base}/api/v1/sections/{section_id}", timeout=60,
                           json={"body": body, "base_revision": data["revision"]})
            elapsed = time.perf_counter() - started
            with stats.lock:
                stats.requests += 1
                if put.status_code == 200:
                    stats.saves.append(elapsed)
                    stats.acknowledged.append((section_id, put.json()["revision"], line))
                elif put.status_code == 409:
                    stats.conflicts += 1
                else:
                    stats.errors[f"PUT {put.status_code}"] += 1
        except requests.RequestException as error:
            stats.error(type(error).__name__)
        time.sleep(random.uniform(0, think))  # noqa: S311 - pacing, not security


def reader(base: str, scene: Scene, stop: float, stats: Stats, think: float) -> None:
    http = requests.Session()
    html = http.get(f"{base}/login", timeout=60).text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    http.post(f"{base}/login", timeout=60, data={
        "email": scene.reader_email, "password": scene.password,
        "csrf_token": token.group(1) if token else ""})
    pages = [p.format(p=scene.process_id) for p in READER_PAGES]
    while time.monotonic() < stop:
        page = random.choice(pages)  # noqa: S311
        try:
            started = time.perf_counter()
            response = http.get(base + page, timeout=60, allow_redirects=False)
            elapsed = time.perf_counter() - started
            with stats.lock:
                stats.requests += 1
                if response.status_code == 200:
                    stats.pages[page].append(elapsed)
                else:
                    stats.errors[f"GET page {response.status_code}"] += 1
        except requests.RequestException as error:
            stats.error(type(error).__name__)
        time.sleep(random.uniform(0, think))  # noqa: S311


def probe(base: str, token: str, stop: float, stats: Stats) -> None:
    http = requests.Session()
    http.headers["Authorization"] = f"Bearer {token}"
    while time.monotonic() < stop:
        try:
            started = time.perf_counter()
            response = http.get(f"{base}/api/v1/me", timeout=60)
            elapsed = time.perf_counter() - started
            with stats.lock:
                stats.requests += 1
                if response.status_code == 200:
                    stats.probes.append(elapsed)
                else:
                    stats.errors[f"probe {response.status_code}"] += 1
        except requests.RequestException as error:
            stats.error(type(error).__name__)
        time.sleep(0.2)


def verify(database_url: str, acknowledged: list[tuple[int, int, str]]) -> list[str]:
    """Every acknowledged save must be a revision that holds the editor's line."""
    from engine.db import make_engine
    from engine.models import Revision

    engine = make_engine(database_url)
    missing: list[str] = []
    try:
        with engine.connect() as connection:
            rows = connection.execute(select(Revision.section_id, Revision.number, Revision.body))
            bodies = {(s, n): b for s, n, b in rows}
    finally:
        engine.dispose()
    for section_id, number, line in acknowledged:
        body = bodies.get((section_id, number))
        if body is None or line not in body:
            missing.append(f"section {section_id} revision {number}: {line}")
    return missing


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="PostgreSQL server (a fresh database is made); "
                        "default: a fresh SQLite file")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--worker-class", default="sync")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--editors", type=int, default=50)
    parser.add_argument("--readers", type=int, default=4)
    parser.add_argument("--sections", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=45)
    parser.add_argument("--think", type=float, default=0.5,
                        help="each simulated person pauses up to this many seconds between requests")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args(argv)

    folder = Path(tempfile.mkdtemp(prefix="policycycle-load-"))
    database_url, created = fresh_database(args.database_url, folder)
    server = None
    try:
        print(f"database: {make_url(database_url).render_as_string(hide_password=True)}")
        scene = prepare(database_url, args.editors, args.sections)
        port = free_port()
        server = start_server(database_url, port, args.workers, args.worker_class, args.threads,
                              folder / "gunicorn.log")
        base = f"http://127.0.0.1:{port}"
        print(f"gunicorn: {args.workers} x {args.worker_class} worker(s), {args.threads} "
              f"thread(s) each, on {base}; {args.editors} editors on {len(scene.sections)} "
              f"sections, {args.readers} readers, {args.seconds:.0f} s")
        stats = Stats()
        stop = time.monotonic() + args.seconds
        threads = [threading.Thread(target=editor, daemon=True, args=(
            base, k, scene.sections[k % len(scene.sections)], scene.tokens[k % len(scene.tokens)],
            stop, stats, args.think)) for k in range(args.editors)]
        threads += [threading.Thread(target=reader, daemon=True,
                                     args=(base, scene, stop, stats, args.think))
                    for _ in range(args.readers)]
        threads.append(threading.Thread(target=probe, daemon=True,
                                        args=(base, scene.tokens[0], stop, stats)))
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(args.seconds + 120)
        duration = time.monotonic() - started
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(30)

    missing = verify(database_url, stats.acknowledged)
    save_p95 = pct(stats.saves, 0.95)
    print(f"\nrequests: {stats.requests} in {duration:.1f} s = {stats.requests / duration:.1f}/s")
    print(f"saves acknowledged: {len(stats.saves)}; p50 {pct(stats.saves, 0.5):.0f} ms, "
          f"p95 {save_p95:.0f} ms, p99 {pct(stats.saves, 0.99):.0f} ms")
    print(f"probe GET /api/v1/me: {len(stats.probes)}; p50 {pct(stats.probes, 0.5):.0f} ms, "
          f"p95 {pct(stats.probes, 0.95):.0f} ms")
    ratio = (statistics.median(stats.saves) / statistics.median(stats.probes)
             if stats.saves and stats.probes else float("nan"))
    print(f"save/probe ratio (p50): {ratio:.1f}")
    worst = 0.0
    for page, times in sorted(stats.pages.items()):
        worst = max(worst, pct(times, 0.95))
        print(f"reader {page}: {len(times)} reads, p50 {pct(times, 0.5):.0f} ms, "
              f"p95 {pct(times, 0.95):.0f} ms")
    print(f"conflicts (409): {stats.conflicts}")
    print(f"errors: {sum(stats.errors.values())} {dict(stats.errors)}")
    print(f"acknowledged saves missing from the revisions: {len(missing)}")
    for line in missing[:10]:
        print("  " + line)
    ok = not missing and not stats.errors and (worst <= 3 * save_p95)
    print(f"worst reader p95 / save p95: {worst / save_p95:.2f} (bound 3)")
    if created and args.database_url and not args.keep:
        drop_database(args.database_url, created)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
