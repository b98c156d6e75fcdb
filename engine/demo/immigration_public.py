"""Process B's public consultation on the draft Strategy, and the record of its round table.

The lead published the objectives and three chapters of instruments for three
weeks; people and organisations wrote in without an account, the core group
moderated what came (two messages were spam or off-topic), decided on every
accepted input, and the closed page now publishes "you said, we did".
"""

from __future__ import annotations

from typing import Any

from engine.demo.story import Story
from engine.models import Consultation, ConsultationInput, PublicConsultation
from engine.services import consultations, public_consultations

TITLE = "Draft National Immigration Strategy 2027–2032: have your say"
SECTIONS = ("objectives", "regulatory_instruments", "financial_instruments", "action_plan")
OPENS, CLOSES = 382, 402

#: (day, name, organisation, group, section, text, moderation, (disposition, reason) | None)
SUBMISSIONS: tuple[tuple[Any, ...], ...] = (
    (383, "", "Velorian Refugee Council", "civil_society", "regulatory_instruments",
     "The amendment of the Foreigners Act should set a maximum period of immigration "
     "detention, and provide alternatives to detention for families with children.",
     "accept", ("partly", "The amendment (measure 1) sets maximum periods, as the law must; "
                          "alternatives to detention for families are added to measure 1. "
                          "The periods themselves are for Parliament to set.")),
    (385, "", "Chamber of Commerce of Veloria", "private_sector", "action_plan",
     "Employers should be able to file permit applications online from the first phase of "
     "the one-stop shop, not only from 2029.",
     "accept", ("accepted", "Online applications by employers move to the first phase of the "
                            "one-stop shop (measure 2).")),
    (388, "Mira Jansen", "Private person", "diaspora", "action_plan",
     "Velorians abroad cannot attend the information sessions. Please put the guide for "
     "returning families online, in the languages of the countries where we live.",
     "accept", ("accepted", "The returnee guide will be published online in English, German "
                            "and Italian (measure 4).")),
    (390, "", "Confederation of Velorian Trade Unions", "trade_unions", "objectives",
     "Add an objective on the labour rights of seasonal workers, with labour inspections "
     "in agriculture every harvest season.",
     "accept", ("partly", "Inspections in agriculture during the harvest are added to "
                          "measure 5; a separate objective would repeat the Labour Strategy.")),
    (392, "", "Cheap Flights Veloria", "private_sector", "objectives",
     "Cheap flights to Lindau every day, book now!", "spam", None),
    (394, "", "Association of Velorian Municipalities", "local_government",
     "financial_instruments",
     "Municipalities are asked to run language courses but receive no money for it. The "
     "Strategy should earmark a grant.",
     "accept", ("partly", "The financial instruments now earmark a grant for municipalities "
                          "that run language courses; its amount is set in each annual "
                          "budget.")),
    (396, "", "Residents of Old Town", "civil_society", "objectives",
     "The road to the border crossing at Kessel needs repairs before winter.",
     "off_topic", None),
    (398, "", "Centre for Migration Research", "academia", "regulatory_instruments",
     "Give researchers access to the register of foreigners itself, under a confidentiality "
     "agreement.",
     "accept", ("rejected", "The Data Protection Act does not allow it. The annual statistics "
                            "report will come with an anonymised research file instead, as "
                            "agreed at the round table.")),
)


def publish(s: Story) -> PublicConsultation:
    """The lead publishes the draft's objectives and instruments (day 381)."""
    s.day(381, "16:00")
    return public_consultations.publish(
        s.session, s.cast[s.lead], s.p, title=TITLE,
        section_ids=[s.section(key).id for key in SECTIONS],
        opens_on=s.date(OPENS), closes_on=s.date(CLOSES))


def receive_and_moderate(s: Story, item: PublicConsultation) -> list[tuple[Any, ...]]:
    """Input arrives while the page is open; the core group moderates it the next day."""
    accepted = []
    for day, name, organisation, group, section, text, moderation, decision in SUBMISSIONS:
        s.day(day, "20:15")
        submission = public_consultations.submit(
            s.session, item.slug, today=s.clock.today, name=name, organisation=organisation,
            group=group, section_id=s.section(section).id, text=text)
        assert submission is not None
        s.day(day + 1, "09:10")
        public_consultations.moderate(s.session, s.cast["diaspora_desk"], submission,
                                      decision=moderation)
        if decision is not None:
            accepted.append((submission.input_id, decision, section))
    return accepted


def decide(s: Story, accepted: list[tuple[Any, ...]]) -> None:
    """After closing, the core group decides on every accepted input (day 403)."""
    s.day(403, "10:30")
    for input_id, (disposition, reason), section in accepted:
        item = s.session.get(ConsultationInput, input_id)
        s.dispose("core", item, disposition, reason,
                  section=section if disposition != "rejected" else None)


def record_round_table(s: Story, round_table: Consultation) -> None:
    """Who was invited to the round table, who came, and its report (day 413)."""
    s.day(413, "15:00")
    consultations.update_consultation(
        s.session, s.cast["core"], round_table,
        invited_institutions=["Velorian Refugee Council", "Centre for Migration Research",
                              "Global Migration Partnership",
                              "Confederation of Velorian Trade Unions",
                              "Chamber of Commerce of Veloria",
                              "Association of Velorian Municipalities"],
        invited_groups=["civil_society", "academia", "international_organisations",
                        "trade_unions", "private_sector", "local_government"],
        participants_by_group={"civil_society": 18, "academia": 6,
                               "international_organisations": 4, "trade_unions": 3,
                               "private_sector": 3},
        participants_by_sex={"female": 19, "male": 14, "other": 1},
        report=ROUND_TABLE_REPORT)


ROUND_TABLE_REPORT = """\
**Round table with civil society on the draft Strategy**, National Library, 34 participants.

The Deputy Minister of Home Affairs opened the meeting; the head of the Immigration Service \
presented the draft and its action plan.

Main points raised:

- detention of foreigners awaiting removal: participants asked for maximum periods in law;
- access to data for research on migration;
- the cost of recruitment paid by foreign workers.

Three inputs were recorded; the core group decides on each and publishes the reasons with \
the validation record. The municipalities were invited but did not attend.
"""
