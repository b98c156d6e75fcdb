"""Process B: the National Immigration Strategy 2027–2032, at validation.

Every earlier stage was passed through the services with its gate met,
including the checks on the structured analysis: the inventory covers the
four measures of migration, each specific objective has an indicator with a
baseline, each general objective has appraised options and a choice, each
instrument a lead institution, each measure a responsible institution and an
indicator. On
the way the lead changed hands (the first focal point became an ambassador)
and the process was suspended for the general elections. In validation, the
round table with civil society was held, a public hearing is planned, four of
the six core institutions have signed off, and the last two sections are
still being written.
"""

from __future__ import annotations

from typing import Any

from engine.demo import immigration_public
from engine.demo import immigration_strategy_texts as t
from engine.demo.immigration_strategy_texts import SECTIONS
from engine.demo.story import Story
from engine.models import Deliverable, Process
from engine.services.analysis import actions as actions_service
from engine.services.analysis import comments as analysis_comments
from engine.services.analysis import criteria as criteria_service
from engine.services.analysis import instruments as instruments_service
from engine.services.analysis import inventory as inventory_service
from engine.services.analysis import objectives as objectives_service
from engine.services.analysis import options as options_service
from engine.services.analysis import problem as problem_service
from engine.services.analysis import risks as risks_service

TITLE = "National Immigration Strategy 2027–2032"
WORKFLOW = "national-policy"
DAYS_AGO = 430

AGENDA = "agenda_setting"
ANALYSIS = "policy_analysis"
INSTRUMENTS = "policy_instruments"
VALIDATION = "validation"

# Who drafted each section (one person per revision).
AUTHORS: dict[str, list[str]] = {
    "issues": ["core"],
    "drivers": ["core"],
    "public_problem": ["former_lead"],
    "mandate": ["former_lead"],
    "situation_analysis": ["core"],
    "legal_framework": ["justice"],
    "sectoral_policies": ["lead"],
    "swot": ["police"],
    "evidence": ["statistics"],
    "data_sources": ["statistics"],
    "data_gaps": ["statistics"],
    "rationale_vision": ["lead"],
    "objectives": ["core", "lead"],
    "options": ["lead"],
    "instruments": ["lead"],
    "selection_criteria": ["core"],
    "regulatory_instruments": ["justice"],
    "financial_instruments": ["lead"],
    "informational_instruments": ["diaspora_desk"],
    "organisational_instruments": ["core"],
    "action_plan": ["core"],
    "implementation_arrangements": ["lead"],
    "consultation_process": ["core", "diaspora_desk"],
    "endorsement": ["justice"],
}

HEARING_DAY = DAYS_AGO + 12


def _long(day) -> str:
    return f"{day.day} {day:%B %Y}"


def build(story: Story) -> Process:
    """Tell the story of Process B; return the process."""
    s = story
    dates = {
        "mandate_date": _long(s.date(-30)),
        "start": _long(s.date(0)),
        "now": _long(s.date(DAYS_AGO)),
        "employers": _long(s.date(40)),
        "residents_survey": _long(s.date(150)),
        "diaspora_focus": _long(s.date(190)),
        "workshop": _long(s.date(350)),
        "round_table": _long(s.date(405)),
        "hearing": _long(s.date(HEARING_DAY)),
    }
    _agenda_setting(s, dates)
    records = _policy_analysis(s, dates)
    _policy_instruments(s, dates, records)
    _validation(s, dates)
    return s.p


def _draft(s: Story, keys: list[str], first_day: int, dates: dict[str, str], *,
           every: int = 4) -> int:
    """Write the sections' revisions, one every few days; return the next free day."""
    day = first_day
    for key in keys:
        for author, body in zip(AUTHORS[key], SECTIONS[key], strict=True):
            s.day(day, "15:00")
            s.write(author, key, body.format(**dates))
            day += every
    return day


def _agree(s: Story, keys: list[str], review_day: int, agree_day: int, *,
           reviewer: str = "core") -> None:
    s.day(review_day, "09:30")
    for key in keys:
        s.status(reviewer, key, "in_review")
    s.day(agree_day, "16:00")
    for key in keys:
        s.status(s.lead, key, "agreed")


def _deliver(s: Story, item: Deliverable, owner: str, submitted: int, accepted: int) -> None:
    s.day(submitted, "17:00")
    s.move(owner, item, "submitted")
    s.day(accepted, "10:00")
    s.move(s.lead, item, "accepted")


