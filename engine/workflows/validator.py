"""Check a parsed workflow file exhaustively and build its definition.

``build_definition(data, file)`` walks the whole document and reports every
problem it finds, each once, as a ``Problem(file, path, message)`` where
``path`` is the dotted location of the offending value (``stages.1.gate.0.min``,
0-based indices), ``initial``, ``(root)`` for whole-file problems or
``<toml>`` for syntax errors. It returns a ``WorkflowDefinition`` only when
there is no problem at all.

Checks that depend on the shape of the graph (reachability, a path to a
terminal stage) run only once every stage reference is valid: on a file with
a misspelt stage name they would only repeat the same mistake.
"""

from __future__ import annotations

import difflib
import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from engine.i18n import LocalizedText
from engine.vocabulary import (
    CONSULTATION_METHODS,
    DELIVERABLE_KINDS,
    STAKEHOLDER_GROUPS,
    SUSPENDED,
)

from .condition_kinds import CONDITION_KINDS, ConditionKind, ParamSpec
from .definition import (
    DECIDERS,
    RESUME_TRIGGER,
    SUSPEND_TRIGGER,
    Condition,
    ConsultationRequirement,
    DeliverableSpec,
    Params,
    SectionSpec,
    StageDef,
    TransitionDef,
    WorkflowDefinition,
)

ROOT = "(root)"
TOML = "<toml>"

WORKFLOW_KEY = re.compile(r"[a-z0-9-]+")
NAME = re.compile(r"[a-z][a-z0-9_]*")
LANGUAGE = re.compile(r"[a-z]{2,3}")
ANY_SOURCE = "*"
#: Names the state machine library uses on the model.
RESERVED_TRIGGERS = frozenset({"trigger", "state"})
RESERVED_TRIGGER_PREFIXES = ("is_", "may_", "to_")

WORKFLOW_FIELDS = {
    "key": True,
    "version": True,
    "title": True,
    "description": False,
    "languages": False,
    "initial": True,
    "suspendable": False,
    "stages": True,
    "transitions": True,
}
STAGE_FIELDS = {
    "key": True,
    "title": True,
    "description": False,
    "target_days": False,
    "terminal": False,
    "sections": False,
    "deliverables": False,
    "consultations": False,
    "gate": False,
}
SECTION_FIELDS = {"key": True, "title": True, "sections": False}
DELIVERABLE_FIELDS = {"kind": True, "title": False}
CONSULTATION_FIELDS = {"title": True, "min": False, "methods": False, "groups": False}
CONDITION_FIELDS = {"kind": True, "key": False, "label": False}
TRANSITION_FIELDS = {
    "trigger": True,
    "source": True,
    "dest": True,
    "gated": False,
    "note_required": False,
    "label": False,
    "decided_by": False,
}


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a workflow file, located by a dotted key path."""

    file: str
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.path}: {self.message}"


class WorkflowInvalid(ValueError):
    """A workflow definition has problems; ``problems`` lists them all."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems) or "invalid workflow")


