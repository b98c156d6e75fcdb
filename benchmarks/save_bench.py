"""Section saves against a trivial authenticated API GET, in-process.

Run from the repository root::

    python -m benchmarks.save_bench               # 50 runs each, prints medians and the ratio
    python -m benchmarks.save_bench --profile     # and a cProfile of the saves
    python -m benchmarks.save_bench --database-url postgresql+psycopg://...  # an EMPTY database

The demo is loaded into a fresh SQLite database (or the empty one named). The
lead saves a section of the demo document through the API
(``PUT /api/v1/sections/<id>``, each save on top of the previous one, a new
sentence each time) and, interleaved, asks ``GET /api/v1/me`` with the same
token. Both go through the test client: routing, authentication, the service,
the commit and the JSON. The target is a save median at most 4x the GET median.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import statistics
import sys
import time

from sqlalchemy import select

from benchmarks.page_weight import build_demo_app

TARGET_RATIO = 4.0


def _setup(app) -> tuple[str, int, int]:
    """A token of the demo's lead and a section of their process: (token, section id, revision)."""
    from engine.demo import migration_policy
    from engine.demo.cast import email_of
    from engine.models import Process, Section
    from engine.services.users import by_email, create_token
    from webapp.database import get_session

    with app.app_context():
        session = get_session()
        lead = by_email(session, email_of("lead"))
        process = session.scalars(select(Process).where(Process.title == migration_policy.TITLE)
                                  ).one()
        section = session.scalars(select(Section).where(Section.process_id == process.id,
                                                        Section.deleted_at.is_(None))
                                  .order_by(Section.id)).first()
        _, raw = create_token(session, lead, "save bench")
        session.commit()
        return raw, section.id, section.revision


def run(app, runs: int, profile: cProfile.Profile | None = None) -> tuple[list[float], list[float]]:
    token, section_id, revision = _setup(app)
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    body = client.get(f"/api/v1/sections/{section_id}", headers=headers).get_json()["body"]
    saves: list[float] = []
    gets: list[float] = []
    for i in range(runs + 3):  # the first three warm caches up and are not counted
        body = body.rstrip("\n") + f"\n\nA sentence added by save number {i}.\n"
        started = time.perf_counter()
        if profile is not None:
            profile.enable()
        response = client.put(f"/api/v1/sections/{section_id}", headers=headers,
                              json={"body": body, "base_revision": revision})
        if profile is not None:
            profile.disable()
        elapsed = time.perf_counter() - started
        if response.status_code != 200:
            raise RuntimeError(f"save answered {response.status_code}: {response.get_data()!r}")
        revision = response.get_json()["revision"]
        started = time.perf_counter()
        probe = client.get("/api/v1/me", headers=headers)
        probe_elapsed = time.perf_counter() - started
        if probe.status_code != 200:
            raise RuntimeError(f"GET /api/v1/me answered {probe.status_code}")
        if i >= 3:
            saves.append(elapsed)
            gets.append(probe_elapsed)
    return saves, gets


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the saves")
    parser.add_argument("--database-url", help="an empty database to load the demo into")
    args = parser.parse_args(argv)

    app = build_demo_app(args.database_url)
    profile = cProfile.Profile() if args.profile else None
    saves, gets = run(app, args.runs, profile)
    save_ms, get_ms = statistics.median(saves) * 1000, statistics.median(gets) * 1000
    ratio = save_ms / get_ms
    print(f"runs: {args.runs} each; database: {args.database_url or 'SQLite (fresh file)'}")
    print(f"section save (PUT /api/v1/sections/<id>): median {save_ms:.2f} ms, "
          f"p90 {statistics.quantiles(saves, n=10)[-1] * 1000:.2f} ms")
    print(f"trivial GET (/api/v1/me):                  median {get_ms:.2f} ms, "
          f"p90 {statistics.quantiles(gets, n=10)[-1] * 1000:.2f} ms")
    print(f"ratio save/GET: {ratio:.2f} (target <= {TARGET_RATIO})")
    if profile is not None:
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(45)
        print(out.getvalue())
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
