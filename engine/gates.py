"""Gate conditions evaluated into the checklist a lead reads before moving a stage on.

Each condition kind of ``engine.workflows.condition_kinds`` has exactly one
evaluator here, registered with ``@evaluator("kind")``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from engine.catalog import definition_of
from engine.i18n import Items, LocalizedText, Message, msg, nmsg, to_data
from engine.models import (
    Comment,
    Consultation,
    ConsultationInput,
    Deliverable,
    Institution,
    Meeting,
    Process,
    Section,
    SignOff,
)
from engine.services import assessments
from engine.services.analysis import actions, instruments, inventory, objectives, options
from engine.services.analysis.common import reading
from engine.services.monitoring import overview as monitoring
from engine.text.excerpt import excerpt
from engine.vocabulary import (
    ASSESSMENT_CRITERIA,
    CONSULTATION_METHODS,
    COVERAGE_DIMENSIONS,
    DELIVERABLE_KINDS,
    STAKEHOLDER_GROUPS,
)
from engine.workflows import Condition, StageDef, WorkflowDefinition


@dataclass(frozen=True)
class Check:
    """One line of the checklist: ``message`` in English, ``msg`` to render in any language."""

    key: str
    ok: bool
    message: str
    kind: str
    fix: str | None = None  # the workspace page where the gap is closed
    msg: Message | None = field(default=None, compare=False)

    def as_dict(self) -> dict[str, Any]:
        """The line as data; ``message_key`` and ``params`` let a reader translate it."""
        data: dict[str, Any] = {"key": self.key, "ok": self.ok, "message": self.message,
                                "kind": self.kind, "fix": self.fix}
        if self.msg is not None:
            data.update(message_data(self.msg))
        return data


def message_data(message: Message) -> dict[str, Any]:
    """``message_key``, ``params`` (and the plural form) of a message, JSON-able."""
    stored = to_data(message)
    data = {"message_key": stored["msgid"], "params": stored["params"]}
    if "plural" in stored:
        data["message_plural"], data["count"] = stored["plural"], stored["count"]
    return data


@dataclass
class GateContext:
    session: Session
    process: Process
    definition: WorkflowDefinition
    stage: StageDef
    today: date
    _monitoring: Any = field(default=None, repr=False)

    @property
    def entry(self) -> int:
        record = self.process.stage_record(self.stage.key)
        return record.entries if record is not None else 0

    def core_memberships(self) -> list:
        return [m for m in self.process.active_memberships if m.role in ("lead", "core")]

    def monitoring(self) -> Any:
        """The process's monitoring view, read once for all the conditions that need it."""
        if self._monitoring is None:
            self._monitoring = monitoring.read(self.session, self.process, today=self.today)
        return self._monitoring


Evaluator = Callable[[GateContext, Condition], Check]
EVALUATORS: dict[str, Evaluator] = {}


def evaluator(kind: str) -> Callable[[Evaluator], Evaluator]:
    def register(func: Evaluator) -> Evaluator:
        EVALUATORS[kind] = func
        return func

    return register


def evaluate_gate(
    session: Session, process: Process, stage_key: str | None = None, *, today: date | None = None
) -> list[Check]:
    """The checklist of a stage (default: the current one). Terminal stages have none."""
    definition = definition_of(process)
    key = stage_key or process.state
    if key not in definition.stage_keys:
        return []
    context = GateContext(session, process, definition, definition.stage(key), today or date.today())
    # Several conditions read the same objectives and options: once per evaluation.
    with reading(session):
        return [EVALUATORS[c.kind](context, c)
                for c in gate_conditions(definition, context.stage)]


#: The condition every gated advance checks, whether or not the stage lists it.
IMPLICIT_BLOCKING = Condition("no_blocking_comments", "no_blocking_comments")


def gate_conditions(definition: WorkflowDefinition, stage: StageDef) -> tuple[Condition, ...]:
    """The conditions a stage's gate checks: its own list, plus "no blocking comments"
    when a gated transition leaves the stage and the list does not have it.

    An open blocking comment holds every gated advance, whatever the workflow says.
    """
    conditions = tuple(stage.gate)
    if any(c.kind == "no_blocking_comments" for c in conditions):
        return conditions
    gated = any(t.gated and stage.key in t.sources for t in definition.transitions)
    return (*conditions, IMPLICIT_BLOCKING) if gated else conditions


