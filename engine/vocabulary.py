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

DISPOSITIONS: dict[str, str] = {
    "accepted": N_("Accepted"),
    "partly": N_("Partly accepted"),
    "rejected": N_("Rejected"),
}

SECTION_STATUSES: dict[str, str] = {
    "drafting": N_("Drafting"),
    "in_review": N_("In review"),
    "agreed": N_("Agreed"),
}

SUSPENDED = "suspended"
