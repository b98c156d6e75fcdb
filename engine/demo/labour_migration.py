"""Process E: the National Labour Migration Policy, adopted last year and in implementation.

The policy was prepared before the ministries used policycycle: its stages up
to adoption are recorded with the lead's note that the decision is on file
(gate overrides, each with its reason). Since its adoption in the spring of
last year, the responsible institutions report on their measures each year:

* **last year** is reported, validated and its monitoring report accepted:
  every measure on track, the bilateral agreement with Estmark concluded;
* **this year** is reported but not yet validated: the one-stop shops and the
  pre-departure orientation are delayed (with the reasons given), and the
  share of work permits issued within 30 days has fallen off its trajectory.
"""

from __future__ import annotations

from datetime import date

from engine.demo import labour_migration_texts as texts
from engine.demo.story import Story
from engine.models import Process
from engine.services import adoption, transitions
from engine.services.analysis import actions, objectives
from engine.services.monitoring import progress

TITLE = "National Labour Migration Policy 2025–2028"
WORKFLOW = "national-policy"


def _origin(today: date) -> date:
    """The process started on 1 September two years ago (adopted in the spring after); in
    January and February, a year earlier, so that last year's report is in and validated."""
    return date(today.year - (2 if today.month >= 3 else 3), 9, 1)


DAYS_AGO = (date.today() - _origin(date.today())).days

PRIOR = ("The policy was prepared and consulted before the ministries used this workspace; "
         "the Council of Ministers' decision and the adopted text are on file.")

NARRATIVE_LAST = """\
A steady first year. The **first one-stop shop** for work permits opened in the capital in \
September; the shortage list was published on time; the bilateral labour agreement with \
Estmark was signed in November.

- 1,400 workers attended a pre-departure orientation session.
- Permits issued within 30 days rose from 35 % to 48 %.
"""

NARRATIVE_THIS = """\
Two measures are **behind schedule**. The regional one-stop shops wait for their premises, \
and the orientation sessions started late. The share of permits issued within 30 days \
stalled at 52 %, below the path to 80 % in 2028.

- Agree a new opening date for the two regional offices with the Ministry of Public Works.
- Second trainers' contract to be signed before the end of the year.
"""


def _fire(s: Story, day: int, note: str) -> None:
    s.day(day, "16:00")
    transitions.fire(s.session, s.cast[s.lead], s.p, "advance", note=note,
                     override_reason=PRIOR, today=s.clock.today)


