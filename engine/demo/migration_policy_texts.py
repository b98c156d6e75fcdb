"""Section texts of the National Migration and Citizenship Policy (Process A).

Each list holds the successive revisions of one section, oldest first. Texts
are ``str.format`` templates: ``{mandate_date}`` and the like are filled with
dates of the story, so the text agrees with the history whatever the day the
demo is loaded.
"""

from __future__ import annotations

# ----------------------------------------------------------------- agenda setting

ISSUES = [
    """\
Veloria is at the same time a country of emigration, of transit and, more and more, of \
immigration. This chapter explains why migration and citizenship need one coherent national \
policy, and what drives the issues the core group identified.
""",
    """\
Veloria is at the same time a country of emigration, of transit and, more and more, of \
immigration. This chapter explains why migration and citizenship need one coherent national \
policy, and what drives the issues the core group identified.

The issues were identified from the *Issues paper on migration and citizenship*, the \
stakeholder mapping meeting of {mapping_date} and the records of the institutions of the \
core group.
""",
]

DRIVERS = [
    """\
### Emigration and the diaspora

Around **780,000 Velorians** live abroad, most of them in Italy, Germany and the Gulf \
states. Emigration is driven by:

- wage gaps: the average net wage is a quarter of that in the main countries of destination;
- youth unemployment of 24%, twice the overall rate;
- a mismatch between vocational training and the skills employers ask for.

### Immigration and transit

The number of foreign residents has doubled since 2015, to about 142,000 (2.3% of the \
population).
""",
    """\
### Emigration and the diaspora

Around **780,000 Velorians**, one citizen in eight, live abroad, most of them in Italy, \
Germany and the Gulf states. Their remittances reached **9.4% of GDP** in 2024, more than \
foreign direct investment. Emigration is driven by:

- wage gaps: the average net wage is a quarter of that in the main countries of destination;
- youth unemployment of 24%, twice the overall rate;
- a mismatch between vocational training and the skills employers ask for.

Diaspora associations are active in 19 countries; most of them have no regular contact with \
any Velorian institution other than the consulates.

### Immigration and transit

The number of foreign residents has doubled since 2015, to about 142,000 (2.3% of the \
population).
""",
    """\
### Emigration and the diaspora

Around **780,000 Velorians**, one citizen in eight, live abroad, most of them in Italy, \
Germany and the Gulf states. Their remittances reached **9.4% of GDP** in 2024, more than \
foreign direct investment. Emigration is driven by:

- wage gaps: the average net wage is a quarter of that in the main countries of destination;
- youth unemployment of 24%, twice the overall rate;
- a mismatch between vocational training and the skills employers ask for.

Diaspora associations are active in 19 countries; most of them have no regular contact with \
any Velorian institution other than the consulates.

### Immigration and transit

The number of foreign residents has doubled since 2015, to about 142,000 (2.3% of the \
population). Three groups dominate:

1. workers recruited for construction and agriculture, mostly on seasonal permits;
2. spouses and children of Velorian citizens;
3. asylum seekers and people in transit towards the European Union: asylum applications \
rose from 640 in 2019 to **2,900 in 2024**.

### Citizenship

The *Citizenship Act 1994* was written for a country of emigration. It does not allow dual \
citizenship for naturalised persons, sets no time limit for decisions, and gives the children \
of long-term foreign residents born in Veloria no route to citizenship.
""",
]
# The statistician's answer to the expert's question, made after the thread below.
DRIVERS_FIX = (
    "youth unemployment of 24%, twice the overall rate;",
    "youth unemployment of 24% (ages 15–24, Labour Force Survey 2024), twice the overall rate;",
)

PUBLIC_PROBLEM = [
    """\
Migration touches the mandates of at least nine institutions, but no policy document says \
what the State wants to achieve. The consequences are visible:

- **Fragmented responsibilities.** Residence permits are issued by the Immigration \
Department, work permits by the Ministry of Labour and citizenship by decision of the \
Minister of Home Affairs, with no shared case file.
- **Decisions without evidence.** Figures on emigration come only from the census, every ten \
years; the register of foreigners and the border cards are not linked.
- **Lost potential.** Returning migrants and the diaspora have no single point of contact; \
qualifications gained abroad are rarely recognised.
- **Legal uncertainty.** Applicants for naturalisation wait 31 months on average for a \
decision.

Without government action these gaps will widen as immigration grows and the labour force \
ages.
""",
    """\
Migration touches the mandates of at least nine institutions, but no policy document says \
what the State wants to achieve. The consequences are visible:

- **Fragmented responsibilities.** Residence permits are issued by the Immigration \
Department, work permits by the Ministry of Labour and citizenship by decision of the \
Minister of Home Affairs, with no shared case file.
- **Decisions without evidence.** Figures on emigration come only from the census, every ten \
years; the register of foreigners and the border cards are not linked.
- **Lost potential.** Returning migrants and the diaspora have no single point of contact; \
qualifications gained abroad are rarely recognised.
- **Legal uncertainty.** Applicants for naturalisation wait 31 months on average for a \
decision.

Without government action these gaps will widen as immigration grows and the labour force \
ages. The Government Programme therefore commits to *"a national migration and citizenship \
policy consistent with the National Development Plan Veloria 2030"*, and the Council of \
Ministers put the policy on its agenda on {mandate_date}.
""",
]

