"""Every page and API GET costs the same number of SQL statements whatever the data size.

Two processes of the same lead are built through the services, one at scale 1 and one
at scale 10 (tests/webapp/scaled_world.py). Every GET route of ``app.url_map`` is
requested on both with its path parameters filled from each world; the count at 10x
may exceed the small count by at most ``SLACK`` statements. The administrator's
dashboard is measured at 5 and at 300 processes. No timing is involved.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import session as flask_session
from flask_wtf.csrf import generate_csrf
from sqlalchemy import event
from sqlalchemy.orm import Session

from engine.models import User
from engine.services.users import create_token
from tests.webapp.matrix_world import password_hash
from tests.webapp.scaled_world import Scaled, build_scaled, new_institution, new_user

#: How many more statements the 10x world may cost (a page may, say, read one extra
#: row kind that the small world does not have at all).
SLACK = 3

#: The analysis item pages: URL segment -> the world's object.
SEGMENTS = {"inventory": "source", "objectives": "specific", "options": "option",
            "instruments": "instrument", "actions": "measure", "risks": "risk"}
#: Path parameter -> the world's object whose id fills it.
PARAMETERS = {
    "section_id": "section", "comment_id": "comment", "consultation_id": "consultation",
    "deliverable_id": "deliverable", "objective_id": "objective", "indicator_id": "indicator",
    "option_id": "option", "instrument_id": "instrument", "measure_id": "measure",
    "risk_id": "risk", "source_id": "source", "number": "number", "file_id": "file",
    "meeting_id": "meeting",
    "item_id": "public_consultation", "slug": "slug",
    "evaluation_id": "evaluation", "recommendation_id": "recommendation",
}
#: Extra query strings, and extra variants of one route.
VARIANTS: dict[str, list[str]] = {
    # The working profile (the scaled process is in implementation, where the default is the
    # publication profile, which prints less).
    "document.export": ["?format=md&profile=working", "?format=docx&profile=working"],
    "api.export": ["?format=md&profile=working", "?format=docx&profile=working"],
    "analysis.table_csv": [],  # filled from the table registry below
    "api.list_analysis_comments": ["?item_type=risk&item_id={risk}"],
    "api.get_monitoring": ["", "?period=2026"],
    "api.get_monitoring_report": ["?period=2026&format=docx"],
    "monitoring.page": ["", "?period=2026"],
    "monitoring.chart": ["?period=2026"],
    "monitoring.report": ["?period=2026"],
    "workspace.search": ["", "?q=policy", "?q=migration+or+border"],
    "api.search_process": ["?q=policy", "?q=migration+or+border"],
}
#: Routes with nothing to count (no database work that depends on a process), and the
#: administrators' pages (a lead cannot GET them; the dashboard test covers an administrator).
SKIPPED = {"static", "auth.logout", "api.openapi", "dashboard.new_process",
           "api.list_workflows", "api.get_workflow", "auth.login",
           "admin.index", "admin.edit_institution",
           # Signed-out pages reached by a mailed token, and administrators' mail pages.
           "auth.forgot_password", "auth.reset_password", "notifications.accept_invitation",
           "admin.mail", "admin.mail_file",
           # Not yet counted: the scaled world has no Word import and no translations.
           "word.import_report", "document.translation", "api.get_translation"}


def _table_names() -> list[str]:
    from engine.services.analysis.tables import TABLES

    return list(TABLES)


def get_urls(app) -> list[tuple[str, str]]:
    """(endpoint, URL template) for every GET route, path parameters as {name}."""
    found = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in SKIPPED:
            continue
        template = rule.rule
        for argument in rule.arguments:
            template = template.replace(
                next(part for part in _parts(rule.rule) if _name(part) == argument),
                "{" + argument + "}")
        if "{segment}" in template:
            for segment in SEGMENTS:
                found.append((rule.endpoint, template.replace("{segment}", segment)
                              .replace("{item_id}", "{" + SEGMENTS[segment] + "}")))
        elif "{name}" in template:
            for table in _table_names():
                found.append((rule.endpoint, template.replace("{name}", table)))
        elif rule.endpoint in VARIANTS:
            for suffix in VARIANTS[rule.endpoint]:
                found.append((rule.endpoint, template + suffix))
        else:
            found.append((rule.endpoint, template))
    return sorted(found)


def _parts(rule: str) -> list[str]:
    import re

    return re.findall(r"<[^>]+>", rule)


def _name(part: str) -> str:
    return part.strip("<>").split(":")[-1]


def fill(template: str, world: Scaled, institution_id: int) -> str:
    values: dict[str, Any] = {"process_id": world.process.id, "institution_id": institution_id}
    values.update({name: world.ids[what] for name, what in PARAMETERS.items()})
    values.update({what: world.ids[what] for what in SEGMENTS.values()})
    return template.format(**values)


class Counter:
    """Counts the statements sent on a connection while switched on."""

    def __init__(self, connection) -> None:
        self.connection = connection
        self.statements: list[str] = []
        self.on = False
        event.listen(connection, "before_cursor_execute", self._record)

    def _record(self, _conn, _cursor, statement, _params, _context, _many) -> None:
        if self.on:
            self.statements.append(statement)

    def close(self) -> None:
        event.remove(self.connection, "before_cursor_execute", self._record)


@pytest.fixture(scope="module")
def shared_connection(db_engine) -> Iterator[Any]:
    connection = db_engine.connect()
    outer = connection.begin()
    yield connection
    if outer.is_active:
        outer.rollback()
    connection.close()


class Worlds:
    def __init__(self, session: Session, catalog) -> None:
        self.lead = new_user(session, "Lead", password_hash())
        self.admin = user = new_user(session, "Admin", password_hash())
        user.is_admin = True
        self.small = build_scaled(session, catalog, self.lead, 1)
        self.large = build_scaled(session, catalog, self.lead, 10)
        self.institution = new_institution(session, "Agency").id
        _, self.token = create_token(session, self.lead, "counts")
        self.lead_id, self.admin_id = self.lead.id, self.admin.id


@pytest.fixture(scope="module")
def stored_files(tmp_path_factory) -> Iterator[Any]:
    """One file store for the module (overrides tests.fixtures): the worlds' adopted texts
    are stored once, before the tests that download them."""
    from engine.storage import LocalFileStore, use_store

    store = LocalFileStore(tmp_path_factory.mktemp("files"))
    use_store(store)
    yield store
    use_store(None)


@pytest.fixture(scope="module")
def worlds(shared_connection, catalog, stored_files) -> Worlds:
    session = Session(bind=shared_connection, expire_on_commit=False,
                      join_transaction_mode="create_savepoint")
    made = Worlds(session, catalog)
    session.commit()
    session.close()
    return made


@pytest.fixture
def db_connection(shared_connection, worlds):
    """Overrides tests.fixtures: each test runs in a savepoint of the module's worlds."""
    savepoint = shared_connection.begin_nested()
    yield shared_connection
    if savepoint.is_active:
        savepoint.rollback()