def _check(condition: Condition, ok: bool, message: Message, fix: str | None) -> Check:
    return Check(key=condition.key, ok=ok, message=message.english(), kind=condition.kind,
                 fix=fix, msg=message)


def _names(items: list[Any], limit: int = 4) -> Items | Message:
    """The first ``limit`` names, then "and N more"."""
    shown = items[:limit]
    rest = len(items) - len(shown)
    if rest > 0:
        return msg("%(names)s and %(rest)s more", names=Items(shown), rest=rest)
    return Items(shown)


def _labels(keys: list[str] | tuple[str, ...], vocabulary: dict[str, str]) -> list[Any]:
    """Vocabulary labels as messages, so that they are shown in the reader's language."""
    return [msg(vocabulary[k]) if k in vocabulary else k for k in keys]


@evaluator("lead_assigned")
def _lead_assigned(ctx: GateContext, condition: Condition) -> Check:
    lead = ctx.process.lead
    if lead is None:
        return _check(condition, False, msg("No lead assigned: hand the lead to a member."),
                      "members")
    return _check(
        condition, True,
        msg("Lead assigned: %(name)s (%(institution)s).", name=lead.user.name,
            institution=lead.institution.name),
        "members",
    )


@evaluator("min_members")
def _min_members(ctx: GateContext, condition: Condition) -> Check:
    params = ctx.stage.effective_params(condition)
    roles = tuple(params["roles"])
    needed = int(params["min"])
    have = len({m.user_id for m in ctx.process.active_memberships if m.role in roles})
    core = set(roles) <= {"lead", "core"}
    if have >= needed:
        if core:
            line = nmsg("%(count)s core-group member in place (%(needed)s needed).",
                        "%(count)s core-group members in place (%(needed)s needed).",
                        have, needed=needed)
        else:
            line = nmsg("%(count)s member in place (%(needed)s needed).",
                        "%(count)s members in place (%(needed)s needed).", have, needed=needed)
        return _check(condition, True, line, "members")
    if core:
        line = nmsg("%(have)s of %(count)s required core-group members in place; "
                    "add %(more)s more.",
                    "%(have)s of %(count)s required core-group members in place; "
                    "add %(more)s more.", needed, have=have, more=needed - have)
    else:
        line = nmsg("%(have)s of %(count)s required members in place; add %(more)s more.",
                    "%(have)s of %(count)s required members in place; add %(more)s more.",
                    needed, have=have, more=needed - have)
    return _check(condition, False, line, "members")


@evaluator("min_institutions")
def _min_institutions(ctx: GateContext, condition: Condition) -> Check:
    needed = int(ctx.stage.effective_params(condition)["min"])
    have = len({m.institution_id for m in ctx.core_memberships()})
    if have >= needed:
        return _check(
            condition, True,
            nmsg("%(count)s institution represented in the core group.",
                 "%(count)s institutions represented in the core group.", have),
            "members",
        )
    return _check(
        condition,
        False,
        nmsg("%(have)s of %(count)s required institutions represented in the core group; "
             "add members from %(more)s more.",
             "%(have)s of %(count)s required institutions represented in the core group; "
             "add members from %(more)s more.", needed, have=have, more=needed - have),
        "members",
    )


@evaluator("deliverables_accepted")
def _deliverables_accepted(ctx: GateContext, condition: Condition) -> Check:
    kinds = list(ctx.stage.effective_params(condition)["kinds"])
    titles = {d.kind: d.title for d in ctx.stage.deliverables}
    accepted = set(
        ctx.session.scalars(
            select(Deliverable.kind).where(
                Deliverable.process_id == ctx.process.id,
                Deliverable.stage_key == ctx.stage.key,
                Deliverable.status == "accepted",
                Deliverable.kind.in_(kinds),
            )
        )
    )
    missing = [_deliverable_title(titles.get(k), k) for k in kinds if k not in accepted]
    done = len(kinds) - len(missing)
    if not missing:
        return _check(
            condition, True,
            _all_of(len(kinds), msg("The required deliverable is accepted."),
                    nmsg("All %(count)s required deliverable accepted.",
                         "All %(count)s required deliverables accepted.", len(kinds))),
            "deliverables",
        )
    return _check(
        condition,
        False,
        nmsg("%(done)s of %(count)s required deliverable accepted; missing: %(missing)s.",
             "%(done)s of %(count)s required deliverables accepted; missing: %(missing)s.",
             len(kinds), done=done, missing=_names(missing)),
        "deliverables",
    )


