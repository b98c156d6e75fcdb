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
from engine.models.assessment import Assessment
from engine.models.audit import AuditEvent, AuditHead
from engine.models.consultation import (
    Consultation,
    ConsultationInput,
    PublicConsultation,
    PublicSubmission,
    PublishedSection,
)
from engine.models.deliverable import Deliverable, DeliverableVersion
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
from engine.models.files import StoredFile
from engine.models.glossary import GlossaryTerm
from engine.models.institution import Institution
from engine.models.mail import OutgoingMail
from engine.models.meeting import ActionPoint, Meeting, MeetingAttendance, MeetingDecision
from engine.models.monitoring import (
    IndicatorValue,
    MeasureProgress,
    MonitoringPeriod,
    MonitoringSettings,
)
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
    "ActionPoint",
    "Assessment",
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
    "Deliverable",
    "DeliverableVersion",
    "DigestRun",
    "DocumentImport",
    "EvidenceCitation",
    "GateSummary",
    "GlossaryTerm",
    "Indicator",
    "Institution",
    "IndicatorValue",
    "Instrument",
    "InstrumentImplementer",
    "InstrumentScore",
    "Invitation",
    "Measure",
    "MeasurePartner",
    "Meeting",
    "MeetingAttendance",
    "MeetingDecision",
    "MeasureProgress",
    "Membership",
    "MonitoringPeriod",
    "MonitoringSettings",
    "Notification",
    "Objective",
    "OptionScore",
    "OutgoingMail",
    "PasswordReset",
    "PolicyOption",
    "Presence",
    "ProblemAnalysis",
    "Process",
    "ProcessStage",
    "PublicConsultation",
    "PublicSubmission",
    "PublishedSection",
    "Revision",
    "Risk",
    "Section",
    "SectionTranslation",
    "SignOff",
    "StoredFile",
    "Suggestion",
    "SuggestionChange",
    "SwotItem",
    "TransitionRecord",
    "TranslationRevision",
    "User",
    "Visit",
    "WorkflowVersion",
]
