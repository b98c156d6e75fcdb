"""Documents have a language: the francophone demo process exports in French, sections
carry translations (out of date when the main text moves on, merged or refused on save),
and a bilingual export prints both languages."""

from __future__ import annotations

import re
import subprocess
from datetime import date

import pytest
from babel.dates import format_date
from sqlalchemy import select

from engine.archive import dump_process, load_process
from engine.demo import border_data, load_demo, trafficking_strategy
from engine.errors import EditConflict, InvalidInput, PermissionDenied
from engine.models import Process, SectionTranslation, User
from engine.services import processes
from engine.services.document import sections, translations
from engine.services.exports import export_process


def _plain(pandoc: str, content: bytes, tmp_path, name: str = "doc.docx") -> str:
    path = tmp_path / name
    path.write_bytes(content)
    result = subprocess.run([pandoc, "-t", "plain", "--wrap=none", str(path)],
                            capture_output=True, text=True, check=True)
    return result.stdout


def _process(session, title: str) -> Process:
    return session.scalars(select(Process).where(Process.title == title)).one()


@pytest.fixture
def demo(db_session, catalog):
    load_demo(db_session, catalog)
    db_session.flush()
    return db_session


def test_francophone_demo_process_exports_in_french(demo, pandoc, tmp_path):
    process = _process(demo, trafficking_strategy.TITLE)
    assert process.document_language == "fr"
    text = _plain(pandoc, export_process(demo, None, process.id).content, tmp_path)
    # House-style strings and the cover.
    assert "Table des matières" in text
    assert "Institution requérante" in text and "Étape" in text
    assert "Contents" not in text and "Requesting institution" not in text
    # The date of this version in French (Babel's long date).
    assert format_date(date.today(), "long", locale="fr_FR") in text
    # The section headings come from the workflow's French titles.
    assert "Enjeux et contexte" in text and "Issues and context" not in text
    # Generated annexes: French headings, columns and dates, gate-related ones included.
    assert "Annexe A — Composition du groupe restreint" in text
    assert "Consultations et contributions reçues" in text
    assert "Livrables et leur état" in text
    assert "Historique des passages d'étape" in text
    assert "Tableau " in text and "Membre depuis" in text and "Décidé par" in text
    assert "Mise à l'agenda" in text
    for english in ("Annex A", "History of stage transitions", "Deliverables and their status",
                    "Member since", "Decided by"):
        assert english not in text
    assert "PROJET" in text and "DRAFT" not in text


def test_francophone_demo_markdown_is_in_french(demo):
    process = _process(demo, trafficking_strategy.TITLE)
    text = export_process(demo, None, process.id, fmt="md").content.decode()
    assert "## Annexe A — " in text
    assert re.search(r"## Annexe [A-Z] — Composition du groupe restreint", text)
    assert "**Institution requérante:**" in text
    assert format_date(date.today(), "long", locale="fr_FR") in text


def test_bilingual_export_prints_both_languages_side_by_side(demo, pandoc, tmp_path):
    process = _process(demo, border_data.TITLE)
    both = _plain(pandoc, export_process(demo, None, process.id, languages="fr,en").content,
                  tmp_path, "both.docx")
    # French first (labels in French), English beside it, in the same section.
    assert "Table des matières" in both
    assert "Objectif global" in both and "Overall objective" in both
    assert "Français" in both and "English" in both
    french_only = _plain(pandoc, export_process(demo, None, process.id, languages="fr").content,
                         tmp_path, "fr.docx")
    assert "Objectif global" in french_only and "Overall objective" not in french_only
    english = _plain(pandoc, export_process(demo, None, process.id).content, tmp_path, "en.docx")
    assert "Overall objective" in english and "Objectif global" not in english
    markdown = export_process(demo, None, process.id, fmt="md", languages="fr,en").content
    assert "Objectif global" in markdown.decode() and "Overall objective" in markdown.decode()


def test_export_refuses_unknown_languages(demo):
    process = _process(demo, border_data.TITLE)
    for bad in ("de", "fr,en,es", "fr;en"):
        with pytest.raises(InvalidInput):
            export_process(demo, None, process.id, languages=bad)


