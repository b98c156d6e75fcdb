"""The monitoring report of a period: a Word file LibreOffice opens and pandoc reads back."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from io import BytesIO

import pytest

from engine.errors import InvalidInput
from engine.services.monitoring import progress
from engine.services.monitoring_report import monitoring_report


@pytest.fixture
def reported(db_session, make_monitored):
    made = make_monitored()
    process, lead = made["process"], made["lead"]
    labour, interior = made["labour_member"], made["interior_member"]
    progress.report_progress(db_session, labour, made["one_stop"], period="2024",
                             status="on_track", spent="40000", note="Premises found.")
    progress.report_progress(db_session, interior, made["portal"], period="2024",
                             status="on_track", spent="20000", note="Tender launched.")
    progress.record_value(db_session, labour, made["indicator"], period="2024", value="11")
    progress.validate_period(db_session, lead, process, period="2024")
    progress.report_progress(db_session, labour, made["one_stop"], period="2025",
                             status="delayed", spent="30000",
                             note="The premises were not handed over before October.")
    progress.report_progress(db_session, interior, made["portal"], period="2025",
                             status="completed", spent="29000", note="Live since June.")
    progress.record_value(db_session, labour, made["indicator"], period="2025", value="10.5")
    progress.save_narrative(db_session, labour, process, period="2025",
                            narrative="The year was **difficult**: staff left.\n\n"
                                      "- hire three case workers\n- open the shop in March")
    progress.validate_period(db_session, lead, process, period="2025")
    return made


def test_report_reads_back_in_order_and_converts(db_session, reported, tmp_path, pandoc,
                                                 soffice):
    result = monitoring_report(db_session, reported["lead"], reported["process"].id,
                               period="2025")
    assert result.filename.endswith("monitoring-report-2025.docx")
    with zipfile.ZipFile(BytesIO(result.content)) as package:
        images = [n for n in package.namelist() if n.startswith("word/media/")]
    # One chart per indicator with a trajectory (the gate's own indicator has one too).
    assert len(images) == 2
    assert all(n.endswith(".png") for n in images)
    path = tmp_path / result.filename
    path.write_bytes(result.content)
    text = subprocess.run([pandoc, "-t", "plain", "--wrap=none", str(path)], check=True,
                          capture_output=True, text=True, timeout=120).stdout
    progress_part = text[text.index("Progress of the measures"):text.index("Budget execution")]
    assert progress_part.index("Open a one-stop shop") < progress_part.index("Delayed") < \
        progress_part.index("Online permit portal") < progress_part.index("Completed")
    assert "Ministry of Labour" in progress_part and "30,000.00" in progress_part
    budget = text[text.index("Budget execution"):text.index("Indicators")]
    assert "150,000.00" in budget and "119,000.00" in budget and "50,000.00" in budget
    indicators = text[text.index("Indicators"):text.index("Delayed measures")]
    assert "Permits issued within 30 days (%)" in indicators
    assert indicators.index("2024") < indicators.index("11") < indicators.index("2025") < \
        indicators.index("10.5") < indicators.index("off its trajectory")
    delayed = text[text.index("Delayed measures"):text.index("Narrative")]
    assert "The premises were not handed over before October." in delayed
    narrative = text[text.index("Narrative"):]
    assert "difficult" in narrative and "hire three case workers" in narrative
    assert "**" not in narrative
    pdf = soffice(path)
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed: the pages are not rendered")
    subprocess.run(["pdftoppm", "-png", "-r", "40", str(pdf), str(tmp_path / "page")],
                   check=True, timeout=120)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 2  # progress, budget, two charts and the narrative do not fit on one
    assert all(p.stat().st_size > 1000 for p in pages)


def test_report_refuses_a_period_outside_the_calendar(db_session, reported):
    with pytest.raises(InvalidInput) as refused:
        monitoring_report(db_session, reported["lead"], reported["process"].id, period="2031")
    assert "period" in refused.value.details


def test_a_period_without_reports_says_so_instead_of_an_empty_table(db_session, make_monitored):
    from docx import Document

    made = make_monitored()
    result = monitoring_report(db_session, made["lead"], made["process"].id, period="2024")
    document = Document(BytesIO(result.content))
    texts = [p.text for p in document.paragraphs]
    assert "No measure has reported progress for this period yet." in texts
    # Every table has a row below its heading row: none is printed empty.
    assert all(len(table.rows) > 1 for table in document.tables)
