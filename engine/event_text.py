"""What an audit event says, rebuilt from its kind and data in any language.

The audit log stores each event's kind and data, and an English summary
written at the time. Pages show ``describe(event)``: a ``Message`` built
from the kind and the data, so that a French reader reads French. The stored
summary is only the fallback, for events older than their describer or of
kinds that have none (it is also what the hash chain covers, so it never
changes).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol

from engine.i18n import Items, Message, msg
from engine.vocabulary import (
    ASSESSMENT_CRITERIA,
    CONSULTATION_METHODS,
    DELIVERABLE_STATUSES,
    DISPOSITIONS,
    EVALUATION_CRITERIA,
    EVALUATION_KINDS,
    MEASURE_STATUSES,
    REPORTING_FREQUENCIES,
    ROLES,
    SECTION_STATUSES,
)


class Event(Protocol):
    kind: str
    summary: str
    data: Any
    stage: str | None
    subject_id: int | None


Describer = Callable[[Event, dict[str, Any], Mapping[str, Any]], Message | None]
DESCRIBERS: dict[str, Describer] = {}


def describes(*kinds: str) -> Callable[[Describer], Describer]:
    def register(func: Describer) -> Describer:
        for kind in kinds:
            DESCRIBERS[kind] = func
        return func

    return register


def describe(event: Event, stage_titles: Mapping[str, Any] | None = None) -> Message:
    """The event as a Message; ``stage_titles`` maps stage keys to (localized) titles."""
    describer = DESCRIBERS.get(event.kind)
    if describer is None and event.kind.startswith("transition."):
        describer = _transition
    data = event.data if isinstance(event.data, dict) else {}
    if describer is not None:
        try:
            found = describer(event, data, stage_titles or {})
        except (KeyError, TypeError, AttributeError):
            found = None  # data of an older shape: the stored summary says it
        if found is not None:
            return found
    return Message(event.summary)


def _label(table: Mapping[str, str], key: Any) -> Any:
    """A vocabulary label, lowercased, in the reader's language (the key if unknown)."""
    return Items([msg(table[key])], lower=True) if key in table else key


def _need(data: Mapping[str, Any], *names: str) -> None:
    for name in names:
        if data.get(name) in (None, ""):
            raise KeyError(name)


# ------------------------------------------------------------------ the process


@describes("process.started")
def _started(event: Event, data: dict, titles: Mapping[str, Any]) -> Message:
    _need(data, "title", "workflow_title")
    return msg("Process “%(title)s” started with workflow %(workflow)s (v%(version)s)",
               title=data["title"], workflow=data["workflow_title"], version=data["version"])


def _transition(event: Event, data: dict, titles: Mapping[str, Any]) -> Message:
    source, dest = data["source"], data["dest"]
    names = {
        "source": titles.get(source, source),
        "dest": titles.get(dest) or (msg("suspended") if dest == "suspended" else dest),
    }
    overridden = bool(data.get("override_reason"))
    trigger = data["trigger"]
    if trigger == "advance":
        return (msg("Advance: %(source)s → %(dest)s (gate overridden)", **names) if overridden
                else msg("Advance: %(source)s → %(dest)s", **names))
    if trigger == "send_back":
        return (msg("Send back: %(source)s → %(dest)s (gate overridden)", **names) if overridden
                else msg("Send back: %(source)s → %(dest)s", **names))
    if trigger == "suspend":
        return msg("Suspend: %(source)s → %(dest)s", **names)
    if trigger == "resume":
        return msg("Resume: %(source)s → %(dest)s", **names)
    word = str(trigger).replace("_", " ").capitalize()
    if overridden:
        return msg("%(trigger)s: %(source)s → %(dest)s (gate overridden)", trigger=word, **names)
    return msg("%(trigger)s: %(source)s → %(dest)s", trigger=word, **names)


@describes("stage.target_set")
def _target(event: Event, data: dict, titles: Mapping[str, Any]) -> Message:
    stage = titles.get(event.stage or "", event.stage)
    if data.get("after"):
        return msg("Target date of %(stage)s set to %(date)s", stage=stage, date=data["after"])
    return msg("Target date of %(stage)s removed", stage=stage)


@describes("process.template_set")
def _template(event: Event, data: dict, titles: Mapping[str, Any]) -> Message:
    return msg("House style for the export changed")


# ------------------------------------------------------------------ members


@describes("member.added")
def _member_added(event: Event, data: dict, titles: Mapping[str, Any]) -> Message:
    _need(data, "name")
    return msg("%(name)s joined as %(role)s for %(institution)s", name=data["name"],
               role=_label(ROLES, data["role"]), institution=data["institution"])


