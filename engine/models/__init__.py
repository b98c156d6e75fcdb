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
    "EvidenceCitation",
    "Indicator",
    "Institution",
    "Instrument",
    "InstrumentImplementer",
    "InstrumentScore",
    "Measure",
    "MeasurePartner",
    "Membership",
    "Objective",
    "OptionScore",
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
    "SwotItem",
    "TransitionRecord",
    "TranslationRevision",
    "User",
    "Visit",
    "WorkflowVersion",
]
