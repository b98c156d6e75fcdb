"""The engine's own catalogue (domain "engine") is complete in every language we ship."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from engine.i18n import TRANSLATIONS_DIR, catalogue_gaps, source_msgids

LANGUAGES = ["fr", "es", "pt", "ru"]


@pytest.fixture(scope="module")
def msgids():
    found = source_msgids()
    assert len(found) > 300  # gate lines, errors, history, vocabularies
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_engine_string_is_translated_and_none_is_fuzzy(language, msgids):
    po = TRANSLATIONS_DIR / language / "LC_MESSAGES" / "engine.po"
    assert catalogue_gaps(po, msgids) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_translation_uses_only_its_msgids_placeholders(language):
    # What 'pybabel compile' checks: a translation naming another placeholder fails it.
    with open(TRANSLATIONS_DIR / language / "LC_MESSAGES" / "engine.po", "rb") as handle:
        problems = [(message.id, [str(e) for e in errors])
                    for message, errors in read_po(handle).check()]
    assert problems == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_matches_its_source(language):
    folder = TRANSLATIONS_DIR / language / "LC_MESSAGES"
    def entries(catalogue):
        return {
            tuple(m.id) if isinstance(m.id, list | tuple) else m.id:
            tuple(m.string) if isinstance(m.string, list | tuple) else m.string
            for m in catalogue if m.id
        }

    with open(folder / "engine.po", "rb") as handle:
        source = entries(read_po(handle))
    with open(folder / "engine.mo", "rb") as handle:
        compiled = entries(read_mo(handle))
    assert compiled == source, "run: pybabel compile -D engine -d engine/translations"


def test_the_check_fails_on_a_catalogue_with_one_untranslated_entry(tmp_path: Path, msgids):
    po = tmp_path / "engine.po"
    shutil.copy(TRANSLATIONS_DIR / "fr" / "LC_MESSAGES" / "engine.po", po)
    text = po.read_text(encoding="utf-8")
    translated = 'msgstr "Aucun commentaire bloquant ouvert."'
    assert translated in text
    po.write_text(text.replace(translated, 'msgstr ""'), encoding="utf-8")
    assert catalogue_gaps(po, msgids) == ["untranslated: 'No blocking comments open.'"]


def test_the_check_fails_on_a_fuzzy_entry_and_on_a_string_missing_from_the_catalogue(
    tmp_path: Path, msgids
):
    po = tmp_path / "engine.po"
    shutil.copy(TRANSLATIONS_DIR / "ru" / "LC_MESSAGES" / "engine.po", po)
    text = po.read_text(encoding="utf-8")
    entry = 'msgid "No blocking comments open."'
    po.write_text(text.replace(entry, "#, fuzzy\n" + entry), encoding="utf-8")
    assert catalogue_gaps(po, {*msgids, "A sentence nobody translated yet."}) == [
        "fuzzy: 'No blocking comments open.'",
        "not in the catalogue: 'A sentence nobody translated yet.'",
    ]