@pytest.fixture
def counter(db_connection) -> Iterator[Counter]:
    made = Counter(db_connection)
    yield made
    made.close()


def sign_in(app, client, user_id: int) -> None:
    with app.test_request_context():
        generate_csrf()
        secret = flask_session["csrf_token"]
    with client.session_transaction() as session:
        session["csrf_token"] = secret
        session["_user_id"] = f"{user_id}.0"  # a fresh account's first session epoch
        session["_fresh"] = True


def count(client, counter: Counter, url: str, headers: dict[str, str]) -> tuple[int, int]:
    """(status, statements) of a GET, after one warm-up request (caches, first visit)."""
    client.get(url, headers=headers)
    counter.statements.clear()
    counter.on = True
    try:
        response = client.get(url, headers=headers)
    finally:
        counter.on = False
    return response.status_code, len(counter.statements)


def repeated(statements: list[str]) -> list[tuple[int, str]]:
    """The statements sent more than twice (the N+1 suspects), most frequent first."""
    from collections import Counter as Tally

    tally = Tally(" ".join(s.split())[:160] for s in statements)
    return [(n, s) for s, n in tally.most_common(4) if n > 2]


def measure(app, client, counter, worlds: Worlds, endpoint: str, template: str):
    headers = {"Authorization": f"Bearer {worlds.token}"} if endpoint.startswith("api.") else {}
    if endpoint.startswith("document.") and "presence" in endpoint:
        headers["Accept"] = "application/json"
    sign_in(app, client, worlds.lead_id)
    small = count(client, counter, fill(template, worlds.small, worlds.institution), headers)
    large = count(client, counter, fill(template, worlds.large, worlds.institution), headers)
    return small, large


def pytest_generate_tests(metafunc) -> None:
    if "route" in metafunc.fixturenames:
        from webapp import create_app

        app = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": "sqlite://"})
        routes = get_urls(app)
        metafunc.parametrize("route", routes, ids=[f"{e} {t}" for e, t in routes])


def test_every_get_route_costs_the_same_at_ten_times_the_data(app, client, counter, worlds,
                                                               route) -> None:
    endpoint, template = route
    (small_status, small), (large_status, large) = measure(app, client, counter, worlds,
                                                           endpoint, template)
    assert small_status == 200, f"{template}: {small_status}"
    assert large_status == 200, f"{template}: {large_status}"
    assert large <= small + SLACK, (
        f"{template} costs {small} statements on the small process, {large} at 10x; "
        f"repeated: {repeated(counter.statements)}")