def test_demo_translation_out_of_date_shows_in_the_status(demo):
    process = _process(demo, border_data.TITLE)
    by_key = {n.section.key: n.section for n in sections.flatten(sections.outline(demo, process))}
    status = translations.status_by_section(demo, process)
    assert status[by_key["objectives"].id] == {"fr": False}
    # The activities were changed after their translation: it needs translating again.
    assert status[by_key["activities"].id] == {"fr": True}


def test_translation_goes_out_of_date_when_the_main_text_is_saved(db_session, make_process):
    process = make_process()
    lead = process.lead.user
    section = sections.flatten(sections.outline(db_session, process))[0].section
    sections.save_body(db_session, lead, section, body="Main text.\n", base_revision=0)
    saved = translations.save_translation(db_session, lead, section, "fr",
                                          body="Texte principal.\n", base_revision=0)
    assert saved.revision == 1 and saved.translation.source_revision == section.revision
    assert translations.status_by_section(db_session, process) == {section.id: {"fr": False}}
    sections.save_body(db_session, lead, section, body="Main text, changed.\n",
                       base_revision=section.revision)
    assert translations.status_by_section(db_session, process) == {section.id: {"fr": True}}
    assert saved.translation.out_of_date
    # Translating the new main text brings it up to date again.
    translations.save_translation(db_session, lead, section, "fr",
                                  body="Texte principal, modifié.\n", base_revision=1)
    assert translations.status_by_section(db_session, process) == {section.id: {"fr": False}}
    assert [r.number for r in translations.history(db_session, saved.translation)] == [2, 1]


def test_translation_saves_merge_or_conflict(db_session, make_process):
    process = make_process()
    lead = process.lead.user
    section = sections.flatten(sections.outline(db_session, process))[0].section
    translations.save_translation(db_session, lead, section, "es",
                                  body="uno\ndos\ntres\n", base_revision=0)
    translations.save_translation(db_session, lead, section, "es",
                                  body="UNO\ndos\ntres\n", base_revision=1)
    # Made on revision 1 too, another line: merged.
    merged = translations.save_translation(db_session, lead, section, "es",
                                           body="uno\ndos\nTRES\n", base_revision=1)
    assert merged.merged and merged.translation.body == "UNO\ndos\nTRES\n"
    # The same line as revision 2: refused with the three texts.
    with pytest.raises(EditConflict) as conflict:
        translations.save_translation(db_session, lead, section, "es",
                                      body="Uno!\ndos\ntres\n", base_revision=1)
    assert conflict.value.details["current_revision"] == 3
    # The main language is not a translation.
    with pytest.raises(InvalidInput):
        translations.save_translation(db_session, lead, section, "en", body="x",
                                      base_revision=0)


def test_lead_changes_title_and_document_language(db_session, make_process, add_member):
    process = make_process()
    lead = process.lead.user
    processes.update_process(db_session, lead, process, language="pt", title="Política")
    assert (process.document_language, process.title) == ("pt", "Política")
    with pytest.raises(InvalidInput):
        processes.update_process(db_session, lead, process, language="de")
    core = add_member(process).user
    with pytest.raises(PermissionDenied):
        processes.update_process(db_session, core, process, language="fr")


def test_dump_and_load_keep_the_language_and_the_translations(db_session, make_process):
    process = make_process(title="Politique migratoire")
    lead: User = process.lead.user
    processes.update_process(db_session, lead, process, language="fr")
    section = sections.flatten(sections.outline(db_session, process))[0].section
    sections.save_body(db_session, lead, section, body="Texte.\n", base_revision=0)
    translations.save_translation(db_session, lead, section, "en", body="Text.\n",
                                  base_revision=0, title="Issues")
    archive = dump_process(db_session, process.id)
    process.title = "Ancienne copie"
    db_session.flush()
    restored = load_process(db_session, archive)
    assert restored.document_language == "fr"
    copy = db_session.scalars(select(SectionTranslation).join(SectionTranslation.section)
                              .where(SectionTranslation.language == "en")
                              .where(SectionTranslation.section.has(process_id=restored.id))).one()
    assert (copy.body, copy.title, copy.revision, copy.source_revision) == ("Text.\n", "Issues",
                                                                            1, 1)
    assert [r.body for r in copy.revisions] == ["Text.\n"]