@describes("invitation.sent")
def _invitation_sent(event: Event, data: dict, titles: Mapping[str, Any]) -> Message:
    _need(data, "email")
    return msg("%(email)s invited as %(role)s for %(institution)s", email=data["email"],
               role=_label(ROLES, data["role"]), institution=data["institution"])


@describes("invitation.accepted")
def _invitation_accepted(event: Event, data: dict, titles: Mapping[str, Any]) -> Message:
    _need(data, "name")
    return msg("%(name)s accepted the invitation and joined as %(role)s for %(institution)s",
               name=data["name"], role=_label(ROLES, data["role"]),
               institution=data["institution"])


@describes("member.ended")
def _member_ended(event: Event, data: dict, titles: Mapping[str, Any]) -> Message:
    _need(data, "name")
    return msg("%(name)s left the core group (%(institution)s)", name=data["name"],
               institution=data["institution"])


@describes("member.lead_handed_over")
def _lead(event: Event, data: dict, titles: Mapping[str, Any]) -> Message:
    _need(data, "to_name")
    if data.get("from_name"):
        return msg("Lead handed over from %(from)s to %(to)s", **{"from": data["from_name"],
                                                                   "to": data["to_name"]})
    return msg("Lead handed over from nobody to %(to)s", to=data["to_name"])


@describes("signoff.given")
def _signoff(event: Event, data: dict, titles: Mapping[str, Any]) -> Message:
    stage = titles.get(event.stage or "", event.stage)
    if data.get("renewed"):
        return msg("%(institution)s signed off %(stage)s again, on the edited text",
                   institution=data["institution"], stage=stage)
    return msg("%(institution)s signed off %(stage)s", institution=data["institution"],
               stage=stage)


@describes("signoff.lapsed")
def _signoff_lapsed(event: Event, data: dict, titles: Mapping[str, Any]) -> Message:
    return msg("The sign-off of %(institution)s lapsed: “%(section)s” was edited after it",
               institution=data["institution"], section=data["section"])


@describes("assessment.rated")
def _assessment(event: Event, data: dict, titles: Mapping[str, Any]) -> Message:
    return msg("Assessment: %(criterion)s rated %(rating)s of 4",
               criterion=_label(ASSESSMENT_CRITERIA, data["criterion"]),
               rating=data["rating"])


@describes("process.supports")
def _supports(event: Event, data: dict, titles: Mapping[str, Any]) -> Message:
    if data.get("after"):
        return msg("The request now supports %(title)s", title=data["after"])
    return msg("The request no longer supports %(title)s", title=data["before"])


# ------------------------------------------------------------------ the document


@describes("section.created")
def _section_created(event: Event, data: dict, titles: Mapping[str, Any]) -> Message:
    return msg("Section “%(title)s” added", title=data["title"])


@describes("section.deleted")
def _section_deleted(event: Event, data: dict, titles: Mapping[str, Any]) -> Message:
    return msg("Section “%(title)s” deleted", title=data["title"])


@describes("section.restored")
def _section_restored(event: Event, data: dict, titles: Mapping[str, Any]) -> Message:
    return msg("Section “%(title)s” restored", title=data["title"])


@describes("section.updated")
def _section_updated(event: Event, data: dict, titles: Mapping[str, Any]) -> Message:
    return msg("Section “%(title)s” updated", title=data["after"]["title"])


@describes("section.status")
def _section_status(event: Event, data: dict, titles: Mapping[str, Any]) -> Message:
    title = data["after"].get("title") or data.get("title")
    if not title:
        raise KeyError("title")
    before, after = data["before"]["status"], data["after"]["status"]
    states = {"before": _label(SECTION_STATUSES, before), "after": _label(SECTION_STATUSES, after)}
    if data.get("edited_after_agreement"):
        return msg("Section “%(title)s”: %(before)s → %(after)s (edited after agreement)",
                   title=title, **states)
    return msg("Section “%(title)s”: %(before)s → %(after)s", title=title, **states)


@describes("section.saved", "section.suggestion", "section.restore", "section.import")
def _section_saved(event: Event, data: dict, titles: Mapping[str, Any]) -> Message:
    _need(data, "title")
    if data.get("merged"):
        return msg("Section “%(title)s” saved (revision %(revision)s, merged)",
                   title=data["title"], revision=data["revision"])
    return msg("Section “%(title)s” saved (revision %(revision)s)", title=data["title"],
               revision=data["revision"])


@describes("section.team_added")
def _team_added(event: Event, data: dict, titles: Mapping[str, Any]) -> Message:
    _need(data, "name", "title")
    return msg("%(name)s joined the drafting team of “%(title)s”", name=data["name"],
               title=data["title"])


