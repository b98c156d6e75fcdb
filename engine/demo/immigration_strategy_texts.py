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
