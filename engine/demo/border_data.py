"""Process C: a technical-assistance request, waiting for the steering group.

The Border Management Agency prepared a request to the Migration Expertise
Facility for help with labour-migration data, in support of the National
Migration and Citizenship Policy, and submitted it. The request was registered,
the action sheet was written with the facility and accepted, and the steering
group (the representative of the facility's donor) is assessing it: four of the
five criteria are rated, sustainability waits for the BMA's staffing plan.
"""

from __future__ import annotations

from sqlalchemy import select

from engine.demo import migration_policy
from engine.demo.story import Story
from engine.models import Process
from engine.services import assessments

TITLE = "Support to the Border Management Agency on labour migration data"
WORKFLOW = "technical-assistance"
DAYS_AGO = 40

REQUEST_SUMMARY = """\
On {request_date} the Director-General of the **Border Management Agency** (BMA) asked the \
Migration Expertise Facility for peer-to-peer support.

The BMA records every entry and exit at Veloria's 14 border crossing points, but it cannot \
yet tell:

- how many foreign nationals enter **to work**, and for how long they stay;
- how many Velorians leave for seasonal work abroad, and when they come back;
- how its records compare with the work permits of the Ministry of Labour and the register \
of foreigners.

The request follows the data-sources inventory of the *National Migration and Citizenship \
Policy*, which found that border cards count movements, not persons.
"""

OBJECTIVES = """\
**Overall objective:** better evidence on labour migration for the policies of Veloria.

**Specific objective:** the BMA produces reliable quarterly statistics on labour-migration \
flows, consistent with the definitions of the National Statistical Office.

#### Expected results

1. A method to link border records to permits without identifying individuals in the \
published figures.
2. Ten BMA analysts and four NSO statisticians trained in it.
3. A first quarterly bulletin on labour-migration flows published.
"""

ACTIVITIES = """\
| Activity | Expertise | Format | Expert days |
|---|---|---|---:|
| Assessment of the BMA's data and systems | border data analyst | mission to Velor City | 6 |
| Workshop on definitions with the NSO and the Ministry of Labour | migration statistician | workshop | 4 |
| Design of the linking method and of the bulletin | data protection and statistics | remote, with one mission | 10 |
| Training of analysts | migration statistician | training of trainers | 5 |
| Study visit to the Ministry of the Interior of Estmark | — | study visit, 4 participants | 3 |
"""

TIMELINE = """\
| Month | Activities |
|---|---|
| 1 | Fact-finding mission; assessment |
| 2–3 | Workshop on definitions; design of the method |
| 4 | Study visit |
| 5 | Training of analysts |
| 6 | First quarterly bulletin; completion report |
"""

# The objectives and activities also in French, for the francophone experts of the facility
# (the activities changed after they were translated: their translation is out of date).
OBJECTIVES_FR = """\
**Objectif global :** de meilleures données sur les migrations de travail pour les politiques \
de Veloria.

**Objectif spécifique :** la BMA produit des statistiques trimestrielles fiables sur les flux \
de migration de travail, cohérentes avec les définitions de l'Office national de la statistique.

#### Résultats attendus

1. Une méthode pour relier les données aux frontières aux permis de travail sans identifier \
les personnes dans les chiffres publiés.
2. Dix analystes de la BMA et quatre statisticiens de l'ONS formés à cette méthode.
3. Un premier bulletin trimestriel sur les flux de migration de travail publié.
"""

ACTIVITIES_FR = """\
| Activité | Expertise | Format | Jours d'expert |
|---|---|---|---:|
| Évaluation des données et des systèmes de la BMA | analyste des données aux frontières | mission à Velor City | 6 |
| Atelier sur les définitions avec l'ONS et le Ministère du Travail | statisticien des migrations | atelier | 4 |
| Conception de la méthode et du bulletin | protection des données et statistique | à distance, avec une mission | 10 |
| Formation des analystes | statisticien des migrations | formation de formateurs | 5 |
| Visite d'étude au Ministère de l'Intérieur d'Estmark | — | visite d'étude, 4 participants | 3 |
"""