def show(value: Any) -> str:
    """Render a value the way it would be written in TOML, for messages."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, Mapping):
        return "a table"
    if isinstance(value, list | tuple):
        if all(not isinstance(item, Mapping | list | tuple) for item in value):
            return "[" + ", ".join(show(item) for item in value) + "]"
        return "an array"
    return str(value)


def join(path: str, *parts: str | int) -> str:
    """Extend a dotted path: ``join("stages", 1, "key") == "stages.1.key"``."""
    items = [path] if path else []
    items.extend(str(part) for part in parts)
    return ".".join(items)


def suggest(word: str, choices: Iterable[str]) -> str | None:
    """The closest of ``choices`` to a misspelt ``word``, if any is close."""
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.75)
    return matches[0] if matches else None


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


class _Checker:
    """Collects problems while walking one document."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        #: Every text that readers see, with its path, to check its translations.
        self.texts: list[tuple[str, LocalizedText]] = []

    def add(self, path: str, message: str) -> None:
        problem = Problem(self.file, path or ROOT, message)
        if problem not in self.problems:
            self.problems.append(problem)

    # -- tables and keys ----------------------------------------------------

    def fields(
        self,
        data: Mapping[str, Any],
        path: str,
        fields: Mapping[str, bool],
        unknown: str = "unknown key",
    ) -> None:
        """Report keys that ``fields`` does not know and required ones that are missing."""
        for name in data:
            if name in fields:
                continue
            hint = suggest(name, fields)
            if hint:
                self.add(join(path, name), f'{unknown} (did you mean "{hint}"?)')
            else:
                self.add(join(path, name), f"{unknown} (allowed: {', '.join(fields)})")
        for name, required in fields.items():
            if required and name not in data:
                self.add(join(path, name), "required key is missing")

    def tables(self, data: Mapping[str, Any], name: str, path: str) -> list[tuple[int, dict]]:
        """The tables of the array ``data[name]`` with their index; report non-tables."""
        if name not in data:
            return []
        value = data[name]
        where = join(path, name)
        if not isinstance(value, list):
            self.add(
                where,
                f"must be an array of tables, written [[{_header(where)}]] (got {show(value)})",
            )
            return []
        result = []
        for index, item in enumerate(value):
            if isinstance(item, Mapping):
                result.append((index, dict(item)))
            else:
                self.add(join(where, index), f"must be a table (got {show(item)})")
        return result

    # -- scalars ------------------------------------------------------------

    def text(
        self,
        data: Mapping[str, Any],
        name: str,
        path: str,
        *,
        pattern: re.Pattern[str] | None = None,
        pattern_text: str = "",
        allow_empty: bool = False,
    ) -> str | None:
        """A string value, or None when absent or invalid (reported)."""
        if name not in data:
            return None
        value = data[name]
        where = join(path, name)
        if not isinstance(value, str):
            self.add(where, f"must be a string (got {show(value)})")
            return None
        if not allow_empty and not value.strip():
            self.add(where, "must not be empty")
            return None
        if pattern is not None and not pattern.fullmatch(value):
            self.add(where, f"must be {pattern_text} (got {show(value)})")
            return None
        return value

    def localized(
        self, data: Mapping[str, Any], name: str, path: str, *, allow_empty: bool = False
    ) -> LocalizedText | None:
        """A text readers see: a string (English) or a table of languages that holds ``en``."""
        if name not in data:
            return None
        value = data[name]
        where = join(path, name)
        if isinstance(value, Mapping):
            ok = True
            for language, text in value.items():
                if not LANGUAGE.fullmatch(language):
                    self.add(join(where, language),
                             'not a language code (two lowercase letters, e.g. "fr")')
                    ok = False
                elif not isinstance(text, str):
                    self.add(join(where, language), f"must be a string (got {show(text)})")
                    ok = False
                elif not allow_empty and not text.strip():
                    self.add(join(where, language), "must not be empty")
                    ok = False
            if "en" not in value:
                self.add(join(where, "en"), "the English text is required")
                ok = False
            if not ok:
                return None
            found = LocalizedText(value["en"], value)
        else:
            plain = self.text(data, name, path, allow_empty=allow_empty)
            if plain is None:
                return None
            found = LocalizedText(plain)
        self.texts.append((where, found))
        return found

    def languages(self, data: Mapping[str, Any]) -> tuple[str, ...]:
        """The languages the file declares (English only when it declares none)."""
        if "languages" not in data:
            return ("en",)
        found = self.words(data["languages"], "languages", allow_empty=False)
        if found is None:
            return ("en",)
        ok = True
        for index, language in enumerate(found):
            if not LANGUAGE.fullmatch(language):
                self.add(join("languages", index),
                         f'{show(language)} is not a language code (two lowercase letters, e.g. "fr")')
                ok = False
        if "en" not in found:
            self.add("languages", 'must include "en" (English is the fallback of every text)')
        return tuple(dict.fromkeys(("en", *found))) if ok else ("en",)

    def translations(self, languages: tuple[str, ...]) -> None:
        """Report each declared language that a text is not written in."""
        for where, text in self.texts:
            for language in languages:
                if language not in text.translations:
                    self.add(join(where, language),
                             f'missing translation: the file declares "{language}"')

    def name(self, data: Mapping[str, Any], field: str, path: str) -> str | None:
        return self.text(data, field, path, pattern=NAME, pattern_text=NAME_TEXT)

    def integer(self, data: Mapping[str, Any], name: str, path: str, minimum: int) -> int | None:
        if name not in data:
            return None
        value = data[name]
        if not _is_int(value) or value < minimum:
            self.add(join(path, name), f"must be an integer >= {minimum} (got {show(value)})")
            return None
        return value

    def boolean(self, data: Mapping[str, Any], name: str, path: str, default: bool) -> bool | None:
        """A boolean, the default when absent, None when invalid (reported)."""
        if name not in data:
            return default
        value = data[name]
        if not isinstance(value, bool):
            self.add(join(path, name), f"must be true or false (got {show(value)})")
            return None
        return value

    def words(
        self,
        value: Any,
        where: str,
        *,
        vocabulary: Mapping[str, str] | None = None,
        vocabulary_name: str = "",
        allow_empty: bool = True,
    ) -> tuple[str, ...] | None:
        """A list of distinct strings, each from ``vocabulary`` if given."""
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            self.add(where, f"must be a list of strings (got {show(value)})")
            return None
        if not value and not allow_empty:
            self.add(where, "must not be empty (leave the key out instead)")
            return None
        ok = True
        seen: set[str] = set()
        for index, item in enumerate(value):
            if item in seen:
                self.add(join(where, index), f"{show(item)} is listed twice")
                ok = False
            seen.add(item)
            if vocabulary is not None and item not in vocabulary:
                self.add(join(where, index), unknown_value(vocabulary_name, item, vocabulary))
                ok = False
        return tuple(value) if ok else None