def _agenda_setting(s: Story, dates: dict[str, str]) -> None:
    s.day(0, "10:00")
    s.start("former_lead", title=TITLE, workflow=WORKFLOW, institution="immigration")
    s.join("lead", "home")
    s.join("core", "immigration")
    s.join("police", "police")
    s.join("diaspora_desk", "diaspora_desk")
    s.join("justice", "justice")
    s.join("statistics", "demography")
    s.join("francophone", "diaspora_desk")
    s.day(1, "11:00")
    s.join("expert", "estmark_migration", "expert")
    s.join("observer", "gmp_office", "observer")

    s.day(3, "09:00")
    mandate = s.deliverable(s.lead, stage=AGENDA, kind="mandate", owner="former_lead", due=30)
    issues_paper = s.deliverable(s.lead, stage=AGENDA, kind="issues_paper", owner="core",
                                 due=55)
    stakeholder_map = s.deliverable(s.lead, stage=AGENDA, kind="stakeholder_map", owner="lead",
                                    due=60)
    _draft(s, ["issues", "drivers", "public_problem", "mandate"], 5, dates)
    _deliver(s, mandate, "former_lead", 28, 32)

    s.day(41, "10:00")
    employers = s.consultation(
        "core", stage=AGENDA, method="interest_group_meeting",
        title="Meeting with employers' organisations and trade unions on labour immigration",
        held_on=40, groups=["civil_society", "private_sector", "trade_unions"],
        summary=("Meeting with the Chamber of Commerce, the Employers' Federation, the "
                 "Confederation of Trade Unions and two NGOs on shortages, permits and the "
                 "protection of foreign workers."))
    quota = s.input("core", employers, "Employers' Federation of Veloria",
                    "Replace annual quotas by a list of shortage occupations revised every year.")
    unions = s.input("core", employers, "Confederation of Trade Unions",
                     "Foreign workers must be paid the same wages as Velorians for the same "
                     "work, and inspections must check it.")
    s.day(44, "14:00")
    s.dispose("core", quota, "accepted",
              "A shortage-occupation list is one of the options appraised in policy analysis.")
    s.dispose("core", unions, "accepted",
              "Equal pay becomes a condition of the single permit; the Labour Inspectorate "
              "joins the consultations on instruments.")

    _deliver(s, issues_paper, "core", 53, 56)
    _deliver(s, stakeholder_map, "lead", 58, 62)
    _agree(s, ["issues", "drivers", "public_problem", "mandate"], 66, 72)
    s.day(79, "15:00")
    s.meeting(
        s.lead, stage=AGENDA, title="Core group meeting No. 3", held_on=79,
        place="Immigration Service, conference room",
        agenda="1. Deliverables of agenda setting\n2. Employers' and unions' inputs\n"
               "3. Moving on to policy analysis",
        minutes="The mandate, the issues paper and the map of stakeholders are accepted. "
                "Both inputs of the meeting with employers and trade unions are taken up: "
                "the shortage-occupation list goes to the options appraisal, and equal pay "
                "becomes a condition of the single permit.\n\nThe core group found agenda "
                "setting complete.",
        attendance={"former_lead": "present", "lead": "present", "core": "present",
                    "police": "present", "diaspora_desk": "excused", "justice": "present",
                    "statistics": "present"},
        decisions=["Agenda setting is complete; the lead moves the Strategy to policy "
                   "analysis."],
        actions=[("Ask the Labour Inspectorate to join the consultations on instruments",
                  "core", 95, "done")],
    )
    s.day(80, "11:00")
    s.fire("advance", note="Agenda-setting work complete; agreed at the core group meeting "
                           "No. 3.")


