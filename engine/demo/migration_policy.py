"""Process A: the National Migration and Citizenship Policy, part-way through policy analysis.

Agenda setting was completed for real (deliverables accepted, stakeholders
consulted, sections agreed, then ``advance``); policy analysis is under way
with a mix of accepted, submitted, draft and overdue deliverables, three
consultations with pending inputs, sections in drafting and in review, an
open blocking comment and a pending suggestion.

Its structured analysis is well advanced too: the inventory of eight data
sources with their quality, the SWOT with evidence, the problem statement,
objectives with indicators (one still without a baseline), two appraised
options per general objective with the choice made, a first draft of the
instruments and of the action plan, and the risk register.
"""

from __future__ import annotations

from typing import Any

from engine.demo import migration_policy_texts as t
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

TITLE = "National Migration and Citizenship Policy"
WORKFLOW = "national-policy"
#: The story starts this many days before the day the demo is loaded.
DAYS_AGO = 250

AGENDA = "agenda_setting"
ANALYSIS = "policy_analysis"


def _long(day) -> str:
    return f"{day.day} {day:%B %Y}"


def build(story: Story) -> Process:
    """Tell the story of Process A; return the process."""
    dates = {
        "mandate_date": _long(story.date(-21)),
        "mapping_date": _long(story.date(30)),
        "vision_meeting": _long(story.date(DAYS_AGO + 8)),
    }
    _agenda_setting(story, dates)
    _policy_analysis(story, dates)
    return story.p