NAME_TEXT = "lowercase letters, digits and underscores, starting with a letter"


def _header(path: str) -> str:
    """The TOML table header for an array path: ``stages.0.gate`` -> ``stages.gate``."""
    return ".".join(part for part in path.split(".") if not part.isdigit())


def unknown_value(what: str, value: str, vocabulary: Iterable[str]) -> str:
    choices = list(vocabulary)
    hint = suggest(value, choices)
    if hint:
        return f'unknown {what} {show(value)} (did you mean "{hint}"?)'
    return f"unknown {what} {show(value)} (allowed: {', '.join(choices)})"


# ---------------------------------------------------------------------------


@dataclass
class _Stage:
    """What the transition and graph checks need to know of a stage."""

    index: int
    key: str | None
    terminal: bool | None
    definition: StageDef | None


class _StageIndex:
    """Resolves the stage names used by ``initial`` and transitions.

    A name that matches a stage whose own key was rejected (bad format,
    reserved) or that cannot be checked because ``stages`` itself is unreadable
    is not reported again: the problem is already reported where the stage is.
    """

    def __init__(self, data: Mapping[str, Any], stages: list[_Stage]) -> None:
        self.stages = {stage.key: stage for stage in stages if stage.key is not None}
        self.readable = isinstance(data.get("stages"), list)
        self.rejected = set()
        if self.readable:
            for item in data["stages"]:
                if isinstance(item, Mapping) and isinstance(item.get("key"), str):
                    if item["key"] not in self.stages:
                        self.rejected.add(item["key"])
        # Graph checks need every stage under a distinct valid key.
        self.complete = self.readable and len(self.stages) == len(stages) == len(data["stages"])

    def __contains__(self, name: object) -> bool:
        return name in self.stages

    def __getitem__(self, name: str) -> _Stage:
        return self.stages[name]

    def resolve(self, check: _Checker, path: str, name: str) -> _Stage | None:
        """The stage called ``name``; report it unknown unless already reported."""
        if name in self.stages:
            return self.stages[name]
        if self.readable and name not in self.rejected:
            check.add(path, _unknown_stage(name, self.stages))
        return None

    @property
    def non_terminal(self) -> list[str]:
        return [key for key, stage in self.stages.items() if not stage.terminal]