def _policy_analysis(s: Story, dates: dict[str, str]) -> dict[str, Any]:
    s.day(82, "09:30")
    made = {kind: s.deliverable(s.lead, stage=ANALYSIS, kind=kind, owner=owner, due=due)
            for kind, owner, due in [
                ("situation_analysis", "core", 170),
                ("swot", "police", 180),
                ("data_sources_inventory", "statistics", 205),
                ("problem_statement", "justice", 210),
                ("vision", "former_lead", 218),
                ("objectives", "core", 230),
                ("options_appraisal", "former_lead", 240),
            ]}
    _draft(s, ["situation_analysis", "legal_framework", "sectoral_policies", "swot"], 90, dates,
           every=7)
    s.day(112, "10:00")
    records: dict[str, Any] = _swot(s)

    s.day(151, "10:00")
    survey = s.consultation(
        "core", stage=ANALYSIS, method="survey",
        title="Survey of foreign residents on permit procedures",
        held_on=150, groups=["migrants"],
        summary=("Questionnaire in eight languages handed out at the counters of the "
                 "Immigration Department and online for four weeks; 1,930 answers."))
    waiting = s.input("core", survey, "Foreign residents (n=1,930)",
                      "Two answers in three name waiting times and having to visit three "
                      "offices as the main problem.")
    s.day(152, "09:00")
    s.hand_lead_to("lead", "Stefan Horvat is appointed Ambassador to Estmark. The "
                           "Secretary-General designated Daria Kovan as focal point.")
    s.reassign("lead", made["vision"], "lead")
    s.reassign("lead", made["options_appraisal"], "lead")
    s.day(153, "10:30")
    s.leave("former_lead", "Appointed Ambassador to Estmark; the Immigration Department "
                           "remains represented by Joel Marin.")
    s.day(153, "12:00")
    _risk(s, t.TURNOVER_RISK)
    s.day(156, "11:00")
    s.dispose("lead", waiting, "accepted",
              "A single permit issued at one counter became the preferred option (option B).")

    _deliver(s, made["situation_analysis"], "core", 170, 172)
    _deliver(s, made["swot"], "police", 180, 182)

    s.day(191, "10:00")
    focus = s.consultation(
        "diaspora_desk", stage=ANALYSIS, method="focus_group",
        title="Focus group with diaspora associations on return and circular migration",
        held_on=190, groups=["diaspora", "civil_society"],
        summary=("Online focus group with representatives of eight diaspora associations "
                 "in five countries."))
    circular = s.input("diaspora_desk", focus, "Velorian Diaspora Council",
                       "Circular-migration schemes should let Velorians abroad come back for "
                       "seasons without losing their permits abroad.")
    s.day(194, "15:00")
    s.dispose("diaspora_desk", circular, "partly",
              "Depends on the countries of destination; noted for the bilateral agreements. "
              "Return of Velorians is covered by the Migration and Citizenship Policy.")

    _draft(s, ["evidence", "data_sources", "data_gaps"], 196, dates, every=3)
    s.day(202, "16:30")
    records.update(_inventory(s))
    _deliver(s, made["data_sources_inventory"], "statistics", 203, 205)
    _draft(s, ["rationale_vision"], 208, dates)
    s.day(209, "10:00")
    _problem(s, records)
    _deliver(s, made["problem_statement"], "justice", 210, 212)
    _deliver(s, made["vision"], "lead", 216, 218)

    first, second = SECTIONS["objectives"]
    s.day(220, "15:00")
    s.write("core", "objectives", first.format(**dates))
    s.day(220, "16:00")
    records.update(_objectives(s))
    s.day(222, "11:00")
    blocking = s.comment(
        "expert", "objectives",
        "The objectives need indicators with baselines and targets, otherwise nobody can tell "
        "in 2032 whether they were reached. Please add them before agreeing this section.",
        blocking=True)
    s.day(226, "09:40")
    s.write("lead", "objectives", second.format(**dates), note="Indicators, baselines, targets")
    s.day(226, "10:30")
    records.update(_indicators(s, records))
    s.reply("lead", blocking, "Indicators added, with 2024 baselines from the register of "
                              "foreigners and the asylum case system.")
    s.day(227, "08:30")
    s.resolve("expert", blocking)
    _deliver(s, made["objectives"], "core", 230, 232)
    _draft(s, ["options"], 234, dates)
    s.day(235, "10:00")
    records.update(_options(s, records))
    _deliver(s, made["options_appraisal"], "lead", 240, 245)

    keys = ["situation_analysis", "legal_framework", "sectoral_policies", "swot", "evidence",
            "data_sources", "data_gaps", "rationale_vision", "objectives", "options"]
    _agree(s, keys, 248, 252)
    s.day(253, "10:00")
    for key, justification in t.CHOICES.items():
        options_service.choose_option(s.session, s.cast[s.lead], records[key],
                                      justification=justification)
    s.day(255, "11:00")
    s.fire("advance", note="Analysis, objectives and the choice of option B agreed by the core "
                           "group.")
    return records


