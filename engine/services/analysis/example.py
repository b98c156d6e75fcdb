"""A realistic worked example of the analysis, for the demo (``seed_analysis_example``)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.catalog import definition_of
from engine.models import DataSource, Institution, Process, User
from engine.services.analysis import (
    actions,
    comments,
    criteria,
    instruments,
    inventory,
    objectives,
    options,
    problem,
    risks,
)
from engine.services.institutions import create_institution


def _institution(session: Session, name: str, kind: str, country: str,
                 parent: Institution | None = None) -> Institution:
    """Find an institution by name (under ``parent``), or create it for the example."""
    found = session.scalar(select(Institution).where(
        Institution.name == name,
        Institution.parent_id == parent.id if parent else Institution.parent_id.is_(None),
    ))
    if found is not None:
        return found
    # Seed data: created without an actor (like the demo's own institutions).
    return create_institution(session, None, name=name, kind=kind, country=country,
                              parent_id=parent.id if parent else None)


def seed_analysis_example(session: Session, actor: User, process: Process) -> dict[str, int]:
    """Fill a complete example analysis of a national migration policy, once.

    The actor must be the lead or a core member. Does nothing (and returns
    zeros) when the process already has an inventory. Returns how many
    records of each kind were made.
    """
    if session.scalar(select(DataSource.id).where(DataSource.process_id == process.id)):
        return {}
    stages = set(definition_of(process).stage_keys)
    analysis = "policy_analysis" if "policy_analysis" in stages else None
    choice = "policy_instruments" if "policy_instruments" in stages else analysis
    country = process.country

    nso = _institution(session, "National Statistical Office", "statistics_office", country)
    interior = _institution(session, "Ministry of Interior", "ministry", country)
    migration = _institution(session, "Migration Department", "department", country, interior)
    border = _institution(session, "Border Police", "department", country, interior)
    foreign = _institution(session, "Ministry of Foreign Affairs", "ministry", country)
    labour = _institution(session, "Ministry of Labour", "ministry", country)
    finance = _institution(session, "Ministry of Finance", "ministry", country)

    # --- evidence -----------------------------------------------------------
    def source(kind: str, name: str | None, custodian: Institution, coverage: dict[str, str],
               quality: dict[str, Any], **extra: Any) -> DataSource:
        return inventory.create_source(session, actor, process, source_type=kind, name=name,
                                       custodian_id=custodian.id, coverage=coverage,
                                       quality=quality, stage=analysis, **extra)

    census = source(
        "population_census", "Population and housing census 2021", nso,
        inventory.TYPICAL_COVERAGE["population_census"],
        {"relevance": {"rating": 4, "note": "Country of birth, citizenship and year of arrival"},
         "accuracy": {"rating": 4, "note": "Full count; emigrants only reported by households"},
         "timeliness": {"rating": 2, "note": "Every ten years; results 18 months later"},
         "comparability": {"rating": 4, "note": "UN definitions"},
         "coherence": {"rating": 3, "note": "Differs from the register of foreigners by 8 %"},
         "accessibility": {"rating": 3, "note": "Tables online; microdata on request"}},
        residence_definition="Country of usual residence (UN 1998 recommendations)",
        length_of_stay="12 months",
        gaps="Whole households abroad are missed; add a question on members who left.")
    lfs = source(
        "household_survey", "Labour force survey", nso,
        inventory.TYPICAL_COVERAGE["household_survey"],
        {"relevance": {"rating": 4, "note": "Employment of migrants and returnees"},
         "accuracy": {"rating": 3, "note": "Small sample of foreign-born people"},
         "timeliness": {"rating": 5, "note": "Quarterly"}},
        residence_definition="Usual residence", length_of_stay="6 months",
        gaps="Migration module only every third year.")
    source("border_cards", None, border, inventory.TYPICAL_COVERAGE["border_cards"],
           {"accuracy": {"rating": 2, "note": "Cards not filled in at land crossings"},
            "timeliness": {"rating": 4, "note": "Monthly"}},
           length_of_stay="Intended stay declared on the card",
           gaps="No link between entry and exit of the same person.")
    foreigners = source(
        "register_of_foreigners", None, migration,
        inventory.TYPICAL_COVERAGE["register_of_foreigners"],
        {"relevance": {"rating": 5, "note": "All residence titles, by purpose"},
         "accuracy": {"rating": 3, "note": "Departures are not deregistered"},
         "accessibility": {"rating": 2, "note": "No data-sharing agreement with statistics"}},
        residence_definition="Holder of a valid residence title", length_of_stay="90 days",
        gaps="Deregister people who leave; share anonymised extracts with the NSO.")
    source("residence_permits", None, migration, inventory.TYPICAL_COVERAGE["residence_permits"],
           {"timeliness": {"rating": 4, "note": "Real time"}},
           length_of_stay="Validity of the permit")
    consular = source(
        "register_of_nationals_abroad", "Consular register of nationals abroad", foreign,
        {"immigration_flow": "-", "emigration_flow": "-", "immigrant_stock": "-",
         "emigrant_stock": "+/-"},
        {"accuracy": {"rating": 2, "note": "Registration is voluntary"},
         "coherence": {"rating": 2, "note": "Not compared with host-country statistics"}},
        gaps="Registration is voluntary and rarely updated; compare with host-country data.")

    problem.save_problem(
        session, actor, process, stage=analysis,
        problem_statement=(
            "Foreign workers fill a growing share of jobs in construction, agriculture and "
            "care, but most are employed without a registered contract, and the admission "
            "rules do not follow labour shortages. At the same time about one citizen in six "
            "lives abroad, and the country knows little about who they are or how to involve "
            "them in its development."),
        rationale=(
            "Without a policy, irregular employment keeps wages low and leaves migrant workers "
            "unprotected, while employers wait months for permits. The National Development "
            "Plan counts on skills and investment that the diaspora could bring."),
        vision=(
            "By 2030 migration is safe, orderly and regular, meets the needs of the labour "
            "market, and the diaspora is a partner in national development."))
    swot = {
        "strength": ["Census 2021 with a full migration module",
                     "A single register of foreigners run by the Migration Department"],
        "weakness": ["No regular statistics on emigration",
                     "Work permits take 4 to 6 months",
                     "Labour inspection and migration services do not share data"],
        "opportunity": ["EU support for labour mobility partnerships",
                        "Diaspora associations ask to be involved"],
        "threat": ["Parliamentary elections in 2027",
                   "Neighbouring countries compete for the same workers"],
    }
    made: dict[str, Any] = {}
    for quadrant, texts in swot.items():
        for text in texts:
            made[text] = problem.add_swot_item(session, actor, process, quadrant=quadrant,
                                               text=text, stage=analysis)
    problem.add_citation(session, actor, process,
                         swot_item_id=made["Census 2021 with a full migration module"].id,
                         data_source_id=census.id)
    problem.add_citation(session, actor, process,
                         swot_item_id=made["No regular statistics on emigration"].id,
                         data_source_id=consular.id, note="Registration is voluntary")
    problem.add_citation(session, actor, process, field="problem_statement",
                         data_source_id=lfs.id, note="Share of informal employment by origin")

    # --- objectives -----------------------------------------------------------
    def objective(title: str, ndp: str, parent: Any = None) -> Any:
        return objectives.create_objective(
            session, actor, process, title=title, ndp_reference=ndp,
            parent_id=parent.id if parent else None, stage=analysis)

    g1 = objective("Manage labour migration in line with the needs of the labour market",
                   "National Development Plan 2021-2030, pillar 2 (employment)")
    s11 = objective("Reduce irregular employment of migrant workers", "NDP pillar 2, goal 2.3", g1)
    s12 = objective("Admit foreign workers where the labour market lacks skills",
                    "NDP pillar 2, goal 2.1", g1)
    g2 = objective("Engage the diaspora in national development",
                   "National Development Plan 2021-2030, pillar 4 (investment)")
    s21 = objective("Know the size and profile of the diaspora", "NDP pillar 5 (statistics)", g2)
    s22 = objective("Increase diaspora investment and skills transfer", "NDP pillar 4, goal 4.2",
                    g2)
    i11 = objectives.create_indicator(
        session, actor, s11, name="Migrant workers with a registered contract", unit="%",
        baseline="38", baseline_year=2022, target="70", target_year=2030,
        data_source_id=foreigners.id)
    objectives.create_indicator(
        session, actor, s12, name="Vacancies filled from the shortage-occupation list",
        unit="per year", baseline="0", baseline_year=2023, target="1,500", target_year=2028,
        data_source_id=lfs.id)
    i21 = objectives.create_indicator(
        session, actor, s21, name="Emigrant stock estimated every year with a documented method",
        baseline="No", baseline_year=2023, target="Yes", target_year=2026,
        data_source_id=consular.id)
    i22 = objectives.create_indicator(
        session, actor, s22, name="Diaspora direct investment", unit="million EUR per year",
        baseline="12", baseline_year=2022, target="40", target_year=2030)

    # --- options ---------------------------------------------------------------
    weights = [("Cost to the state budget", 3), ("Expected impact", 4),
               ("Administrative feasibility", 2), ("Political acceptability", 1)]
    crits = [criteria.create_criterion(session, actor, process, scope="options", name=name,
                                       weight=w, stage=analysis) for name, w in weights]

    def option(obj: Any, title: str, scores: list[int], **texts: str) -> Any:
        made_option = options.create_option(session, actor, process, objective_id=obj.id,
                                            title=title, stage=analysis, **texts)
        criteria.set_scores(session, actor, process, "options", [
            {"option_id": made_option.id, "criterion_id": c.id, "score": s}
            for c, s in zip(crits, scores, strict=True)])
        return made_option

    option(g1, "Keep case-by-case work permits (status quo)", [5, 1, 4, 3],
           costs="No new spending.", benefits="None beyond the current situation.",
           feasibility="Already in place.", viability="Delays grow with demand.",
           assumptions="Demand for foreign workers stays stable.",
           risks="Irregular employment keeps growing.")
    chosen1 = option(
        g1, "Shortage-occupation list with a one-stop shop for permits", [3, 4, 3, 4],
        costs="EUR 1.3 million over three years: IT system, 12 staff, training.",
        benefits="Permits in 30 days; more contracts registered; data on admissions by "
                 "occupation.",
        feasibility="Needs an amendment of the Law on Foreigners and a data link with the "
                    "employment service.",
        viability="Fees cover running costs from the third year.",
        assumptions="Employers' associations take part in setting the list every year.",
        risks="Elections in 2027 may delay the amendment.")
    option(g1, "Bilateral labour agreements only", [4, 3, 2, 3],
           costs="EUR 0.3 million (negotiations, pre-departure training).",
           benefits="Orderly recruitment from two or three countries.",
           feasibility="Takes years to negotiate.", viability="Depends on partner countries.",
           assumptions="Partner countries agree.", risks="Covers few occupations.")
    option(g2, "Issue a diaspora bond", [2, 3, 2, 3],
           costs="Issuing costs about EUR 0.4 million.",
           benefits="Raises capital for public investment.",
           feasibility="Needs a credit rating and a marketing network abroad.",
           viability="Uncertain demand.", assumptions="Diaspora trusts public finances.",
           risks="Low take-up would harm the country's reputation.")
    chosen2 = option(
        g2, "Diaspora engagement office with investment matching", [4, 4, 4, 5],
        costs="EUR 0.25 million a year (office of five, events, website).",
        benefits="One contact point; matched investments; better data on the diaspora.",
        feasibility="Builds on the diaspora desk of the Ministry of Foreign Affairs.",
        viability="Can be co-financed by chambers of commerce.",
        assumptions="Diaspora associations take part.",
        risks="Seen as a consular service only if not given a mandate.")
    options.choose_option(session, actor, chosen1,
                          justification="Best weighted score for the expected impact at a cost "
                                        "the Ministry of Finance accepted.")
    options.choose_option(session, actor, chosen2,
                          justification="Highest score; builds on an existing desk.")

    # --- instruments -------------------------------------------------------------
    icrits = [criteria.create_criterion(session, actor, process, scope="instruments", name=name,
                                        weight=w, stage=choice)
              for name, w in [("Within the mandate of the lead institution", 3),
                              ("Cost-effectiveness", 2), ("Time to take effect", 1)]]

    def instrument(family: str, title: str, opt: Any, lead: Institution,
                   implementers: list[Institution], resources: str, scores: list[int]) -> Any:
        made_instrument = instruments.create_instrument(
            session, actor, process, family=family, title=title, option_id=opt.id,
            lead_institution_id=lead.id, implementing_institution_ids=[i.id for i in implementers],
            resources=resources, stage=choice)
        criteria.set_scores(session, actor, process, "instruments", [
            {"instrument_id": made_instrument.id, "criterion_id": c.id, "score": s}
            for c, s in zip(icrits, scores, strict=True)])
        return made_instrument

    law = instrument("regulatory", "Amendment of the Law on Foreigners: shortage list and "
                     "single permit", chosen1, interior, [migration, labour],
                     "Four legal drafters for six months.", [5, 5, 2])
    shop = instrument("organisational", "One-stop shop for work and residence permits",
                      chosen1, migration, [labour], "IT system, 12 staff.", [5, 3, 3])
    campaign = instrument("informational", "Information campaign for employers and migrant "
                          "workers", chosen1, labour, [migration], "Communication budget.",
                          [4, 4, 5])
    office = instrument("organisational", "Diaspora engagement office", chosen2, foreign,
                        [nso], "Five staff; premises in the ministry.", [5, 4, 4])
    instrument("financial", "Matching grants for diaspora investment", chosen2, finance,
               [foreign], "EUR 1 million a year from the development fund.", [3, 3, 3])

    # --- action plan ------------------------------------------------------------
    def measure(title: str, instr: Any, who: Institution, partners: list[Institution],
                start: str, end: str, budget: str, funding: str, indicator: Any = None,
                output: str | None = None, objective_: Any = None) -> Any:
        return actions.create_measure(
            session, actor, process, title=title, instrument_id=instr.id,
            objective_id=objective_.id if objective_ else None, responsible_id=who.id,
            partner_ids=[p.id for p in partners], start_on=start, end_on=end,
            indicator_id=indicator.id if indicator else None, output_indicator=output,
            budget=budget, funding_source=funding, stage=choice)

    measure("Draft the amendment of the Law on Foreigners", law, interior, [labour, migration],
            "2026-01-15", "2026-09-30", "45000", "State budget",
            output="Draft law submitted to the Council of Ministers")
    measure("Set up the one-stop shop (IT system and staff)", shop, migration, [labour],
            "2026-07-01", "2027-12-31", "1200000", "State budget and EU grant", indicator=i11)
    measure("Train 120 labour inspectors and migration officers", shop, labour, [migration],
            "2026-10-01", "2027-06-30", "80000", "EU grant", output="Officers trained")
    measure("Run the employers' information campaign", campaign, labour, [],
            "2027-01-15", "2027-12-15", "60000", "State budget", indicator=i11)
    measure("Open the diaspora engagement office", office, foreign, [nso],
            "2026-04-01", "2026-12-31", "250000", "State budget", indicator=i22)
    measure("Consular registration drive and yearly emigrant stock estimate", office, nso,
            [foreign], "2026-03-01", "2028-12-31", "90000", "Donor project", indicator=i21,
            objective_=s21)

    # --- risks -------------------------------------------------------------------
    for title, category, likelihood, impact, mitigation, owner, status in [
        ("Parliamentary elections in 2027 delay the amendment", "elections", 4, 4,
         "Submit the draft before the campaign; brief all parliamentary groups.", interior,
         "open"),
        ("The focal point of the Ministry of Labour moves to another post", "staff_turnover",
         3, 3, "Name a deputy focal point; keep all minutes in the workspace.", labour, "open"),
        ("The register of foreigners cannot be linked to labour inspection data", "data", 3, 4,
         "Data-sharing agreement between the two ministries, signed in the first quarter.", nso,
         "mitigated"),
        ("No budget line for the one-stop shop in 2026", "resources", 2, 5,
         "Include it in the medium-term budget framework; seek an EU grant.", finance, "open"),
    ]:
        risks.create_risk(session, actor, process, title=title, category=category,
                          likelihood=likelihood, impact=impact, mitigation=mitigation,
                          owner_institution_id=owner.id, owner_user_id=actor.id, status=status,
                          stage=analysis)
    comments.add_comment(session, actor, process, item_type="option", item_id=chosen1.id,
                         body="Check the staffing cost with the Ministry of Finance before "
                              "the round table.")
    return {"data_sources": 6, "swot_items": sum(len(v) for v in swot.values()),
            "objectives": 6, "indicators": 4, "options": 5, "instruments": 5, "measures": 6,
            "risks": 4}