MANDATE = [
    """\
By its decision of {mandate_date}, the Council of Ministers mandated the Ministry of Home \
Affairs to lead the preparation of a National Migration and Citizenship Policy.

#### Scope

The policy covers:

- regular and irregular immigration, including labour migration and family reunification;
- asylum and the integration of refugees;
- emigration, return and the engagement of the diaspora;
- the acquisition and loss of citizenship.

Border management and action against trafficking in human beings have their own action \
plans; this policy refers to them where they meet.
""",
    """\
By its decision of {mandate_date}, the Council of Ministers mandated the Ministry of Home \
Affairs to lead the preparation of a National Migration and Citizenship Policy.

#### Scope

The policy covers:

- regular and irregular immigration, including labour migration and family reunification;
- asylum and the integration of refugees;
- emigration, return and the engagement of the diaspora;
- the acquisition and loss of citizenship.

Border management and action against trafficking in human beings have their own action \
plans; this policy refers to them where they meet.

#### Core group

| Institution | Represented by |
|---|---|
| Ministry of Home Affairs | the focal point (lead); Refugee Department; Immigration Department; Police Headquarters |
| Ministry of Foreign Affairs | Diaspora Desk |
| Ministry of Justice and Constitutional Affairs | Legislative Unit |
| Law Commission | a Commissioner |
| Ministry of Labour | Technical and Vocational Training Division |
| National Statistical Office | Demography Division |

#### Time frame

The core group submits the draft policy to the Council of Ministers within **eighteen \
months** of its first meeting. It meets monthly; the Ministry of Home Affairs keeps the \
minutes and this document.
""",
]

# ----------------------------------------------------------------- policy analysis

SITUATION = [
    """\
This chapter describes the migration situation of Veloria from the data pooled by the \
institutions of the core group. It draws on the *Migration Profile of Veloria 2023* and \
updates it where newer figures exist.

### Key figures

| Indicator | Value | Year | Source |
|---|---:|---|---|
| Resident population | 6.08 million | 2024 | National Statistical Office |
| Citizens living abroad (estimate) | 780,000 | 2024 | Ministry of Foreign Affairs |
| Foreign residents with a valid permit | 142,300 | 2024 | Register of foreigners |
| Asylum applications | 2,900 | 2024 | Refugee Department |
| Remittances, share of GDP | 9.4% | 2024 | Central Bank of Veloria |
""",
    """\
This chapter describes the migration situation of Veloria from the data pooled by the \
institutions of the core group. It draws on the *Migration Profile of Veloria 2023* and \
updates it where newer figures exist.

### Key figures

| Indicator | Value | Year | Source |
|---|---:|---|---|
| Resident population | 6.08 million | 2024 | National Statistical Office |
| Citizens living abroad (estimate) | 780,000 | 2024 | Ministry of Foreign Affairs |
| Foreign residents with a valid permit | 142,300 | 2024 | Register of foreigners |
| Asylum applications | 2,900 | 2024 | Refugee Department |
| Recognised refugees and subsidiary protection | 1,870 | 2024 | Refugee Department |
| Remittances, share of GDP | 9.4% | 2024 | Central Bank of Veloria |
| Naturalisations | 1,150 | 2024 | Ministry of Home Affairs |

### Main findings

1. Emigration has slowed since 2019 but remains the largest flow; those who leave are \
mostly young people with upper-secondary vocational qualifications.
2. Immigration for work has tripled in five years; most permits are seasonal and tied to \
one employer.
3. Asylum applications have quadrupled; the reception centre at Brenna runs at 140% of its \
capacity.
""",
    """\
This chapter describes the migration situation of Veloria from the data pooled by the \
institutions of the core group, the diaspora survey and the focus groups held with \
migrants' associations. It draws on the *Migration Profile of Veloria 2023* and updates it \
where newer figures exist.

### Key figures

| Indicator | Value | Year | Source |
|---|---:|---|---|
| Resident population | 6.08 million | 2024 | National Statistical Office |
| Citizens living abroad (estimate) | 780,000 | 2024 | Ministry of Foreign Affairs |
| Foreign residents with a valid permit | 142,300 | 2024 | Register of foreigners |
| Asylum applications | 2,900 | 2024 | Refugee Department |
| Recognised refugees and subsidiary protection | 1,870 | 2024 | Refugee Department |
| Remittances, share of GDP | 9.4% | 2024 | Central Bank of Veloria |
| Naturalisations | 1,150 | 2024 | Ministry of Home Affairs |

### Main findings

1. Emigration has slowed since 2019 but remains the largest flow; those who leave are \
mostly young people with upper-secondary vocational qualifications.
2. Immigration for work has tripled in five years; most permits are seasonal and tied to \
one employer.
3. Asylum applications have quadrupled; the reception centre at Brenna runs at 140% of its \
capacity.
4. Return is growing, but returnees report that their qualifications and pension rights \
earned abroad are rarely recognised.

The two subsections below review the legal and institutional framework and the sectoral \
policies that affect migration or are affected by it.
""",
]