def _all_of(total: int, one: Message, several: Message) -> Message:
    """'The X is done' for a single item; 'All N X done' (a plural message) for several.

    The plural message still has a singular form: languages such as Russian
    use it for 21, 31... items.
    """
    return one if total == 1 else several


def _deliverable_title(title: str | None, kind: str) -> Any:
    """The workflow's title of a deliverable; the vocabulary's (translated) when it has none."""
    translated = isinstance(title, LocalizedText) and len(title.translations) > 1
    if not translated and kind in DELIVERABLE_KINDS and title in (None, DELIVERABLE_KINDS[kind]):
        return msg(DELIVERABLE_KINDS[kind])
    return title or kind


def _held(ctx: GateContext) -> list[Consultation]:
    return list(
        ctx.session.scalars(
            select(Consultation).where(
                Consultation.process_id == ctx.process.id,
                Consultation.stage_key == ctx.stage.key,
                Consultation.held_on.is_not(None),
                Consultation.held_on <= ctx.today,
            )
        )
    )


def _consultation_gap(
    held: list[Consultation], minimum: int, methods: tuple[str, ...], groups: tuple[str, ...]
) -> tuple[int, list[str]]:
    """How many matching consultations were held, and which required groups none reached."""
    matching = [c for c in held if not methods or c.method in methods]
    reached = {g for c in matching for g in (c.groups or [])}
    return len(matching), [g for g in groups if g not in reached]


@evaluator("meetings_held")
def _meetings_held(ctx: GateContext, condition: Condition) -> Check:
    needed = int(ctx.stage.effective_params(condition)["min"])
    held = ctx.session.scalar(
        select(func.count(Meeting.id)).where(
            Meeting.process_id == ctx.process.id,
            Meeting.stage_key == ctx.stage.key,
            Meeting.held_on <= ctx.today,
        )
    ) or 0
    if held >= needed:
        return _check(condition, True,
                      nmsg("%(count)s core-group meeting held in this stage.",
                           "%(count)s core-group meetings held in this stage.", held),
                      "meetings")
    if held == 0:
        return _check(condition, False,
                      nmsg("No core-group meeting held in this stage yet (%(count)s needed).",
                           "No core-group meeting held in this stage yet (%(count)s needed).",
                           needed),
                      "meetings")
    return _check(condition, False,
                  nmsg("%(held)s of %(count)s required core-group meeting held in this stage.",
                       "%(held)s of %(count)s required core-group meetings held in this stage.",
                       needed, held=held),
                  "meetings")


