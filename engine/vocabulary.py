"""The fixed vocabularies of the domain: API values and their English labels.

Labels are wrapped in ``N_`` so that message extraction finds them; the web
adapter translates them at render time with ``gettext(label)``.
"""

from __future__ import annotations


def N_(text: str) -> str:  # noqa: N802 - the conventional gettext no-op marker
    """Mark a string for translation without translating it here."""
    return text


ROLES: dict[str, str] = {
    "lead": N_("Lead"),
    "core": N_("Core group member"),
    "expert": N_("Expert"),
    "observer": N_("Observer"),
    # A donor's representative on a technical-assistance request's steering group.
    "steering": N_("Steering-group member"),
}

#: What the steering group assesses a technical-assistance request against.
ASSESSMENT_CRITERIA: dict[str, str] = {
    "relevance": N_("Relevance"),
    "quality": N_("Quality"),
    "ownership": N_("Country ownership"),
    "impact": N_("Impact"),
    "sustainability": N_("Sustainability"),
}

ASSESSMENT_RATINGS: dict[str, str] = {
    "4": N_("Very good"),
    "3": N_("Good"),
    "2": N_("Fair"),
    "1": N_("Poor"),
}

CONSULTATION_METHODS: dict[str, str] = {
    "survey": N_("Survey or questionnaire"),
    "interest_group_meeting": N_("Interest-group meeting"),
    "e_consultation": N_("E-consultation"),
    "public_hearing": N_("Public hearing"),
    "listening_event": N_("Listening event"),
    "focus_group": N_("Focus group"),
    "workshop": N_("Workshop"),
    "round_table": N_("Round table"),
}

STAKEHOLDER_GROUPS: dict[str, str] = {
    "government": N_("Government"),
    "civil_society": N_("Civil society"),
    "diaspora": N_("Diaspora"),
    "academia": N_("Academia and research"),
    "migrants": N_("Migrants and their representatives"),
    "private_sector": N_("Private sector"),
    "trade_unions": N_("Trade unions"),
    "local_government": N_("Local government"),
    "parliament": N_("Parliament"),
    "judiciary": N_("Judiciary"),
    "international_organisations": N_("International organisations"),
    "media": N_("Media"),
}

INSTITUTION_KINDS: dict[str, str] = {
    "ministry": N_("Ministry"),
    "department": N_("Department"),
    "division": N_("Division"),
    "agency": N_("Agency"),
    "statistics_office": N_("Statistics office"),
    "parliament": N_("Parliament"),
    "judiciary": N_("Judiciary"),
    "local_government": N_("Local government"),
    "ngo": N_("Non-governmental organisation"),
    "diaspora_association": N_("Diaspora association"),
    "academia": N_("Academia"),
    "international_organisation": N_("International organisation"),
    "regional_organisation": N_("Regional organisation"),
    "foreign_administration": N_("Foreign administration"),
    "private_sector": N_("Private sector"),
    "donor": N_("Donor"),
}

INSTRUMENT_FAMILIES: dict[str, str] = {
    "regulatory": N_("Regulatory"),
    "financial": N_("Financial"),
    "informational": N_("Informational"),
    "organisational": N_("Organisational"),
}

DELIVERABLE_KINDS: dict[str, str] = {
    "issues_paper": N_("Issues paper"),
    "stakeholder_map": N_("Stakeholder map"),
    "mandate": N_("Mandate of the process"),
    "situation_analysis": N_("Situation analysis"),
    "swot": N_("SWOT analysis"),
    "migration_profile": N_("Migration profile"),
    "data_sources_inventory": N_("Inventory of data sources"),
    "problem_statement": N_("Problem statement"),
    "vision": N_("Vision"),
    "objectives": N_("Objectives and specific goals"),
    "options_appraisal": N_("Options appraisal"),
    "instruments_inventory": N_("Instruments inventory"),
    "draft_policy": N_("Draft policy document"),
    "action_plan": N_("Action plan"),
    "validation_record": N_("Validation record"),
    "questionnaire": N_("Questionnaire"),
    "communication_strategy": N_("Communication strategy"),
    "monitoring_report": N_("Monitoring report"),
    "evaluation_report": N_("Evaluation report"),
    "request": N_("Request"),
    "action_sheet": N_("Action sheet"),
    "steering_decision": N_("Steering-group decision"),
    "mission_report": N_("Fact-finding mission report"),
    "activity_report": N_("Activity report"),
    "completion_report": N_("Completion report"),
    "other": N_("Other"),
}

DELIVERABLE_STATUSES: dict[str, str] = {
    "draft": N_("Draft"),
    "submitted": N_("Submitted"),
    "accepted": N_("Accepted"),
    "returned": N_("Returned"),
}