def build_definition(data: Any, file: str) -> tuple[WorkflowDefinition | None, list[Problem]]:
    """Check ``data`` (a parsed workflow document) and build its definition.

    Returns ``(definition, [])`` when valid, ``(None, problems)`` otherwise.
    """
    check = _Checker(file)
    if not isinstance(data, Mapping):
        check.add(ROOT, "a workflow file must be a TOML document of keys and tables")
        return None, check.problems
    check.fields(data, "", WORKFLOW_FIELDS)

    key = check.text(
        data, "key", "", pattern=WORKFLOW_KEY, pattern_text="lowercase letters, digits and hyphens"
    )
    version = check.integer(data, "version", "", 1)
    languages = check.languages(data)
    title = check.localized(data, "title", "")
    description = check.localized(data, "description", "", allow_empty=True) or ""
    suspendable = check.boolean(data, "suspendable", "", True)

    stages = _check_stages(check, data)
    stage_index = _StageIndex(data, stages)
    references_ok = stage_index.complete

    initial = _check_initial(check, data, stage_index)
    references_ok = references_ok and initial is not None

    transitions, transitions_ok = _check_transitions(
        check, data, stage_index, suspendable if suspendable is not None else True
    )
    references_ok = references_ok and transitions_ok

    terminals_known = bool(stages) and all(stage.terminal is not None for stage in stages)
    if terminals_known and not any(stage.terminal for stage in stages):
        check.add(ROOT, "no terminal stage: mark at least one stage with terminal = true")
    elif terminals_known and references_ok and initial is not None:
        _check_graph(check, stages, initial, transitions)
    check.translations(languages)

    if check.problems:
        return None, check.problems
    definition = WorkflowDefinition(
        key=key,  # type: ignore[arg-type]
        version=version,  # type: ignore[arg-type]
        title=title,  # type: ignore[arg-type]
        description=description,
        initial=initial,
        suspendable=bool(suspendable),
        stages=tuple(stage.definition for stage in stages),  # type: ignore[misc]
        transitions=tuple(transitions),
        languages=languages,
    )
    return definition, []


def _check_stages(check: _Checker, data: Mapping[str, Any]) -> list[_Stage]:
    if "stages" in data and isinstance(data["stages"], list) and not data["stages"]:
        check.add("stages", "a workflow needs at least one stage")
    stages: list[_Stage] = []
    stage_paths: dict[str, str] = {}
    section_paths: dict[str, str] = {}
    for index, table in check.tables(data, "stages", ""):
        path = join("stages", index)
        check.fields(table, path, STAGE_FIELDS)
        key = check.name(table, "key", path)
        if key == SUSPENDED:
            check.add(join(path, "key"), f'"{SUSPENDED}" is reserved for suspended processes')
            key = None
        elif key is not None and key in stage_paths:
            check.add(
                join(path, "key"),
                f'duplicate stage key "{key}" (already used by {stage_paths[key]})',
            )
            key = None
        elif key is not None:
            stage_paths[key] = path
        title = check.localized(table, "title", path)
        description = check.localized(table, "description", path, allow_empty=True) or ""
        target_days = check.integer(table, "target_days", path, 1)
        terminal = check.boolean(table, "terminal", path, False)
        sections = tuple(
            section
            for index2, item in check.tables(table, "sections", path)
            if (
                section := _check_section(
                    check, item, join(path, "sections", index2), section_paths
                )
            )
        )
        deliverables = _check_deliverables(check, table, path)
        consultations = _check_consultations(check, table, path)
        partial = StageDef(
            key=key or "",
            title=title or "",
            description=description,
            target_days=target_days,
            terminal=bool(terminal),
            sections=sections,
            deliverables=deliverables,
            consultations=consultations,
        )
        gate = _check_gate(check, table, path, partial)
        if terminal and gate:
            check.add(join(path, "gate"), "a terminal stage cannot have a gate")
        definition = replace(partial, gate=gate)
        stages.append(_Stage(index, key, terminal, definition))
    return stages


def _check_section(
    check: _Checker, table: dict, path: str, seen: dict[str, str]
) -> SectionSpec | None:
    check.fields(table, path, SECTION_FIELDS)
    key = check.name(table, "key", path)
    if key is not None:
        if key in seen:
            check.add(
                join(path, "key"), f'duplicate section key "{key}" (already used by {seen[key]})'
            )
        else:
            seen[key] = path
    title = check.localized(table, "title", path)
    children = tuple(
        child
        for index, item in check.tables(table, "sections", path)
        if (child := _check_section(check, item, join(path, "sections", index), seen))
    )
    if key is None or title is None:
        return None
    return SectionSpec(key=key, title=title, children=children)


def _check_deliverables(check: _Checker, table: dict, path: str) -> tuple[DeliverableSpec, ...]:
    result = []
    seen: dict[str, str] = {}
    for index, item in check.tables(table, "deliverables", path):
        where = join(path, "deliverables", index)
        check.fields(item, where, DELIVERABLE_FIELDS)
        kind = check.text(item, "kind", where)
        if kind is not None and kind not in DELIVERABLE_KINDS:
            check.add(
                join(where, "kind"), unknown_value("deliverable kind", kind, DELIVERABLE_KINDS)
            )
            kind = None
        if kind is not None and kind in seen:
            check.add(
                join(where, "kind"),
                f'"{kind}" is already required by this stage ({seen[kind]})',
            )
            kind = None
        title = check.localized(item, "title", where)
        if kind is not None:
            seen[kind] = join("deliverables", index)
            result.append(DeliverableSpec(kind=kind, title=title or DELIVERABLE_KINDS[kind]))
    return tuple(result)