@evaluator("consultations_held")
def _consultations_held(ctx: GateContext, condition: Condition) -> Check:
    held = _held(ctx)
    requirements = ctx.stage.effective_params(condition)["requirements"]
    if not condition.params:
        # No parameters: the stage's own consultation requirements.
        gaps = []
        for requirement in requirements:
            count, missing = _consultation_gap(
                held, requirement.min, requirement.methods, requirement.groups
            )
            if count < requirement.min:
                gaps.append(nmsg("%(title)s (%(held)s of %(count)s held)",
                                 "%(title)s (%(held)s of %(count)s held)", requirement.min,
                                 title=requirement.title, held=count))
            elif missing:
                gaps.append(msg("%(title)s (not yet reached: %(groups)s)",
                                title=requirement.title,
                                groups=Items(_labels(missing, STAKEHOLDER_GROUPS))))
        total = len(ctx.stage.consultations)
        if not gaps:
            return _check(
                condition, True,
                _all_of(total, msg("The required consultation was held."),
                        nmsg("All %(count)s required consultation held.",
                             "All %(count)s required consultations held.", total)),
                "consultations",
            )
        return _check(
            condition,
            False,
            nmsg("%(done)s of %(count)s required consultation held; missing: %(missing)s.",
                 "%(done)s of %(count)s required consultations held; missing: %(missing)s.",
                 total, done=total - len(gaps), missing=Items(gaps, style="semicolon")),
            "consultations",
        )
    minimum, methods, groups = requirements[0].min, requirements[0].methods, requirements[0].groups
    count, missing = _consultation_gap(held, minimum, methods, groups)
    kinds = Items(_labels(methods, CONSULTATION_METHODS), style="or", lower=True)
    unreached = Items(_labels(missing, STAKEHOLDER_GROUPS), lower=True)
    short = count < minimum
    if short and missing and methods:
        line = nmsg("%(held)s of %(count)s %(methods)s consultations held; "
                    "groups not yet reached: %(groups)s.",
                    "%(held)s of %(count)s %(methods)s consultations held; "
                    "groups not yet reached: %(groups)s.",
                    minimum, held=count, methods=kinds, groups=unreached)
    elif short and missing:
        line = nmsg("%(held)s of %(count)s consultations held; groups not yet reached: "
                    "%(groups)s.",
                    "%(held)s of %(count)s consultations held; groups not yet reached: "
                    "%(groups)s.", minimum, held=count, groups=unreached)
    elif short and methods:
        line = nmsg("%(held)s of %(count)s %(methods)s consultation held.",
                    "%(held)s of %(count)s %(methods)s consultations held.",
                    minimum, held=count, methods=kinds)
    elif short:
        line = nmsg("%(held)s of %(count)s consultation held.",
                    "%(held)s of %(count)s consultations held.", minimum, held=count)
    elif missing:
        line = msg("Groups not yet reached: %(groups)s.", groups=unreached)
    else:
        reached = Items(_labels(groups, STAKEHOLDER_GROUPS), lower=True)
        if methods and groups:
            line = nmsg("%(count)s %(methods)s consultation held, reaching %(groups)s.",
                        "%(count)s %(methods)s consultations held, reaching %(groups)s.",
                        count, methods=kinds, groups=reached)
        elif methods:
            line = nmsg("%(count)s %(methods)s consultation held.",
                        "%(count)s %(methods)s consultations held.", count, methods=kinds)
        elif groups:
            line = nmsg("%(count)s consultation held, reaching %(groups)s.",
                        "%(count)s consultations held, reaching %(groups)s.", count,
                        groups=reached)
        else:
            line = nmsg("%(count)s consultation held.", "%(count)s consultations held.", count)
        return _check(condition, True, line, "consultations")
    return _check(condition, False, line, "consultations")


@evaluator("sections_agreed")
def _sections_agreed(ctx: GateContext, condition: Condition) -> Check:
    keys = list(ctx.stage.effective_params(condition)["sections"])
    sections = {
        s.key: s
        for s in ctx.session.scalars(
            select(Section).where(
                Section.process_id == ctx.process.id,
                Section.key.in_(keys),
                Section.deleted_at.is_(None),
            )
        )
    }
    titles = {s.key: s.title for s, _depth in ctx.stage.all_sections()}
    open_ = [
        (sections[k].title if k in sections else titles.get(k, k))
        for k in keys
        if k not in sections or sections[k].status != "agreed"
    ]
    if not open_:
        return _check(
            condition, True,
            _all_of(len(keys), msg("The section of this stage is agreed."),
                    nmsg("All %(count)s section of this stage agreed.",
                         "All %(count)s sections of this stage agreed.", len(keys))),
            "document",
        )
    return _check(
        condition,
        False,
        nmsg("%(done)s of %(count)s section agreed; still open: %(open)s.",
             "%(done)s of %(count)s sections agreed; still open: %(open)s.",
             len(keys), done=len(keys) - len(open_), open=_names(open_)),
        "document",
    )


@evaluator("no_blocking_comments")
def _no_blocking_comments(ctx: GateContext, condition: Condition) -> Check:
    rows = ctx.session.execute(
        select(Comment, Section.title)
        .join(Section, Section.id == Comment.section_id)
        .where(
            Comment.process_id == ctx.process.id,
            Comment.blocking.is_(True),
            Comment.status == "open",
            Comment.parent_id.is_(None),
            Section.deleted_at.is_(None),
        )
        .order_by(Comment.id)
    ).all()
    if not rows:
        return _check(condition, True, msg("No blocking comments open."), "document")
    described = [
        msg("“%(excerpt)s” on %(section)s by %(author)s (comment #%(id)s)",
            excerpt=excerpt(c.body), section=title, author=c.author.name, id=c.id)
        for c, title in rows
    ]
    return _check(
        condition,
        False,
        nmsg("%(count)s blocking comment open: %(comments)s.",
             "%(count)s blocking comments open: %(comments)s.",
             len(rows), comments=_names(described, 3)),
        "document",
    )