# Which status changes a deliverable may take.
DELIVERABLE_FLOW: dict[str, frozenset[str]] = {
    "draft": frozenset({"submitted"}),
    "submitted": frozenset({"accepted", "returned"}),
    "returned": frozenset({"submitted", "draft"}),
    "accepted": frozenset({"returned"}),
}

# A deliverable's versions: waiting for the lead, then decided.
VERSION_STATUSES: dict[str, str] = {
    "submitted": N_("Awaiting decision"),
    "accepted": N_("Accepted"),
    "returned": N_("Returned"),
    "superseded": N_("Superseded"),
}

# What a deliverable's version may link to.
VERSION_LINK_KINDS: dict[str, str] = {
    "section": N_("Sections of the document"),
    "data_source": N_("Data sources"),
    "swot_item": N_("SWOT items"),
    "objective": N_("Objectives"),
    "policy_option": N_("Policy options"),
    "instrument": N_("Instruments"),
    "measure": N_("Measures"),
    "risk": N_("Risks"),
}

# Core-group meetings: whether an invited member came, and action points.
ATTENDANCE: dict[str, str] = {
    "present": N_("Present"),
    "excused": N_("Excused"),
    "absent": N_("Absent"),
}
ACTION_POINT_STATUSES: dict[str, str] = {
    "open": N_("Open"),
    "done": N_("Done"),
}

DISPOSITIONS: dict[str, str] = {
    "accepted": N_("Accepted"),
    "partly": N_("Partly accepted"),
    "rejected": N_("Rejected"),
}

#: Participants of a consultation counted by sex.
SEXES: dict[str, str] = {
    "female": N_("Female"),
    "male": N_("Male"),
    "other": N_("Other or undisclosed"),
}

#: What moderation makes of a submission sent through a public consultation page.
MODERATION_DECISIONS: dict[str, str] = {
    "accept": N_("Accept as an input"),
    "spam": N_("Reject as spam"),
    "off_topic": N_("Reject as off-topic"),
}

#: Why a rejected submission is kept unpublished.
REJECTIONS: dict[str, str] = {
    "spam": N_("Rejected as spam"),
    "off_topic": N_("Rejected as off-topic"),
}

SECTION_STATUSES: dict[str, str] = {
    "drafting": N_("Drafting"),
    "in_review": N_("In review"),
    "agreed": N_("Agreed"),
}

SUSPENDED = "suspended"

# ---------------------------------------------------------- policy analysis

DATA_SOURCE_TYPES: dict[str, str] = {
    "population_census": N_("Population census"),
    "household_survey": N_("Household survey"),
    "border_passenger_survey": N_("Border passenger survey"),
    "special_survey": N_("Special survey"),
    "border_cards": N_("Border cards"),
    "population_register": N_("Population register"),
    "residence_permits": N_("Residence permits"),
    "register_of_foreigners": N_("Register of foreigners"),
    "register_of_nationals_abroad": N_("Register of nationals at missions abroad"),
    "other": N_("Other source"),
}

# What a source can tell about migration (columns of the inventory matrix).
COVERAGE_DIMENSIONS: dict[str, str] = {
    "immigration_flow": N_("Immigration flow"),
    "emigration_flow": N_("Emigration flow"),
    "immigrant_stock": N_("Immigrant stock"),
    "emigrant_stock": N_("Emigrant stock"),
}

COVERAGE_VALUES: dict[str, str] = {
    "+": N_("Covers"),
    "+/-": N_("Covers only under conditions"),
    "-": N_("Does not cover"),
    "unknown": N_("Not known yet"),
}

# Quality dimensions of the European Statistical System.
ESS_DIMENSIONS: dict[str, str] = {
    "relevance": N_("Relevance"),
    "accuracy": N_("Accuracy"),
    "timeliness": N_("Timeliness and punctuality"),
    "comparability": N_("Comparability"),
    "coherence": N_("Coherence"),
    "accessibility": N_("Accessibility and clarity"),
}

QUALITY_RATINGS: dict[str, str] = {
    "1": N_("1 – very poor"),
    "2": N_("2 – poor"),
    "3": N_("3 – adequate"),
    "4": N_("4 – good"),
    "5": N_("5 – very good"),
}

SWOT_QUADRANTS: dict[str, str] = {
    "strength": N_("Strengths"),
    "weakness": N_("Weaknesses"),
    "opportunity": N_("Opportunities"),
    "threat": N_("Threats"),
}