LEGAL = [
    """\
### Legislation in force

- **Constitution of the Republic of Veloria** (1992), articles 14 (citizenship) and 38 \
(asylum).
- **Citizenship Act 1994**, amended in 2006: citizenship by descent, naturalisation after \
ten years of residence, no dual citizenship for naturalised persons.
- **Aliens and Asylum Act 2009**: entry, stay, residence permits, the asylum procedure, \
detention and removal.
- **Employment of Foreigners Decree 2012**: work permits, quotas and seasonal work.
- **Consular Services Act 2015**: registration of nationals abroad.

### Gaps identified

- There is no legal basis for sharing data between the register of foreigners, the \
population register and the border information system.
- Time limits for naturalisation decisions are not set in law.
""",
    """\
### Legislation in force

- **Constitution of the Republic of Veloria** (1992), articles 14 (citizenship) and 38 \
(asylum).
- **Citizenship Act 1994**, amended in 2006: citizenship by descent, naturalisation after \
ten years of residence, no dual citizenship for naturalised persons.
- **Aliens and Asylum Act 2009**: entry, stay, residence permits, the asylum procedure, \
detention and removal.
- **Employment of Foreigners Decree 2012**: work permits, quotas and seasonal work.
- **Consular Services Act 2015**: registration of nationals abroad.

### Gaps identified

- The Aliens and Asylum Act joins two procedures with different purposes; the Law \
Commission recommends two separate laws.[^lc]
- There is no legal basis for sharing data between the register of foreigners, the \
population register and the border information system.
- Time limits for naturalisation decisions are not set in law.
- The rights of returning citizens (recognition of qualifications, transfer of \
social-security rights) are scattered across eleven instruments.

[^lc]: Law Commission, *Review of the Aliens and Asylum Act 2009*, Report No. 27, chapter 4.
""",
    """\
### Legislation in force

- **Constitution of the Republic of Veloria** (1992), articles 14 (citizenship) and 38 \
(asylum).
- **Citizenship Act 1994**, amended in 2006: citizenship by descent, naturalisation after \
ten years of residence, no dual citizenship for naturalised persons.
- **Aliens and Asylum Act 2009**: entry, stay, residence permits, the asylum procedure, \
detention and removal.
- **Employment of Foreigners Decree 2012**: work permits, quotas and seasonal work.
- **Consular Services Act 2015**: registration of nationals abroad.

### Gaps identified

- The Aliens and Asylum Act joins two procedures with different purposes; the Law \
Commission recommends two separate laws.[^lc]
- There is no legal basis for sharing data between the register of foreigners, the \
population register and the border information system.
- Time limits for naturalisation decisions are not set in law.
- The rights of returning citizens (recognition of qualifications, transfer of \
social-security rights) are scattered across eleven instruments.

### Institutional framework

Four institutions take most decisions on individual migrants: the Immigration Department \
(residence), the Ministry of Labour (work permits), the Refugee Department (asylum) and the \
Police Headquarters (border control and removal). The *Inter-ministerial Commission on \
Migration* set up in 2011 has not met since 2019; this policy proposes to replace it by a \
standing coordination body.

[^lc]: Law Commission, *Review of the Aliens and Asylum Act 2009*, Report No. 27, chapter 4.
""",
]

SECTORAL = [
    """\
Migration affects several public policies and is affected by them. The core group reviewed \
those that matter most:

- **Employment and skills.** The *National Employment Strategy 2021–2027* does not mention \
labour immigration. The reform of vocational training plans new curricula in the trades \
that lose most workers to emigration: welding, nursing care, electrical installation.
- **Education.** Children of foreign residents enrol in school without any programme of \
language support.
- **Health and social protection.** Veloria has social-security agreements with only four \
of its ten main countries of destination.
- **Regional development.** The northern districts lose population to internal and \
international emigration at once.

_Still to be reviewed: housing, and the Central Bank's work on the cost of sending \
remittances._
""",
    """\
Migration affects several public policies and is affected by them. The core group reviewed \
those that matter most:

- **Employment and skills.** The *National Employment Strategy 2021–2027* does not mention \
labour immigration. The reform of vocational training plans new curricula in the trades \
that lose most workers to emigration: welding, nursing care, electrical installation.
- **Recognition of qualifications.** Returning citizens wait up to a year for the \
recognition of a foreign diploma; vocational certificates earned abroad have no recognition \
procedure at all. The diaspora survey names this as the first obstacle to return.
- **Education.** Children of foreign residents enrol in school without any programme of \
language support.
- **Health and social protection.** Veloria has social-security agreements with only four \
of its ten main countries of destination, so years worked abroad rarely count for a \
Velorian pension.
- **Regional development.** The northern districts lose population to internal and \
international emigration at once.

_Still to be reviewed: housing, and the Central Bank's work on the cost of sending \
remittances._
""",
]

SWOT = [
    """\
### Strengths

- A large, organised diaspora willing to invest and to share skills.
- An asylum procedure that meets international standards at first instance.
- Experienced border police and a modern border information system at the airport.

### Weaknesses

- Data held by several institutions are not linked and use different definitions.
- No coordination body has met since 2019.
- Naturalisation takes 31 months on average.

### Opportunities

- The National Development Plan *Veloria 2030* makes human capital a priority.
- Partner countries offer circular-migration and skills-partnership schemes.
""",
    """\
### Strengths

- A large, organised diaspora willing to invest and to share skills: 68% of the \
respondents to the diaspora survey would take part in a skills-transfer programme.
- An asylum procedure that meets international standards at first instance.
- Experienced border police and a modern border information system at the airport.

### Weaknesses

- Data held by several institutions are not linked and use different definitions.
- No coordination body has met since 2019.
- Naturalisation takes 31 months on average.

### Opportunities

- The National Development Plan *Veloria 2030* makes human capital a priority.
- Partner countries offer circular-migration and skills-partnership schemes.
- The population register is to be digitised in 2026–2027.

### Threats

- Continued emigration of young skilled workers, above all nurses and technicians.
- More irregular transit along the eastern border.
- General elections in 2027 could delay the adoption of the policy.
""",
]

EVIDENCE = [
    """\
The policy rests on evidence from three kinds of sources: the registers and surveys of the \
institutions of the core group, research (above all the Centre for Migration Research of \
the University of Veloria), and what migrants and the diaspora told the core group in the \
consultations of this stage.
""",
]

