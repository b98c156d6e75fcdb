"""Publication and working profiles of the Word export, on the demo national policy."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile

import pytest
from lxml import etree
from sqlalchemy import select

from engine.models import Process
from engine.services import glossary
from engine.services.document.sections import flatten, outline
from engine.services.exports import export_process
from engine.services.publication import ACTION_PLAN_COLUMNS, MONITORING_COLUMNS
from engine.services.users import by_email

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


@pytest.fixture
def policy(db_session, catalog) -> Process:
    from engine.demo import load_demo, migration_policy

    load_demo(db_session, catalog)
    return db_session.scalars(select(Process).where(Process.title == migration_policy.TITLE)).one()


def _part(content: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(content)) as zf:
        return etree.fromstring(zf.read(name))


def _text(el: etree._Element) -> str:
    return "".join(t.text or "" for t in el.iter(f"{{{W}}}t"))


def _headings(doc: etree._Element) -> list[str]:
    return [_text(p) for p in doc.iter(f"{{{W}}}p")
            if (s := p.find("w:pPr/w:pStyle", NS)) is not None
            and s.get(f"{{{W}}}val", "").startswith(("Heading", "Annex"))]


def _table_rows(tbl: etree._Element) -> list[list[str]]:
    return [[_text(tc) for tc in tr.findall("w:tc", NS)] for tr in tbl.findall("w:tr", NS)]


def test_publication_prints_what_a_ministry_issues(db_session, policy):
    lead = by_email(db_session, "lead@demo.policycycle.org")
    glossary.add_term(db_session, lead, policy, term="NSO", expansion="National Statistical Office")
    content = export_process(db_session, None, policy.id, profile="publication").content
    doc = _part(content, "word/document.xml")
    headings = _headings(doc)
    text = _text(doc)

    # Cover: title, issuing body, date, status; no drafting counters.
    assert "Issuing body" in text and "Ministry of Home Affairs" in text
    assert "Version" not in text and "National policy or strategy" not in text
    # Abbreviations from the glossary.
    assert "Abbreviations" in headings and "National Statistical Office" in text
    # No internal annex; the action plan is a chapter, not an annex.
    annexes = [h for h in headings if h.startswith("Annex")]
    assert annexes and not any(word in h for h in annexes
                               for word in ("Deliverables", "transitions", "Action plan",
                                            "responses", "options"))
    body = doc.find("w:body", NS)
    tables = body.findall(".//w:tbl", NS)
    headers = [_table_rows(t)[0] for t in tables]
    assert ACTION_PLAN_COLUMNS in headers and MONITORING_COLUMNS in headers
    plan = tables[headers.index(ACTION_PLAN_COLUMNS)]
    assert any(cell.endswith(" EUR") or " EUR\n" in cell or "EUR" in cell
               for row in _table_rows(plan)[1:] for cell in row)
    # Empty chapters are left out, and the action plan chapter comes before the annexes.
    assert "Endorsement and entry into force" not in headings
    assert headings.index("Action plan") < headings.index(annexes[0])
    # Every table but the cover's layout grid follows a numbered caption (SEQ field).
    for tbl in tables[1:]:
        caption = tbl.getprevious()
        assert caption is not None and caption.tag == f"{{{W}}}p"
        instr = [f.get(f"{{{W}}}instr") for f in caption.iter(f"{{{W}}}fldSimple")]
        assert any(i and "SEQ Table" in i for i in instr), _text(caption)
    # Headings are numbered by a Word numbering definition linked to the heading styles.
    numbering = _part(content, "word/numbering.xml")
    linked = [a for a in numbering.findall("w:abstractNum", NS)
              if (s := a.find("w:lvl/w:pStyle", NS)) is not None
              and s.get(f"{{{W}}}val") == "Heading1"]
    assert len(linked) == 1
    levels = linked[0].findall("w:lvl", NS)
    assert [lv.find("w:lvlText", NS).get(f"{{{W}}}val") for lv in levels[:3]] == [
        "%1", "%1.%2", "%1.%2.%3"]
    assert levels[1].find("w:pStyle", NS).get(f"{{{W}}}val") == "Heading2"
    numbered = [p for p in body.iter(f"{{{W}}}p")
                if p.find("w:pPr/w:numPr/w:ilvl", NS) is not None
                and (s := p.find("w:pPr/w:pStyle", NS)) is not None
                and s.get(f"{{{W}}}val") == "Heading1"
                and p.find("w:pPr/w:numPr/w:numId", NS).get(f"{{{W}}}val") != "0"]
    assert [_text(p) for p in numbered][0] == "Issues and context"
    assert not any(re.match(r"^\d+(\.\d+)*\t", _text(p)) for p in numbered)
    # One date format: no ISO or abbreviated dates in the text.
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", text)
    assert not re.search(r"\b\d{1,2} (Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}", text)
    # Document properties: true title and status, no counts from the template.
    app = etree.tostring(_part(content, "docProps/app.xml")).decode()
    assert "<Pages>" not in app and "<Words>" not in app and "Ministry of Home Affairs" in app
    core = etree.tostring(_part(content, "docProps/core.xml")).decode()
    assert policy.title in core and "contentStatus" in core and "<cp:version>" in core


def test_working_prints_everything_with_placeholders(db_session, policy):
    content = export_process(db_session, None, policy.id, profile="working").content
    doc = _part(content, "word/document.xml")
    headings = _headings(doc)
    text = _text(doc)
    titles = [n.section.title for n in flatten(outline(db_session, policy))]
    assert all(title in headings for title in titles)
    assert "(to be drafted)" in text
    assert any("History of stage transitions" in h for h in headings)
    assert any("Deliverables" in h for h in headings)


def test_the_default_profile_follows_the_stage(db_session, policy, catalog):
    from engine.demo import immigration_strategy

    strategy = db_session.scalars(
        select(Process).where(Process.title == immigration_strategy.TITLE)).one()
    assert strategy.state == "validation" and policy.state != "validation"
    published = _text(_part(export_process(db_session, None, strategy.id).content,
                            "word/document.xml"))
    working = _text(_part(export_process(db_session, None, policy.id).content,
                          "word/document.xml"))
    assert "Issuing body" in published and "Version" not in published
    assert "Version" in working


def test_an_unknown_profile_is_refused(db_session, policy):
    from engine.errors import InvalidInput

    with pytest.raises(InvalidInput):
        export_process(db_session, None, policy.id, profile="glossy")


@pytest.mark.slow
def test_publication_has_no_heading_only_page(db_session, policy, soffice, tmp_path):
    """Rendered by LibreOffice, no page holds a chapter heading and nothing else."""
    content = export_process(db_session, None, policy.id, profile="publication").content
    path = tmp_path / "policy.docx"
    path.write_bytes(content)
    pdf = soffice(path)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    titles = {" ".join(n.section.title.split()) for n in flatten(outline(db_session, policy))}
    pages = [p for p in text.split("\f") if p.strip()]
    assert len(pages) > 5
    for number, page in enumerate(pages[1:], start=2):
        lines = [" ".join(line.split()) for line in page.splitlines() if line.strip()]
        body = lines[1:-1]  # without the running header and footer
        words = " ".join(body)
        stripped = re.sub(r"^\d+(\.\d+)*\s+", "", words)
        assert body and stripped not in titles, f"page {number} holds only a heading: {words}"


def test_front_matter_comes_in_its_order(rich_doc):
    """Foreword before the contents; abbreviations, then the executive summary, then chapter 1."""
    from engine.export import ExportSection, render_docx

    rich_doc.profile = "publication"
    rich_doc.front = [ExportSection("", "Foreword", 1, "The Minister's words.", id=901),
                      ExportSection("", "Executive summary", 1, "In short.", id=902)]
    rich_doc.abbreviations = [("NSO", "National Statistical Office")]
    content = render_docx(rich_doc)
    text = _text(_part(content, "word/document.xml"))
    # Headings appear twice (the contents list them): the text that follows is unique.
    order = [text.index("Foreword"), text.index("The Minister's words."),
             text.index("Contents"), text.index("National Statistical Office"),
             text.rindex("Executive summary"), text.index("In short.")]
    assert order == sorted(order)
    assert text.index("In short.") < text.rindex(rich_doc.sections[0].title)