@describes("section.team_removed")
def _team_removed(event: Event, data: dict, titles: Mapping[str, Any]) -> Message:
    _need(data, "name", "title")
    return msg("%(name)s left the drafting team of “%(title)s”", name=data["name"],
               title=data["title"])


@describes("comment.added", "comment.suggested")
def _comment(event: Event, data: dict, titles: Mapping[str, Any]) -> Message:
    section, blocking = data["section"], bool(data.get("blocking"))
    if data.get("suggestion") is not None:
        if blocking:
            return msg("Blocking comment on “%(section)s” with a suggestion", section=section)
        return msg("Comment on “%(section)s” with a suggestion", section=section)
    if blocking:
        return msg("Blocking comment on “%(section)s”", section=section)
    return msg("Comment on “%(section)s”", section=section)


@describes("comment.replied")
def _replied(event: Event, data: dict, titles: Mapping[str, Any]) -> Message:
    return msg("Reply to comment #%(id)s", id=data["to"])


@describes("comment.resolved")
def _resolved(event: Event, data: dict, titles: Mapping[str, Any]) -> Message | None:
    if event.subject_id is None:
        return None
    return msg("Comment #%(id)s resolved", id=event.subject_id)


@describes("comment.reopened")
def _reopened(event: Event, data: dict, titles: Mapping[str, Any]) -> Message | None:
    if event.subject_id is None:
        return None
    return msg("Comment #%(id)s reopened", id=event.subject_id)


@describes("comment.suggestion_accepted")
def _accepted(event: Event, data: dict, titles: Mapping[str, Any]) -> Message | None:
    if event.subject_id is None:
        return None
    if data.get("merged"):
        return msg("Suggestion #%(id)s on “%(section)s” accepted (revision %(revision)s, merged)",
                   id=event.subject_id, section=data["section"], revision=data["revision"])
    return msg("Suggestion #%(id)s on “%(section)s” accepted (revision %(revision)s)",
               id=event.subject_id, section=data["section"], revision=data["revision"])


@describes("comment.suggestion_declined")
def _declined(event: Event, data: dict, titles: Mapping[str, Any]) -> Message | None:
    if event.subject_id is None:
        return None
    _need(data, "section")
    return msg("Suggestion #%(id)s on “%(section)s” declined", id=event.subject_id,
               section=data["section"])


# ------------------------------------------------------------------ deliverables, consultations


@describes("deliverable.created")
def _deliverable_created(event: Event, data: dict, titles: Mapping[str, Any]) -> Message:
    return msg("Deliverable “%(title)s” added", title=data["title"])


@describes("deliverable.status")
def _deliverable_status(event: Event, data: dict, titles: Mapping[str, Any]) -> Message:
    return msg("Deliverable “%(title)s”: %(before)s → %(after)s", title=data["after"]["title"],
               before=_label(DELIVERABLE_STATUSES, data["before"]["status"]),
               after=_label(DELIVERABLE_STATUSES, data["after"]["status"]))


@describes("deliverable.updated")
def _deliverable_updated(event: Event, data: dict, titles: Mapping[str, Any]) -> Message:
    return msg("Deliverable “%(title)s” updated", title=data["after"]["title"])


@describes("consultation.created")
def _consultation_created(event: Event, data: dict, titles: Mapping[str, Any]) -> Message:
    method = data["method"]
    label = msg(CONSULTATION_METHODS[method]) if method in CONSULTATION_METHODS else method
    return msg("Consultation “%(title)s” (%(method)s) recorded", title=data["title"],
               method=label)


@describes("consultation.updated")
def _consultation_updated(event: Event, data: dict, titles: Mapping[str, Any]) -> Message:
    return msg("Consultation “%(title)s” updated", title=data["after"]["title"])


@describes("consultation.report_file_attached")
def _report_file_attached(event: Event, data: dict, titles: Mapping[str, Any]) -> Message:
    return msg("Report file “%(name)s” attached to “%(title)s”", name=data["after"]["name"],
               title=data["consultation"])


@describes("consultation.report_file_replaced")
def _report_file_replaced(event: Event, data: dict, titles: Mapping[str, Any]) -> Message:
    return msg("Report file of “%(title)s” replaced: “%(before)s” → “%(after)s”",
               title=data["consultation"], before=data["before"]["name"],
               after=data["after"]["name"])


@describes("consultation.report_file_removed")
def _report_file_removed(event: Event, data: dict, titles: Mapping[str, Any]) -> Message:
    return msg("Report file “%(name)s” removed from “%(title)s”", name=data["before"]["name"],
               title=data["consultation"])


