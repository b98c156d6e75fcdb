"""Fixtures for the export engine: a rich sample strategy and tool sessions."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from datetime import date, datetime
from pathlib import Path

import pytest

from engine.export import (
    Annex,
    AnnexTable,
    ExportComment,
    ExportDocument,
    ExportSection,
)

INTRO = """\
This strategy sets out how the **Government of Ruritania** will manage
migration over the period 2025–2030. It builds on the *National Development
Plan* and on the `migration-profile-2023` dataset, and it replaces the
~~2012 action plan~~ that expired last year.[^np]

The core group met twelve times.{BR}
Its minutes are published on the [Ministry's website](https://interior.example.gov/migration "Minutes").
See also <https://stats.example.gov/profile> for the data.

[^np]: National Development Plan 2021–2035, chapter 4 (*Human capital*).
""".replace("{BR}", "  ")  # two trailing spaces: a hard line break

ANALYSIS = """\
The situation analysis drew on three sources of evidence:

- administrative records of the immigration department;
- the 2023 labour force survey, including:
  - the migration module;
  - the diaspora follow-up, with two waves:
    - wave one in the capital;
    - wave two in the regions.
- interviews with returning migrants.

The core group then ranked the problems:

1. irregular recruitment of workers abroad;
2. weak data sharing between ministries;
   1. no common identifier;
   2. no data-sharing agreement.
3. limited services for returnees.

> Migration policy is most effective when it is owned by the institutions that
> implement it, and when migrants themselves are heard.
>
> — Opening statement, first round table

A second, separate numbered list restarts at one:

1. publish the issues paper;
2. consult the diaspora.

### Main gaps

| Area | Gap | Responsible | Priority | Deadline |
|------|-----|-------------|:--------:|---------:|
| Data | No common identifier | National Statistical Office | High | 2026 |
| Recruitment | Unlicensed agencies | Ministry of Labour | High | 2025 |
| Return | No reintegration desk | Ministry of Home Affairs | Medium | 2027 |

The table above summarises the gaps identified.[^gaps]

[^gaps]: Based on the SWOT analysis validated on 3 March 2024.
"""

OBJECTIVES = """\
The strategy pursues four objectives, each measured by indicators agreed with
the National Statistical Office.

Objective 1 is to *reduce irregular recruitment* by licensing agencies.
Line one of a poem{BR}
line two of a poem

| Objective | Indicator | Baseline | Target | Source |
|-----------|-----------|----------|--------|--------|
| Licensing | Licensed agencies | 12 | 60 | Ministry of Labour |
| Data | Shared records | 0 | 4 | NSO |
""".replace("{BR}", "  ")

INSTRUMENTS = """\
Four families of instruments were considered: regulatory, financial,
informational and organisational. The selection criteria weighed cost,
feasibility and the mandates of the implementing institutions.
"""

FINANCIAL = """\
Fees for family reunification will be reviewed. Fee levels are set by decree
and published in the *Official Gazette* & on the portal.

```
fee = base_fee * household_size
```
"""

VALIDATION = """\
The draft will be reviewed at two round tables and then submitted to the
Council of Ministers for endorsement.
"""


def rich_document() -> ExportDocument:
    """A strategy exercising every export feature."""
    return ExportDocument(
        title="National Migration and Development Strategy",
        country="Ruritania",
        requesting_institution="Ministry of Home Affairs",
        workflow_title="National migration policy 2025–2030",
        stage_title="Policy analysis",
        marking="DRAFT",
        status_label="Draft - policy analysis",
        version=3,
        date=date(2024, 5, 14),
        sections=[
            ExportSection("1", "Introduction", 1, INTRO, key="intro", id=1),
            ExportSection("2", "Situation analysis", 1, ANALYSIS, key="analysis", id=2),
            ExportSection("2.1", "Objectives and indicators", 2, OBJECTIVES, id=3),
            ExportSection("3", "Policy instruments", 1, INSTRUMENTS, id=4),
            ExportSection("3.1", "Financial instruments", 2, FINANCIAL, id=5),
            ExportSection(
                "3.1.1",
                "Fees & charges <review>",
                3,
                "Fee levels were compared with *three* neighbouring countries.",
                id=6,
            ),
            ExportSection("4", "Validation", 1, VALIDATION, id=7),
        ],
        annexes=[
            Annex(
                key="consultations",
                title="Consultations held",
                intro="Consultations were held **in person** and online.",
                tables=[
                    AnnexTable(
                        columns=["Date", "Method", "Groups consulted", "Summary"],
                        rows=[
                            [
                                "2024-02-01",
                                "Round table",
                                "NGOs\nDiaspora associations",
                                "Broad support for the licensing of agencies.",
                            ],
                            [
                                "2024-03-12",
                                "Survey",
                                "Diaspora",
                                "1,204 answers; remittance costs are the main concern.",
                            ],
                        ],
                        title="Consultation events",
                    )
                ],
            ),
            Annex(
                key="core_group",
                title="Composition of the core group",
                tables=[
                    AnnexTable(
                        columns=["Name", "Institution", "Role"],
                        rows=[
                            ["A. Berisha", "Ministry of Home Affairs", "Lead"],
                            ["M. Costa", "National Statistical Office", "Core group member"],
                        ],
                        widths=[2, 3, 1.5],
                    )
                ],
            ),
        ],
        comments=[
            ExportComment(
                section_id=2,
                quote="weak data sharing between ministries",
                author="Expert Reviewer",
                initials="ER",
                created_at=datetime(2024, 5, 2, 9, 30),
                body="Please name the ministries concerned.",
                replies=[
                    ExportComment(
                        section_id=2,
                        quote=None,
                        author="Core Group Lead",
                        initials="CL",
                        created_at=datetime(2024, 5, 3, 14, 0),
                        body="Done in the next version.",
                    )
                ],
            ),
            ExportComment(
                section_id=4,
                quote=None,
                author="Expert Reviewer",
                initials="ER",
                created_at=datetime(2024, 5, 2, 10, 0),
                body="Consider adding an informational instrument.",
            ),
        ],
    )


@pytest.fixture
def rich_doc() -> ExportDocument:
    return rich_document()


@pytest.fixture(scope="session")
def soffice(tmp_path_factory: pytest.TempPathFactory):
    """Convert .docx files to PDF with headless LibreOffice (one profile per
    session, so parallel sessions do not fight over a profile lock)."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    profile = tmp_path_factory.mktemp("lo-profile") / uuid.uuid4().hex

    def convert(docx: Path) -> Path:
        outdir = docx.parent
        env = dict(os.environ, HOME=str(profile.parent))
        proc = subprocess.run(
            [
                exe,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(outdir),
                str(docx),
            ],
            capture_output=True,
            text=True,
            timeout=180,
            env=env,
        )
        pdf = outdir / (docx.stem + ".pdf")
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert pdf.is_file(), proc.stdout + proc.stderr
        return pdf

    return convert


@pytest.fixture(scope="session")
def pandoc() -> str:
    exe = shutil.which("pandoc")
    if exe is None:
        pytest.skip("pandoc is not installed")
    return exe


@pytest.fixture(scope="session")
def soffice_docx(tmp_path_factory: pytest.TempPathFactory):
    """Re-save a .docx through headless LibreOffice (``soffice --convert-to docx``),
    as a person who edits in LibreOffice would; returns the new file."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    profile = tmp_path_factory.mktemp("lo-docx-profile") / uuid.uuid4().hex

    def convert(docx: Path) -> Path:
        outdir = docx.parent / "resaved"
        outdir.mkdir(exist_ok=True)
        env = dict(os.environ, HOME=str(profile.parent))
        proc = subprocess.run(
            [exe, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
             "docx:MS Word 2007 XML", "--outdir", str(outdir), str(docx)],
            capture_output=True, text=True, timeout=180, env=env, check=False,
        )
        result = outdir / docx.name
        assert proc.returncode == 0 and result.is_file(), proc.stdout + proc.stderr
        return result

    return convert