@pytest.mark.parametrize("profile", ["working", "publication"])
@pytest.mark.parametrize("fmt", ["docx", "md"])
def test_export_of_the_large_process_stays_under_a_hundred_statements(app, client, counter,
                                                                        worlds, fmt,
                                                                        profile) -> None:
    """The working file prints every comment thread; the publication the action plan and
    the monitoring framework: both read each kind of row once, not once per item."""
    template = f"/processes/{{process_id}}/export?format={fmt}&profile={profile}"
    (_, small), (status, large) = measure(app, client, counter, worlds, "document.export",
                                          template)
    assert status == 200
    assert large <= 100, (
        f"{fmt} {profile}: {large} statements; repeated: {repeated(counter.statements)}")
    assert large <= small + SLACK, f"{fmt} {profile}: {small} small, {large} at 10x"


def test_the_dashboard_of_an_administrator_costs_the_same_for_5_and_300_processes(
        app, client, counter, worlds, db_session, catalog) -> None:
    from sqlalchemy import func, select

    from engine.models import Process
    from engine.services.processes import start_process

    lead = db_session.get(User, worlds.lead_id)
    home = new_institution(db_session, "Ministry")
    existing = db_session.scalar(select(func.count(Process.id)))
    for n in range(5 - existing):
        start_process(db_session, lead, catalog, title=f"Small {n}", workflow="national-policy",
                      country="Ruritania", requesting_institution_id=home.id)
    db_session.commit()
    sign_in(app, client, worlds.admin_id)
    status, five = count(client, counter, "/", {})
    assert status == 200
    for n in range(295):
        start_process(db_session, lead, catalog, title=f"Many {n}", workflow="national-policy",
                      country="Ruritania", requesting_institution_id=home.id)
    db_session.commit()
    assert db_session.scalar(select(func.count(Process.id))) == 300
    status, three_hundred = count(client, counter, "/", {})
    assert status == 200
    assert three_hundred <= five + SLACK, (
        f"5 processes: {five}, 300: {three_hundred}; repeated: {repeated(counter.statements)}")


@pytest.fixture
def sections_read_one_by_one(monkeypatch) -> None:
    """An N+1 added on purpose: the outline touches each section's lazy ``revisions``."""
    from engine.services.document import sections

    original = sections.outline

    def outline(session, process, **kw):
        nodes = original(session, process, **kw)
        for node in sections.flatten(nodes):
            len(node.section.revisions)  # one SELECT per section
        return nodes

    monkeypatch.setattr(sections, "outline", outline)


def test_an_n_plus_one_added_on_purpose_fails_the_flat_count(app, client, counter, worlds,
                                                             sections_read_one_by_one) -> None:
    """Without the lazy-load guard, the statement count still catches the loop."""
    app.config["LAZY_LOADS"] = "allow"
    template = "/api/v1/processes/{process_id}/sections"
    (_, small), (_, large) = measure(app, client, counter, worlds, "api.outline", template)
    assert large > small + SLACK, f"small {small}, large {large}: the N+1 went unnoticed"
    suspects = repeated(counter.statements)
    assert suspects and suspects[0][1].startswith("SELECT revisions.")


def test_an_n_plus_one_added_on_purpose_fails_the_request_in_tests(app, client, counter, worlds,
                                                                   sections_read_one_by_one,
                                                                   caplog) -> None:
    """With the guard the tests run under, the loop fails the request even on the small
    process: a page or API that grows an N+1 fails whichever test requests it."""
    assert app.config["LAZY_LOADS"] == "raise"
    sign_in(app, client, worlds.lead_id)
    url = f"/api/v1/processes/{worlds.small.process.id}/sections"
    response = client.get(url, headers={"Authorization": f"Bearer {worlds.token}"})
    assert response.status_code == 500
    assert "Section.revisions lazy-loaded for 3 Section objects" in caplog.text


def test_a_template_looping_over_a_lazy_relationship_fails_in_tests(app, client, worlds,
                                                                   caplog) -> None:
    """The same for a page: a template that reads each row's lazy relationship."""
    from flask import render_template_string

    from engine.models import Section
    from engine.services.document.sections import flatten, outline
    from webapp.database import get_session

    def per_row() -> str:
        session = get_session()
        process = session.get(type(worlds.small.process), worlds.small.process.id)
        rows = [node.section for node in flatten(outline(session, process))]
        assert len(rows) > 1 and all(isinstance(row, Section) for row in rows)
        return render_template_string(
            "{% for s in rows %}{{ s.title }}: {{ s.revisions | length }}\n{% endfor %}",
            rows=rows)

    app.add_url_rule("/n-plus-one", "n_plus_one", per_row)
    assert client.get("/n-plus-one").status_code == 500
    assert "Section.revisions lazy-loaded for 3 Section objects" in caplog.text
    app.config["LAZY_LOADS"] = "allow"
    assert client.get("/n-plus-one").status_code == 200