DATA_SOURCES = [
    """\
The policy relies on data held by six institutions. The core group listed each source and \
what it can tell about the four basic measures of migration.

| Source | Immigration flow | Emigration flow | Immigrant stock | Emigrant stock |
|---|:-:|:-:|:-:|:-:|
| Population census (2021) | + | +/- | + | +/- |
| Household surveys | + | +/- | + | +/- |
| Border passenger survey | + | + | - | - |
| Border cards | + | + | - | - |
| Population register | + | + | + | +/- |
| Residence permits | + | +/- | | |
| Register of foreigners | + | + | + | - |
| Register of nationals at missions abroad | - | - | - | + |

*Key:* **+** covers the measure; **+/-** only under conditions; **-** does not cover it.
""",
    """\
The policy relies on data held by six institutions. The core group listed each source, its \
custodian, and what it can tell about the four basic measures of migration.

| Source | Custodian | Immigration flow | Emigration flow | Immigrant stock | Emigrant stock |
|---|---|:-:|:-:|:-:|:-:|
| Population census (2021) | National Statistical Office | + | +/- | + | +/- |
| Labour Force Survey | National Statistical Office | + | +/- | + | +/- |
| Border passenger survey | National Statistical Office | + | + | - | - |
| Border cards | Police Headquarters | + | + | - | - |
| Population register | Ministry of Home Affairs | + | + | + | +/- |
| Residence permits | Immigration Department | + | +/- | | |
| Register of foreigners | Immigration Department | + | + | + | - |
| Register of nationals at missions abroad | Ministry of Foreign Affairs | - | - | - | + |

*Key:* **+** covers the measure; **+/-** only under conditions (for instance if people who \
leave deregister); **-** does not cover it.
""",
    """\
The policy relies on data held by six institutions. The core group listed each source, its \
custodian, and what it can tell about the four basic measures of migration.

| Source | Custodian | Immigration flow | Emigration flow | Immigrant stock | Emigrant stock |
|---|---|:-:|:-:|:-:|:-:|
| Population census (2021) | National Statistical Office | + | +/- | + | +/- |
| Labour Force Survey | National Statistical Office | + | +/- | + | +/- |
| Border passenger survey | National Statistical Office | + | + | - | - |
| Border cards | Police Headquarters | + | + | - | - |
| Population register | Ministry of Home Affairs | + | + | + | +/- |
| Residence permits | Immigration Department | + | +/- | | |
| Register of foreigners | Immigration Department | + | + | + | - |
| Register of nationals at missions abroad | Ministry of Foreign Affairs | - | - | - | + |

*Key:* **+** covers the measure; **+/-** only under conditions (for instance if people who \
leave deregister); **-** does not cover it.

### Quality of the sources

Each source was assessed on the quality dimensions of the European Statistical System: \
relevance, accuracy, timeliness and punctuality, comparability, coherence, accessibility \
and clarity.[^ess] Two findings matter most for the policy:

- the population register records emigration only when citizens deregister, which fewer \
than one in five do;
- border cards count movements, not persons, and cannot be linked to the register of \
foreigners.

[^ess]: The definitions follow the UN *Recommendations on Statistics of International \
Migration* (Revision 1): a migrant changes country of usual residence, for at least twelve \
months (long-term) or three to twelve months (short-term).
""",
]

DATA_GAPS = [
    """\
The policy itself must solve some data problems; each becomes a measure of the action plan.

1. **Emigration is not measured between censuses.** Citizens leaving by land are not \
recorded on exit, and few deregister.
2. **Registers are not linked.** There is no common personal identifier between the \
register of foreigners, the population register and the asylum case system.
3. **Return is invisible.** Returning citizens are not recorded as returnees in any \
register.
""",
    """\
The policy itself must solve some data problems; each becomes a measure of the action plan.

1. **Emigration is not measured between censuses.** Citizens leaving by land are not \
recorded on exit, and few deregister.
2. **Registers are not linked.** There is no common personal identifier between the \
register of foreigners, the population register and the asylum case system.
3. **Return is invisible.** Returning citizens are not recorded as returnees in any \
register.
4. **Asylum statistics** are kept per case, not per person, so repeated applications are \
counted twice.

A data-sharing protocol between the Immigration Department, the Police Headquarters and the \
National Statistical Office is the first step; it needs the legal basis described under \
*Legal and institutional framework*.
""",
]
DATA_GAPS_QUOTE = "Citizens leaving by land are not recorded on exit, and few deregister."
DATA_GAPS_SUGGESTION = (
    "Exits of citizens by land are not recorded, and fewer than one emigrant in five "
    "deregisters from the population register; between censuses, the diaspora survey and the "
    "statistics of the countries of destination are the only regular sources."
)

RATIONALE_VISION = [
    """\
### Rationale

Veloria needs one policy because decisions taken separately by nine institutions now shape \
the labour market, public finances and the country's demographic future together. The \
situation analysis shows a population that is ageing and shrinking, a diaspora that is \
willing to contribute but is not asked, and immigration that is growing without any \
agreed objective.

### Vision (draft for discussion)

> By 2035, Veloria manages migration safely, fairly and in order; it draws on the skills of \
its citizens at home and abroad, and offers a clear path to citizenship to those who make \
their lives here.

_To be finalised at the core group meeting of {vision_meeting}._
""",
]


# ---------------------------------------------------------------- structured analysis
# The same facts as the sections above, as records of the analysis workspace.