def _check_consultations(
    check: _Checker, table: dict, path: str
) -> tuple[ConsultationRequirement, ...]:
    result = []
    for index, item in check.tables(table, "consultations", path):
        where = join(path, "consultations", index)
        check.fields(item, where, CONSULTATION_FIELDS)
        title = check.localized(item, "title", where)
        minimum = check.integer(item, "min", where, 1)
        methods = groups = ()
        if "methods" in item:
            methods = check.words(
                item["methods"],
                join(where, "methods"),
                vocabulary=CONSULTATION_METHODS,
                vocabulary_name="consultation method",
            )
        if "groups" in item:
            groups = check.words(
                item["groups"],
                join(where, "groups"),
                vocabulary=STAKEHOLDER_GROUPS,
                vocabulary_name="stakeholder group",
            )
        result.append(
            ConsultationRequirement(
                title=title or "",
                min=minimum or 1,
                methods=methods or (),
                groups=groups or (),
            )
        )
    return tuple(result)


def _check_gate(check: _Checker, table: dict, path: str, stage: StageDef) -> tuple[Condition, ...]:
    conditions = []
    keys: dict[str, str] = {}
    unkeyed: dict[str, int] = {}
    for index, item in check.tables(table, "gate", path):
        where = join(path, "gate", index)
        kind_name = check.text(item, "kind", where)
        kind = None
        if kind_name is not None:
            kind = CONDITION_KINDS.get(kind_name)
            if kind is None:
                check.add(
                    join(where, "kind"),
                    unknown_value("condition kind", kind_name, CONDITION_KINDS),
                )
        if kind is None:
            # Without a known kind the parameters cannot be judged; only the
            # common keys are checked.
            check.name(item, "key", where)
            check.localized(item, "label", where)
            if "kind" not in item:
                check.add(join(where, "kind"), "required key is missing")
            continue
        allowed = {**CONDITION_FIELDS, **{spec.name: spec.required for spec in kind.params}}
        unknown = (
            f"unknown parameter: {kind.key} takes no parameters"
            if not kind.params
            else f"unknown parameter of {kind.key}"
        )
        _report_unknown_params(check, item, where, kind, allowed, unknown)
        label = check.localized(item, "label", where)
        params = _check_params(check, item, where, kind, stage)

        key = check.name(item, "key", where)
        key_path = join(where, "key")
        if "key" not in item:
            count = unkeyed[kind.key] = unkeyed.get(kind.key, 0) + 1
            key = kind.key if count == 1 else f"{kind.key}_{count}"
        if key is not None:
            if key in keys:
                check.add(key_path, f'duplicate gate key "{key}" (already used by {keys[key]})')
            else:
                keys[key] = join("gate", index)
            conditions.append(Condition(kind=kind.key, key=key, params=params, label=label))
    return tuple(conditions)


def _report_unknown_params(
    check: _Checker,
    item: dict,
    where: str,
    kind: ConditionKind,
    allowed: Mapping[str, bool],
    unknown: str,
) -> None:
    for name in item:
        if name in allowed:
            continue
        hint = suggest(name, allowed)
        if hint:
            check.add(join(where, name), f'{unknown} (did you mean "{hint}"?)')
        elif kind.params:
            check.add(join(where, name), f"{unknown} (allowed: {', '.join(kind.param_names)})")
        else:
            check.add(join(where, name), unknown)
    for spec in kind.params:
        if spec.required and spec.name not in item:
            check.add(
                join(where, spec.name),
                f"required parameter of {kind.key} is missing ({spec.expectation()})",
            )


def _check_params(
    check: _Checker, item: dict, where: str, kind: ConditionKind, stage: StageDef
) -> Params:
    params: dict[str, Any] = {}
    for spec in kind.params:
        if spec.name not in item:
            continue
        value = _check_param(check, item[spec.name], join(where, spec.name), spec, stage)
        if value is not None:
            params[spec.name] = value
    given = [spec.name for spec in kind.params if spec.name in item]
    if kind.stage_default and not given:
        _check_stage_default(check, where, kind, stage)
    return Params(params)


