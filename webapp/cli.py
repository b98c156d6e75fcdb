"""The `policycycle` command: a Flask CLI group with the product's commands."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext

from engine.errors import DomainError


def _create_app():  # noqa: ANN202 - FlaskGroup passes no arguments
    from webapp import create_app

    return create_app()


def _session():  # noqa: ANN202
    from webapp.database import get_session

    return get_session()


def _fail(message: str) -> None:
    click.echo(f"Error: {message}", err=True)
    sys.exit(1)


@click.group(cls=FlaskGroup, create_app=_create_app, add_version_option=False,
             help="Policy-cycle workflow engine for drafting national strategies.")
def main() -> None:
    """Policy-cycle workflow engine for drafting national strategies."""


def init_app(app) -> None:  # noqa: ANN001
    """Register the product's commands on the app, where `policycycle` and tests find them."""
    for command in (init_db, workflows, users, tokens, export, dump, load, audit_group, demo):
        app.cli.add_command(command)


@click.command("init-db")
@with_appcontext
def init_db() -> None:
    """Create or upgrade the database schema (migrations)."""
    from engine.schema import upgrade
    from webapp.database import engine_of

    engine = engine_of(current_app)
    upgrade(engine)
    click.echo(f"Database ready: {engine.url.render_as_string(hide_password=True)}")


@click.group("workflows")
def workflows() -> None:
    """Installed workflow definitions."""


@workflows.command("list")
@with_appcontext
def workflows_list() -> None:
    """List the installed workflow definitions: key, version, title."""
    catalog = current_app.extensions["policycycle.catalog"]
    for definition in catalog.all():
        click.echo(f"{definition.key}\t{definition.version}\t{definition.title}")


@workflows.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
def workflows_check(files: tuple[str, ...]) -> None:
    """Validate workflow definition files; print one line per problem."""
    from engine.workflows import validate_file

    problems = []
    for name in files:
        problems.extend(validate_file(name))
    for problem in problems:
        click.echo(str(problem))
    if problems:
        sys.exit(1)
    click.echo(f"{len(files)} workflow file(s) valid.")


@click.group("users")
def users() -> None:
    """Accounts."""


@users.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--admin", is_flag=True, help="Make the account an administrator.")
@with_appcontext
def users_create(email: str, name: str, admin: bool) -> None:
    """Create an account; the password is read from standard input."""
    from engine.services.users import create_user

    if sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    session = _session()
    try:
        user = create_user(session, None, email=email, name=name, password=password,
                           is_admin=admin)
        session.commit()
    except DomainError as error:
        session.rollback()
        _fail(error.message)
    click.echo(f"Created {'administrator' if admin else 'user'} {user.name} <{user.email}>")


@click.group("tokens")
def tokens() -> None:
    """API tokens."""


@tokens.command("create")
@click.option("--email", required=True)
@click.option("--name", default="Command-line token", show_default=True)
@with_appcontext
def tokens_create(email: str, name: str) -> None:
    """Print a new API token for the user (alone on the last line)."""
    from engine.services.users import by_email, create_token

    session = _session()
    user = by_email(session, email)
    if user is None:
        _fail(f"no account with email {email}")
    _, raw = create_token(session, user, name)
    session.commit()
    click.echo(f"API token for {user.email} (shown once, keep it safe):")
    click.echo(raw)


@click.command("export")
@click.argument("process_id", type=int)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["docx", "md"]), default="docx",
              show_default=True)
@click.option("--template", default=None, help="House style (default: the process's or config).")
@click.option("--with-comments", is_flag=True, help="Include open comments as Word comments.")
@click.option("--languages", default=None,
              help="fr: print in that language (the translations); fr,en: both side by side.")
@with_appcontext
def export(process_id: int, output: str, fmt: str, template: str | None,
           with_comments: bool, languages: str | None) -> None:
    """Export the strategy document of a process."""
    from engine.services.exports import export_process
    from webapp.settings import settings

    session = _session()
    try:
        result = export_process(
            session, None, process_id, fmt=fmt, template=template,
            with_comments=with_comments, languages=languages,
            default_template=settings().export_template,
            templates_dir=settings().document_templates_dir,
        )
    except DomainError as error:
        _fail(error.message)
    Path(output).write_bytes(result.content)
    click.echo(f"Wrote {output} ({len(result.content):,} bytes)")


@click.command("dump")
@click.argument("process_id", type=int)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False))
@with_appcontext
def dump(process_id: int, output: str) -> None:
    """Write a complete JSON archive of one process."""
    from engine.archive import dump_process

    session = _session()
    try:
        archive = dump_process(session, process_id)
    except DomainError as error:
        _fail(error.message)
    Path(output).write_text(json.dumps(archive, ensure_ascii=False, indent=1, sort_keys=True))
    click.echo(f"Wrote {output}")


@click.command("load")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@with_appcontext
def load(file: str) -> None:
    """Restore a process from a JSON archive; print the new process id."""
    from engine.archive import load_process

    session = _session()
    try:
        archive = json.loads(Path(file).read_text())
        process = load_process(session, archive)
        session.commit()
    except (DomainError, ValueError) as error:
        session.rollback()
        _fail(getattr(error, "message", str(error)))
    click.echo(process.id)


@click.group("audit")
def audit_group() -> None:
    """The audit log."""


@audit_group.command("verify")
@click.argument("process_id", type=int)
@with_appcontext
def audit_verify(process_id: int) -> None:
    """Check the hash chain of a process's audit log; exit 1 if it was tampered with."""
    from engine.services.audit import verify
    from engine.services.history import process_exists

    session = _session()
    if not process_exists(session, process_id):
        _fail(f"no process {process_id}")
    problems = verify(session, process_id)
    for problem in problems:
        click.echo(f"process {process_id}: {problem}")
    if problems:
        sys.exit(1)
    click.echo(f"process {process_id}: audit chain intact")


@click.command("demo")
@click.option("--no-serve", is_flag=True, help="Load the demo data and stop.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@with_appcontext
def demo(no_serve: bool, host: str, port: int) -> None:
    """Create the database, load the demo data (once) and serve the site."""
    from engine.demo import DEMO_PASSWORD, load_demo
    from engine.schema import upgrade
    from webapp.database import engine_of

    upgrade(engine_of(current_app))
    session = _session()
    catalog = current_app.extensions["policycycle.catalog"]
    result = load_demo(session, catalog)
    session.commit()
    click.echo("Demo data " + ("loaded." if result.created else "already present; nothing loaded twice."))
    click.echo(f"\nDemo sign-ins (password for all: {DEMO_PASSWORD}):")
    for role, email, name in result.logins:
        click.echo(f"  {role:<22} {email:<36} {name}")
    if no_serve:
        return
    click.echo(f"\nServing on http://{host}:{port}  (Ctrl+C to stop)")
    # Flask refuses app.run() inside a CLI command; serve with Werkzeug directly.
    from werkzeug.serving import run_simple

    run_simple(host, port, current_app._get_current_object(), threaded=True,
               use_reloader=False, use_debugger=False)


if __name__ == "__main__":
    main()
