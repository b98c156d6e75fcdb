"""Section texts of the National Immigration Strategy 2027–2032 (Process B).

``SECTIONS`` maps a section key of the national-policy workflow to its
successive revisions (``str.format`` templates, filled with dates of the story).
"""

from __future__ import annotations

_ISSUES = """\
The Strategy sets out how Veloria will admit, employ, protect and integrate foreign nationals \
from 2027 to 2032. It replaces the *Immigration Policy Guidelines 2014*, which expired in 2020 \
without being evaluated.
"""

_DRIVERS = """\
- **Labour shortages.** Employers reported 21,000 vacancies unfilled for more than six months \
in construction, agriculture and care; the labour force will shrink by 8% by 2035.
- **Ageing.** The median age has risen from 38.1 to 43.6 years since 2004.
- **Asylum.** Applications have quadrupled in five years, while reception capacity has not \
changed.
- **Partnerships.** Two neighbouring countries and Estmark have proposed agreements on \
seasonal work and readmission.
"""

_PUBLIC_PROBLEM = """\
A foreign worker needs three decisions from three institutions before starting work; a work \
permit takes **94 days** on average. Employers turn to informal employment instead: the \
Labour Inspectorate estimates that 11,000 foreign nationals work without a permit. Without a \
strategy, immigration will keep growing while the State controls less of it and protects \
fewer of those who come.
"""

_MANDATE = """\
By its decision of {mandate_date}, the Council of Ministers tasked the Ministry of Home \
Affairs, through its Immigration Department, with preparing a National Immigration Strategy \
for 2027–2032, together with the Police Headquarters, the Ministry of Foreign Affairs, the \
Ministry of Justice and Constitutional Affairs and the National Statistical Office.

The Strategy covers admission and residence, labour immigration, family reunification, \
asylum, integration and return. Emigration and the diaspora are covered by the *National \
Migration and Citizenship Policy*, prepared in parallel.
"""

_SITUATION = """\
| Indicator (2024) | Number | Change since 2019 |
|---|---:|---:|
| Work permits issued | 29,600 | +202% |
| Family reunification permits | 6,200 | +35% |
| Student permits | 3,400 | +18% |
| Asylum applications | 2,900 | +353% |
| Irregular stays detected | 4,100 | +61% |
| Assisted and forced returns | 1,050 | +40% |

Most workers come from three neighbouring countries for seasonal work; family reunification \
is mainly with Velorian citizens; asylum seekers arrive over the eastern border.
"""

_LEGAL = """\
Admission and stay are governed by the *Aliens and Asylum Act 2009* and the *Employment of \
Foreigners Decree 2012*. The Law Commission's review (Report No. 27) recommends separate laws \
on foreigners and on asylum, a single permit for residence and work, and a legal basis for \
sharing data between registers. Three ministries issue decisions on the same person without \
a shared file.
"""

_SECTORAL = """\
- The *National Employment Strategy 2021–2027* sets no target for foreign workers.
- Schools have no language-support programme for foreign pupils.
- Health insurance covers seasonal workers only through their employer.
"""

_SWOT = """\
**Strengths:** professional border police; asylum decisions of good quality at first \
instance; employers ready to take part in recruitment schemes.

**Weaknesses:** slow, fragmented permit procedures; no shared case file; little data on \
stays and departures.

**Opportunities:** bilateral agreements offered by neighbouring countries; the digitisation \
of public services.

**Threats:** informal employment; exploitation of seasonal workers; rising transit.
"""

_EVIDENCE = """\
The analysis rests on the register of foreigners, the asylum case system, the Labour Force \
Survey and two consultations: a survey of foreign residents and a focus group with diaspora \
associations on return and circular migration.
"""

_DATA_SOURCES = """\
| Source | Custodian | Used for |
|---|---|---|
| Register of foreigners | Immigration Department | permits, stock of foreign residents |
| Asylum case system | Refugee Department | applications, decisions |
| Border information system | Police Headquarters | entries, exits, refusals |
| Labour Force Survey | National Statistical Office | employment of foreign nationals |
"""

_DATA_GAPS = """\
1. Departures of foreign residents are not recorded when permits expire.
2. Work permits and residence permits use different identifiers.
3. There are no data on the wages and working conditions of seasonal workers.
"""