@describes("input.received")
def _input_received(event: Event, data: dict, titles: Mapping[str, Any]) -> Message:
    _need(data, "consultation")
    return msg("Input from %(source)s recorded for “%(title)s”", source=data["source"],
               title=data["consultation"])


@describes("input.disposed")
def _input_disposed(event: Event, data: dict, titles: Mapping[str, Any]) -> Message:
    _need(data, "source")
    return msg("Input from %(source)s: %(disposition)s", source=data["source"],
               disposition=_label(DISPOSITIONS, data["after"]["disposition"]))


# ------------------------------------------------------------------ after the decision


@describes("adoption.recorded")
def _adoption_recorded(event: Event, data: dict, titles: Mapping[str, Any]) -> Message:
    return msg("Adoption recorded: %(reference)s of %(day)s, by %(body)s",
               reference=data["act_reference"], day=data["adopted_on"], body=data["body"])


def _evaluation_name(title: Any, kind: Any) -> Any:
    """An evaluation's title, or the name of its kind when it has none."""
    return title or (msg(EVALUATION_KINDS[kind]) if kind in EVALUATION_KINDS else kind)


@describes("evaluation.created")
def _evaluation_created(event: Event, data: dict, titles: Mapping[str, Any]) -> Message:
    return msg("Evaluation “%(title)s” opened",
               title=_evaluation_name(data["title"], data["kind"]))


@describes("evaluation.criterion")
def _evaluation_criterion(event: Event, data: dict, titles: Mapping[str, Any]) -> Message:
    return msg("Evaluation “%(title)s”: %(criterion)s updated",
               title=_evaluation_name(data["evaluation"], data.get("kind")),
               criterion=_label(EVALUATION_CRITERIA, data["criterion"]))


@describes("evaluation.evidence")
def _evaluation_evidence(event: Event, data: dict, titles: Mapping[str, Any]) -> Message:
    return msg("Evaluation “%(title)s”: %(criterion)s cites “%(cited)s”",
               title=_evaluation_name(data["evaluation"], data.get("kind")),
               criterion=_label(EVALUATION_CRITERIA, data["criterion"]), cited=data["cited"])


@describes("evaluation.recommendation")
def _evaluation_recommendation(event: Event, data: dict, titles: Mapping[str, Any]) -> Message:
    return msg("Recommendation added to “%(title)s”",
               title=_evaluation_name(data["evaluation"], data.get("kind")))


@describes("evaluation.decided")
def _evaluation_decided(event: Event, data: dict, titles: Mapping[str, Any]) -> Message:
    if data["decision"] == "accepted":
        return msg("Recommendation accepted: %(text)s", text=data["text"][:80])
    return msg("Recommendation rejected: %(text)s", text=data["text"][:80])


@describes("cycle.revision_started")
def _revision_started(event: Event, data: dict, titles: Mapping[str, Any]) -> Message:
    return msg("Revision started: “%(title)s”", title=data["title"])


@describes("cycle.carried_over")
def _carried_over(event: Event, data: dict, titles: Mapping[str, Any]) -> Message:
    return msg("Started as the revision of “%(title)s”, with its recommendations, document "
               "and indicators carried over", title=data["title"])


# ------------------------------------------------------------------ monitoring


@describes("monitoring.progress")
def _progress(event: Event, data: dict, titles: Mapping[str, Any]) -> Message:
    _need(data, "measure", "period", "status")
    return msg("Progress on “%(measure)s” for %(period)s: %(status)s", measure=data["measure"],
               period=data["period"], status=_label(MEASURE_STATUSES, data["status"]))


@describes("monitoring.indicator_value")
def _indicator_value(event: Event, data: dict, titles: Mapping[str, Any]) -> Message:
    _need(data, "indicator", "period")
    return msg("Value of “%(indicator)s” for %(period)s: %(value)s",
               indicator=data["indicator"], period=data["period"], value=f"{data['value']:g}")


@describes("monitoring.narrative")
def _narrative(event: Event, data: dict, titles: Mapping[str, Any]) -> Message:
    _need(data, "period")
    return msg("Narrative of the period %(period)s saved", period=data["period"])


@describes("monitoring.validated")
def _validated(event: Event, data: dict, titles: Mapping[str, Any]) -> Message:
    _need(data, "period")
    return msg("Reporting period %(period)s validated", period=data["period"])


@describes("monitoring.settings")
def _reporting(event: Event, data: dict, titles: Mapping[str, Any]) -> Message:
    _need(data, "frequency")
    return msg("Reporting calendar set: %(frequency)s",
               frequency=_label(REPORTING_FREQUENCIES, data["frequency"]))