def _agenda_setting(s: Story, dates: dict[str, str]) -> None:
    s.day(0, "09:30")
    s.start("lead", title=TITLE, workflow=WORKFLOW, institution="home")
    s.day(0, "11:15")
    s.join("core", "immigration")
    s.join("refugee", "refugee")
    s.join("police", "police")
    s.join("diaspora_desk", "diaspora_desk")
    s.join("francophone", "diaspora_desk")
    s.join("justice", "justice")
    s.join("former_law", "law_commission")
    s.join("labour", "tvet")
    s.join("statistics", "demography")
    s.day(2, "14:00")
    s.join("observer", "gmp_office", "observer")
    # The Border Management Agency follows the policy its data request supports.
    s.join("bma", "bma", "observer")

    s.day(3, "09:00")
    s.meeting(
        "lead", stage=AGENDA, title="Constitutive meeting of the core group", held_on=3,
        place="Ministry of Home Affairs, meeting room 2.14",
        agenda="1. Mandate of the process and of the core group\n"
               "2. Work plan of agenda setting\n3. Deliverables and their owners",
        minutes=t.FIRST_MEETING_MINUTES,
        attendance={"lead": "present", "core": "present", "refugee": "present",
                    "police": "present", "diaspora_desk": "present", "justice": "excused",
                    "former_law": "present", "labour": "present", "statistics": "absent"},
        decisions=["The core group meets every four weeks; extra meetings at the lead's call.",
                   "Joel Marin drafts the issues paper; Ana Petrel the first map of "
                   "stakeholders."],
        actions=[("Circulate the draft mandate to the core group", "lead", 10, "done"),
                 ("Send the list of migration data holdings to the secretariat",
                  "statistics", 20, "done")],
    )
    s.day(3)
    mandate = s.deliverable("lead", stage=AGENDA, kind="mandate",
                            title="Mandate and terms of reference of the core group",
                            owner="lead", due=30)
    issues_paper = s.deliverable("lead", stage=AGENDA, kind="issues_paper",
                                 title="Issues paper on migration and citizenship",
                                 owner="core", due=40)
    stakeholder_map = s.deliverable("lead", stage=AGENDA, kind="stakeholder_map",
                                    title="First map of stakeholders", owner="diaspora_desk",
                                    due=50)

    s.day(5, "16:20")
    s.write("core", "issues", t.ISSUES[0].format(**dates))
    s.day(8, "11:05")
    s.write("lead", "mandate", t.MANDATE[0].format(**dates))
    s.day(12, "15:40")
    s.write("core", "drivers", t.DRIVERS[0])
    s.day(14, "10:10")
    s.write("lead", "public_problem", t.PUBLIC_PROBLEM[0])
    s.day(20, "09:50")
    s.write("diaspora_desk", "drivers", t.DRIVERS[1], note="Diaspora figures and remittances")
    s.day(24, "12:00")
    s.join("expert", "estmark_migration", "expert")
    s.day(28, "17:30")
    s.write("lead", "mandate", t.MANDATE[1].format(**dates), note="Core group and time frame")
    s.day(29, "09:00")
    mandate_text = s.link("lead", mandate, ["mandate"],
                          note="The mandate is the section of the document, as agreed.")

    s.day(31, "10:30")
    mapping = s.consultation(
        "diaspora_desk", stage=AGENDA, method="interest_group_meeting",
        title="Stakeholder mapping meeting with civil society and research",
        held_on=30, groups=["civil_society", "diaspora", "academia"],
        summary=(
            "Half-day meeting at the Ministry of Home Affairs with 17 participants from "
            "eleven organisations: NGOs assisting migrants and refugees, the Velorian Diaspora "
            "Council, the Centre for Migration Research and two trade unions. Participants "
            "reviewed the draft stakeholder map and named the organisations missing from it."
        ),
    )
    seasonal = s.input(
        "diaspora_desk", mapping, "Migrant Support Network Veloria",
        "Include migrant workers' own associations, not only the NGOs that serve them. Seasonal "
        "workers in the southern districts have informal associations that nobody consults.")
    council = s.input(
        "diaspora_desk", mapping, "Velorian Diaspora Council",
        "Diaspora associations should sit in the core group, not only be consulted.")
    local = s.input(
        "diaspora_desk", mapping, "Centre for Migration Research, University of Veloria",
        "Map the municipalities as well: integration happens locally, and the eleven "
        "municipalities with the most foreign residents already run services for them.")

    s.day(33, "14:45")
    question = s.comment(
        "expert", "drivers",
        "Is this the ILO definition for ages 15–24? The statistical yearbook publishes the "
        "rate for 15–29, and the two differ by about six points. Readers will compare them.",
        quote="youth unemployment of 24%")
    s.day(34, "09:20")
    s.reply("statistics", question,
            "It is the Labour Force Survey rate for ages 15–24, ILO definition. I will add the "
            "age band and the source in the text.")
    s.day(35, "11:00")
    s.decide("lead", mandate_text, "accept", "Approved by the Minister on the 2nd.")
    s.day(36, "15:10")
    s.write("refugee", "drivers", t.DRIVERS[2], note="Immigration, asylum and citizenship")
    s.day(37, "10:05")
    s.write("statistics", "drivers", t.DRIVERS[2].replace(*t.DRIVERS_FIX),
            note="Age band and source of the unemployment rate")
    s.day(38, "08:50")
    s.resolve("expert", question)
    issues_file = s.upload("core", issues_paper, "Issues paper - migration and citizenship.docx",
                           "Issues paper on migration and citizenship", t.ISSUES_PAPER_FILE,
                           note="For the lead's decision; the figures are from the 2021 census.")
    s.day(40, "16:00")
    s.write("lead", "issues", t.ISSUES[1].format(**dates))
    s.day(42, "11:30")
    s.write("justice", "public_problem", t.PUBLIC_PROBLEM[1].format(**dates),
            note="Link to the Government Programme")

    s.day(44, "10:15")
    s.dispose("lead", seasonal, "accepted",
              "The Association of Seasonal Workers of Brenna and two community associations "
              "were added to the stakeholder map.")
    s.dispose("lead", council, "partly",
              "The mandate keeps the core group to government institutions. The Diaspora "
              "Council will be consulted at every stage and receives every draft.")
    s.dispose("lead", local, "accepted",
              "Local government added to the map; the Association of Velorian Municipalities "
              "will be consulted during policy analysis.")
    s.day(45, "09:40")
    s.decide("lead", issues_file, "accept", "Accepted as the basis of policy analysis.")

    s.day(52, "17:05")
    first_map = s.upload("diaspora_desk", stakeholder_map, "Stakeholder map v1.docx",
                         "First map of stakeholders", t.STAKEHOLDER_MAP_FILE[:-2])
    s.day(55, "10:20")
    s.decide("lead", first_map, "return",
             "Add the seasonal workers' associations and the municipalities, as the mapping "
             "meeting asked.")
    s.day(60, "15:30")
    second_map = s.upload("diaspora_desk", stakeholder_map, "Stakeholder map v2.docx",
                          "First map of stakeholders", t.STAKEHOLDER_MAP_FILE,
                          note="Seasonal workers' associations and municipalities added.")
    s.day(62, "09:10")
    s.decide("lead", second_map, "accept")

    s.day(64, "11:00")
    for key in ("issues", "drivers", "public_problem", "mandate"):
        s.status("core", key, "in_review")
    s.day(78, "16:30")
    for key in ("issues", "drivers", "public_problem", "mandate"):
        s.status("lead", key, "agreed")

    s.day(81, "16:00")
    s.meeting(
        "lead", stage=AGENDA, title="Fourth meeting of the core group", held_on=81,
        place="Ministry of Home Affairs, meeting room 2.14",
        agenda="1. Deliverables of agenda setting\n2. Consultations and their follow-up\n"
               "3. Moving on to policy analysis",
        minutes=t.FOURTH_MEETING_MINUTES,
        attendance={"lead": "present", "core": "present", "refugee": "present",
                    "police": "excused", "diaspora_desk": "present", "justice": "present",
                    "former_law": "present", "labour": "present", "statistics": "present",
                    "francophone": "present"},
        decisions=["Agenda setting is complete: the lead moves the process to policy "
                   "analysis.",
                   "The Association of Velorian Municipalities is invited to the "
                   "consultations of policy analysis."],
        actions=[("Invite the Association of Velorian Municipalities", "diaspora_desk", 95,
                  "done")],
    )
    s.day(82, "10:00")
    s.fire("advance",
           note=f"The core group's fourth meeting ({_long(s.date(81))}) found the work of "
                "agenda setting complete. Minutes MHA/MCP/04.")