@evaluator("inputs_decided")
def _inputs_decided(ctx: GateContext, condition: Condition) -> Check:
    """Every input of the stage's consultations has a disposition; names the first few."""
    undecided = (
        select(ConsultationInput.id, ConsultationInput.source, ConsultationInput.text)
        .join(Consultation, Consultation.id == ConsultationInput.consultation_id)
        .where(Consultation.process_id == ctx.process.id,
               Consultation.stage_key == ctx.stage.key,
               ConsultationInput.disposition.is_(None))
    )
    shown = ctx.session.execute(undecided.order_by(ConsultationInput.id).limit(3)).all()
    if not shown:
        return _check(condition, True, msg("Every input of this stage's consultations has "
                                           "a decision."), "consultations")
    total = ctx.session.scalar(select(func.count()).select_from(undecided.subquery())) or 0
    described = [msg("“%(excerpt)s” from %(source)s (input #%(id)s)",
                     excerpt=excerpt(text), source=source, id=input_id)
                 for input_id, source, text in shown]
    names: Items | Message = Items(described, style="semicolon")
    if total > len(shown):
        names = msg("%(names)s and %(rest)s more", names=names, rest=total - len(shown))
    return _check(
        condition, False,
        nmsg("%(count)s input still without a decision: %(inputs)s.",
             "%(count)s inputs still without a decision: %(inputs)s.", total, inputs=names),
        "consultations",
    )
@evaluator("assessment_complete")
def _assessment_complete(ctx: GateContext, condition: Condition) -> Check:
    missing = assessments.missing_criteria(ctx.session, ctx.process)
    total = len(ASSESSMENT_CRITERIA)
    if not missing:
        return _check(condition, True,
                      nmsg("All %(count)s criterion assessed.",
                           "All %(count)s criteria assessed.", total), "steering")
    return _check(
        condition, False,
        nmsg("%(done)s of %(count)s criteria assessed; not yet: %(missing)s.",
             "%(done)s of %(count)s criteria assessed; not yet: %(missing)s.", total,
             done=total - len(missing),
             missing=Items(_labels(missing, ASSESSMENT_CRITERIA), lower=True)),
        "steering")


def _with_parents(session: Session, institutions: list[Institution]) -> None:
    """Load the chains above the institutions in one query per level (not one per row)."""
    wanted = {i.parent_id for i in institutions if i.parent_id is not None}
    seen: set[int] = set()
    while wanted - seen:
        batch = wanted - seen
        seen |= batch
        wanted |= {i.parent_id for i in session.scalars(
            select(Institution).where(Institution.id.in_(batch))) if i.parent_id is not None}


@evaluator("signoff")
def _signoff(ctx: GateContext, condition: Condition) -> Check:
    params = ctx.stage.effective_params(condition)
    quorum = float(params["quorum"])
    kinds = tuple(params.get("signatory_kinds") or ())
    core = [m.institution for m in ctx.core_memberships()]
    rows = list(ctx.session.scalars(
        select(SignOff).where(
            SignOff.process_id == ctx.process.id,
            SignOff.stage_key == ctx.stage.key,
            SignOff.entry == ctx.entry,
        ).order_by(SignOff.id)
    ))
    _with_parents(ctx.session, core + [r.institution for r in rows])
    # A department signs for its ministry: the core group counts its signatories.
    institutions: dict[int, Institution] = {}
    for institution in core:
        signatory = institution.signatory(kinds)
        institutions.setdefault(signatory.id, signatory)
    if not institutions:
        return _check(condition, False, msg("No core institutions to sign off yet."), "members")
    signed = {r.institution.signatory(kinds).id for r in rows if r.valid}
    lapsed = [r for r in rows if not r.valid and r.institution.signatory(kinds).id not in signed
              and r.institution.signatory(kinds).id in institutions]
    have = len(signed & set(institutions))
    needed = max(1, math.ceil(quorum * len(institutions) - 1e-9))
    waiting: list[Institution] = [i for k, i in institutions.items() if k not in signed]
    total = len(institutions)
    if have >= needed:
        if quorum >= 1:
            line = nmsg("%(have)s of %(count)s signatory institution signed off.",
                        "%(have)s of %(count)s signatory institutions signed off.",
                        total, have=have)
        else:
            line = nmsg("%(have)s of %(count)s signatory institution (%(needed)s needed) "
                        "signed off.",
                        "%(have)s of %(count)s signatory institutions (%(needed)s needed) "
                        "signed off.", total, have=have, needed=needed)
        return _check(condition, True, _lapse_note(line, lapsed), "members")
    names = _names([i.name for i in waiting])
    if quorum >= 1:
        line = nmsg("%(have)s of %(count)s signatory institution signed off; "
                    "waiting for: %(names)s.",
                    "%(have)s of %(count)s signatory institutions signed off; "
                    "waiting for: %(names)s.", total, have=have, names=names)
    else:
        line = nmsg("%(have)s of %(count)s signatory institution (%(needed)s needed) signed "
                    "off; waiting for: %(names)s.",
                    "%(have)s of %(count)s signatory institutions (%(needed)s needed) signed "
                    "off; waiting for: %(names)s.", total, have=have, needed=needed, names=names)
    return _check(condition, False, _lapse_note(line, lapsed), "members")