def _long(day) -> str:
    return f"{day.day} {day:%B %Y}"


def build(s: Story) -> Process:
    """Tell the story of Process C; return the process."""
    dates = {"request_date": _long(s.date(-3))}
    s.day(0, "09:00")
    s.start("bma", title=TITLE, workflow=WORKFLOW, institution="bma")
    s.join("facility", "mef")
    s.join("lead", "home")
    s.join("statistics", "demography")
    s.join("donor", "partnership_fund", role="steering")
    _link_to_the_policy(s)
    s.day(0, "16:00")
    s.fire("submit", note="Request signed by the Director-General of the BMA and sent to the "
                          "facility.")
    request = s.deliverable("bma", stage="request", kind="request",
                            title="Request letter of the Director-General of the BMA",
                            owner="bma", due=3)
    s.day(1, "14:30")
    s.write("bma", "request_summary", REQUEST_SUMMARY.format(**dates))
    s.day(2, "10:00")
    s.move("bma", request, "submitted")
    s.day(4, "09:30")
    s.move("facility", request, "accepted")
    s.status("facility", "request_summary", "agreed")
    s.day(5, "11:00")
    s.fire("advance", note=f"Request registered by the facility as MEF/{s.date(5).year}/047.")

    s.day(6, "10:00")
    sheet = s.deliverable("facility", stage="action_sheet", kind="action_sheet", owner="facility",
                          due=26)
    s.day(8, "16:00")
    s.write("facility", "objectives", OBJECTIVES)
    s.day(9, "10:00")
    s.translate("facility", "objectives", "fr", OBJECTIVES_FR, title="Objectifs")
    s.day(11, "11:20")
    s.write("bma", "activities", ACTIVITIES)
    s.day(12, "09:40")
    s.translate("facility", "activities", "fr", ACTIVITIES_FR, title="Activités")
    s.day(13, "15:45")
    s.write("facility", "timeline", TIMELINE)
    s.day(15, "10:30")
    s.write("statistics", "activities", ACTIVITIES.replace(
        "| Training of analysts | migration statistician | training of trainers | 5 |",
        "| Training of BMA analysts and NSO statisticians | migration statistician | "
        "training of trainers | 5 |"), note="NSO statisticians join the training")
    s.day(18, "09:00")
    for key in ("objectives", "activities", "timeline"):
        s.status("facility", key, "in_review")
    s.day(21, "17:00")
    s.move("facility", sheet, "submitted")
    s.day(23, "10:00")
    s.move("bma", sheet, "accepted")
    for key in ("objectives", "activities", "timeline"):
        s.status("bma", key, "agreed")
    s.day(24, "11:00")
    s.fire("advance", note="Action sheet agreed with the BMA within three weeks; submitted to "
                           "the steering group for its next meeting.")

    for day, (criterion, rating, comment) in enumerate(ASSESSMENT, start=28):
        s.day(day, "10:00")
        assessments.assess(s.session, s.cast["donor"], s.p, criterion=criterion, rating=rating,
                           comment=comment)
    return s.p


# The steering group's assessment so far: sustainability waits for the BMA's staffing plan.
ASSESSMENT = [
    ("relevance", 4, "Labour-migration data are a stated gap of the national policy's "
                     "inventory; the request answers it directly."),
    ("quality", 3, "Clear results and a realistic timeline; the data-protection safeguards "
                   "of the linking method must be spelled out in the fact-finding report."),
    ("ownership", 4, "Requested and co-written by the BMA's Director-General, with the NSO "
                     "joining the training."),
    ("impact", 3, "A quarterly bulletin used by three ministries; the link to the work-permit "
                  "register depends on the Ministry of Labour."),
]


def _link_to_the_policy(s: Story) -> None:
    """The request names the policy it supports (the BMA follows it as an observer)."""
    policy = s.session.scalar(select(Process).where(Process.title == migration_policy.TITLE))
    if policy is not None:
        assessments.link_supported_process(s.session, s.cast["bma"], s.p, policy.id)