def _policy_analysis(s: Story, dates: dict[str, str]) -> None:
    s.day(83, "09:15")
    situation = s.deliverable("lead", stage=ANALYSIS, kind="situation_analysis",
                              owner="core", due=160)
    swot = s.deliverable("lead", stage=ANALYSIS, kind="swot", owner="refugee", due=180)
    inventory = s.deliverable("lead", stage=ANALYSIS, kind="data_sources_inventory",
                              title="Inventory of migration data sources", owner="statistics",
                              due=200)
    problem = s.deliverable("lead", stage=ANALYSIS, kind="problem_statement",
                            owner="justice", due=215)
    s.deliverable("lead", stage=ANALYSIS, kind="vision", title="Vision statement",
                  owner="lead", due=DAYS_AGO + 5)
    s.deliverable("lead", stage=ANALYSIS, kind="objectives", owner="labour", due=DAYS_AGO - 10)
    options = s.deliverable("lead", stage=ANALYSIS, kind="options_appraisal",
                            title="Appraisal of policy options (costs and benefits)",
                            owner="former_law", due=DAYS_AGO + 45)
    questionnaire = s.deliverable("lead", stage=ANALYSIS, kind="questionnaire",
                                  title="Questionnaire of the diaspora survey",
                                  owner="diaspora_desk", due=100)

    s.day(88, "13:00")
    s.join("academic", "cmr", "expert")
    s.day(95, "16:45")
    s.move("diaspora_desk", questionnaire, "submitted")
    s.day(98, "10:30")
    s.move("lead", questionnaire, "accepted")

    s.day(105, "15:00")
    s.write("core", "situation_analysis", t.SITUATION[0])
    s.day(110, "11:20")
    s.write("justice", "legal_framework", t.LEGAL[0])
    s.day(118, "14:10")
    s.write("statistics", "data_sources", t.DATA_SOURCES[0])
    s.write("statistics", "evidence", t.EVIDENCE[0])
    s.day(119, "10:00")
    made = _inventory(s)

    s.day(121, "09:30")
    s.leave("former_law", "Retired from the Law Commission; Ruth Okello takes over as its "
                          "focal point.")
    s.join("law_commission", "law_commission")
    s.reassign("lead", options, "law_commission")
    s.day(122, "09:00")
    _risk(s, "lead", t.TURNOVER_RISK)

    s.day(130, "10:40")
    s.write("refugee", "situation_analysis", t.SITUATION[1], note="Asylum and refugee figures")
    s.day(135, "15:15")
    s.write("refugee", "swot", t.SWOT[0])
    s.day(135, "16:00")
    made.update(_swot(s, "refugee", ("strength", "weakness", "opportunity")))

    s.day(142, "11:00")
    survey = s.consultation(
        "diaspora_desk", stage=ANALYSIS, method="survey",
        title="Diaspora survey: skills, ties and intentions to return",
        held_on=140, groups=["diaspora"],
        summary=(
            "Online questionnaire in Velorian and English, open for six weeks and spread "
            "through 14 embassies and consulates, the Velorian Diaspora Council and social "
            "media. 1,284 complete answers from 31 countries; 58% of respondents are aged "
            "25–44 and 41% hold a university degree. Full results in the annex of the "
            "situation analysis."
        ),
    )
    recognition = s.input(
        "diaspora_desk", survey, "Respondents in Italy and Germany (free-text answers, n=341)",
        "The recognition of qualifications and of years worked abroad is the main obstacle "
        "to return. Many would come back if their diplomas, vocational certificates and "
        "pension rights were recognised.")
    consular = s.input(
        "diaspora_desk", survey, "Respondents in the Gulf states (n=207)",
        "Consulates are far away; registration with the consulate should be possible online, "
        "and it should not be needed to renew it every two years.")
    dual = s.input(
        "diaspora_desk", survey, "Velorian Diaspora Council (written submission)",
        "Allow dual citizenship for Velorians who acquired another citizenship abroad and "
        "lost the Velorian one under the 1994 Act; restore it on simple declaration.")
    s.input(
        "diaspora_desk", survey, "Respondents running a business (n=96)",
        "A diaspora investment fund with matching grants would encourage investment in the "
        "home districts, above all in agriculture and tourism.")

    s.day(146, "09:45")
    s.write("core", "data_sources", t.DATA_SOURCES[1], note="Custodian of each source")
    s.day(150, "14:30")
    s.write("law_commission", "legal_framework", t.LEGAL[1],
            note="Findings of the Law Commission's review")
    s.day(152, "10:00")
    s.write("labour", "sectoral_policies", t.SECTORAL[0])
    s.day(158, "16:10")
    s.write("labour", "sectoral_policies", t.SECTORAL[1],
            note="Recognition of qualifications (diaspora survey)")
    s.dispose("labour", recognition, "accepted",
              "Recognition of qualifications and of social-security rights is now part of the "
              "review of sectoral policies, and will be one of the options appraised.",
              section="sectoral_policies")
    s.dispose("diaspora_desk", consular, "partly",
              "Online consular registration falls under the Consular Services Act, outside this "
              "policy; forwarded to the Consular Affairs Department. The data gap it causes is "
              "kept under data gaps.")

    s.day(160, "17:00")
    s.move("core", situation, "submitted")
    s.day(165, "11:25")
    s.write("justice", "legal_framework", t.LEGAL[2], note="Institutional framework")
    s.day(168, "09:00")
    s.status("justice", "legal_framework", "in_review")
    s.day(170, "10:00")
    s.move("lead", situation, "accepted")
    s.day(172, "15:50")
    s.write("core", "situation_analysis", t.SITUATION[2], note="Return; links to subsections")
    s.day(173, "09:30")
    s.status("core", "situation_analysis", "in_review")

    s.day(176, "12:00")
    focus = s.consultation(
        "refugee", stage=ANALYSIS, method="focus_group",
        title="Focus groups with migrants' and refugees' associations",
        held_on=175, groups=["migrants", "civil_society"],
        summary=(
            "Two sessions, in Velor City and in Brenna, with 23 participants from nine "
            "associations of migrants, refugees and seasonal workers, facilitated by the "
            "Migrant Support Network Veloria, with interpretation into Arabic, French and "
            "Russian. Topics: permits, work, language learning and access to services."
        ),
    )
    tied = s.input(
        "refugee", focus, "Association of Seasonal Workers of Brenna",
        "Work permits tied to one employer leave workers unable to leave an abusive employer "
        "without losing their right to stay.")
    s.input(
        "refugee", focus, "Refugee Women's Group, Velor City",
        "Language courses must come with childcare, otherwise women cannot attend them.")
    five_years = s.input(
        "refugee", focus, "Participant, Brenna session",
        "Residence permits should be issued for five years from the first renewal.")

    s.day(178, "14:20")
    base = s.comment(
        "academic", "situation_analysis",
        "Tripled from which base? The 2023 migration profile counts 9,800 work permits in "
        "2019. Giving both numbers would let readers judge the scale.",
        quote="Immigration for work has tripled in five years")
    s.day(180, "09:35")
    s.reply("core", base,
            "Good point: 9,800 in 2019 and 29,600 in 2024. I will add both once the National "
            "Statistical Office has confirmed the 2024 figure.")
    s.write("police", "swot", t.SWOT[1], note="Threats; result of the diaspora survey")
    s.move("refugee", swot, "submitted")
    s.day(181, "09:00")
    made.update(_swot(s, "police", ("threat",)))
    s.day(182, "10:00")
    s.status("refugee", "swot", "in_review")
    s.day(185, "11:45")
    s.move("lead", swot, "accepted")
    s.day(186, "15:00")
    s.dispose("refugee", tied, "accepted",
              "Permits that allow a change of employer after six months will be appraised "
              "among the policy options.")
    s.dispose("core", five_years, "rejected",
              "Long-term residents can already obtain a five-year permit (Aliens and Asylum "
              "Act, article 41). The problem is that few know it: the information leaflet "
              "and the website of the Immigration Department will say so clearly.")

    s.day(190, "16:40")
    s.status("lead", "legal_framework", "agreed")

    s.day(196, "10:30")
    municipal = s.consultation(
        "core", stage=ANALYSIS, method="interest_group_meeting",
        title="Meeting with local government units on integration services",
        held_on=195, groups=["local_government"],
        summary=(
            "Meeting with the Association of Velorian Municipalities and the eleven "
            "municipalities with the largest foreign populations on the services they "
            "provide to migrants and returnees, and what they need from the State."
        ),
    )
    language = s.input(
        "core", municipal, "Municipality of Brenna",
        "Municipalities should receive funding per foreign child enrolled for language "
        "support in schools.")
    s.input(
        "core", municipal, "Association of Velorian Municipalities",
        "Give municipalities read access to the register of foreigners for their own "
        "residents, so that they can plan services.")
    s.input(
        "core", municipal, "Municipality of Ostrel",
        "Open one-stop shops for returnees in the northern districts, run with the "
        "employment offices.")

    s.day(198, "14:00")
    s.write("statistics", "data_sources", t.DATA_SOURCES[2],
            note="Quality assessment and definitions")
    s.day(198, "15:00")
    _quality_and_definitions(s, made)
    s.day(199, "09:10")
    s.status("statistics", "data_sources", "in_review")
    s.day(199, "11:00")
    analysis_comments.add_comment(s.session, s.cast["academic"], s.p, item_type="data_source",
                                  item_id=made["register_of_nationals_abroad"].id,
                                  body=t.CONSULAR_REGISTER_COMMENT)
    s.day(200, "15:30")
    s.write("statistics", "data_gaps", t.DATA_GAPS[0])
    s.day(200, "16:00")
    _gaps_and_evidence(s, made, questionnaire)

    s.day(203, "11:40")
    blocking = s.comment(
        "expert", "data_sources",
        "Before this section is agreed: the sources do not use the same definition. The "
        "population register counts anyone registered for three months, the census uses twelve "
        "months of usual residence. Please state which definition the policy adopts and, for "
        "each source, where it departs from it; otherwise the stocks in the situation analysis "
        "cannot be compared.",
        quote="the population register records emigration only when citizens deregister",
        blocking=True)
    s.day(205, "16:50")
    s.move("statistics", inventory, "submitted")
    s.day(206, "09:25")
    s.reply("statistics", blocking,
            "Agreed. Our methodology unit is checking the registration rules of the population "
            "register; I will add a note on definitions per source after its answer.")
    s.day(210, "13:15")
    s.write("refugee", "data_gaps", t.DATA_GAPS[1], note="Asylum statistics; first step")
    s.day(212, "10:50")
    s.dispose("labour", language, "partly",
              "A per-pupil formula belongs to the budget law. The need is recorded, and a "
              "pilot grant for the five municipalities with most foreign pupils will be "
              "appraised among the options.")
    s.day(214, "15:05")
    s.comment("academic", "data_gaps",
              "Suggest making the scale explicit and naming the other sources, as the section "
              "on data sources does.",
              quote=t.DATA_GAPS_QUOTE, suggestion=t.DATA_GAPS_SUGGESTION)
    s.day(224, "11:00")
    problem_service.save_problem(s.session, s.cast["justice"], s.p,
                                 problem_statement=t.PROBLEM_STATEMENT, rationale=t.RATIONALE)
    problem_service.add_citation(s.session, s.cast["justice"], s.p, field="problem_statement",
                                 data_source_id=made["population_census"].id,
                                 note="Population, emigration and return, census 2021")
    s.day(225, "17:20")
    s.move("justice", problem, "submitted")
    s.day(230, "10:10")
    s.write("lead", "rationale_vision", t.RATIONALE_VISION[0].format(**dates))
    s.day(230, "11:00")
    problem_service.save_problem(s.session, s.cast["lead"], s.p, vision=t.VISION)
    s.day(232, "10:30")
    made.update(_objectives(s, made))
    s.day(236, "14:40")
    s.comment("expert", "rationale_vision",
              "The vision could name the diaspora explicitly: in our strategy the phrase "
              "“citizens at home and abroad” was read by many as leaving them out.",
              quote="citizens at home and abroad")
    s.day(237, "09:30")
    made.update(_options(s, made))
    s.day(241, "09:00")
    s.dispose("lead", dual, "partly",
              "Restoring citizenship to those who lost it is within the scope and goes to the "
              "options appraisal; dual citizenship for naturalised persons needs an amendment "
              "of article 14 of the Constitution and is left to the Law Commission's review.")
    s.day(241, "10:00")
    options_service.create_option(s.session, s.cast["law_commission"], s.p,
                                  objective_id=made["citizenship"].id, **t.RESTORE_OPTION)
    s.day(242, "15:20")
    analysis_comments.add_comment(s.session, s.cast["expert"], s.p, item_type="option",
                                  item_id=made["return_grant"].id, body=t.RETURN_GRANT_COMMENT)
    s.day(243, "10:00")
    for key, justification in t.CHOICES.items():
        options_service.choose_option(s.session, s.cast["lead"], made[key],
                                      justification=justification)
    s.day(244, "11:00")
    made.update(_instruments(s, made))
    s.day(246, "14:00")
    _action_plan(s, made)
    s.day(248, "10:30")
    for risk in t.RISKS:
        _risk(s, "lead", risk)
    s.day(248, "15:30")
    s.meeting(
        "lead", stage=ANALYSIS, title="Core group meeting on options and instruments",
        held_on=247, online=True, place="Video conference",
        agenda="1. Options chosen for each objective\n2. First draft of the instruments\n"
               "3. Draft action plan",
        minutes=t.OPTIONS_MEETING_MINUTES,
        attendance={"lead": "present", "core": "present", "refugee": "present",
                    "diaspora_desk": "excused", "justice": "present",
                    "law_commission": "present", "labour": "present",
                    "statistics": "present", "police": "absent"},
        decisions=["The options chosen for each objective stand; the return grant is kept "
                   "under review.",
                   "The draft action plan goes to the Ministry of Finance for costing."],
        actions=[("Cost the measures of the draft action plan with the Ministry of Finance",
                  "core", 262, "open"),
                 ("Revise the risk register after the costing", "lead", 270, "open"),
                 ("Share the options appraisal with the Law Commission", "law_commission",
                  246, "done")],
    )