# source type, name (None: the type's name), custodian (cast key), coverage
SOURCES = [
    ("population_census", "Population and housing census 2021", "nso",
     {"immigration_flow": "+", "emigration_flow": "+/-", "immigrant_stock": "+",
      "emigrant_stock": "+/-"}),
    ("household_survey", "Labour Force Survey", "nso",
     {"immigration_flow": "+", "emigration_flow": "+/-", "immigrant_stock": "+",
      "emigrant_stock": "+/-"}),
    ("border_passenger_survey", None, "nso",
     {"immigration_flow": "+", "emigration_flow": "+", "immigrant_stock": "-",
      "emigrant_stock": "-"}),
    ("border_cards", None, "police",
     {"immigration_flow": "+", "emigration_flow": "+", "immigrant_stock": "-",
      "emigrant_stock": "-"}),
    ("population_register", None, "home",
     {"immigration_flow": "+", "emigration_flow": "+", "immigrant_stock": "+",
      "emigrant_stock": "+/-"}),
    ("residence_permits", None, "immigration",
     {"immigration_flow": "+", "emigration_flow": "+/-"}),
    ("register_of_foreigners", None, "immigration",
     {"immigration_flow": "+", "emigration_flow": "+", "immigrant_stock": "+",
      "emigrant_stock": "-"}),
    ("register_of_nationals_abroad", None, "foreign",
     {"immigration_flow": "-", "emigration_flow": "-", "immigrant_stock": "-",
      "emigrant_stock": "+"}),
]


def _q(relevance, accuracy, timeliness, comparability, coherence, accessibility):
    """Ratings and notes on the six ESS dimensions, each given as (rating, note)."""
    names = ("relevance", "accuracy", "timeliness", "comparability", "coherence",
             "accessibility")
    values = (relevance, accuracy, timeliness, comparability, coherence, accessibility)
    return {name: {"rating": rating, "note": note} for name, (rating, note) in zip(
        names, values, strict=True)}


# source type: (quality, definition of usual residence, length of stay)
QUALITY = {
    "population_census": (_q(
        (5, "Country of birth, citizenship, year of arrival, previous residence"),
        (4, "Full count; emigrants only reported by the households they left"),
        (2, "Every ten years; results 18 months after the count"),
        (5, "UN recommendations on migration statistics"),
        (3, "Foreign-born stock 6% above the register of foreigners"),
        (4, "Tables online; microdata for research on request")),
        "Country of usual residence (UN Recommendations, Rev. 1)", "12 months"),
    "household_survey": (_q(
        (4, "Employment of immigrants and of returnees"),
        (3, "Sample too small for detail by country of origin"),
        (5, "Quarterly"),
        (4, "ILO definitions"),
        (3, "Employment of foreigners 10% below the work permits"),
        (4, "Quarterly tables; microdata on request")),
        "Usual residence in the household", "12 months, actual or intended"),
    "border_passenger_survey": (_q(
        (3, "Purpose and length of the trip"),
        (2, "Only at the airport and two road crossings"),
        (4, "Monthly"),
        (3, "Residence as declared by the traveller"),
        (2, "Cannot be linked to the border cards"),
        (3, "Yearly report")),
        "Country of residence declared by the traveller", "Intended length of the trip"),
    "border_cards": (_q(
        (3, "Counts movements, not persons"),
        (3, "Exits of citizens by land are not recorded"),
        (5, "Real time"),
        (2, "No length of stay"),
        (2, "Cannot be linked to the register of foreigners"),
        (2, "No data-sharing agreement with the NSO")),
        None, "None: each crossing is counted"),
    "population_register": (_q(
        (4, "Every resident, with citizenship"),
        (2, "Emigration recorded only when citizens deregister; fewer than one in five do"),
        (4, "Monthly extracts"),
        (2, "Three months of registration, not twelve of usual residence"),
        (2, "Population 4% above the census"),
        (3, "Extracts for the NSO under the Statistics Act")),
        "Registered address", "3 months"),
    "residence_permits": (_q(
        (4, "Purpose of stay of every foreigner admitted"),
        (4, "Complete for admissions"),
        (5, "Real time"),
        (3, "Permits, not persons: renewals are counted again"),
        (3, "Matches the register of foreigners"),
        (2, "Published once a year, as totals")),
        "Holder of a valid permit", "Validity of the permit (90 days or more)"),
    "register_of_foreigners": (_q(
        (4, "Stock and flows of foreign residents"),
        (3, "Departures are not recorded when permits expire"),
        (4, "Monthly"),
        (3, "Valid residence title, not usual residence"),
        (3, "6% below the census"),
        (2, "No regular publication")),
        "Holder of a valid residence title", "90 days"),
    "register_of_nationals_abroad": (_q(
        (4, "The only source on citizens abroad between censuses"),
        (1, "Registration is voluntary and rarely renewed"),
        (2, "Registration is renewed every two years"),
        (1, "Not comparable with the statistics of host countries"),
        (2, "Half the census estimate of emigrants"),
        (2, "Totals by country on request")),
        "Registered with a consulate", "Not defined"),
}

SOURCE_GAPS = {
    "household_survey": "Add a question on household members who moved abroad.",
    "border_cards": "Record exits of citizens by land; link crossings to persons through the "
                    "passport number.",
    "population_register": "Deregister citizens who leave; use the digitisation of 2026–2027 "
                           "to record the country of destination and returns.",
    "residence_permits": "Count persons as well as permits.",
    "register_of_foreigners": "Record departures when permits expire; share anonymised extracts "
                              "with the NSO.",
    "register_of_nationals_abroad": "Online registration (Consular Services Act); compare with "
                                    "host-country statistics every year.",
}

CONSULAR_REGISTER_COMMENT = (
    "The consular register will undercount those who left before 2015, when registration "
    "became possible by post. The census question on absent household members gives a better "
    "lower bound; please show both in the situation analysis.")

