"""Read workflow definitions from TOML files.

``validate_file`` / ``validate_text`` report every problem of one file (what
``policycycle workflows check`` prints); ``parse_file`` returns the definition
or raises ``WorkflowInvalid``; ``load_directory`` loads every ``*.toml`` file
of a directory, keyed by ``(key, version)``; ``from_dict`` builds a definition
back from ``WorkflowDefinition.to_dict`` (a pinned or archived workflow).
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .definition import WorkflowDefinition
from .validator import ROOT, TOML, Problem, WorkflowInvalid, build_definition

__all__ = [
    "WORKFLOWS_DIR_ENV",
    "Problem",
    "WorkflowInvalid",
    "default_directory",
    "latest_versions",
    "load_directory",
    "parse_file",
    "parse_text",
    "validate_file",
    "validate_text",
]

#: Environment variable that points the application at another workflow directory.
WORKFLOWS_DIR_ENV = "POLICYCYCLE_WORKFLOWS_DIR"

_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_AT_END = re.compile(r"\s*\(at end of document\)$")


def default_directory() -> Path:
    """The directory of shipped workflows, unless ``POLICYCYCLE_WORKFLOWS_DIR`` says otherwise."""
    override = os.environ.get(WORKFLOWS_DIR_ENV)
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[2] / "workflows"


def parse_text(text: str, filename: str = "<string>") -> WorkflowDefinition:
    """Build the definition written in ``text``; raise ``WorkflowInvalid`` on any problem."""
    data, problems = _read_toml(text, filename)
    if problems:
        raise WorkflowInvalid(problems)
    definition, problems = build_definition(data, filename)
    if problems or definition is None:
        raise WorkflowInvalid(problems)
    return definition


def validate_text(text: str, filename: str = "<string>") -> list[Problem]:
    """Every problem of the workflow written in ``text``; empty when it is valid."""
    data, problems = _read_toml(text, filename)
    if problems:
        return problems
    return build_definition(data, filename)[1]


def parse_file(path: str | os.PathLike[str]) -> WorkflowDefinition:
    """Build the definition in the file at ``path``; raise ``WorkflowInvalid`` on any problem."""
    text, problems = _read_file(path)
    if problems:
        raise WorkflowInvalid(problems)
    return parse_text(text, str(path))  # type: ignore[arg-type]


def validate_file(path: str | os.PathLike[str]) -> list[Problem]:
    """Every problem of the file at ``path`` (named as given); empty when it is valid."""
    text, problems = _read_file(path)
    if problems:
        return problems
    return validate_text(text, str(path))  # type: ignore[arg-type]


def load_directory(
    directory: str | os.PathLike[str] | None = None,
) -> dict[tuple[str, int], WorkflowDefinition]:
    """Load every ``*.toml`` file of ``directory`` (default: ``default_directory()``).

    Raises ``WorkflowInvalid`` listing the problems of every invalid file, and
    when two files define the same key and version.
    """
    folder = Path(directory) if directory is not None else default_directory()
    if not folder.is_dir():
        raise WorkflowInvalid([Problem(str(folder), ROOT, "not a directory")])
    definitions: dict[tuple[str, int], WorkflowDefinition] = {}
    origins: dict[tuple[str, int], Path] = {}
    problems: list[Problem] = []
    for path in sorted(folder.glob("*.toml")):
        try:
            definition = parse_file(path)
        except WorkflowInvalid as error:
            problems.extend(error.problems)
            continue
        ident = (definition.key, definition.version)
        if ident in definitions:
            problems.append(
                Problem(
                    str(path),
                    "version",
                    f'workflow "{definition.key}" version {definition.version} is also '
                    f"defined in {origins[ident].name}; bump the version",
                )
            )
            continue
        definitions[ident] = definition
        origins[ident] = path
    if problems:
        raise WorkflowInvalid(problems)
    return definitions


def latest_versions(
    definitions: Mapping[tuple[str, int], WorkflowDefinition],
) -> dict[str, WorkflowDefinition]:
    """The highest version of each workflow key, for starting new processes."""
    latest: dict[str, WorkflowDefinition] = {}
    for (key, version), definition in sorted(definitions.items()):
        if key not in latest or version > latest[key].version:
            latest[key] = definition
    return latest


def _read_file(path: str | os.PathLike[str]) -> tuple[str | None, list[Problem]]:
    name = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as error:
        reason = error.strerror or error.__class__.__name__
        return None, [Problem(name, ROOT, f"cannot read the file ({reason})")]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, [Problem(name, TOML, f"not UTF-8 text (byte {error.start + 1}, line {line})")]


def _read_toml(text: str, filename: str) -> tuple[dict | None, list[Problem]]:
    try:
        return tomllib.loads(text), []
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        line = column = None
        if match := _POSITION.search(message):
            line, column = int(match.group(1)), int(match.group(2))
            message = message[: match.start()]
        elif match := _AT_END.search(message):
            lines = text.split("\n")
            line, column = len(lines), len(lines[-1]) + 1
            message = message[: match.start()]
        if message == "Illegal character '\\n'":
            message = "the line ends inside a string (missing closing quote?)"
        message = message[:1].lower() + message[1:]
        where = f" at line {line}, column {column}" if line is not None else ""
        return None, [Problem(filename, TOML, f"invalid TOML{where}: {message}")]


def from_dict(data: Mapping[str, Any], *, source: str = "<dict>") -> WorkflowDefinition:
    """Validate ``data`` (the shape of ``WorkflowDefinition.to_dict`` or of a TOML file)
    and build the definition.

    Raises ``WorkflowInvalid`` listing every problem.
    """
    definition, problems = build_definition(_toml_shape(data), source)
    if problems or definition is None:
        raise WorkflowInvalid(problems)
    return definition


def _toml_shape(data: Any) -> Any:
    """Turn ``to_dict`` output back into the file shape the validator reads.

    Drops ``None`` values (absent optional keys) and flattens condition
    ``params`` into the condition table. Anything else passes through, so
    that the validator reports it.
    """
    if not isinstance(data, Mapping):
        return data
    result = {key: value for key, value in data.items() if value is not None}
    stages = result.get("stages")
    if isinstance(stages, list):
        result["stages"] = [_stage_shape(stage) for stage in stages]
    transitions = result.get("transitions")
    if isinstance(transitions, list):
        result["transitions"] = [
            {k: v for k, v in t.items() if v is not None} if isinstance(t, Mapping) else t
            for t in transitions
        ]
    return result


def _stage_shape(stage: Any) -> Any:
    if not isinstance(stage, Mapping):
        return stage
    result = {key: value for key, value in stage.items() if value is not None}
    gate = result.get("gate")
    if isinstance(gate, list):
        flat = []
        for condition in gate:
            if isinstance(condition, Mapping):
                condition = {k: v for k, v in condition.items() if v is not None}
                params = condition.pop("params", None)
                if isinstance(params, Mapping):
                    condition = {**condition, **params}
                elif params is not None:
                    condition["params"] = params  # reported as an unknown key
            flat.append(condition)
        result["gate"] = flat
    return result