def _lapse_note(line: Message, lapsed: list[SignOff]) -> Message:
    """The line, then whose sign-off lapsed and which section's edit made it lapse."""
    if not lapsed:
        return line
    described = [
        msg("%(institution)s (signed by %(person)s; “%(section)s” was edited afterwards)",
            institution=r.institution.name, person=r.user.name,
            section=r.lapsed_section_title or "")
        for r in lapsed
    ]
    return msg("%(line)s Sign-off lapsed: %(signoffs)s; sign again on the current text.",
               line=line, signoffs=Items(described, style="semicolon"))


# ------------------------------------------------------------------ structured analysis
# The analysis conditions read the whole process's analysis (whatever stage
# each record was made in): work sent back to an earlier stage keeps counting.


def _every(
    condition: Condition, total: int, gaps: list[Any], fix: str, *, done: Message, short: Message
) -> Check:
    """``done`` when every item qualifies, else ``short`` (which names the ``gaps``)."""
    if not gaps:
        return _check(condition, True, done, fix)
    return _check(condition, False, short, fix)


@evaluator("inventory_covers")
def _inventory_covers(ctx: GateContext, condition: Condition) -> Check:
    dimensions = list(ctx.stage.effective_params(condition).get("dimensions") or COVERAGE_DIMENSIONS)
    sources = inventory.list_sources(ctx.session, ctx.process)
    summary = inventory.coverage_summary(sources, dimensions)

    def words(keys: list[str]) -> Items:
        return Items(_labels(keys, COVERAGE_DIMENSIONS), lower=True)

    fix = "analysis/inventory"
    if summary.uncovered:
        covered = len(dimensions) - len(summary.uncovered)
        return _check(
            condition,
            False,
            nmsg("%(covered)s of %(count)s dimensions covered by the inventory; "
                 "no source covers: %(missing)s.",
                 "%(covered)s of %(count)s dimensions covered by the inventory; "
                 "no source covers: %(missing)s.",
                 len(dimensions), covered=covered, missing=words(summary.uncovered)),
            fix,
        )
    sources_phrase = nmsg("the %(count)s source of the inventory",
                          "the %(count)s sources of the inventory", len(sources))
    if summary.partly:
        partly = words(summary.partly)
        line = _all_of(
            len(dimensions),
            msg("The dimension covered by %(sources)s (only under conditions: %(partly)s).",
                sources=sources_phrase, partly=partly),
            nmsg("All %(count)s dimension covered by %(sources)s "
                 "(only under conditions: %(partly)s).",
                 "All %(count)s dimensions covered by %(sources)s "
                 "(only under conditions: %(partly)s).",
                 len(dimensions), sources=sources_phrase, partly=partly),
        )
    else:
        line = _all_of(
            len(dimensions),
            msg("The dimension covered by %(sources)s.", sources=sources_phrase),
            nmsg("All %(count)s dimension covered by %(sources)s.",
                 "All %(count)s dimensions covered by %(sources)s.",
                 len(dimensions), sources=sources_phrase),
        )
    return _check(condition, True, line, fix)


