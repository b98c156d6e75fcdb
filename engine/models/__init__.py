"""All models, imported so that the metadata knows every table."""

from engine.models.analysis import (
    AnalysisComment,
    AppraisalCriterion,
    DataSource,
    EvidenceCitation,
    Indicator,
    Instrument,
    InstrumentImplementer,
    InstrumentScore,
    Measure,
    MeasurePartner,
    Objective,
    OptionScore,
    PolicyOption,
    ProblemAnalysis,
    Risk,
    SwotItem,
)
from engine.models.audit import AuditEvent, AuditHead
from engine.models.consultation import Consultation, ConsultationInput
from engine.models.deliverable import Deliverable
from engine.models.document import (
    Comment,
    Presence,
    Revision,
    Section,
    SectionTranslation,
    TranslationRevision,
    Visit,
)
from engine.models.evaluation import (
    AdoptionRecord,
    CycleLink,
    Evaluation,
    EvaluationCriterion,
    EvaluationEvidence,
    Recommendation,
)
from engine.models.glossary import GlossaryTerm
from engine.models.institution import Institution
from engine.models.mail import OutgoingMail
from engine.models.notification import DigestRun, Invitation, Notification
from engine.models.process import (
    GateSummary,
    Membership,
    Process,
    ProcessStage,
    SignOff,
    TransitionRecord,
    WorkflowVersion,
)
from engine.models.suggestion import Suggestion, SuggestionChange
from engine.models.user import ApiToken, PasswordReset, User
from engine.models.word_import import DocumentImport

__all__ = [
    "Recommendation",
    "EvaluationEvidence",
    "EvaluationCriterion",
    "Evaluation",
    "CycleLink",
    "AdoptionRecord",
    "AnalysisComment",
    "ApiToken",
    "AppraisalCriterion",
    "AuditEvent",
    "AuditHead",
    "Comment",
    "Consultation",
    "ConsultationInput",
    "DataSource",
    "DigestRun",
    "Deliverable",
    "DocumentImport",
    "EvidenceCitation",
    "GlossaryTerm",
    "GateSummary",
    "Indicator",
    "Institution",
    "Instrument",
    "Invitation",
    "InstrumentImplementer",
    "InstrumentScore",
    "Measure",
    "MeasurePartner",
    "Membership",
    "Notification",
    "Objective",
    "OutgoingMail",
    "OptionScore",
    "PasswordReset",
    "PolicyOption",
    "Presence",
    "ProblemAnalysis",
    "Process",
    "ProcessStage",
    "Revision",
    "Risk",
    "Section",
    "SectionTranslation",
    "SignOff",
    "Suggestion",
    "SuggestionChange",
    "SwotItem",
    "TransitionRecord",
    "TranslationRevision",
    "User",
    "Visit",
    "WorkflowVersion",
]
