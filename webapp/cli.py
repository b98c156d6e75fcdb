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
    for command in (init_db, workflows, users, tokens, export, dump, load, audit_group, demo,
                    mail_group):
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
@click.option("--may-start-processes", is_flag=True,
              help="Allow the person to start processes (administrators may anyway).")
@with_appcontext
def users_create(email: str, name: str, admin: bool, may_start_processes: bool) -> None:
    """Create an account; the password is read from standard input."""
    from engine.services.users import create_user

    if sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    session = _session()
    try:
        user = create_user(session, None, email=email, name=name, password=password,
                           is_admin=admin, may_start_processes=may_start_processes)
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
@click.option("--format", "fmt", type=click.Choice(["docx", "md", "pdf"]), default="docx",
              show_default=True)
@click.option("--template", default=None, help="House style (default: the process's or config).")
@click.option("--with-comments/--without-comments", default=None,
              help="Open comments as Word comments (default: with, in the working profile).")
@click.option("--profile", type=click.Choice(["publication", "working"]), default=None,
              help="publication (default from the validation stage on) or working.")
@click.option("--changes-since", default=None, metavar="WHEN",
              help="Redline: ISO date or date-time, or transition:<id>.")
@click.option("--languages", default=None,
              help="fr: print in that language (the translations); fr,en: both side by side.")
