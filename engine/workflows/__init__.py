"""Workflow definitions as data: the TOML format, its loader and validator.

A workflow file describes the stages a process goes through, what each stage
drafts, requires and checks at its gate, and the transitions between stages.
See docs/workflows.md for the format.
"""

from .condition_kinds import CONDITION_KINDS, ConditionKind, ParamSpec
from .definition import (
    DECIDERS,
    RESUME_DEST,
    RESUME_TRIGGER,
    SUSPEND_TRIGGER,
    SUSPENDED,
    Condition,
    ConsultationRequirement,
    DeliverableSpec,
    Params,
    SectionSpec,
    StageDef,
    TransitionDef,
    WorkflowDefinition,
)
from .loader import (
    WORKFLOWS_DIR_ENV,
    default_directory,
    from_dict,
    latest_versions,
    load_directory,
    parse_file,
    parse_text,
    validate_file,
    validate_text,
)
from .validator import Problem, WorkflowInvalid

__all__ = [
    "CONDITION_KINDS",
    "DECIDERS",
    "RESUME_DEST",
    "RESUME_TRIGGER",
    "SUSPENDED",
    "SUSPEND_TRIGGER",
    "WORKFLOWS_DIR_ENV",
    "Condition",
    "ConditionKind",
    "ConsultationRequirement",
    "DeliverableSpec",
    "ParamSpec",
    "Params",
    "Problem",
    "SectionSpec",
    "StageDef",
    "TransitionDef",
    "WorkflowDefinition",
    "WorkflowInvalid",
    "default_directory",
    "from_dict",
    "latest_versions",
    "load_directory",
    "parse_file",
    "parse_text",
    "validate_file",
    "validate_text",
]