# ------------------------------------------------------------------ structured analysis
# The records are made by the members who own the matching deliverables, on the
# days the matching sections are written; the texts are in migration_policy_texts.


def _inventory(s: Story) -> dict[str, Any]:
    """The eight sources of the data-sources section, with their coverage (day 119)."""
    made = {}
    for kind, name, custodian, coverage in t.SOURCES:
        made[kind] = inventory_service.create_source(
            s.session, s.cast["statistics"], s.p, source_type=kind, name=name,
            custodian_id=s.cast.inst(custodian).id, coverage=coverage)
    return made


def _quality_and_definitions(s: Story, made: dict[str, Any]) -> None:
    for kind, (quality, residence, stay) in t.QUALITY.items():
        inventory_service.update_source(s.session, s.cast["statistics"], made[kind],
                                        quality=quality, residence_definition=residence,
                                        length_of_stay=stay)


def _gaps_and_evidence(s: Story, made: dict[str, Any], questionnaire: Deliverable) -> None:
    for kind, gaps in t.SOURCE_GAPS.items():
        inventory_service.update_source(s.session, s.cast["statistics"], made[kind], gaps=gaps)
    for claim, source, note in t.CITATIONS:
        evidence = ({"deliverable_id": questionnaire.id} if source == "questionnaire"
                    else {"data_source_id": made[source].id})
        problem_service.add_citation(s.session, s.cast["statistics"], s.p,
                                     swot_item_id=made[claim].id, note=note, **evidence)