def _policy_instruments(s: Story, dates: dict[str, str], made: dict[str, Any]) -> None:
    s.day(257, "09:30")
    inventory = s.deliverable(s.lead, stage=INSTRUMENTS, kind="instruments_inventory",
                              owner="core", due=290)
    plan = s.deliverable(s.lead, stage=INSTRUMENTS, kind="action_plan", owner="core", due=360)
    draft = s.deliverable(s.lead, stage=INSTRUMENTS, kind="draft_policy",
                          title="Draft National Immigration Strategy 2027–2032", owner="lead",
                          due=370)
    s.day(258, "11:00")
    elections = _risk(s, t.ELECTIONS_RISK)
    _draft(s, ["instruments", "selection_criteria", "regulatory_instruments",
               "financial_instruments"], 262, dates, every=6)
    s.day(281, "10:00")
    crits = [criteria_service.create_criterion(s.session, s.cast["core"], s.p,
                                               scope="instruments", name=name, weight=weight)
             for name, weight in t.INSTRUMENT_CRITERIA]
    made.update(_instruments(s, made, crits, "regulatory_financial", "justice"))
    s.day(288, "17:00")
    s.move("core", inventory, "submitted")
    s.day(291, "10:00")
    s.move(s.lead, inventory, "accepted")

    s.day(300, "18:00")
    s.fire("suspend", note=f"General elections on {_long(s.date(312))}: work on the Strategy is "
                           "paused until the new Government confirms the mandate.")
    s.day(300, "18:30")
    risks_service.update_risk(s.session, s.cast[s.lead], elections, status="occurred")
    s.day(332, "09:00")
    s.fire("resume", note=f"The new Minister of Home Affairs confirmed the mandate on "
                          f"{_long(s.date(330))}.")
    s.day(332, "09:30")
    risks_service.update_risk(s.session, s.cast[s.lead], elections, status="closed")

    _draft(s, ["informational_instruments", "organisational_instruments", "action_plan",
               "implementation_arrangements"], 334, dates, every=4)
    s.day(347, "10:00")
    made.update(_instruments(s, made, crits, "informational_organisational", "diaspora_desk"))
    s.day(348, "11:00")
    _action_plan(s, made)
    for risk in t.RISKS:
        _risk(s, risk)

    s.day(351, "10:00")
    workshop = s.consultation(
        s.lead, stage=INSTRUMENTS, method="workshop",
        title="Workshop with municipalities and NGOs on integration measures",
        held_on=350, groups=["local_government", "civil_society"],
        summary=("Workshop in Brenna with nine municipalities, the Association of Velorian "
                 "Municipalities and six NGOs on the integration fund and the Migration "
                 "Service Centres."))
    fund = s.input(s.lead, workshop, "Association of Velorian Municipalities",
                   "The integration fund should be allocated by the number of foreign "
                   "residents, not by call for proposals.")
    centres = s.input(s.lead, workshop, "Migrant Support Network Veloria",
                      "NGOs should have a desk in the Migration Service Centres for legal "
                      "counselling.")
    s.day(354, "14:00")
    s.dispose(s.lead, fund, "partly",
              "Half of the fund is allocated by number of foreign residents, half by call "
              "for proposals for new services.", section="financial_instruments")
    s.dispose(s.lead, centres, "accepted",
              "A counselling desk run by NGOs is part of each centre.",
              section="organisational_instruments")

    s.day(358, "17:00")
    s.move("core", plan, "submitted")
    s.day(362, "10:00")
    s.move(s.lead, plan, "accepted")
    s.day(366, "17:00")
    s.move(s.lead, draft, "submitted")
    s.day(369, "10:00")
    s.move(s.lead, draft, "accepted")
    _agree(s, ["instruments", "selection_criteria", "regulatory_instruments",
               "financial_instruments", "informational_instruments",
               "organisational_instruments", "action_plan", "implementation_arrangements"],
           370, 375)
    s.day(378, "11:00")
    s.fire("advance", note="Draft Strategy and action plan accepted; ready for validation.")


