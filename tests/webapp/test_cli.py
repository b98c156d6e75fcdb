"""The `policycycle` command line, as CONTRACT describes it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import update

from engine.models import AuditEvent
from engine.services.audit import history
from engine.services.users import authenticate, user_for_token
from tests.engine.test_archive import strip_ids

REPO = Path(__file__).resolve().parents[2]


def test_workflows_list(runner):
    result = runner.invoke(args=["workflows", "list"])
    assert result.exit_code == 0
    lines = result.output.strip().splitlines()
    keys = {line.split("\t")[0] for line in lines}
    assert {"national-policy", "sectoral-action-plan", "technical-assistance"} <= keys
    assert "national-policy\t2\tNational policy or strategy" in lines


def test_workflows_check(runner):
    shipped = sorted(str(p) for p in (REPO / "workflows").glob("*.toml"))
    result = runner.invoke(args=["workflows", "check", *shipped])
    assert result.exit_code == 0, result.output
    broken = REPO / "tests" / "workflows" / "broken" / "unknown-condition-kind.toml"
    result = runner.invoke(args=["workflows", "check", *shipped, str(broken)])
    assert result.exit_code == 1
    assert all(line.startswith(f"{broken}: ") for line in result.output.strip().splitlines())


def test_users_create_reads_the_password_from_stdin(runner, db_session):
    result = runner.invoke(args=["users", "create", "--email", "New@Example.org", "--name",
                                 "New Person", "--admin"], input="a long password\n")
    assert result.exit_code == 0, result.output
    user = authenticate(db_session, "new@example.org", "a long password")
    assert user is not None and user.is_admin
    again = runner.invoke(args=["users", "create", "--email", "new@example.org", "--name", "X"],
                          input="another password\n")
    assert again.exit_code == 1
    assert "already exists" in again.output


def test_tokens_create_prints_the_token_last(runner, db_session, make_user):
    user = make_user(email="tok@example.org")
    result = runner.invoke(args=["tokens", "create", "--email", "tok@example.org"])
    assert result.exit_code == 0
    token = result.output.strip().splitlines()[-1]
    assert user_for_token(db_session, token).id == user.id
    assert runner.invoke(args=["tokens", "create", "--email", "nobody@example.org"]).exit_code == 1


def test_export_writes_docx_and_markdown(runner, make_process, tmp_path):
    process = make_process(title="Export from the CLI")
    docx = tmp_path / "out.docx"
    result = runner.invoke(args=["export", str(process.id), "-o", str(docx)])
    assert result.exit_code == 0, result.output
    assert docx.read_bytes()[:2] == b"PK"
    md = tmp_path / "out.md"
    result = runner.invoke(args=["export", str(process.id), "-o", str(md), "--format", "md"])
    assert result.exit_code == 0
    assert md.read_text().startswith("# Export from the CLI")
    assert runner.invoke(args=["export", "999999", "-o", str(md)]).exit_code == 1


def test_export_prints_the_languages_asked_for(runner, make_process, db_session, tmp_path):
    from engine.services.document import sections, translations

    process = make_process(title="Bilingual from the CLI")
    lead = process.lead.user
    section = sections.flatten(sections.outline(db_session, process))[0].section
    sections.save_body(db_session, lead, section, body="The main text.\n", base_revision=0)
    translations.save_translation(db_session, lead, section, "fr", body="Le texte principal.\n",
                                  base_revision=0)
    db_session.flush()
    md = tmp_path / "both.md"
    result = runner.invoke(args=["export", str(process.id), "-o", str(md), "--format", "md",
                                 "--languages", "fr,en"])
    assert result.exit_code == 0, result.output
    text = md.read_text()
    assert "Le texte principal." in text and "The main text." in text
    assert text.index("Le texte principal.") < text.index("The main text.")
    bad = runner.invoke(args=["export", str(process.id), "-o", str(md), "--languages", "xx"])
    assert bad.exit_code == 1


def test_dump_load_dump_and_audit_verify(runner, make_process, add_member, tmp_path, db_session):
    process = make_process(title="Archived by the CLI")
    add_member(process, "core")
    first = tmp_path / "first.json"
    assert runner.invoke(args=["dump", str(process.id), "-o", str(first)]).exit_code == 0
    loaded = runner.invoke(args=["load", str(first)])
    assert loaded.exit_code == 0, loaded.output
    new_id = int(loaded.output.strip().splitlines()[-1])
    assert new_id != process.id
    second = tmp_path / "second.json"
    assert runner.invoke(args=["dump", str(new_id), "-o", str(second)]).exit_code == 0
    assert strip_ids(json.loads(second.read_text())) == strip_ids(json.loads(first.read_text()))

    ok = runner.invoke(args=["audit", "verify", str(new_id)])
    assert ok.exit_code == 0 and "intact" in ok.output
    event = history(db_session, process)[0]
    db_session.execute(update(AuditEvent).where(AuditEvent.id == event.id).values(kind="forged"))
    tampered = runner.invoke(args=["audit", "verify", str(process.id)])
    assert tampered.exit_code == 1
    assert "changed" in tampered.output


def test_load_refuses_a_file_that_is_not_an_archive(runner, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"hello": "world"}')
    result = runner.invoke(args=["load", str(bad)])
    assert result.exit_code == 1
    assert "not a policycycle process archive" in result.output


@pytest.mark.slow
def test_init_db_and_demo_on_a_fresh_database(tmp_path):
    """`policycycle demo --no-serve` twice: migrations, demo data once, logins printed."""
    from webapp import create_app

    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.db'}",
                      "SECRET_KEY": "cli-test"})
    runner = app.test_cli_runner()
    assert runner.invoke(args=["init-db"]).exit_code == 0
    first = runner.invoke(args=["demo", "--no-serve"])
    assert first.exit_code == 0, first.output
    assert "Demo data loaded." in first.output
    assert "lead@demo.policycycle.org" in first.output
    second = runner.invoke(args=["demo", "--no-serve"])
    assert second.exit_code == 0
    assert "nothing loaded twice" in second.output


def test_the_web_app_and_command_line_compose_the_engine():
    """Importing the web package (which the command line goes through) fills the registries,
    so an archive or export made from a page or the CLI includes the structured analysis."""
    import subprocess
    import sys

    code = ("import webapp.cli; from engine.archive import PARTS;"
            "from engine.services.exports import ANNEXES;"
            "print('analysis_objectives' in [p.name for p in PARTS], 'objectives' in ANNEXES)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, cwd=Path(__file__).resolve().parents[2])
    assert result.stdout.split() == ["True", "True"]
