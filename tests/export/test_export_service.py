"""Exports straight from the database: the demo processes, annexes, templates, entry points."""

from __future__ import annotations

import io
import subprocess
import zipfile

import pytest
from docx import Document

from engine.errors import InvalidInput
from engine.services import processes
from engine.services.document.sections import flatten, outline
from engine.services.exports import ANNEXES, build_export_document, export_process
from engine.text.markdown import plain_text


@pytest.fixture
def demo(db_session, catalog):
    demo_module = pytest.importorskip("engine.demo")
    demo_module.load_demo(db_session, catalog)
    from sqlalchemy import select

    from engine.models import Process

    return {p.title: p for p in db_session.scalars(select(Process))}


def _words(text: str) -> list[str]:
    return [w for w in text.split() if any(c.isalnum() for c in w)]


@pytest.mark.slow
def test_every_demo_process_converts_with_libreoffice(db_session, demo, soffice, tmp_path):
    for process in demo.values():
        result = export_process(db_session, None, process.id, fmt="docx", with_comments=True)
        path = tmp_path / result.filename
        path.write_bytes(result.content)
        pdf = soffice(path)
        assert pdf.stat().st_size > 10_000


def test_every_demo_process_exports_and_reads_back_in_order(db_session, demo, pandoc, tmp_path):
    assert len(demo) >= 3
    for process in demo.values():
        result = export_process(db_session, None, process.id, fmt="docx")
        assert result.filename.endswith(".docx")
        path = tmp_path / result.filename
        path.write_bytes(result.content)
        text = subprocess.run([pandoc, "-f", "docx", "-t", "plain", "--wrap=none", str(path)],
                              capture_output=True, text=True, check=True).stdout
        flat = " ".join(text.split())
        position = 0
        for node in flatten(outline(db_session, process)):
            title = " ".join(node.section.title.split())
            found = flat.find(title, position)
            assert found >= 0, f"section title missing or out of order: {title}"
            position = found
            for paragraph in plain_text(node.section.body).split("\n"):
                paragraph = " ".join(paragraph.split())
                if len(paragraph) > 40:
                    snippet = paragraph[:40]
                    assert snippet in flat, f"text missing: {snippet!r}"
        source_words = sum(len(_words(plain_text(n.section.body)))
                           for n in flatten(outline(db_session, process)))
        body = flat
        assert len(_words(body)) >= source_words  # cover, annexes add words; nothing is lost


def test_annexes_come_from_the_data(db_session, demo):
    process = next(p for p in demo.values() if p.state == "policy_analysis")
    document = build_export_document(db_session, process)
    keys = [a.key for a in document.annexes]
    assert {"core_group", "consultations", "deliverables", "transitions"} <= set(keys)
    core = next(a for a in document.annexes if a.key == "core_group").tables[0]
    names = {row[1] for row in core.rows if row[1]}
    assert {m.user.name for m in process.active_memberships} == names
    transitions = next(a for a in document.annexes if a.key == "transitions").tables[0]
    assert any("Policy analysis" in row for row in transitions.rows)
    assert set(ANNEXES) >= set(keys)


def test_docx_has_the_annex_tables_and_the_marking(db_session, demo):
    process = next(p for p in demo.values() if p.state == "policy_analysis")
    content = export_process(db_session, None, process.id).content
    document = Document(io.BytesIO(content))
    headers = [[c.text for c in t.rows[0].cells] for t in document.tables]
    assert ["Institution", "Member", "Role", "Member since"] in headers
    assert ["Date", "From", "To", "Decided by", "Note"] in headers
    package = zipfile.ZipFile(io.BytesIO(content))
    headers_xml = "".join(package.read(n).decode() for n in package.namelist()
                          if n.startswith("word/header"))
    assert "DRAFT" in headers_xml


def test_swapping_the_template_changes_the_look(db_session, demo):
    process = next(iter(demo.values()))
    ministry = export_process(db_session, None, process.id, template="ministry").content
    compact = export_process(db_session, None, process.id, template="compact").content
    styles = [zipfile.ZipFile(io.BytesIO(c)).read("word/styles.xml") for c in (ministry, compact)]
    assert styles[0] != styles[1]
    lead = process.lead.user
    processes.set_export_template(db_session, lead, process, "compact")
    chosen = export_process(db_session, lead, process.id).content
    assert zipfile.ZipFile(io.BytesIO(chosen)).read("word/styles.xml") == styles[1]


def test_unknown_template_is_refused_for_requests(db_session, demo):
    process = next(iter(demo.values()))
    with pytest.raises(InvalidInput):
        export_process(db_session, process.lead.user, process.id, template="../../etc/passwd")
    with pytest.raises(InvalidInput):
        processes.set_export_template(db_session, process.lead.user, process, "nope")


def test_markdown_export_has_every_section(db_session, demo):
    process = next(iter(demo.values()))
    result = export_process(db_session, None, process.id, fmt="md")
    text = result.content.decode()
    assert result.filename.endswith(".md")
    for node in flatten(outline(db_session, process)):
        assert f"{node.number} {node.section.title}" in text


def test_open_comments_become_word_comments(db_session, demo):
    process = next(p for p in demo.values() if p.state == "policy_analysis")
    content = export_process(db_session, None, process.id, with_comments=True).content
    names = zipfile.ZipFile(io.BytesIO(content)).namelist()
    assert "word/comments.xml" in names
    comments_xml = zipfile.ZipFile(io.BytesIO(content)).read("word/comments.xml").decode()
    assert "w:author=" in comments_xml