# quadrant: [(key, text)], as in the SWOT section
SWOT_ITEMS = {
    "strength": [
        ("diaspora_willing", "A large, organised diaspora willing to invest and to share skills "
                             "(68% of survey respondents would join a skills-transfer "
                             "programme)"),
        ("asylum_quality", "An asylum procedure that meets international standards at first "
                           "instance"),
        ("border_police", "Experienced border police and a modern border information system at "
                          "the airport"),
    ],
    "weakness": [
        ("data_not_linked", "Data held by several institutions are not linked and use different "
                            "definitions"),
        ("no_coordination", "No coordination body has met since 2019"),
        ("naturalisation_slow", "Naturalisation takes 31 months on average"),
    ],
    "opportunity": [
        ("ndp_human_capital", "The National Development Plan Veloria 2030 makes human capital "
                              "a priority"),
        ("skills_partnerships", "Partner countries offer circular-migration and "
                                "skills-partnership schemes"),
        ("register_digitised", "The population register is to be digitised in 2026–2027"),
    ],
    "threat": [
        ("skilled_emigration", "Continued emigration of young skilled workers, above all nurses "
                               "and technicians"),
        ("irregular_transit", "More irregular transit along the eastern border"),
        ("elections_2027", "General elections in 2027 could delay the adoption of the policy"),
    ],
}

# SWOT item, evidence (a source type, or "questionnaire": the survey's deliverable), note
CITATIONS = [
    ("data_not_linked", "population_register", "Three months of registration, not twelve"),
    ("data_not_linked", "register_of_foreigners", "No identifier shared with the population "
                                                  "register"),
    ("diaspora_willing", "questionnaire", "Diaspora survey, question 18 (n=1,284)"),
    ("skilled_emigration", "household_survey", "Vocational qualifications of people who left"),
    ("naturalisation_slow", "population_register", "Naturalisations 2022–2024"),
]

PROBLEM_STATEMENT = (
    "Migration shapes Veloria's labour market, public finances and demographic future, but "
    "nine institutions decide on it separately and without agreed objectives. Young people "
    "with vocational skills keep leaving; a diaspora of some 780,000 is willing to contribute "
    "but is not asked; immigration for work has tripled in five years on permits tied to one "
    "employer; naturalisation takes 31 months; and returnees find that their qualifications "
    "and pension rights earned abroad are rarely recognised. The data to follow these "
    "movements exist, but six institutions hold them and cannot link them.")

RATIONALE = (
    "Veloria needs one policy because decisions taken separately by nine institutions now "
    "shape the labour market, public finances and the country's demographic future together. "
    "The population is ageing and shrinking, the diaspora is willing to contribute but is not "
    "asked, and immigration is growing without any agreed objective.")

VISION = (
    "By 2035, Veloria manages migration safely, fairly and in order; it draws on the skills "
    "of its citizens at home and abroad, and offers a clear path to citizenship to those who "
    "make their lives here.")

# key, title, national development plan reference, parent key (None: general)
OBJECTIVES = [
    ("skills", "Draw on the skills of citizens at home and abroad",
     "Veloria 2030, priority 1 (human capital)", None),
    ("recognition", "Recognise qualifications and pension rights earned abroad",
     "Veloria 2030, goal 1.4", "skills"),
    ("measure_emigration", "Measure emigration and return every year",
     "Veloria 2030, goal 5.2 (official statistics)", "skills"),
    ("order", "Manage immigration safely, fairly and in order",
     "Veloria 2030, priority 3 (rule of law)", None),
    ("fair_permits", "Admit foreign workers on permits that protect them",
     "Veloria 2030, goal 1.2 (employment)", "order"),
    ("citizenship", "A clear and faster path to citizenship", "Veloria 2030, goal 3.3", "order"),
]

# key, objective, values (source: a source type of the inventory)
INDICATORS = [
    ("recognised_90", "recognition", {
        "name": "Foreign diplomas and certificates recognised within 90 days", "unit": "%",
        "baseline": "22", "baseline_year": 2024, "target": "80", "target_year": 2030}),
    ("agreements", "recognition", {
        "name": "Main countries of destination with a social-security agreement",
        "unit": "of 10", "baseline": "4", "baseline_year": 2024, "target": "10",
        "target_year": 2030}),
    # No register records return yet: the baseline comes with the first estimate.
    ("returns", "measure_emigration", {
        "name": "Returning citizens recorded per year", "unit": "persons", "target": "Yearly",
        "target_year": 2028, "source": "population_register"}),
    ("change_employer", "fair_permits", {
        "name": "Work permits that allow a change of employer", "unit": "%", "baseline": "0",
        "baseline_year": 2024, "target": "100", "target_year": 2029,
        "source": "residence_permits"}),
    ("naturalisation_months", "citizenship", {
        "name": "Average length of the naturalisation procedure", "unit": "months",
        "baseline": "31", "baseline_year": 2024, "target": "12", "target_year": 2030,
        "source": "population_register"}),
]

OPTION_CRITERIA = [
    ("Expected impact on the objective", 4, None),
    ("Cost to the State budget", 3, "5: the least costly"),
    ("Feasibility within the legal framework", 2, None),
    ("Support of the stakeholders consulted", 2, "Diaspora survey, focus groups, meetings"),
]