_RATIONALE_VISION = """\
Veloria needs foreign workers, and owes protection to those who flee persecution; it can \
meet both needs only with clear rules applied by institutions that work together.

> **Vision 2032:** immigration to Veloria is legal, safe and matched to the needs of the \
economy; those who come are treated fairly and can take part fully in society.
"""

_OBJECTIVES = [
    """\
1. Simple, fast and transparent admission procedures.
2. Labour immigration that answers the needs of the labour market.
3. Protection for those who need it.
4. Integration of foreign residents.
""",
    """\
| Objective | Indicator | Baseline 2024 | Target 2032 |
|---|---|---:|---:|
| 1. Simple, fast and transparent admission | Days to decide a combined permit | 94 | 30 |
| 2. Labour immigration matched to needs | Share of permits in shortage occupations | 41% | 70% |
| 3. Protection for those who need it | First-instance asylum decisions within 6 months | 52% | 90% |
| 4. Integration of foreign residents | Foreign residents in language courses | 1,200 | 6,000 |
""",
]

_OPTIONS = """\
| Option | Cost (VLD million, 6 years) | Main benefit | Feasibility |
|---|---:|---|---|
| A. Keep the present system, speed up procedures | 4 | none beyond shorter delays | high |
| B. Single permit and one-stop Migration Service Centres | 38 | one decision, one file, 30 days | medium: new law needed |
| C. Points-based selection of labour migrants | 55 | better matching to skills | low: no data on skills demand |

The core group chose **option B**, with elements of C piloted for shortage occupations from \
2029 once the data exist.
"""

_INSTRUMENTS = """\
The Strategy uses the four families of instruments. Each was selected against the criteria \
below and is tied to a measure of the action plan.
"""

_CRITERIA = """\
Instruments were scored from 1 to 5 on:

1. **effectiveness** in reaching the objective;
2. **cost** to the State budget and to migrants and employers;
3. **capacity** of the implementing institution, given its staff and mandate;
4. **legal feasibility** within the time of the Strategy;
5. **acceptability** to the stakeholders consulted.
"""

_REGULATORY = """\
- A new **Foreigners Act** replacing the immigration parts of the Aliens and Asylum Act, with \
a single permit for residence and work.
- A decree allowing a change of employer after six months.
- Licensing of private employment agencies that recruit abroad.
"""

_FINANCIAL = """\
- A revised schedule of **fees**: one fee for the single permit (VLD 150) instead of three; \
no fee for refugees and minors.
- An **integration fund** of VLD 2.5 million a year for municipalities, for language courses \
and counselling.
"""

_INFORMATIONAL = """\
- The portal *Living and working in Veloria*, in six languages.
- Pre-departure orientation in the three main countries of origin.
- A campaign with employers' organisations against informal employment.
"""

_ORGANISATIONAL = """\
- **Migration Service Centres** in Velor City, Brenna and Ostrel: one counter for all \
permits.
- A single electronic case file shared by the Immigration Department, the Ministry of Labour \
and the Police Headquarters.
- A **National Migration Coordination Council** at the level of State Secretaries.
"""

_ACTION_PLAN = """\
| Measure | Responsible | Timeline | Indicator | Budget (VLD million) |
|---|---|---|---|---:|
| Draft and adopt the Foreigners Act | Ministry of Home Affairs, Law Commission | 2027–2028 | Act in force | 0.3 |
| Open three Migration Service Centres | Immigration Department | 2028–2029 | Centres open | 12.0 |
| Shared electronic case file | Immigration Department, Police Headquarters | 2027–2029 | Share of cases in the file | 9.5 |
| Integration fund for municipalities | Ministry of Home Affairs | 2028–2032 | Participants in courses | 12.5 |
| Portal and pre-departure orientation | Ministry of Foreign Affairs | 2027–2028 | Portal visits, sessions held | 1.8 |
| Annual migration statistics report | National Statistical Office | from 2028 | Report published | 0.6 |
"""

_IMPLEMENTATION = """\
The National Migration Coordination Council steers the implementation and meets twice a \
year. The Immigration Department acts as its secretariat and publishes an annual progress \
report. An independent mid-term evaluation takes place in 2029 and a final evaluation in \
2032.
"""