@with_appcontext
def export(process_id: int, output: str, fmt: str, template: str | None,
           with_comments: bool | None, profile: str | None, changes_since: str | None,
           languages: str | None) -> None:
    """Export the strategy document of a process."""
    from engine.services.exports import export_process
    from webapp.word import export_options

    session = _session()
    try:
        result = export_process(
            session, None, process_id, fmt=fmt, template=template,
            with_comments=with_comments, profile=profile, changes_since=changes_since,
            languages=languages,
            **export_options(current_app.config),
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
@click.option("--anchor", "anchor_file", type=click.Path(exists=True, dir_okay=False),
              help="A file printed by `policycycle audit anchor`: the chain must still hold it.")
@with_appcontext
def audit_verify(process_id: int, anchor_file: str | None) -> None:
    """Check the hash chain of a process's audit log; exit 1 if it was tampered with."""
    from engine.services.adoption import count_snapshots, verify_snapshots
    from engine.services.audit import chain_for, check_anchor, parse_anchors, verify
    from engine.services.history import process_exists

    session = _session()
    if not process_exists(session, process_id):
        _fail(f"no process {process_id}")
    problems = verify(session, process_id)
    if anchor_file:
        saved = parse_anchors(Path(anchor_file).read_text()).get(chain_for(process_id))
        if saved is None:
            click.echo(f"process {process_id}: no anchor for this process in {anchor_file}")
        else:
            problems += check_anchor(session, process_id, *saved)
    for problem in problems:
        click.echo(f"process {process_id}: {problem}")
    file_problems = verify_snapshots(session, process_id)
    for line in file_problems:
        click.echo(f"process {process_id}: {line}")
    if problems or file_problems:
        sys.exit(1)
    click.echo(f"process {process_id}: audit chain intact"
               + (" and matches the anchor" if anchor_file and saved else ""))
    stored = count_snapshots(session, process_id)
    if stored:
        click.echo(f"process {process_id}: adopted text file matches its sha256")


@audit_group.command("anchor")
@with_appcontext
def audit_anchor() -> None:
    """Print the head digest of every chain, to keep outside the database."""
    from engine.db import utcnow
    from engine.services.audit import anchors

    click.echo(f"# policycycle audit anchors, {utcnow().isoformat(timespec='seconds')}")
    click.echo("# chain seq digest")
    for chain, seq, digest in anchors(_session()):
        click.echo(f"{chain} {seq} {digest}")


@audit_group.command("reseal")
@click.argument("process_ids", nargs=-1, type=int)
@click.option("--reason", default="digest upgraded", show_default=True)
@with_appcontext
def audit_reseal(process_ids: tuple[int, ...], reason: str) -> None:
    """Recompute the digests of the given chains (all, by default) and record it in each.

    For upgrades that change the digest. Verify the chains before: re-sealing
    vouches for whatever they hold.
    """
    from engine.services.audit import chains, reseal

    session = _session()
    targets: list[int | None] = list(process_ids) if process_ids else chains(session)
    for process_id in targets:
        count = reseal(session, process_id, None, reason=reason)
        label = "site" if process_id is None else f"process {process_id}"
        click.echo(f"{label}: {count} event(s) re-sealed")
    session.commit()


@click.group("mail")
def mail_group() -> None:
    """Outgoing mail (the outbox)."""


@mail_group.command("send")
@click.option("--loop", is_flag=True, help="Keep sending as messages fall due (Ctrl+C stops).")
@click.option("--interval", default=10.0, show_default=True, type=click.FloatRange(min=0.1),
              help="Seconds between passes with --loop.")
@click.option("--limit", default=None, type=click.IntRange(min=1),
              help="Send at most this many messages per pass.")
@with_appcontext
def mail_send(loop: bool, interval: float, limit: int | None) -> None:
    """Deliver the messages that are due, print how many were sent."""
    import time

    from engine.mailer import transport_for
    from engine.services.outbox import deliver_due, note_server_down
    from webapp.mail import mail_settings

    sessions = current_app.extensions["policycycle.sessions"]
    while True:
        settings = mail_settings()
        report = deliver_due(sessions, transport_for(settings), sender=settings.default_sender,
                             limit=limit)
        for line in report.errors:
            click.echo(f"failed: {line}", err=True)
        if report.server_down:
            note_server_down(sessions, report.server_down)
            click.echo(f"mail server unreachable, messages stay queued: {report.server_down}",
                       err=True)
        if not loop or report.sent or report.failed:
            click.echo(f"{report.sent} message(s) sent"
                       + (f", {report.failed} failed (will retry)" if report.failed else ""))
        if not loop:
            if report.server_down:
                sys.exit(2)
            return
        try:
            time.sleep(interval)
        except KeyboardInterrupt:
            return


@mail_group.command("digest")
@click.option("--day", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="The day the digests are for (default: today, UTC).")
@with_appcontext
def mail_digest(day) -> None:  # noqa: ANN001
    """Note the deadlines and monitoring flags of the day, then queue one digest per person who
    chose a daily one.

    Run it once a day (then `mail send`); a second run the same day queues nothing new.
    """
    from engine.db import utcnow
    from engine.services import notifications
    from engine.services.monitoring import alerts

    session = _session()
    today = day.date() if day else utcnow().date()
    noted = notifications.deadlines(session, today) + alerts.notify_flags(session, today)
    queued = notifications.send_digests(session, today)
    session.commit()
    click.echo(f"{noted} deadline notification(s), {queued} digest(s) queued")


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
    app = current_app._get_current_object()
    from webapp.mail import DEFAULT_SITE_URL

    if app.config.get("SITE_URL") in (None, "", DEFAULT_SITE_URL):
        app.config["SITE_URL"] = f"http://{host}:{port}"  # links in mails point here
    # The demo sends its own mail: with no MAIL_SERVER, .eml files listed on /admin/mail.
    import threading

    from webapp.mail import deliver_forever

    threading.Thread(target=deliver_forever, args=(app,), daemon=True,
                     name="demo-mail").start()
    click.echo("Mail is delivered every few seconds"
               + (f" through {app.config['MAIL_SERVER']}" if app.config.get("MAIL_SERVER")
                  else " as .eml files (see /admin/mail)") + ".")
    click.echo(f"\nServing on http://{host}:{port}  (Ctrl+C to stop)")
    # Flask refuses app.run() inside a CLI command; serve with Werkzeug directly.
    from werkzeug.serving import run_simple

    run_simple(host, port, app, threaded=True, use_reloader=False, use_debugger=False)


if __name__ == "__main__":
    main()
