"""Workflow texts in several languages: the format, the check, and pinned snapshots."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.i18n import LocalizedText
from engine.workflows import from_dict, parse_file, validate_text

WORKFLOWS = Path(__file__).resolve().parents[2] / "workflows"
LANGUAGES = ("en", "fr", "es", "pt", "ru")

SMALL = """
key = "small"
version = 1
title = {en = "Small", fr = "Petit"}
languages = LANGUAGES
initial = "drafting"

[[stages]]
key = "drafting"
title = TITLE

[[stages]]
key = "done"
title = {en = "Done", fr = "Fini"}
terminal = true

[[transitions]]
trigger = "advance"
source = "drafting"
dest = "done"
"""


def small(title: str, languages: str = '["en", "fr"]') -> str:
    return SMALL.replace("TITLE", title).replace("LANGUAGES", languages)


@pytest.mark.parametrize("path", sorted(WORKFLOWS.glob("*.toml")), ids=lambda p: p.stem)
def test_every_shipped_workflow_speaks_five_languages(path: Path):
    definition = parse_file(path)
    assert definition.languages == LANGUAGES
    for stage in definition.stages:
        assert isinstance(stage.title, LocalizedText)
        assert set(stage.title.translations) == set(LANGUAGES)
        for condition in stage.gate:
            if condition.label is not None:
                assert set(condition.label.translations) == set(LANGUAGES)


def test_stage_titles_of_the_national_policy_in_each_language():
    stage = parse_file(WORKFLOWS / "national-policy.toml").stage("agenda_setting")
    assert stage.title == "Agenda setting"
    assert [stage.title.get(lang) for lang in LANGUAGES[1:]] == [
        "Mise à l'agenda", "Inclusión en la agenda", "Inscrição na agenda",
        "Формирование повестки",
    ]


def test_a_snapshot_pinned_before_translations_still_loads():
    definition = parse_file(WORKFLOWS / "national-policy.toml")
    old = definition.to_dict(translations=False)
    assert old["stages"][0]["title"] == "Agenda setting"
    assert "languages" not in old
    loaded = from_dict(old)
    assert loaded.stage("agenda_setting").title.get("fr") == "Agenda setting"  # English fallback
    assert loaded.languages == ("en",)


def test_a_translated_snapshot_keeps_its_translations():
    definition = parse_file(WORKFLOWS / "national-policy.toml")
    again = from_dict(definition.to_dict(translations=True))
    assert again == definition and again.digest == definition.digest
    assert again.stage("validation").title.get("pt") == "Validação"


def test_the_check_names_each_missing_or_malformed_translation():
    assert validate_text(small('{en = "Drafting", fr = "Rédaction"}'), "f.toml") == []
    problems = [str(p) for p in validate_text(small('"Drafting"', '["en", "fr", "ru"]'),
                                              "f.toml")]
    assert "f.toml: stages.0.title.fr: missing translation: the file declares \"fr\"" in problems
    assert "f.toml: stages.0.title.ru: missing translation: the file declares \"ru\"" in problems
    assert "f.toml: title.ru: missing translation: the file declares \"ru\"" in problems
    assert [str(p) for p in validate_text(small('{fr = "Rédaction"}'), "f.toml")] == [
        "f.toml: stages.0.title.en: the English text is required"]
    assert [str(p) for p in validate_text(small('{en = "Drafting", fr = ""}'), "f.toml")] == [
        "f.toml: stages.0.title.fr: must not be empty"]
    assert [str(p) for p in validate_text(small('{en = "Drafting", fr = "Rédaction"}', '["fr"]'),
                                          "f.toml")] == [
        'f.toml: languages: must include "en" (English is the fallback of every text)']
