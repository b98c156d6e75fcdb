"""All models, imported so that the metadata knows every table."""

from engine.models.audit import AuditEvent, AuditHead
from engine.models.consultation import Consultation, ConsultationInput
from engine.models.deliverable import Deliverable
from engine.models.document import Comment, Presence, Revision, Section, Visit
from engine.models.institution import Institution
from engine.models.process import (
    Membership,
    Process,
    ProcessStage,
    SignOff,
    TransitionRecord,
    WorkflowVersion,
)
from engine.models.user import ApiToken, User

__all__ = [
    "ApiToken",
    "AuditEvent",
    "AuditHead",
    "Comment",
    "Consultation",
    "ConsultationInput",
    "Deliverable",
    "Institution",
    "Membership",
    "Presence",
    "Process",
    "ProcessStage",
    "Revision",
    "Section",
    "SignOff",
    "TransitionRecord",
    "User",
    "Visit",
    "WorkflowVersion",
]
