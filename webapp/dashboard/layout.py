"""What every page's layout needs: assets, shared labels and links.

Registered app-wide from this blueprint so that templates of every blueprint
(the document pages too) can use them.
"""

from __future__ import annotations

from typing import Any

from flask import request, url_for
from flask_babel import lazy_gettext as _l
from werkzeug.routing import BuildError

from webapp.assets import static_url
from webapp.dashboard import bp
from webapp.formats import user_today

# How each stage status reads (stage_views' vocabulary).
STAGE_STATUSES: dict[str, Any] = {
    "done": _l("Done"),
    "current": _l("Current stage"),
    "blocked": _l("Current stage, gate not met"),
    "upcoming": _l("Not started"),
    "suspended": _l("Suspended"),
    "sent_back": _l("Sent back, to be revisited"),
}

# Families of audit events, as the history filter names them.
EVENT_FAMILIES: dict[str, Any] = {
    "process": _l("Process"),
    "transition": _l("Stage transitions"),
    "stage": _l("Stage planning"),
    "member": _l("Core group"),
    "signoff": _l("Sign-offs"),
    "consultation": _l("Consultations"),
    "input": _l("Consultation inputs"),
    "deliverable": _l("Deliverables"),
    "section": _l("Document"),
    "comment": _l("Comments"),
    "analysis": _l("Analysis"),
}


def asset(filename: str) -> str:
    """A static file's URL with a content fingerprint, so browsers may cache it for long."""
    return static_url(filename)


def document_url(process_id: int) -> str:
    """The document outline of a process (built by the document blueprint)."""
    try:
        return url_for("document.outline", process_id=process_id)
    except BuildError:
        return f"{request.script_root}/processes/{process_id}/document"


# Gate checks name the workspace page where a gap is closed, as a path below the
# process ("members", "document", "analysis/inventory"...).
FIX_PAGES: dict[str, Any] = {
    "members": _l("Core group"),
    "deliverables": _l("Deliverables"),
    "consultations": _l("Consultations"),
    "meetings": _l("Meetings"),
    "document": _l("Document"),
    "steering": _l("Steering group"),
    "monitoring": _l("Monitoring"),
}


def fix_url(process_id: int, fix: str | None) -> str | None:
    """Where a failing gate check is fixed, or None when the check names no page."""
    if not fix:
        return None
    endpoints = {"members": "workspace.members", "deliverables": "workspace.deliverables",
                 "consultations": "workspace.consultations", "meetings": "workspace.meetings",
                 "document": "document.outline"}
    if fix in endpoints:
        try:
            return url_for(endpoints[fix], process_id=process_id)
        except BuildError:
            pass
    path = "/".join(part for part in fix.split("/") if part and part not in (".", ".."))
    return f"{request.script_root}/processes/{process_id}/{path}"


def fix_name(fix: str | None) -> str:
    if not fix:
        return ""
    return str(FIX_PAGES.get(fix) or fix.rsplit("/", 1)[-1].replace("_", " ").capitalize())


def optional_url(endpoint: str, **values: Any) -> str | None:
    """The URL of an endpoint another blueprint may or may not provide."""
    try:
        return url_for(endpoint, **values)
    except BuildError:
        return None


def section_url(section_id: int) -> str:
    try:
        return url_for("document.section", section_id=section_id)
    except BuildError:
        return f"{request.script_root}/sections/{section_id}"


@bp.record_once
def _register_globals(state: Any) -> None:
    # Globals, not context: macros imported without context can use them too.
    state.app.jinja_env.globals.update(
        asset=asset,
        document_url=document_url,
        section_url=section_url,
        fix_url=fix_url,
        fix_name=fix_name,
        optional_url=optional_url,
        STAGE_STATUSES=STAGE_STATUSES,
        EVENT_FAMILIES=EVENT_FAMILIES,
    )


@bp.app_context_processor
def layout_context() -> dict[str, Any]:
    return {"today": user_today()}