# key, objective, title, appraisal texts, scores on the four criteria above (0-5)
OPTIONS = [
    ("recognition_desks", "skills",
     "Recognition desks in the employment offices, and social-security agreements with the "
     "main countries of destination",
     {"costs": "VLD 1.9 million over four years: 14 recognition officers, an online procedure, "
               "the negotiation of six agreements.",
      "benefits": "Diplomas and certificates recognised within 90 days; years worked abroad "
                  "count for a Velorian pension; the first obstacle to return named by the "
                  "diaspora survey is removed.",
      "feasibility": "The Ministry of Labour already recognises diplomas of regulated "
                     "professions; vocational certificates need a decree.",
      "viability": "Fees cover a third of the running costs from the third year.",
      "assumptions": "Countries of destination are willing to negotiate; employers accept the "
                     "certificates the Ministry recognises.",
      "risks": "Negotiations may outlast the first action plan."},
     [4, 3, 4, 5]),
    ("return_grant", "skills", "Return grant paid to citizens who come back",
     {"costs": "VLD 6 million a year for 2,000 grants of VLD 3,000.",
      "benefits": "A visible signal to the diaspora; quick to launch.",
      "feasibility": "Simple to pay through the employment offices.",
      "viability": "Depends on the budget every year; no lasting effect once it stops.",
      "assumptions": "Money is what keeps people abroad.",
      "risks": "The survey suggests it is not; grants go to people who would return anyway."},
     [2, 1, 4, 3]),
    ("more_staff", "order",
     "Keep the present permits and naturalisation rules; hire staff to cut delays",
     {"costs": "VLD 0.8 million a year for 20 caseworkers.",
      "benefits": "Shorter waiting times.",
      "feasibility": "No change of law.",
      "viability": "Delays return as applications grow.",
      "assumptions": "Applications stay at today's level.",
      "risks": "Workers stay tied to one employer, the focus groups' main complaint."},
     [1, 4, 5, 2]),
    ("permits_and_time_limits", "order",
     "Permits that allow a change of employer after six months, and time limits for "
     "naturalisation",
     {"costs": "VLD 0.6 million: amendments of two laws, an online case file, training.",
      "benefits": "Workers can leave an abusive employer; naturalisation in 12 months instead "
                  "of 31; fewer appeals.",
      "feasibility": "Needs amendments of the Aliens and Asylum Act and of the Citizenship Act; "
                     "both are in the Government Programme.",
      "viability": "Running costs below today's thanks to the online case file.",
      "assumptions": "Parliament adopts the amendments before the 2027 elections.",
      "risks": "Employers' organisations may resist the change of employer."},
     [5, 4, 3, 4]),
]

RESTORE_OPTION = {
    "title": "Restore Velorian citizenship on simple declaration to those who lost it under "
             "the 1994 Act",
    "description": "Proposed by the Velorian Diaspora Council in the diaspora survey; to be "
                   "appraised with the Law Commission.",
}

RETURN_GRANT_COMMENT = (
    "Estmark paid return grants from 2016 to 2019: most went to people who had already decided "
    "to come back, and a third left again within two years. Our evaluation is available on "
    "request.")

CHOICES = {
    "recognition_desks": "Highest weighted score: the diaspora survey and the focus groups name "
                         "recognition and pension rights as the first obstacles to return.",
    "permits_and_time_limits": "Answers the focus groups on permits tied to one employer and the "
                               "Government Programme's commitment on naturalisation, at lower "
                               "running costs than more staff.",
}

INSTRUMENT_CRITERIA = [("Within the mandate of the lead institution", 3),
                       ("Cost-effectiveness", 2), ("Time to take effect", 1)]

# key, family, title, chosen option (None: serves an objective directly), lead,
# implementing institutions, resources, scores on the three criteria above
INSTRUMENTS = [
    ("aliens_act", "regulatory",
     "Amendment of the Aliens and Asylum Act: change of employer after six months",
     "permits_and_time_limits", "home", ["immigration", "law_commission"],
     "Two legal drafters for six months; review by the Law Commission.", [5, 5, 2]),
    ("citizenship_act", "regulatory",
     "Amendment of the Citizenship Act: time limits for naturalisation",
     "permits_and_time_limits", "justice", ["home_central"],
     "One legal drafter; an online case file.", [4, 4, 2]),
    ("recognition_desks_instrument", "organisational",
     "Recognition desks in twelve employment offices", "recognition_desks", "skills", ["tvet"],
     "14 recognition officers; an online application.", [5, 3, 4]),
    ("social_security", "regulatory",
     "Social-security agreements with six countries of destination", "recognition_desks",
     "foreign", ["labour"], "A negotiating team of three; an actuarial study.", [4, 4, 1]),
    ("return_portal", "informational", "Return portal for citizens abroad", "recognition_desks",
     "diaspora_desk", ["consular", "skills"], "A web developer; content in four languages.",
     [4, 5, 5]),
    ("linked_registers", "organisational",
     "Yearly estimate of emigration and return from linked registers", None, "demography",
     ["police", "immigration", "home_central"],
     "A data-sharing protocol; two statisticians.", [5, 4, 3]),
]

MEASURES = [
    {"title": "Draft the amendment of the Aliens and Asylum Act", "instrument": "aliens_act",
     "responsible": "home", "partners": ["law_commission", "immigration"],
     "start_on": "2027-01-15", "end_on": "2027-09-30",
     "output_indicator": "Draft law submitted to the Council of Ministers", "budget": "45000",
     "funding_source": "State budget", "indicator": None},
    {"title": "Draft the amendment of the Citizenship Act", "instrument": "citizenship_act",
     "responsible": "justice", "partners": ["home_central"], "start_on": "2027-02-01",
     "end_on": "2027-10-31", "indicator": "naturalisation_months", "budget": "30000",
     "funding_source": "State budget"},
    {"title": "Online case file for naturalisation", "instrument": "citizenship_act",
     "responsible": "home_central", "partners": ["justice"], "start_on": "2028-01-01",
     "end_on": "2028-12-31", "indicator": "naturalisation_months", "budget": "420000",
     "funding_source": "State budget"},
    {"title": "Open recognition desks in twelve employment offices",
     "instrument": "recognition_desks_instrument", "responsible": "skills",
     "partners": ["tvet"], "start_on": "2027-04-01", "end_on": "2028-06-30",
     "indicator": "recognised_90", "budget": "1150000",
     "funding_source": "State budget and EU grant"},
    {"title": "Negotiate social-security agreements with six countries",
     "instrument": "social_security", "responsible": "foreign", "partners": ["labour"],
     "start_on": "2027-01-01", "end_on": "2029-12-31", "indicator": "agreements",
     "budget": "240000", "funding_source": "State budget"},
    {"title": "Launch the return portal", "instrument": "return_portal",
     "responsible": "diaspora_desk", "partners": ["consular", "skills"],
     "start_on": "2027-06-01", "end_on": "2028-03-31",
     "output_indicator": "Portal online in four languages", "budget": "180000",
     "funding_source": "Donor project"},
    {"title": "Data-sharing protocol and a yearly estimate of emigration and return",
     "instrument": "linked_registers", "objective": "measure_emigration",
     "responsible": "demography", "partners": ["police", "immigration"],
     "start_on": "2027-01-01", "end_on": "2029-12-31", "indicator": "returns",
     "budget": "300000", "funding_source": "Donor project"},
]