def _validation(s: Story, dates: dict[str, str]) -> None:
    s.day(380, "09:30")
    s.deliverable(s.lead, stage=VALIDATION, kind="validation_record", owner="core",
                  due=DAYS_AGO + 20)
    communication = s.deliverable(s.lead, stage=VALIDATION, kind="communication_strategy",
                                  owner="diaspora_desk", due=410)
    public = immigration_public.publish(s)
    accepted = immigration_public.receive_and_moderate(s, public)
    s.day(400, "15:00")
    s.write("core", "consultation_process", SECTIONS["consultation_process"][0].format(**dates))

    immigration_public.decide(s, accepted)
    s.day(406, "10:00")
    round_table = s.consultation(
        "core", stage=VALIDATION, method="round_table",
        title="Round table with civil society on the draft Strategy",
        held_on=405, groups=["civil_society", "academia", "international_organisations"],
        summary=("Round table at the National Library with 34 participants from NGOs, trade "
                 "unions, the Centre for Migration Research and the Global Migration "
                 "Partnership. The draft had been published two weeks before."))
    detention = s.input("core", round_table, "Velorian Refugee Council",
                        "The Strategy should set a maximum period for the detention of "
                        "foreigners awaiting removal.")
    research = s.input("core", round_table, "Centre for Migration Research",
                       "Publish the anonymised data of the register of foreigners for "
                       "research, as the annual statistics report is planned.")
    s.input("core", round_table, "Global Migration Partnership",
            "Add an indicator on the cost of recruitment paid by workers, to follow the "
            "licensing of employment agencies.")
    s.day(409, "17:00")
    s.move("diaspora_desk", communication, "submitted")
    s.day(411, "11:30")
    s.dispose("core", detention, "partly",
              "Maximum periods are set by law; the Foreigners Act will set them (measure 1). "
              "The Strategy now says so.", section="regulatory_instruments")
    s.dispose("statistics", research, "accepted",
              "The annual statistics report will come with an anonymised research file.")
    s.day(412, "10:00")
    s.move(s.lead, communication, "accepted")
    immigration_public.record_round_table(s, round_table)

    s.day(415, "09:00")
    s.consultation(
        "core", stage=VALIDATION, method="public_hearing",
        title="Public hearing on the draft Strategy",
        held_on=HEARING_DAY, groups=["civil_society", "diaspora", "media"],
        summary=("Planned in the Assembly Hall of the Ministry of Home Affairs, streamed "
                 "online so that Velorians abroad can take part; registration open on the "
                 "Ministry's website."))
    # Each ministry signs once, whichever of its departments sits in the core group.
    s.day(416, "10:00")
    s.sign_off("lead", "home")
    s.day(417, "11:30")
    s.sign_off("statistics", "demography")  # the Demography Division signs for the NSO
    # The public hearing is written into the draft: the text both signed has changed, so
    # both sign-offs lapse, and the history says why.
    s.day(418, "14:00")
    s.write("diaspora_desk", "consultation_process",
            SECTIONS["consultation_process"][1].format(**dates), note="Public hearing")
    s.day(419, "09:00")
    s.status("core", "consultation_process", "in_review")
    s.day(420, "12:00")
    s.write("justice", "endorsement", SECTIONS["endorsement"][0].format(**dates))
    s.day(422, "15:20")
    s.sign_off("core", "immigration")  # signs the new text again for Home Affairs
    s.day(423, "10:15")
    s.comment("expert", "consultation_process",
              "Readers of the validation record will look for numbers: say how many inputs "
              "were accepted, partly accepted and rejected at each stage.")


# ------------------------------------------------------------------ structured analysis
# Made on the days the matching sections are drafted, by their authors; the
# data are in immigration_strategy_texts.


def _swot(s: Story) -> dict[str, Any]:
    made = {}
    for quadrant, texts in t.SWOT_ITEMS.items():
        for text in texts:
            made[text] = problem_service.add_swot_item(s.session, s.cast["police"], s.p,
                                                       quadrant=quadrant, text=text)
    return made


def _inventory(s: Story) -> dict[str, Any]:
    made = {}
    for key, kind, name, custodian, coverage, quality, residence, stay, gaps in t.SOURCES:
        made[key] = inventory_service.create_source(
            s.session, s.cast["statistics"], s.p, source_type=kind, name=name,
            custodian_id=s.cast.inst(custodian).id, coverage=coverage, quality=quality,
            residence_definition=residence, length_of_stay=stay, gaps=gaps)
    return made