def _check_param(check: _Checker, value: Any, where: str, spec: ParamSpec, stage: StageDef) -> Any:
    if spec.type == "int":
        if not _is_int(value) or not spec.in_range(value):
            check.add(where, f"must be {spec.expectation()} (got {show(value)})")
            return None
        return value
    if spec.type == "float":
        if not _is_number(value) or math.isnan(value) or not spec.in_range(value):
            check.add(where, f"must be {spec.expectation()} (got {show(value)})")
            return None
        return float(value)
    if spec.type == "str":
        if not isinstance(value, str) or not value.strip():
            check.add(where, f"must be {spec.expectation()} (got {show(value)})")
            return None
        if spec.vocabulary is not None and value not in spec.vocabulary:
            check.add(
                where, unknown_value(spec.vocabulary_name or spec.name, value, spec.vocabulary)
            )
            return None
        return value
    words = check.words(
        value,
        where,
        vocabulary=spec.vocabulary,
        vocabulary_name=spec.vocabulary_name or "",
        allow_empty=False,
    )
    if words is None:
        return None
    if spec.within_stage == "deliverables":
        allowed = stage.deliverable_kinds
        for index, word in enumerate(words):
            if word not in allowed:
                check.add(
                    join(where, index),
                    f"{show(word)} is not a deliverable this stage requires "
                    f"(it requires: {', '.join(allowed) or 'none'})",
                )
    elif spec.within_stage == "sections":
        allowed = stage.section_keys
        for index, word in enumerate(words):
            if word not in allowed:
                check.add(
                    join(where, index),
                    f"{show(word)} is not a section this stage drafts "
                    f"(it drafts: {', '.join(allowed) or 'none'})",
                )
    return words


def _check_stage_default(check: _Checker, where: str, kind: ConditionKind, stage: StageDef) -> None:
    """A bare condition uses the stage's own list, which must not be empty."""
    if kind.stage_default == "deliverables" and not stage.deliverables:
        check.add(
            where,
            f"{kind.key} without kinds checks the deliverables this stage requires, "
            "but it requires none",
        )
    elif kind.stage_default == "consultations" and not stage.consultations:
        check.add(
            where,
            f"{kind.key} without parameters checks the consultations this stage requires, "
            "but it requires none",
        )
    elif kind.stage_default == "sections" and not stage.sections:
        check.add(
            where,
            f"{kind.key} without sections checks the sections this stage drafts, "
            "but it drafts none",
        )


def _check_initial(
    check: _Checker, data: Mapping[str, Any], stage_index: _StageIndex
) -> str | None:
    initial = check.text(data, "initial", "")
    if initial is None:
        return None
    stage = stage_index.resolve(check, "initial", initial)
    if stage is None:
        return None
    if stage.terminal:
        check.add("initial", f'the initial stage "{initial}" cannot be terminal')
        return None
    return initial


def _unknown_stage(name: str, stage_index: Iterable[str]) -> str:
    if name == SUSPENDED:
        return f'"{SUSPENDED}" is reserved: processes enter and leave it with suspend and resume'
    hint = suggest(name, stage_index)
    if hint:
        return f'unknown stage "{name}" (did you mean "{hint}"?)'
    return f'unknown stage "{name}"'


def _check_transitions(
    check: _Checker,
    data: Mapping[str, Any],
    stage_index: _StageIndex,
    suspendable: bool,
) -> tuple[list[TransitionDef], bool]:
    """Check the transitions; also tell whether every stage reference in them is valid."""
    transitions: list[TransitionDef] = []
    # Graph checks need every declared transition: one left out would only
    # produce misleading "cannot be reached" problems.
    references_ok = isinstance(data.get("transitions"), list)
    defined: dict[tuple[str, str], str] = {}
    non_terminal = stage_index.non_terminal
    items = check.tables(data, "transitions", "")
    if references_ok and len(items) != len(data["transitions"]):
        references_ok = False
    for index, item in items:
        where = join("transitions", index)
        check.fields(item, where, TRANSITION_FIELDS)
        trigger = check.name(item, "trigger", where)
        if trigger is not None:
            reserved = _reserved_trigger(trigger, suspendable)
            if reserved:
                check.add(join(where, "trigger"), reserved)
                trigger = None
        dest = check.text(item, "dest", where)
        if dest == ANY_SOURCE:
            check.add(join(where, "dest"), "must name one stage")
            dest = None
        elif dest is not None and stage_index.resolve(check, join(where, "dest"), dest) is None:
            dest = None
        sources = _check_sources(check, item, where, stage_index, non_terminal, dest)
        gated = check.boolean(item, "gated", where, False)
        note_required = check.boolean(item, "note_required", where, False)
        decided_by = check.text(item, "decided_by", where)
        if decided_by is not None and decided_by not in DECIDERS:
            check.add(join(where, "decided_by"), unknown_value("decider", decided_by, DECIDERS))
            decided_by = None
        label = check.localized(item, "label", where)
        if trigger is None or dest is None or sources is None:
            references_ok = False
            continue
        for source in sources:
            pair = (trigger, source)
            if pair in defined:
                check.add(
                    join(where, "source"),
                    f'trigger "{trigger}" from "{source}" is already defined by {defined[pair]}',
                )
            else:
                defined[pair] = where
        transitions.append(
            TransitionDef(
                trigger=trigger,
                sources=sources,
                dest=dest,
                gated=bool(gated),
                note_required=bool(note_required),
                label=label,
                decided_by=decided_by,
            )
        )
    return transitions, references_ok


