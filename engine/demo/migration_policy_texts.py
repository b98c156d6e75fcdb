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