# Parts of the problem analysis that a citation can support (besides SWOT items).
PROBLEM_FIELDS: dict[str, str] = {
    "problem_statement": N_("Problem statement"),
    "rationale": N_("Rationale"),
    "vision": N_("Vision"),
}

OBJECTIVE_LEVELS: dict[str, str] = {
    "general": N_("General objective"),
    "specific": N_("Specific objective"),
}

# What a set of weighted criteria is used to score.
CRITERIA_SCOPES: dict[str, str] = {
    "options": N_("Policy options"),
    "instruments": N_("Instruments"),
}

RISK_CATEGORIES: dict[str, str] = {
    "political": N_("Political conditions"),
    "organisational": N_("Organisational capacity and roles"),
    "resources": N_("Resources and staffing"),
    "working_culture": N_("Working culture"),
    "data": N_("Data"),
    "elections": N_("Elections"),
    "staff_turnover": N_("Staff turnover"),
    "other": N_("Other"),
}

# Likelihood and impact of a risk, 1 (lowest) to 5 (highest).
RISK_LIKELIHOODS: dict[str, str] = {
    "1": N_("Rare"),
    "2": N_("Unlikely"),
    "3": N_("Possible"),
    "4": N_("Likely"),
    "5": N_("Almost certain"),
}

RISK_IMPACTS: dict[str, str] = {
    "1": N_("Negligible"),
    "2": N_("Minor"),
    "3": N_("Moderate"),
    "4": N_("Major"),
    "5": N_("Severe"),
}

RISK_STATUSES: dict[str, str] = {
    "open": N_("Open"),
    "mitigated": N_("Mitigated"),
    "closed": N_("Closed"),
    "occurred": N_("Occurred"),
}

# Kinds of analysis records that experts and members can comment on.
ANALYSIS_ITEM_TYPES: dict[str, str] = {
    "data_source": N_("Data source"),
    "problem": N_("Problem analysis"),
    "objective": N_("Objective"),
    "option": N_("Policy option"),
    "instrument": N_("Instrument"),
    "measure": N_("Measure"),
    "risk": N_("Risk"),
}

# The languages a strategy document (and a section's translation) can be written in.
DOCUMENT_LANGUAGES: dict[str, str] = {
    "en": N_("English"),
    "fr": N_("French"),
    "es": N_("Spanish"),
    "pt": N_("Portuguese"),
    "ru": N_("Russian"),
}

# Implementation monitoring: the status of a measure in a reporting period, and
# how often a process reports.
MEASURE_STATUSES: dict[str, str] = {
    "not_started": N_("Not started"),
    "on_track": N_("On track"),
    "delayed": N_("Delayed"),
    "completed": N_("Completed"),
    "cancelled": N_("Cancelled"),
}

REPORTING_FREQUENCIES: dict[str, str] = {
    "yearly": N_("By calendar year"),
    "quarterly": N_("By calendar quarter"),
}

# ------------------------------------------------------------------ after the decision

# The kind of act by which an approving body adopts a policy.
ACT_TYPES: dict[str, str] = {
    "law": N_("Law"),
    "decree": N_("Decree"),
    "government_decision": N_("Government decision"),
    "resolution": N_("Resolution"),
    "order": N_("Order"),
    "ministerial_order": N_("Ministerial order"),
    "other": N_("Other act"),
}

# The states a process may be in for its adoption to be recorded (later states
# come with the implementation and evaluation stages).
ADOPTION_STATES = ("adopted", "implementation", "evaluation", "closed")

EVALUATION_KINDS: dict[str, str] = {
    "mid_term": N_("Mid-term evaluation"),
    "final": N_("Final evaluation"),
}

# The OECD-DAC evaluation criteria, in their usual order.
EVALUATION_CRITERIA: dict[str, str] = {
    "relevance": N_("Relevance"),
    "coherence": N_("Coherence"),
    "effectiveness": N_("Effectiveness"),
    "efficiency": N_("Efficiency"),
    "impact": N_("Impact"),
    "sustainability": N_("Sustainability"),
}

EVALUATION_RATINGS: dict[str, str] = {
    "highly_satisfactory": N_("Highly satisfactory"),
    "satisfactory": N_("Satisfactory"),
    "partly_satisfactory": N_("Partly satisfactory"),
    "unsatisfactory": N_("Unsatisfactory"),
}

RECOMMENDATION_DECISIONS: dict[str, str] = {
    "pending": N_("Awaiting a decision"),
    "accepted": N_("Accepted"),
    "rejected": N_("Rejected"),
}

# The states from which the lead may start the revision of a policy.
REVISION_STATES = ("evaluation", "closed")
# The states in which evaluations are written.
EVALUATION_STATES = ("implementation", "evaluation", "closed")