_CONSULTATION_PROCESS = [
    """\
The Strategy was prepared by a core group of six institutions between {start} and {now}. \
Stakeholders were consulted at every stage:

- employers' organisations and trade unions ({employers});
- foreign residents, through a survey ({residents_survey});
- diaspora associations, in a focus group on return ({diaspora_focus});
- municipalities and NGOs, in a workshop on integration ({workshop});
- civil society, in a round table on the draft ({round_table}).
""",
    """\
The Strategy was prepared by a core group of six institutions between {start} and {now}. \
Stakeholders were consulted at every stage:

- employers' organisations and trade unions ({employers});
- foreign residents, through a survey ({residents_survey});
- diaspora associations, in a focus group on return ({diaspora_focus});
- municipalities and NGOs, in a workshop on integration ({workshop});
- civil society, in a round table on the draft ({round_table}).

A public hearing open to everyone, including the diaspora, is planned for {hearing}. Every \
input received and how the core group took it into account is listed in the validation \
record.
""",
]

_ENDORSEMENT = """\
After the public hearing, the Ministry of Home Affairs will submit the Strategy and its \
action plan to the Council of Ministers for adoption. The Strategy enters into force on \
1 January 2027.

_To be completed after the public hearing: the decision of the Council of Ministers and the \
presentation to Parliament._
"""

SECTIONS: dict[str, list[str]] = {
    "issues": [_ISSUES],
    "drivers": [_DRIVERS],
    "public_problem": [_PUBLIC_PROBLEM],
    "mandate": [_MANDATE],
    "situation_analysis": [_SITUATION],
    "legal_framework": [_LEGAL],
    "sectoral_policies": [_SECTORAL],
    "swot": [_SWOT],
    "evidence": [_EVIDENCE],
    "data_sources": [_DATA_SOURCES],
    "data_gaps": [_DATA_GAPS],
    "rationale_vision": [_RATIONALE_VISION],
    "objectives": _OBJECTIVES,
    "options": [_OPTIONS],
    "instruments": [_INSTRUMENTS],
    "selection_criteria": [_CRITERIA],
    "regulatory_instruments": [_REGULATORY],
    "financial_instruments": [_FINANCIAL],
    "informational_instruments": [_INFORMATIONAL],
    "organisational_instruments": [_ORGANISATIONAL],
    "action_plan": [_ACTION_PLAN],
    "implementation_arrangements": [_IMPLEMENTATION],
    "consultation_process": _CONSULTATION_PROCESS,
    "endorsement": [_ENDORSEMENT],
}


# ---------------------------------------------------------------- structured analysis
# The sections' facts as records of the analysis workspace; every gate of the
# earlier stages is met with them (see immigration_strategy.py).

SWOT_ITEMS = {
    "strength": ["Professional border police",
                 "Asylum decisions of good quality at first instance",
                 "Employers ready to take part in recruitment schemes"],
    "weakness": ["Slow, fragmented permit procedures", "No shared case file",
                 "Little data on stays and departures"],
    "opportunity": ["Bilateral agreements offered by neighbouring countries",
                    "The digitisation of public services"],
    "threat": ["Informal employment", "Exploitation of seasonal workers", "Rising transit"],
}


def _q(**ratings):
    """ESS quality: dimension=(rating, note)."""
    return {name: {"rating": rating, "note": note} for name, (rating, note) in ratings.items()}