def _swot(s: Story, person: str, quadrants: tuple[str, ...]) -> dict[str, Any]:
    made = {}
    for quadrant in quadrants:
        for key, text in t.SWOT_ITEMS[quadrant]:
            made[key] = problem_service.add_swot_item(s.session, s.cast[person], s.p,
                                                      quadrant=quadrant, text=text)
    return made


def _objectives(s: Story, made: dict[str, Any]) -> dict[str, Any]:
    """General and specific objectives (day 232), indicators the day after."""
    found: dict[str, Any] = {}
    for key, title, ndp, parent in t.OBJECTIVES:
        found[key] = objectives_service.create_objective(
            s.session, s.cast["labour"], s.p, title=title, ndp_reference=ndp,
            parent_id=found[parent].id if parent else None)
    s.day(233, "11:15")
    for key, objective, given in t.INDICATORS:
        values = dict(given)
        source = values.pop("source", None)
        found[key] = objectives_service.create_indicator(
            s.session, s.cast["statistics"], found[objective],
            data_source_id=made[source].id if source else None, **values)
    return found


def _options(s: Story, made: dict[str, Any]) -> dict[str, Any]:
    """Criteria (day 237), options for each general objective (238), their scores (239)."""
    crits = [criteria_service.create_criterion(s.session, s.cast["lead"], s.p, scope="options",
                                               name=name, weight=weight, description=text)
             for name, weight, text in t.OPTION_CRITERIA]
    s.day(238, "14:00")
    found: dict[str, Any] = {}
    for key, objective, title, texts, _scores in t.OPTIONS:
        found[key] = options_service.create_option(
            s.session, s.cast["law_commission"], s.p, objective_id=made[objective].id,
            title=title, **texts)
    s.day(239, "16:30")
    criteria_service.set_scores(s.session, s.cast["law_commission"], s.p, "options", [
        {"option_id": found[key].id, "criterion_id": c.id, "score": score}
        for key, _o, _t, _x, scores in t.OPTIONS for c, score in zip(crits, scores, strict=True)])
    return found


