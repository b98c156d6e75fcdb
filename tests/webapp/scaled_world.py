"""A process filled through the services, at a chosen scale, for the query-count tests.

``build_scaled(session, catalog, lead, scale)`` starts a process led by ``lead`` and
gives it, for each unit of ``scale``: members, sections with revisions and comments,
a consultation with inputs, deliverables, and every kind of analysis record
(objectives with indicators, scored options, instruments, measures, risks, data
sources, SWOT items, analysis comments). The test compares the statements a page
costs on ``scale=1`` and ``scale=10``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy.orm import Session

from engine.catalog import Catalog
from engine.models import ConsultationInput, Institution, Process, User
from engine.services import adoption, evaluations, public_consultations
from engine.services import consultations as consultation_service
from engine.services import deliverables as deliverable_service
from engine.services import institutions as institution_service
from engine.services import members as member_service
from engine.services import users as user_service
from engine.services.analysis import (
    actions,
    criteria,
    instruments,
    inventory,
    objectives,
    options,
    problem,
    risks,
)
from engine.services.analysis import comments as analysis_comments
from engine.services.document import comments as comment_service
from engine.services.document import sections as section_service
from engine.services.monitoring import progress as monitoring
from engine.services.processes import start_process


@dataclass
class Scaled:
    """Ids of one object of each kind a route needs (path parameters)."""

    process: Process
    ids: dict[str, int] = field(default_factory=dict)


_counter = iter(range(1, 1_000_000))


def new_user(session: Session, name: str, password_hash: str | None = None) -> User:
    n = next(_counter)
    user = user_service.create_user(session, None, email=f"scaled{n}@example.org",
                                    name=f"{name} {n}")
    if password_hash:
        user.password_hash = password_hash
    return user


def new_institution(session: Session, name: str) -> Institution:
    return institution_service.create_institution(
        session, None, name=f"{name} {next(_counter)}", kind="ministry", country="Ruritania")


def build_scaled(session: Session, catalog: Catalog, lead: User, scale: int) -> Scaled:
    """A process of ``lead``'s with ``scale`` units of every kind of record."""
    home = new_institution(session, "Ministry of Home Affairs")
    lead.may_start_processes = True
    process = start_process(session, lead, catalog, title=f"Policy at scale {scale}",
                            workflow="national-policy", country="Ruritania",
                            requesting_institution_id=home.id)
    made = Scaled(process)
    ids = made.ids
    stage = process.state
    yesterday = (date.today() - timedelta(days=1)).isoformat()

    people = []
    for _ in range(3 * scale):
        person = new_user(session, "Member")
        place = new_institution(session, "Office")
        member_service.add_member(session, lead, process, email=person.email,
                                  institution_id=place.id, role="core")
        people.append((person, place))

    first_section = None
    for n in range(3 * scale):
        section = section_service.create_section(session, lead, process, title=f"Part {n}")
        first_section = first_section or section
        for revision in range(2):
            section_service.save_body(
                session, lead, section, base_revision=revision,
                body=f"Paragraph {n}, version {revision}.\n\nAnother paragraph.\n")
        for k in range(2):
            author = people[k % len(people)][0]
            comment = comment_service.add_comment(
                session, author, section, body=f"Comment {k} on part {n}",
                quote="Another paragraph", blocking=k == 0)
            comment_service.reply(session, lead, comment, body="Thanks.")
    assert first_section is not None
    ids["section"] = first_section.id
    ids["number"] = 1
    ids["comment"] = comment.id

    for n in range(scale):
        consultation = consultation_service.create_consultation(
            session, lead, process, stage=stage, method="workshop", title=f"Workshop {n}",
            held_on=yesterday, groups=["civil_society"], summary="Held.")
        for k in range(4):
            item = consultation_service.add_input(session, lead, consultation,
                                                  source=f"Union {k}", text=f"Input {k}.")
        consultation_service.set_disposition(session, lead, item, disposition="accepted",
                                             reason="Taken up.")
        consultation_service.attach_report_file(
            session, lead, consultation, data=f"Report of workshop {n}\n".encode(),
            filename=f"workshop-{n}.txt")
    ids["consultation"] = consultation.id

    # A public consultation that received 3 submissions per unit, accepted and decided
    # two of them, and has closed: its page shows the "you said, we did" table.
    today = date.today()
    public = public_consultations.publish(
        session, lead, process, title=f"Draft at scale {scale}", section_ids=[first_section.id],
        opens_on=today - timedelta(days=10), closes_on=today + timedelta(days=10))
    for n in range(3 * scale):
        submission = public_consultations.submit(
            session, public.slug, today=today, organisation=f"Association {n}",
            group="civil_society", section_id=first_section.id, text=f"Point {n}.")
        assert submission is not None
        if n % 3:
            public_consultations.moderate(session, lead, submission, decision="accept")
            consultation_service.set_disposition(
                session, lead, session.get(ConsultationInput, submission.input_id),
                disposition="accepted", reason="Taken up.")
    public.closes_on = today - timedelta(days=1)
    ids["public_consultation"] = public.id
    ids["slug"] = public.slug  # type: ignore[assignment]

    for n in range(2 * scale):
        owner = people[n % len(people)][0]
        deliverable = deliverable_service.create_deliverable(
            session, lead, process, stage=stage, kind="issues_paper", title=f"Note {n}",
            owner_email=owner.email, due_on=yesterday)
        version = deliverable_service.add_version(
            session, lead, deliverable, data=f"Note {n} of scale {scale}\n".encode(),
            filename=f"note-{n}.txt")
        deliverable_service.decide_version(session, lead, version, decision="return",
                                           note="More detail.")
        deliverable_service.add_version(
            session, lead, deliverable, links=[{"kind": "section", "id": first_section.id}])
    ids["deliverable"] = deliverable.id
    ids["file"] = version.file.id

    from engine.services import meetings

    for n in range(scale):
        meeting = meetings.create_meeting(
            session, lead, process, title=f"Meeting {n}", held_on=yesterday,
            minutes="We met.\n\n- one\n- two",
            attendance=[{"email": person.email, "status": ("present", "excused", "absent")[k % 3]}
                        for k, (person, _place) in enumerate(people)],
            decisions=[{"text": f"Decision {k}"} for k in range(3)],
            action_points=[{"title": f"Action {k}", "owner_email": people[k % len(people)][0].email,
                            "due_on": yesterday} for k in range(3)])
    ids["meeting"] = meeting.id

    crits = [criteria.create_criterion(session, lead, process, scope="options", name=f"C{k}")
             for k in range(2)]
    made_options = []
    made_indicators = []
    for n in range(scale):
        general = objectives.create_objective(session, lead, process, title=f"Goal {n}")
        specific = objectives.create_objective(session, lead, process, title=f"Aim {n}",
                                               parent_id=general.id)
        indicator = objectives.create_indicator(
            session, lead, specific, name=f"Rate {n}", baseline="10", baseline_year=2024,
            target="20", target_year=2030)
        made_indicators.append(indicator)
        pair = [options.create_option(session, lead, process, objective_id=general.id,
                                      title=f"Option {n}.{k}", costs="Some", benefits="Many")
                for k in range(2)]
        criteria.set_scores(session, lead, process, "options", [
            {"option_id": o.id, "criterion_id": c.id, "score": 3} for o in pair for c in crits])
        options.choose_option(session, lead, pair[0], justification="Best")
        made_options.extend(pair)
    ids.update(objective=general.id, specific=specific.id, indicator=indicator.id,
               option=made_options[0].id)

    made_measures = []
    for n in range(scale):
        source = inventory.create_source(
            session, lead, process, source_type="population_register", name=f"Register {n}",
            custodian_id=people[0][1].id, coverage={"immigrant_stock": "+"})
        instrument = instruments.create_instrument(
            session, lead, process, family="regulatory", title=f"Law {n}",
            option_id=made_options[0].id, lead_institution_id=people[0][1].id)
        for k in range(2):
            measure = actions.create_measure(
                session, lead, process, title=f"Measure {n}.{k}", instrument_id=instrument.id,
                responsible_id=people[k % len(people)][1].id, output_indicator="Done",
                indicator_id=indicator.id, budget="1000", start_on="2026-01-01",
                end_on="2027-12-31")
            made_measures.append((measure, people[k % len(people)][0]))
            risk = risks.create_risk(
                session, lead, process, title=f"Risk {n}.{k}", category="elections",
                likelihood=3, impact=4, mitigation="Start early",
                owner_user_id=people[k % len(people)][0].id)
        problem.add_swot_item(session, lead, process, quadrant="threat", text=f"Threat {n}")
        analysis_comments.add_comment(session, lead, process, item_type="risk",
                                      item_id=risk.id, body=f"Which year? {n}")
    ids.update(source=source.id, instrument=instrument.id, measure=measure.id, risk=risk.id)

    # After the decision: the adoption record and evaluations, made in the states that
    # allow them; the process then goes back to where the other pages expect it.
    process.state = "adopted"
    adoption.record_adoption(session, lead, process, body="Parliament", act_type="law",
                             act_reference=f"Law {scale}/2026", adopted_on="2026-05-02")
    process.state = "evaluation"
    criteria_keys = ("relevance", "effectiveness", "impact")
    for n in range(scale):
        evaluation = evaluations.create_evaluation(session, lead, process, kind="mid_term",
                                                   title=f"Review {n}")
        for k, key in enumerate(criteria_keys):
            evaluations.update_criterion(session, lead, evaluation, key,
                                         findings=f"Finding {n}.{k}", rating="satisfactory")
            evaluations.add_evidence(session, lead, evaluation, key, data_source_id=source.id)
            evaluations.add_evidence(session, lead, evaluation, key,
                                     deliverable_id=deliverable.id)
            recommendation = evaluations.add_recommendation(session, lead, evaluation, key,
                                                            text=f"Do {n}.{k}")
            evaluations.decide_recommendation(session, lead, recommendation,
                                              decision="accepted", reason="Agreed.")
    process.state = stage
    ids.update(evaluation=evaluation.id, recommendation=recommendation.id)
    # Implementation monitoring of 2026: the process is put in implementation directly (the
    # gates are walked in tests/engine/test_monitoring.py), every measure reported by a member
    # of its responsible institution, every indicator valued, the period validated.
    process.state = "implementation"
    session.flush()
    for n, (measure, reporter) in enumerate(made_measures):
        monitoring.report_progress(session, reporter, measure, period="2026",
                                   status="delayed" if n % 2 else "on_track", spent="250",
                                   note=f"Report {n}.")
    for indicator in made_indicators:
        monitoring.record_value(session, lead, indicator, period="2026", value="11")
    monitoring.save_narrative(session, lead, process, period="2026", narrative="A fair year.")
    monitoring.validate_period(session, lead, process, period="2026")
    session.flush()
    return made