def _reserved_trigger(trigger: str, suspendable: bool) -> str | None:
    if trigger in (SUSPEND_TRIGGER, RESUME_TRIGGER) and suspendable:
        return (
            f'"{trigger}" is reserved: suspend and resume are added automatically '
            "(set suspendable = false to define your own)"
        )
    if trigger in RESERVED_TRIGGERS or trigger.startswith(RESERVED_TRIGGER_PREFIXES):
        return f'"{trigger}" is reserved by the state machine; choose another trigger name'
    return None


def _check_sources(
    check: _Checker,
    item: dict,
    where: str,
    stage_index: _StageIndex,
    non_terminal: list[str],
    dest: str | None,
) -> tuple[str, ...] | None:
    """The expanded sources of a transition, or None if any is invalid (reported)."""
    if "source" not in item:
        return None
    value = item["source"]
    path = join(where, "source")
    if value == ANY_SOURCE:
        # Every non-terminal stage except the destination: "*" never means a loop.
        return tuple(key for key in non_terminal if key != dest)
    if isinstance(value, str):
        names: list[tuple[str, str]] = [(path, value)]
    elif isinstance(value, list) and value and all(isinstance(name, str) for name in value):
        names = [(join(path, index), name) for index, name in enumerate(value)]
    else:
        check.add(path, f'must be a stage key, a list of stage keys or "*" (got {show(value)})')
        return None
    ok = True
    seen: set[str] = set()
    for name_path, name in names:
        if name == ANY_SOURCE:
            check.add(name_path, '"*" must be used alone, not in a list')
            ok = False
        elif stage_index.resolve(check, name_path, name) is None:
            ok = False
        elif name in seen:
            check.add(name_path, f'"{name}" is listed twice')
            ok = False
        elif stage_index[name].terminal:
            check.add(name_path, f'stage "{name}" is terminal: it cannot have outgoing transitions')
        seen.add(name)
    return tuple(name for _path, name in names) if ok else None


def _check_graph(
    check: _Checker, stages: list[_Stage], initial: str, transitions: list[TransitionDef]
) -> None:
    """Every stage is reachable from the initial one and can reach a terminal one."""
    forward: dict[str, set[str]] = {stage.key: set() for stage in stages}  # type: ignore[misc]
    backward: dict[str, set[str]] = {stage.key: set() for stage in stages}  # type: ignore[misc]
    for transition in transitions:
        for source in transition.sources:
            forward[source].add(transition.dest)
            backward[transition.dest].add(source)
    reachable = _closure([initial], forward)
    finishing = _closure([stage.key for stage in stages if stage.terminal], backward)  # type: ignore[misc]
    for stage in stages:
        path = join("stages", stage.index)
        if stage.key not in reachable:
            check.add(
                path, f'stage "{stage.key}" cannot be reached from the initial stage "{initial}"'
            )
        if not stage.terminal and stage.key not in finishing:
            check.add(path, f'no path from stage "{stage.key}" to a terminal stage')


def _closure(start: Iterable[str], edges: Mapping[str, set[str]]) -> set[str]:
    seen = set(start)
    todo = list(seen)
    while todo:
        for neighbour in edges[todo.pop()]:
            if neighbour not in seen:
                seen.add(neighbour)
                todo.append(neighbour)
    return seen
