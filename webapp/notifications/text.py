"""What a notification says and where it leads, in the reader's language.

The engine stores a kind and parameters; this is the one place that writes
them as sentences (on the inbox page, in the API and in the mails, which are
rendered in the recipient's language).
"""

from __future__ import annotations

from typing import Any

from flask import current_app, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.routing import BuildError

from engine.i18n import LocalizedText
from engine.vocabulary import ROLES
from webapp.mail import DEFAULT_SITE_URL
from webapp.notifications import bp


def _title(value: Any) -> str:
    if isinstance(value, dict) and value.get("en"):
        return LocalizedText.of(value).get(get_locale())
    return str(value or "")


def describe(notification: Any) -> str:
    """The notification as one sentence in the current language."""
    p = dict(notification.params or {})
    values = {"actor": p.get("actor") or _("Someone"), "process": p.get("process") or "",
              "section": p.get("section") or "", "deliverable": p.get("deliverable") or "",
              "due_on": p.get("due_on") or ""}
    kind = notification.kind
    if kind == "comment_reply":
        return _("%(actor)s replied to your comment on “%(section)s” (%(process)s).", **values)
    if kind == "mention":
        return _("%(actor)s mentioned you in a comment on “%(section)s” (%(process)s).", **values)
    if kind == "suggestion":
        return _("%(actor)s suggested a change to “%(section)s”, a section you draft "
                 "(%(process)s).", **values)
    if kind == "suggestion_decided":
        if p.get("accepted"):
            return _("%(actor)s accepted your suggestion on “%(section)s” (%(process)s).",
                     **values)
        return _("%(actor)s declined your suggestion on “%(section)s” (%(process)s).", **values)
    if kind == "deliverable_returned":
        return _("%(actor)s returned your deliverable “%(deliverable)s” (%(process)s).", **values)
    if kind == "deliverable_accepted":
        return _("%(actor)s accepted your deliverable “%(deliverable)s” (%(process)s).", **values)
    if kind == "transition":
        return _("%(actor)s moved %(process)s to the stage “%(stage)s”.",
                 stage=_title(p.get("dest_title")) or p.get("dest") or "", **values)
    if kind == "gate_met":
        return _("The gate of the stage “%(stage)s” is now met (%(process)s).",
                 stage=_title(p.get("stage_title")) or p.get("stage") or "", **values)
    if kind == "invitation_accepted":
        role = ROLES.get(p.get("role") or "", "")
        return _("%(actor)s accepted the invitation and joined %(process)s as %(role)s for "
                 "%(institution)s.", role=_(role).lower() if role else "",
                 institution=p.get("institution") or "", **values)
    if kind == "deadline_soon":
        return _("The deliverable “%(deliverable)s” is due on %(due_on)s (%(process)s).", **values)
    if kind == "deadline_missed":
        return _("The deliverable “%(deliverable)s” was due on %(due_on)s and is late "
                 "(%(process)s).", **values)
    if kind == "stage_deadline_soon":
        return _("The stage “%(stage)s” should be done by %(due_on)s (%(process)s).",
                 stage=_title(p.get("stage_title")) or p.get("stage") or "", **values)
    if kind == "stage_deadline_missed":
        return _("The stage “%(stage)s” should have been done by %(due_on)s (%(process)s).",
                 stage=_title(p.get("stage_title")) or p.get("stage") or "", **values)
    if kind == "monitoring_flag":
        flag, title, period = p.get("flag"), p.get("title") or "", p.get("period") or ""
        if flag == "measure_overdue":
            return _("The measure “%(title)s” is past its end date and not completed "
                     "(%(process)s).", title=title, **values)
        if flag == "period_unreported":
            return _("The reporting period %(period)s is over and not yet reported and "
                     "validated (%(process)s).", period=period or title, **values)
        return _("The indicator “%(title)s” is off its trajectory in %(period)s (%(process)s).",
                 title=title, period=period, **values)
    return _("Something happened in %(process)s.", **values)


def link(notification: Any, absolute: bool = False) -> str | None:
    """The page the notification is about, if there is one (``absolute``: for a mail)."""
    path = _path(notification)
    if path is None or not absolute:
        return path
    base = str(current_app.config.get("SITE_URL") or DEFAULT_SITE_URL).rstrip("/")
    return base + path


def _path(notification: Any) -> str | None:
    p = notification.params or {}
    try:
        if p.get("section_id"):
            return url_for("document.section", section_id=p["section_id"],
                           _anchor=f"comment-{p['comment_id']}" if p.get("comment_id") else None)
        if notification.kind == "monitoring_flag" and notification.process_id:
            return url_for("monitoring.page", process_id=notification.process_id)
        if p.get("deliverable_id") and notification.process_id:
            return url_for("workspace.deliverables", process_id=notification.process_id)
        if notification.process_id:
            return url_for("workspace.overview", process_id=notification.process_id)
    except BuildError:
        return None
    return None


@bp.record_once
def _register(state: Any) -> None:
    state.app.jinja_env.globals.update(notification_text=describe, notification_link=link)