# key, source type, name, custodian, coverage, quality, usual residence, length of stay, gaps
SOURCES = [
    ("foreigners", "register_of_foreigners", None, "immigration",
     {"immigration_flow": "+", "emigration_flow": "+", "immigrant_stock": "+",
      "emigrant_stock": "-"},
     _q(relevance=(5, "Permits and stock of foreign residents"),
        accuracy=(3, "Departures not recorded when permits expire"),
        timeliness=(4, "Monthly extracts"),
        comparability=(3, "Valid residence title, not usual residence")),
     "Holder of a valid residence title", "90 days",
     "Departures of foreign residents are not recorded when permits expire; work permits and "
     "residence permits use different identifiers."),
    ("asylum", "other", "Asylum case system", "refugee",
     {"immigration_flow": "+", "emigration_flow": "-", "immigrant_stock": "+/-",
      "emigrant_stock": "-"},
     _q(relevance=(4, "Applications and decisions"),
        accuracy=(3, "Counted per case, not per person"),
        timeliness=(5, "Real time")),
     "Applicant present in Veloria", "Not defined",
     "Count persons as well as cases."),
    ("border", "border_cards", "Border information system", "police",
     {"immigration_flow": "+", "emigration_flow": "+", "immigrant_stock": "-",
      "emigrant_stock": "-"},
     _q(relevance=(3, "Entries, exits and refusals"),
        accuracy=(4, "Complete at the airport"),
        coherence=(2, "Cannot be linked to permits")),
     None, "None: each crossing is counted",
     "Link crossings to permits through the document number."),
    ("lfs", "household_survey", "Labour Force Survey", "nso",
     {"immigration_flow": "+", "emigration_flow": "+/-", "immigrant_stock": "+",
      "emigrant_stock": "+/-"},
     _q(relevance=(4, "Employment of foreign nationals"),
        accuracy=(3, "Small sample of foreign nationals"),
        comparability=(5, "ILO definitions")),
     "Usual residence in the household", "12 months",
     "No data on the wages and working conditions of seasonal workers."),
]

PROBLEM_STATEMENT = (
    "Foreign workers and refugees come to Veloria in growing numbers, but a residence permit, "
    "a work permit and a registration take three offices and 94 days on average. Only 41% of "
    "permits are for the occupations that lack workers; half the asylum applications are "
    "decided at first instance within six months; 1,200 foreign residents follow a language "
    "course. Informal employment and the exploitation of seasonal workers grow in the gaps.")

RATIONALE = (
    "Veloria needs foreign workers, and owes protection to those who flee persecution; it can "
    "meet both needs only with clear rules applied by institutions that work together.")

VISION = (
    "Vision 2032: immigration to Veloria is legal, safe and matched to the needs of the "
    "economy; those who come are treated fairly and can take part fully in society.")

# key, title, national development plan reference, parent
OBJECTIVES = [
    ("admission", "Admission that is simple and matched to the needs of the economy",
     "Veloria 2030, priority 1 (human capital)", None),
    ("fast", "Simple, fast and transparent admission",
     "Government Programme 2023–2027, chapter 6", "admission"),
    ("matched", "Labour immigration matched to needs",
     "National Employment Strategy 2021–2027", "admission"),
    ("protection", "Protection and integration of those who come",
     "Veloria 2030, priority 3 (rule of law and social cohesion)", None),
    ("asylum_decisions", "Protection for those who need it", "Veloria 2030, goal 3.4",
     "protection"),
    ("integration", "Integration of foreign residents", "Veloria 2030, goal 4.1", "protection"),
]

# key, objective, values (source: key of SOURCES)
INDICATORS = [
    ("days_to_decide", "fast", {"name": "Days to decide a combined permit", "unit": "days",
                                "baseline": "94", "baseline_year": 2024, "target": "30",
                                "target_year": 2032, "source": "foreigners"}),
    ("shortage_share", "matched", {"name": "Share of permits in shortage occupations",
                                   "unit": "%", "baseline": "41", "baseline_year": 2024,
                                   "target": "70", "target_year": 2032,
                                   "source": "foreigners"}),
    ("six_months", "asylum_decisions", {
        "name": "First-instance asylum decisions within 6 months", "unit": "%",
        "baseline": "52", "baseline_year": 2024, "target": "90", "target_year": 2032,
        "source": "asylum"}),
    ("language_courses", "integration", {
        "name": "Foreign residents in language courses", "unit": "persons",
        "baseline": "1,200", "baseline_year": 2024, "target": "6,000", "target_year": 2032}),
]

OPTION_CRITERIA = [("Expected impact", 3, None),
                   ("Cost to the State budget", 2, "5: the least costly"),
                   ("Feasibility", 2, "Legal and administrative")]