@evaluator("indicators_have_baselines")
def _indicators_have_baselines(ctx: GateContext, condition: Condition) -> Check:

    specific = objectives.specific_objectives(ctx.session, ctx.process)
    fix = "analysis/objectives"
    if not specific:
        return _check(
            condition,
            False,
            msg("No specific objectives yet: add them under the general objectives, each with an "
                "indicator and its baseline."),
            fix,
        )
    missing = [excerpt(o.title) for o in specific if not any(i.has_baseline for i in o.indicators)]
    total = len(specific)
    return _every(
        condition, total, missing, fix,
        done=_all_of(total, msg("The specific objective has an indicator with a baseline."),
                     nmsg("All %(count)s specific objective has an indicator with a baseline.",
                          "All %(count)s specific objectives have an indicator with a baseline.",
                          total)),
        short=nmsg("%(done)s of %(count)s specific objectives have an indicator with a baseline; "
                   "missing: %(missing)s.",
                   "%(done)s of %(count)s specific objectives have an indicator with a baseline; "
                   "missing: %(missing)s.",
                   total, done=total - len(missing), missing=_names(missing)),
    )


@evaluator("options_appraised")
def _options_appraised(ctx: GateContext, condition: Condition) -> Check:

    params = ctx.stage.effective_params(condition)
    minimum = int(params["min"])
    level = str(params.get("level", "general"))  # the kind documents "general if omitted"
    rows = [a for a in options.appraisal(ctx.session, ctx.process) if a.objective.level == level]
    fix = "analysis/options"
    general = level == "general"
    if not rows:
        line = (msg("No general objectives yet: define them, then appraise their options.")
                if general else
                msg("No specific objectives yet: define them, then appraise their options."))
        return _check(condition, False, line, fix)
    need = nmsg("at least %(count)s appraised option and a chosen one",
                "at least %(count)s appraised options and a chosen one", minimum)
    gaps: list[Message] = []
    for row in rows:
        count, chosen = row.appraised_count, row.chosen is not None
        if count < minimum or not chosen:
            if chosen:
                gaps.append(nmsg("%(title)s (%(appraised)s of %(count)s appraised)",
                                 "%(title)s (%(appraised)s of %(count)s appraised)", minimum,
                                 title=excerpt(row.objective.title),
                                 appraised=min(count, minimum)))
            else:
                gaps.append(nmsg("%(title)s (%(appraised)s of %(count)s appraised, none chosen)",
                                 "%(title)s (%(appraised)s of %(count)s appraised, none chosen)",
                                 minimum, title=excerpt(row.objective.title),
                                 appraised=min(count, minimum)))
    total, done = len(rows), len(rows) - len(gaps)
    missing = _names(gaps, 3)
    if general:
        return _every(
            condition, total, gaps, fix,
            done=_all_of(total, msg("The general objective has %(need)s.", need=need),
                         nmsg("All %(count)s general objective has %(need)s.",
                              "All %(count)s general objectives have %(need)s.", total,
                              need=need)),
            short=nmsg("%(done)s of %(count)s general objectives have %(need)s; "
                       "missing: %(missing)s.",
                       "%(done)s of %(count)s general objectives have %(need)s; "
                       "missing: %(missing)s.", total, done=done, need=need, missing=missing),
        )
    return _every(
        condition, total, gaps, fix,
        done=_all_of(total, msg("The specific objective has %(need)s.", need=need),
                     nmsg("All %(count)s specific objective has %(need)s.",
                          "All %(count)s specific objectives have %(need)s.", total,
                          need=need)),
        short=nmsg("%(done)s of %(count)s specific objectives have %(need)s; "
                   "missing: %(missing)s.",
                   "%(done)s of %(count)s specific objectives have %(need)s; "
                   "missing: %(missing)s.", total, done=done, need=need, missing=missing),
    )


