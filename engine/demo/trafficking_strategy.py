"""Process D: a francophone process, the national strategy against human trafficking.

The document of this process is written in French (its document language is
``fr``): the Word export prints its contents, annexes, tables and dates in
French. The Ministry of Justice leads; Amélie Dubois, of the national
anti-trafficking committee, is the French-speaking core member. The agenda
was set in three months (issues paper, stakeholder map and mandate accepted,
a meeting with civil society held) and the process is now in policy analysis,
its situation analysis being drafted.
"""

from __future__ import annotations

from engine.demo.story import Story
from engine.models import Process
from engine.services import processes

TITLE = "Stratégie nationale de lutte contre la traite des personnes 2027–2031"
WORKFLOW = "national-policy"
DAYS_AGO = 120
COUNTRY_FR = "République de Veloria"

AGENDA = "agenda_setting"
ANALYSIS = "policy_analysis"

ISSUES = """\
La République de Veloria est à la fois un pays d'origine, de transit et de destination de la \
traite des personnes. En trois ans, les services de police ont identifié **214 victimes**, dont \
un tiers de mineurs ; les condamnations restent rares (**11 jugements** définitifs).

La traite prend trois formes principales :

1. l'exploitation par le travail dans l'agriculture saisonnière et la construction ;
2. l'exploitation sexuelle, souvent organisée depuis l'étranger ;
3. la mendicité forcée d'enfants dans les grandes villes.
"""

DRIVERS = """\
Les facteurs de la traite sont connus : la pauvreté des districts ruraux, le recrutement \
informel de travailleurs saisonniers, la faiblesse de l'inspection du travail et la \
méconnaissance des victimes, qui ne se reconnaissent pas comme telles.

Le **cadre juridique** date de 2009 et ne couvre pas l'exploitation par le travail.
"""

PUBLIC_PROBLEM = """\
La traite des personnes est un problème public : elle viole les droits fondamentaux des \
victimes, elle nourrit la criminalité organisée et elle fausse le marché du travail. Aucune \
institution ne peut y répondre seule.
"""

MANDATE = """\
Le Ministre de la Justice a chargé le groupe de travail, le {mandate_date}, de préparer en \
douze mois une stratégie nationale de lutte contre la traite des personnes, assortie d'un plan \
d'action chiffré, et de consulter les organisations de la société civile qui accompagnent les \
victimes.
"""

SITUATION = """\
**Ce que l'on sait.** Les données viennent de trois sources qui ne se recoupent pas : les procédures de police, les \
dossiers des centres d'accueil et les signalements de l'inspection du travail.

**Ce qui manque :**

- un registre unique des victimes identifiées ;
- des chiffres sur l'exploitation par le travail ;
- un suivi des victimes après leur sortie des centres d'accueil.
"""


def _long(day) -> str:
    months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
              "septembre", "octobre", "novembre", "décembre"]
    return f"{day.day} {months[day.month - 1]} {day.year}"


def build(s: Story) -> Process:
    """Tell the story of Process D; return the process."""
    dates = {"mandate_date": _long(s.date(6))}
    s.day(0, "09:30")
    s.process = processes.start_process(
        s.session, s.cast["justice"], s.catalog, title=TITLE, workflow=WORKFLOW,
        country=COUNTRY_FR, requesting_institution_id=s.cast.inst("justice").id,
        start_date=s.clock.origin, document_language="fr",
    )
    s.join("core_fr", "cnlt")
    s.join("police", "police")
    s.join("refugee", "refugee")
    issues = s.deliverable("justice", stage=AGENDA, kind="issues_paper",
                           title="Note sur les enjeux de la traite", owner="core_fr", due=30)
    stakeholders = s.deliverable("justice", stage=AGENDA, kind="stakeholder_map",
                                 title="Cartographie des parties prenantes", owner="refugee",
                                 due=45)
    mandate = s.deliverable("justice", stage=AGENDA, kind="mandate",
                            title="Mandat du groupe de travail", owner="justice", due=20)

    s.day(4, "15:10")
    s.write("core_fr", "issues", ISSUES)
    s.day(7, "10:00")
    s.write("justice", "mandate", MANDATE.format(**dates))
    s.day(12, "11:30")
    s.write("core_fr", "drivers", DRIVERS)
    s.write("justice", "public_problem", PUBLIC_PROBLEM)
    s.day(15, "09:00")
    s.comment("police", "drivers",
              "Il faudrait citer la loi de 2009 par son numéro et sa date exacte.",
              quote="Le **cadre juridique** date de 2009")

    s.day(31, "10:00")
    meeting = s.consultation(
        "core_fr", stage=AGENDA, method="interest_group_meeting",
        title="Réunion avec les associations d'aide aux victimes",
        held_on=30, groups=["civil_society", "government"],
        summary=("Réunion d'une demi-journée au Ministère de la Justice avec douze "
                 "associations qui accueillent et accompagnent les victimes de la traite."),
    )
    shelters = s.input("core_fr", meeting, "Réseau des centres d'accueil",
                       "Associer les centres d'accueil au groupe de travail et non seulement "
                       "aux consultations.")
    inspection = s.input("core_fr", meeting, "Syndicat des travailleurs agricoles",
                         "Renforcer l'inspection du travail pendant les saisons de récolte.")
    s.day(34, "14:00")
    s.dispose("justice", shelters, "partly",
              "Les centres d'accueil seront consultés à chaque étape ; le réseau désigne un "
              "expert qui suit les travaux.", section="issues")
    s.dispose("justice", inspection, "accepted",
              "Repris dans l'analyse des facteurs de la traite.", section="drivers")

    s.day(40, "09:30")
    for item in (mandate, issues, stakeholders):
        s.deliverable_to(item, "accepted", by="justice")
    s.day(87, "16:00")
    s.meeting(
        "justice", stage=AGENDA, title="Deuxième réunion du groupe de travail", held_on=87,
        place="Ministère de la Justice, salle du conseil",
        agenda="1. Livrables de la mise à l'agenda\n2. Suites de la réunion avec les "
               "associations\n3. Passage à l'analyse des politiques",
        minutes="La note sur les enjeux, la cartographie des parties prenantes et le mandat "
                "sont acceptés. Les deux contributions de la réunion avec les associations "
                "ont reçu une suite.\n\nLe groupe de travail estime la mise à l'agenda "
                "achevée et demande le passage à l'analyse des politiques.",
        attendance={"justice": "present", "core_fr": "present", "police": "present",
                    "refugee": "excused"},
        decisions=["Passage à l'analyse des politiques."],
        actions=[("Rédiger l'analyse de la situation de la traite", "core_fr", 150, "open")],
    )
    s.day(88, "11:00")
    s.fire("advance", note="Enjeux, cartographie et mandat acceptés ; la société civile a été "
                           "entendue.")

    s.day(95, "10:15")
    s.write("core_fr", "situation_analysis", SITUATION)
    s.deliverable("justice", stage=ANALYSIS, kind="situation_analysis",
                  title="Analyse de la situation de la traite", owner="core_fr", due=150)
    return s.p