def _problem(s: Story, made: dict[str, Any]) -> None:
    problem_service.save_problem(s.session, s.cast["justice"], s.p,
                                 problem_statement=t.PROBLEM_STATEMENT, rationale=t.RATIONALE)
    problem_service.save_problem(s.session, s.cast[s.lead], s.p, vision=t.VISION)
    problem_service.add_citation(s.session, s.cast["justice"], s.p, field="problem_statement",
                                 data_source_id=made["foreigners"].id,
                                 note="Permits and waiting times, 2024")
    problem_service.add_citation(s.session, s.cast["statistics"], s.p,
                                 swot_item_id=made["Little data on stays and departures"].id,
                                 data_source_id=made["border"].id)


def _objectives(s: Story) -> dict[str, Any]:
    made: dict[str, Any] = {}
    for key, title, ndp, parent in t.OBJECTIVES:
        made[key] = objectives_service.create_objective(
            s.session, s.cast["core"], s.p, title=title, ndp_reference=ndp,
            parent_id=made[parent].id if parent else None)
    return made


def _indicators(s: Story, made: dict[str, Any]) -> dict[str, Any]:
    found = {}
    for key, objective, given in t.INDICATORS:
        values = dict(given)
        source = values.pop("source", None)
        found[key] = objectives_service.create_indicator(
            s.session, s.cast[s.lead], made[objective],
            data_source_id=made[source].id if source else None, **values)
    return found


def _options(s: Story, made: dict[str, Any]) -> dict[str, Any]:
    crits = [criteria_service.create_criterion(s.session, s.cast[s.lead], s.p, scope="options",
                                               name=name, weight=weight, description=text)
             for name, weight, text in t.OPTION_CRITERIA]
    found = {}
    for key, objective, title, texts, _scores in t.OPTIONS:
        found[key] = options_service.create_option(s.session, s.cast[s.lead], s.p,
                                                   objective_id=made[objective].id,
                                                   title=title, **texts)
    s.day(236, "09:15")
    analysis_comments.add_comment(s.session, s.cast["expert"], s.p, item_type="option",
                                  item_id=found["option_c"].id, body=t.POINTS_COMMENT)
    s.day(237, "16:00")
    criteria_service.set_scores(s.session, s.cast[s.lead], s.p, "options", [
        {"option_id": found[key].id, "criterion_id": c.id, "score": score}
        for key, _o, _t, _x, scores in t.OPTIONS for c, score in zip(crits, scores, strict=True)])
    return found


def _instruments(s: Story, made: dict[str, Any], crits: list[Any], part: str,
                 person: str) -> dict[str, Any]:
    found = {}
    for key, family, title, option, lead, implementers, resources, _scores in t.INSTRUMENTS[part]:
        found[key] = instruments_service.create_instrument(
            s.session, s.cast[person], s.p, family=family, title=title,
            option_id=made[option].id if option else None,
            lead_institution_id=s.cast.inst(lead).id,
            implementing_institution_ids=[s.cast.inst(i).id for i in implementers],
            resources=resources)
    criteria_service.set_scores(s.session, s.cast["core"], s.p, "instruments", [
        {"instrument_id": found[item[0]].id, "criterion_id": c.id, "score": score}
        for item in t.INSTRUMENTS[part] for c, score in zip(crits, item[-1], strict=True)])
    return found


def _action_plan(s: Story, made: dict[str, Any]) -> None:
    for given in t.MEASURES:
        values = dict(given)
        instrument = values.pop("instrument", None)
        indicator = values.pop("indicator", None)
        objective = values.pop("objective", None)
        actions_service.create_measure(
            s.session, s.cast["core"], s.p,
            instrument_id=made[instrument].id if instrument else None,
            objective_id=made[objective].id if objective else None,
            indicator_id=made[indicator].id if indicator else None,
            responsible_id=s.cast.inst(values.pop("responsible")).id,
            partner_ids=[s.cast.inst(p).id for p in values.pop("partners")], **values)


def _risk(s: Story, given: dict[str, Any]) -> Any:
    values = dict(given)
    owner, institution = values.pop("owner"), values.pop("institution")
    return risks_service.create_risk(s.session, s.cast[s.lead], s.p,
                                     owner_user_id=s.cast[owner].id,
                                     owner_institution_id=s.cast.inst(institution).id, **values)