# key, objective, title, texts, scores
OPTIONS = [
    ("option_a", "admission", "A. Keep the present system, speed up procedures",
     {"costs": "VLD 4 million over six years.", "benefits": "None beyond shorter delays.",
      "feasibility": "High: no change of law.",
      "viability": "Delays come back as applications grow.",
      "assumptions": "Demand for foreign workers stays at today's level.",
      "risks": "Informal employment keeps growing."}, [1, 5, 5]),
    ("option_b", "admission", "B. Single permit and one-stop Migration Service Centres",
     {"costs": "VLD 38 million over six years.",
      "benefits": "One decision, one file, 30 days.",
      "feasibility": "Medium: a new Foreigners Act is needed.",
      "viability": "Fees for the single permit cover the running costs of the centres.",
      "assumptions": "Parliament adopts the Foreigners Act in 2028.",
      "risks": "The shared case file may be late."}, [5, 3, 3]),
    ("option_c", "admission", "C. Points-based selection of labour migrants",
     {"costs": "VLD 55 million over six years.", "benefits": "Better matching to skills.",
      "feasibility": "Low: no data on skills demand.",
      "viability": "Needs a yearly survey of employers.",
      "assumptions": "Skills demand can be forecast by occupation.",
      "risks": "Complex for employers and applicants."}, [4, 1, 1]),
    ("option_d", "protection", "Keep the present reception and integration arrangements",
     {"costs": "VLD 1 million a year: language courses run by NGOs on project funds.",
      "benefits": "None beyond today's.", "feasibility": "High.",
      "viability": "Courses stop when projects end.",
      "assumptions": "Asylum applications stop rising.",
      "risks": "The reception centre stays overcrowded."}, [1, 5, 5]),
    ("option_e", "protection", "Integration fund for municipalities, and more asylum caseworkers",
     {"costs": "VLD 2.5 million a year for the fund; VLD 0.9 million a year for 15 "
               "caseworkers.",
      "benefits": "Courses where foreign residents live; asylum decisions within six months.",
      "feasibility": "Medium: allocation rules to agree with the municipalities.",
      "viability": "Multi-year commitment in the budget framework.",
      "assumptions": "Municipalities co-finance a fifth of the courses.",
      "risks": "The fund may be cut in a tight budget year."}, [5, 3, 4]),
]

POINTS_COMMENT = (
    "A points system needs a reliable list of shortage occupations first; Estmark introduced "
    "one in 2018 and had to suspend it for lack of data. Piloting it later, as option B "
    "allows, seems wiser.")

CHOICES = {
    "option_b": "Best weighted score for admission: one decision, one file, 30 days. Elements "
                "of option C are piloted for shortage occupations from 2029, once the data "
                "exist.",
    "option_e": "Best weighted score; supported by the municipalities and the NGOs consulted.",
}

INSTRUMENT_CRITERIA = [("Effectiveness", 3), ("Cost", 2), ("Capacity", 2),
                       ("Legal feasibility", 2), ("Acceptability", 1)]

# key, family, title, option, lead, implementers, resources, scores; made in two rounds
INSTRUMENTS = {
    "regulatory_financial": [
        ("foreigners_act", "regulatory", "Foreigners Act with a single permit for residence and "
         "work", "option_b", "home", ["law_commission", "immigration"],
         "Three legal drafters for a year.", [5, 4, 3, 3, 4]),
        ("employer_decree", "regulatory", "Decree allowing a change of employer after six months",
         "option_b", "labour", ["immigration"], "One legal drafter.", [4, 5, 4, 5, 3]),
        ("agency_licensing", "regulatory",
         "Licensing of private employment agencies that recruit abroad", "option_b", "labour",
         [], "Two inspectors.", [3, 4, 3, 4, 5]),
        ("single_fee", "financial",
         "One fee for the single permit (VLD 150); none for refugees and minors", "option_b",
         "immigration", [], "Changes to the fee schedule and the payment system.",
         [3, 4, 5, 5, 4]),
        ("integration_fund", "financial",
         "Integration fund for municipalities (VLD 2.5 million a year)", "option_e", "home",
         ["municipalities"], "VLD 2.5 million a year; two fund managers.", [5, 2, 3, 4, 5]),
    ],
    "informational_organisational": [
        ("portal", "informational", "Portal “Living and working in Veloria” in six languages",
         "option_b", "foreign", ["immigration"], "Web team; translations.", [3, 4, 4, 5, 5]),
        ("orientation", "informational",
         "Pre-departure orientation in the three main countries of origin", "option_e",
         "foreign", ["labour"], "Sessions at three embassies.", [3, 3, 3, 5, 4]),
        ("campaign", "informational",
         "Campaign with employers' organisations against informal employment", "option_b",
         "labour", [], "Communication budget.", [3, 4, 4, 5, 4]),
        ("service_centres", "organisational",
         "Migration Service Centres in Velor City, Brenna and Ostrel", "option_b",
         "immigration", ["labour", "police"], "Three offices, 60 staff.", [5, 2, 3, 4, 5]),
        ("case_file", "organisational",
         "Single electronic case file for immigration, labour and police", "option_b",
         "immigration", ["police", "labour"], "IT system; a data-protection assessment.",
         [5, 2, 2, 4, 4]),
        ("coordination_council", "organisational",
         "National Migration Coordination Council of State Secretaries", None, "home", [],
         "A secretariat of two.", [4, 5, 4, 4, 4]),
    ],
}