TURNOVER_RISK = {
    "title": "Focal points leave their posts before the policy is adopted",
    "category": "staff_turnover", "likelihood": 3, "impact": 3,
    "mitigation": "Each institution names a deputy focal point; minutes and drafts are kept in "
                  "the workspace. The Law Commission replaced its focal point within a day.",
    "owner": "lead", "institution": "home", "status": "mitigated"}

RISKS = [
    {"title": "General elections in 2027 delay the adoption of the policy",
     "category": "elections", "likelihood": 4, "impact": 5,
     "mitigation": "Submit the draft to the Council of Ministers before the campaign; brief "
                   "every parliamentary group.", "owner": "lead", "institution": "home"},
    {"title": "The registers cannot be linked without a legal basis", "category": "data",
     "likelihood": 3, "impact": 4,
     "mitigation": "A data-sharing protocol between the Immigration Department, the Police "
                   "Headquarters and the NSO, based on the amendment of the Aliens and Asylum "
                   "Act.", "owner": "statistics", "institution": "nso"},
    {"title": "No budget line for the recognition desks in the medium-term framework",
     "category": "resources", "likelihood": 3, "impact": 4,
     "mitigation": "Ask for the line in the 2027 budget circular; seek an EU grant for the "
                   "first two years.", "owner": "labour", "institution": "labour"},
    {"title": "Dual citizenship needs a constitutional amendment", "category": "political",
     "likelihood": 4, "impact": 2,
     "mitigation": "Keep it out of this policy; the Law Commission reviews article 14 of the "
                   "Constitution.", "owner": "law_commission", "institution": "law_commission"},
    {"title": "Institutions keep working in silos: no coordination body has met since 2019",
     "category": "working_culture", "likelihood": 3, "impact": 3,
     "mitigation": "Monthly core group meetings; a coordination council among the instruments.",
     "owner": "core", "institution": "immigration"},
]

# ------------------------------------------------------------------ meetings and files

FIRST_MEETING_MINUTES = """\
The lead opened the meeting and welcomed the members named by their institutions.

## Mandate

The core group reviewed the draft mandate. Members asked that the Diaspora Desk
and the Law Commission be named as members in their own right, not as guests.
**Agreed.** The lead circulates the revised draft within a week.

## Work plan

- Issues paper by the end of the second month;
- a first map of stakeholders, tested in a meeting with civil society and research;
- the mandate approved by the Minister before the issues paper is accepted.

The Statistics Office was absent; the secretariat will brief it.
"""

FOURTH_MEETING_MINUTES = """\
The lead recalled the three deliverables of agenda setting. The **mandate** was
approved by the Minister; the **issues paper** was accepted; the **map of
stakeholders** was accepted in its second version, with the seasonal workers'
associations and the municipalities added after the mapping meeting.

All three inputs from the mapping meeting have a disposition. The sections of
the document written in this stage are agreed.

The core group found the work of agenda setting complete and asked the lead to
move the process to policy analysis.
"""

OPTIONS_MEETING_MINUTES = """\
The lead presented the options chosen for each general objective and the first
draft of the instruments.

- The Law Commission confirmed that restoring citizenship to those who lost it
  needs no constitutional amendment.
- Members asked how the return grant would be financed; it stays **under review**
  until the costing.
- The draft action plan has no costs yet: the core group asked Joel Marin to
  cost it with the Ministry of Finance before the next meeting.
"""

ISSUES_PAPER_FILE = [
    "Republic of Veloria — Ministry of Home Affairs",
    "## Why a policy now",
    "Veloria has become a country of emigration and, increasingly, of immigration. "
    "One Velorian in seven lives abroad, and foreign residents have doubled in ten years.",
    "## The issues",
    "- Young people leave for lack of jobs that match their skills.",
    "- Remittances are large but costly to send and rarely invested.",
    "- Citizenship rules exclude many Velorians born abroad.",
    "- Data on emigration and return are scattered across five institutions.",
    "## What the policy should settle",
    "The issues paper proposes that the policy cover emigration, return, immigration "
    "and citizenship together, under one core group led by the Ministry of Home Affairs.",
]

STAKEHOLDER_MAP_FILE = [
    "## Government",
    "- Ministry of Home Affairs (lead), Immigration Service, Refugee Office, Border Police",
    "- Ministry of Justice, Law Commission, Statistics Office, TVET Authority",
    "## Civil society and research",
    "- Migrant Support Network Veloria, Velorian Diaspora Council",
    "- Centre for Migration Research, University of Veloria; two trade unions",
    "## Added after the mapping meeting",
    "- Association of Seasonal Workers of Brenna and two community associations; "
    "the Association of Velorian Municipalities",
]