def _instruments(s: Story, made: dict[str, Any]) -> dict[str, Any]:
    """A first draft of the instruments of the chosen options, scored and ranked (day 244)."""
    crits = [criteria_service.create_criterion(s.session, s.cast["lead"], s.p,
                                               scope="instruments", name=name, weight=weight)
             for name, weight in t.INSTRUMENT_CRITERIA]
    s.day(245, "10:00")
    found: dict[str, Any] = {}
    for key, family, title, option, lead, implementers, resources, _scores in t.INSTRUMENTS:
        found[key] = instruments_service.create_instrument(
            s.session, s.cast["core"], s.p, family=family, title=title,
            option_id=made[option].id if option else None,
            lead_institution_id=s.cast.inst(lead).id,
            implementing_institution_ids=[s.cast.inst(i).id for i in implementers],
            resources=resources)
    s.day(245, "16:00")
    criteria_service.set_scores(s.session, s.cast["lead"], s.p, "instruments", [
        {"instrument_id": found[item[0]].id, "criterion_id": c.id, "score": score}
        for item in t.INSTRUMENTS for c, score in zip(crits, item[-1], strict=True)])
    return found


def _action_plan(s: Story, made: dict[str, Any]) -> None:
    """The draft action plan (day 246): who, when, how measured, with which money."""
    for values in t.MEASURES:
        values = dict(values)
        indicator = values.pop("indicator", None)
        objective = values.pop("objective", None)
        actions_service.create_measure(
            s.session, s.cast["core"], s.p,
            instrument_id=made[values.pop("instrument")].id,
            responsible_id=s.cast.inst(values.pop("responsible")).id,
            partner_ids=[s.cast.inst(p).id for p in values.pop("partners")],
            indicator_id=made[indicator].id if indicator else None,
            objective_id=made[objective].id if objective else None, **values)


def _risk(s: Story, person: str, values: dict[str, Any]) -> None:
    values = dict(values)
    owner = values.pop("owner")
    institution = values.pop("institution")
    risks_service.create_risk(s.session, s.cast[person], s.p,
                              owner_user_id=s.cast[owner].id,
                              owner_institution_id=s.cast.inst(institution).id, **values)