MEASURES = [
    {"title": "Draft and adopt the Foreigners Act", "instrument": "foreigners_act",
     "responsible": "home", "partners": ["law_commission"], "start_on": "2027-01-01",
     "end_on": "2028-12-31", "output_indicator": "Act in force", "budget": "300000",
     "funding_source": "State budget"},
    {"title": "Open three Migration Service Centres", "instrument": "service_centres",
     "responsible": "immigration", "partners": ["labour"], "start_on": "2028-01-01",
     "end_on": "2029-12-31", "indicator": "days_to_decide", "budget": "12000000",
     "funding_source": "State budget and EU grant"},
    {"title": "Shared electronic case file", "instrument": "case_file",
     "responsible": "immigration", "partners": ["police"], "start_on": "2027-01-01",
     "end_on": "2029-12-31", "output_indicator": "Share of cases in the file",
     "budget": "9500000", "funding_source": "State budget"},
    {"title": "Integration fund for municipalities", "instrument": "integration_fund",
     "responsible": "home", "partners": ["municipalities"], "start_on": "2028-01-01",
     "end_on": "2032-12-31", "indicator": "language_courses", "budget": "12500000",
     "funding_source": "State budget"},
    {"title": "Portal and pre-departure orientation", "instrument": "portal",
     "responsible": "foreign", "partners": ["diaspora_desk"], "start_on": "2027-01-01",
     "end_on": "2028-12-31", "output_indicator": "Portal visits, sessions held",
     "budget": "1800000", "funding_source": "EU grant"},
    {"title": "Annual migration statistics report", "objective": "matched",
     "responsible": "nso", "partners": ["immigration", "refugee"], "start_on": "2028-01-01",
     "end_on": "2032-12-31", "output_indicator": "Report published", "budget": "600000",
     "funding_source": "State budget"},
]

TURNOVER_RISK = {
    "title": "Focal points change during the process", "category": "staff_turnover",
    "likelihood": 3, "impact": 3, "status": "mitigated",
    "mitigation": "The lead was handed over in the workspace; the Immigration Department stays "
                  "represented by Joel Marin.", "owner": "lead", "institution": "home"}

ELECTIONS_RISK = {
    "title": "General elections interrupt the work on the Strategy", "category": "elections",
    "likelihood": 5, "impact": 4,
    "mitigation": "Agree the analysis and the instruments before the campaign; ask the new "
                  "Government to confirm the mandate.", "owner": "lead", "institution": "home"}

RISKS = [
    {"title": "Work permits and residence permits use different identifiers",
     "category": "data", "likelihood": 4, "impact": 4,
     "mitigation": "The single electronic case file gives one identifier per person.",
     "owner": "statistics", "institution": "demography"},
    {"title": "The Foreigners Act is not adopted before the centres open",
     "category": "political", "likelihood": 3, "impact": 5,
     "mitigation": "Open the centres under the present law with one counter; the single permit "
                   "follows the Act.", "owner": "justice", "institution": "justice"},
    {"title": "The integration fund is cut in a tight budget year", "category": "resources",
     "likelihood": 3, "impact": 4,
     "mitigation": "A multi-year commitment in the budget framework; half of the fund "
                   "allocated by number of foreign residents so that municipalities can plan.",
     "owner": "lead", "institution": "home"},
    {"title": "Three institutions must share one case file", "category": "organisational",
     "likelihood": 3, "impact": 4,
     "mitigation": "A steering group of the three institutions; the data-protection assessment "
                   "done first.", "owner": "core", "institution": "immigration"},
]