def build(s: Story) -> Process:
    """Tell the story of Process E; return the process."""
    origin = s.clock.origin
    adopted_year = origin.year + 1
    this_year = adopted_year + 1

    def day_of(when: date) -> int:
        return (when - origin).days

    s.day(0, "09:00")
    s.start("lead", title=TITLE, workflow=WORKFLOW, institution="home")
    s.join("labour", "labour")
    s.join("statistics", "nso")
    s.join("diaspora_desk", "foreign")
    s.join("observer", "msn", role="observer")

    def write(stage_texts: dict[str, str], who: str) -> None:
        for key, body in stage_texts.items():
            s.write(who, key, body)
            s.status("lead", key, "agreed")

    s.day(10, "10:00")
    write(texts.AGENDA, "lead")
    _fire(s, 20, "Agenda and mandate agreed in the inter-ministerial committee.")
    s.day(45, "11:00")
    write(texts.ANALYSIS, "labour")
    _fire(s, 60, "Situation analysis and options agreed.")

    lead = s.cast["lead"]
    s.day(75, "10:30")
    goal = objectives.create_objective(s.session, lead, s.p,
                                       title="Labour migration meets the needs of the economy")
    permits = objectives.create_objective(
        s.session, lead, s.p, title="Faster and simpler work permits", parent_id=goal.id)
    departure = objectives.create_objective(
        s.session, lead, s.p, title="Emigrating workers leave informed and protected",
        parent_id=goal.id)
    speed = objectives.create_indicator(
        s.session, lead, permits, name="Work permits issued within 30 days", unit="%",
        baseline="35", baseline_year=adopted_year - 1, target="80",
        target_year=adopted_year + 3)
    oriented = objectives.create_indicator(
        s.session, lead, departure, name="Workers who attended a pre-departure orientation",
        unit="people", baseline="0", baseline_year=adopted_year - 1, target="6000",
        target_year=adopted_year + 3)

    def measure(title: str, objective: int, who: str, start: date, end: date, budget: str,
                funding: str | None, indicator: int) -> object:
        return actions.create_measure(
            s.session, lead, s.p, title=title, objective_id=objective,
            responsible_id=s.cast.inst(who).id, start_on=start.isoformat(),
            end_on=end.isoformat(), budget=budget, funding_source=funding,
            indicator_id=indicator)

    shops = measure("Open one-stop shops for work permits in three regions", permits.id,
                    "labour", date(adopted_year, 3, 1), date(this_year, 6, 30), "420000",
                    "State budget", speed.id)
    shortage = measure("Publish the labour shortage list every year", permits.id, "nso",
                       date(adopted_year, 4, 1), date(this_year + 1, 12, 31), "60000",
                       "Global Migration Partnership", speed.id)
    orientation = measure("Pre-departure orientation for emigrating workers", departure.id,
                          "foreign", date(adopted_year, 5, 1), date(this_year + 1, 6, 30),
                          "150000", None, oriented.id)
    agreement = measure("Bilateral labour agreement with Estmark", departure.id, "foreign",
                        date(adopted_year, 3, 1), date(adopted_year, 12, 31), "25000",
                        "State budget", oriented.id)
    s.day(100, "09:00")
    write(texts.INSTRUMENTS, "labour")
    _fire(s, 110, "Instruments and action plan agreed.")
    s.day(115, "10:00")
    write(texts.VALIDATION, "lead")
    _fire(s, day_of(date(adopted_year, 3, 12)), "Adopted by the Council of Ministers.")
    s.day(day_of(date(adopted_year, 3, 14)), "12:00")
    adoption.record_adoption(
        s.session, lead, s.p, body="Council of Ministers", act_type="government_decision",
        act_reference=f"Decision No. 118/{adopted_year}",
        adopted_on=date(adopted_year, 3, 12).isoformat(),
        published_in=f"Official Gazette of the Republic of Veloria No. 23/{adopted_year}")
    s.day(day_of(date(adopted_year, 3, 20)), "09:30")
    transitions.fire(s.session, lead, s.p, "advance",
                     note="Implementation starts; yearly reporting to the core group.",
                     today=s.clock.today)

    def report(who: str, item: object, period: int, status: str, spent: str, note: str) -> None:
        progress.report_progress(s.session, s.cast[who], item, period=str(period),
                                 status=status, spent=spent, note=note)

    # Last year: every measure on track, reported in January, validated and accepted.
    s.day(day_of(date(adopted_year + 1, 1, 15)), "11:00")
    report("labour", shops, adopted_year, "on_track", "150000",
           "The capital's one-stop shop opened in September.")
    report("statistics", shortage, adopted_year, "on_track", "18000",
           "Shortage list published in June.")
    s.day(day_of(date(adopted_year + 1, 1, 20)), "15:30")
    report("diaspora_desk", orientation, adopted_year, "on_track", "45000",
           "Sessions held in four districts.")
    report("diaspora_desk", agreement, adopted_year, "completed", "24000",
           "Signed in Estmark's capital on 14 November.")
    progress.record_value(s.session, s.cast["statistics"], speed, period=str(adopted_year),
                          value="48", note="Permit register, December.")
    progress.record_value(s.session, s.cast["diaspora_desk"], oriented,
                          period=str(adopted_year), value="1400")
    progress.save_narrative(s.session, s.cast["labour"], s.p, period=str(adopted_year),
                            narrative=NARRATIVE_LAST)
    s.day(day_of(date(adopted_year + 1, 2, 3)), "10:00")
    progress.validate_period(s.session, lead, s.p, period=str(adopted_year))
    s.day(day_of(date(adopted_year + 1, 2, 17)), "14:00")
    progress.accept_report(s.session, lead, s.p, period=str(adopted_year))

    # This year: reported ten days ago, two measures delayed, not validated yet.
    recent = (date.today() - origin).days - 10
    s.day(recent, "09:45")
    report("labour", shops, this_year, "delayed", "210000",
           "Two regional offices still wait for their premises; the Ministry of Public Works "
           "now expects to hand them over in February.")
    report("statistics", shortage, this_year, "on_track", "15000",
           "Second shortage list published in June.")
    s.day(recent + 1, "16:20")
    report("diaspora_desk", orientation, this_year, "delayed", "30000",
           "The trainers' contract was signed four months late; sessions resumed in "
           "September.")
    progress.record_value(s.session, s.cast["statistics"], speed, period=str(this_year),
                          value="52", note="Permit register, October.")
    progress.record_value(s.session, s.cast["diaspora_desk"], oriented, period=str(this_year),
                          value="2900")
    s.day(recent + 2, "12:00")
    progress.save_narrative(s.session, s.cast["labour"], s.p, period=str(this_year),
                            narrative=NARRATIVE_THIS)
    return s.p