@evaluator("instruments_have_lead")
def _instruments_have_lead(ctx: GateContext, condition: Condition) -> Check:

    found = instruments.list_instruments(ctx.session, ctx.process)
    fix = "analysis/instruments"
    if not found:
        return _check(
            condition,
            False,
            msg("No instruments yet: list the instruments that carry out the chosen options."),
            fix,
        )
    missing = [excerpt(i.title) for i in found if i.lead_institution_id is None]
    total = len(found)
    return _every(
        condition, total, missing, fix,
        done=_all_of(total, msg("The instrument has a lead institution."),
                     nmsg("All %(count)s instrument has a lead institution.",
                          "All %(count)s instruments have a lead institution.", total)),
        short=nmsg("%(done)s of %(count)s instruments have a lead institution; "
                   "missing: %(missing)s.",
                   "%(done)s of %(count)s instruments have a lead institution; "
                   "missing: %(missing)s.",
                   total, done=total - len(missing), missing=_names(missing)),
    )


@evaluator("actions_complete")
def _actions_complete(ctx: GateContext, condition: Condition) -> Check:

    measures = actions.list_measures(ctx.session, ctx.process)
    fix = "analysis/actions"
    if not measures:
        return _check(
            condition,
            False,
            msg("No measures in the action plan yet: add them with a responsible institution, "
                "an indicator, start and end dates and a budget."),
            fix,
        )
    gaps: list[Message] = []
    for measure in measures:
        lacks = _measure_lacks(measure)
        if lacks:
            gaps.append(msg("%(title)s (%(lacks)s)", title=excerpt(measure.title),
                            lacks=Items(lacks)))
    total = len(measures)
    return _every(
        condition, total, gaps, fix,
        done=_all_of(total, msg("The measure is complete: a responsible institution, an "
                                "indicator, start and end dates and a budget (or no cost)."),
                     nmsg("All %(count)s measure is complete: a responsible institution, an "
                          "indicator, start and end dates and a budget (or no cost).",
                          "All %(count)s measures are complete: a responsible institution, an "
                          "indicator, start and end dates and a budget (or no cost).", total)),
        short=nmsg("%(done)s of %(count)s measures are complete; missing: %(missing)s.",
                   "%(done)s of %(count)s measures are complete; missing: %(missing)s.",
                   total, done=total - len(gaps), missing=_names(gaps, 3)),
    )


def _measure_lacks(measure: Any) -> list[Message]:
    """What a line of the action plan still lacks, in the order of the plan's columns."""
    lacks = []
    if measure.responsible_id is None:
        lacks.append(msg("no responsible institution"))
    if not measure.has_indicator:
        lacks.append(msg("no indicator"))
    if measure.start_on is None:
        lacks.append(msg("no start date"))
    if measure.end_on is None:
        lacks.append(msg("no end date"))
    if measure.budget is None and not measure.no_cost:
        lacks.append(msg("no budget (or “no cost”)"))
    return lacks


@evaluator("periods_reported")
def _periods_reported(ctx: GateContext, condition: Condition) -> Check:

    view = ctx.monitoring()
    fix = "monitoring"
    if not view.periods:
        return _check(condition, False,
                      msg("No reporting calendar yet: give the measures of the action plan "
                          "their dates."), fix)
    past = [s for s in view.periods if s.period.is_past(ctx.today)]
    if not past:
        return _check(condition, True, msg("No reporting period has ended yet."), fix)
    gaps = [s.period.key for s in past if not s.validated]
    total = len(past)
    return _every(
        condition, total, gaps, fix,
        done=nmsg("The %(count)s past reporting period is reported and validated.",
                  "All %(count)s past reporting periods are reported and validated.", total),
        short=nmsg("%(done)s of %(count)s past period reported and validated; still open: "
                   "%(missing)s.",
                   "%(done)s of %(count)s past periods reported and validated; still open: "
                   "%(missing)s.",
                   total, done=total - len(gaps), missing=_names(gaps)),
    )


@evaluator("final_report_accepted")
def _final_report_accepted(ctx: GateContext, condition: Condition) -> Check:

    view = ctx.monitoring()
    fix = "monitoring"
    if not view.periods:
        return _check(condition, False,
                      msg("No reporting calendar yet: give the measures of the action plan "
                          "their dates."), fix)
    final = view.periods[-1]
    if final.report_status == "accepted":
        return _check(condition, True,
                      msg("The final monitoring report (%(period)s) is accepted.",
                          period=final.period.key), fix)
    return _check(condition, False,
                  msg("The final monitoring report (%(period)s) is not accepted yet.",
                      period=final.period.key), fix)
