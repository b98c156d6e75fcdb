"""Export speed: our export from the database against ``pandoc -f markdown -t docx``.

Run from the repository root::

    python -m benchmarks.export_bench                  # 42,000-word strategy stored as a process
    python -m benchmarks.export_bench --source memory  # render_docx on the in-memory document
    python -m benchmarks.export_bench --profile        # cProfile of our side

The generated strategy (80 sections, 3 heading levels, lists, 20 five-column
tables) is stored as a process in a fresh SQLite database (or the one named by
POLICYCYCLE_BENCH_DATABASE_URL); our side reads it back and renders .docx bytes
in-process, pandoc converts the same Markdown. Both are timed in the same run;
the script prints medians and the ratio ours/pandoc (target: <= 0.5).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from engine.export import (
    Annex,
    AnnexTable,
    ExportDocument,
    ExportSection,
    render_docx,
    render_markdown,
)

_WORDS = (
    "migration policy strategy government ministry labour diaspora returnees "
    "remittances statistics data institution framework capacity integration "
    "border management citizenship asylum protection workers recruitment agencies "
    "consultation stakeholders civil society municipalities budget indicator target "
    "baseline monitoring evaluation implementation coordination mandate legislation "
    "decree regulation programme measure action plan objective outcome outputs "
    "training employment skills education health housing services information "
    "awareness campaign survey evidence analysis gaps needs options costs benefits "
    "feasibility assumptions risks partners donors cooperation agreement region "
    "national local level annual review report working group core expert"
).split()
_SMALL = "the of and to in for with on by at from as that which is are will be".split()
_TOPICS = [
    "Labour migration", "Diaspora engagement", "Return and reintegration",
    "Migration data", "Border management", "Integration of foreigners",
    "Remittances and development", "Protection of migrant workers",
    "Irregular migration", "Institutional framework",
]  # fmt: skip
_ASPECTS = [
    "Situation analysis", "Objectives", "Policy options", "Instruments",
    "Costs and benefits", "Institutional roles", "Indicators", "Risks",
]  # fmt: skip


def _sentence(rng: random.Random, emphasis: bool = True) -> str:
    n = rng.randint(12, 24)
    words = [rng.choice(_WORDS) if rng.random() < 0.65 else rng.choice(_SMALL) for _ in range(n)]
    if emphasis:
        roll = rng.random()
        i = rng.randrange(1, n - 2)
        if roll < 0.12:
            words[i] = f"**{words[i]} {words[i + 1]}**"
            del words[i + 1]
        elif roll < 0.22:
            words[i] = f"*{words[i]}*"
        elif roll < 0.27:
            words[i] = f"[{words[i]}](https://www.example.gov/{words[i]})"
        elif roll < 0.29:
            words[i] = f"`{words[i]}`"
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def _paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(_sentence(rng) for _ in range(sentences))


def _table(rng: random.Random, index: int) -> str:
    cols = ["Measure", "Responsible institution", "Timeline", "Indicator", "Budget (EUR)"]
    lines = ["| " + " | ".join(cols) + " |", "|---|---|:---:|---|---:|"]
    for r in range(rng.randint(6, 10)):
        row = [
            f"{index}.{r + 1} " + " ".join(rng.choice(_WORDS) for _ in range(rng.randint(4, 8))),
            "Ministry of " + rng.choice(_WORDS).capitalize(),
            f"{rng.randint(2025, 2030)}",
            " ".join(rng.choice(_WORDS) for _ in range(rng.randint(3, 6))),
            f"{rng.randint(10, 900) * 1000:,}",
        ]
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def _body(rng: random.Random, index: int, with_table: bool) -> str:
    parts: list[str] = []
    notes: list[str] = []
    for p in range(rng.randint(3, 4)):
        text = _paragraph(rng, rng.randint(4, 6))
        if rng.random() < 0.3:
            label = f"n{p}"
            text += f"[^{label}]"
            notes.append(f"[^{label}]: {_sentence(rng)}")
        parts.append(text)
        if p == 0 and rng.random() < 0.7:
            items = [f"- {_sentence(rng)}" for _ in range(rng.randint(3, 5))]
            items.insert(2, "  - " + _sentence(rng))
            items.insert(3, "    - " + _sentence(rng, emphasis=False))
            parts.append("\n".join(items))
        if p == 1 and rng.random() < 0.6:
            items = [f"{i + 1}. {_sentence(rng)}" for i in range(rng.randint(3, 5))]
            items.insert(1, "   1. " + _sentence(rng))
            parts.append("\n".join(items))
    if with_table:
        parts.append(_table(rng, index))
    if rng.random() < 0.15:
        parts.append("> " + _paragraph(rng, 2))
    parts.extend(notes)
    return "\n\n".join(parts)


def generate_strategy(seed: int = 1) -> ExportDocument:
    """A synthetic strategy: about 42,000 words in 80 sections over three
    heading levels, with lists, 20 five-column tables, emphasis, links and
    footnotes."""
    rng = random.Random(seed)
    sections: list[ExportSection] = []
    table_slots = set(range(2, 80, 4))  # 20 sections carry a table
    index = 0
    for chapter in range(10):
        sections.append(
            ExportSection(str(chapter + 1), _TOPICS[chapter], 1,
                          _body(rng, index, index in table_slots), id=index + 1)
        )  # fmt: skip
        index += 1
        for sub in range(3):
            number = f"{chapter + 1}.{sub + 1}"
            sections.append(
                ExportSection(number, rng.choice(_ASPECTS), 2,
                              _body(rng, index, index in table_slots), id=index + 1)
            )  # fmt: skip
            index += 1
            for leaf in range(4 if sub < 1 else 2 if sub < 2 else 1):
                if index >= 80:
                    break
                sections.append(
                    ExportSection(f"{number}.{leaf + 1}", rng.choice(_ASPECTS) + " in detail", 3,
                                  _body(rng, index, index in table_slots), id=index + 1)
                )  # fmt: skip
                index += 1
    return ExportDocument(
        title="National Strategy on Migration and Development 2025-2030",
        country="Ruritania",
        requesting_institution="Ministry of Home Affairs",
        workflow_title="National migration policy",
        stage_title="Identification of policy instruments",
        marking="DRAFT",
        status_label="Draft - policy instruments",
        version=7,
        date=date(2025, 3, 14),
        sections=sections[:80],
        annexes=[
            Annex(
                "core_group",
                "Composition of the core group",
                tables=[
                    AnnexTable(
                        ["Name", "Institution", "Role", "Since"],
                        [
                            [f"Member {i}", "Ministry of Labour", "Core group member", "2024"]
                            for i in range(12)
                        ],
                    )
                ],  # fmt: skip
            )
        ],
    )


def to_pandoc_markdown(doc: ExportDocument) -> str:
    """The same document as pandoc-readable Markdown (pipe tables,
    footnotes and strikethrough are pandoc extensions enabled by default)."""
    return render_markdown(doc)


def store_as_process(doc: ExportDocument, url: str) -> tuple[Callable[[], bytes], int]:
    """Store the generated strategy as a real process in a fresh database.

    Returns a function that exports it from the database to .docx bytes
    (reading sections, building the document, rendering) and the process id.
    """
    from sqlalchemy import delete

    import engine.composition  # noqa: F401 - the export annexes
    import engine.models  # noqa: F401
    from engine.catalog import Catalog
    from engine.db import Base, make_engine, make_session_factory
    from engine.models import Revision, Section
    from engine.services import institutions, users
    from engine.services.exports import export_process
    from engine.services.processes import start_process

    db = make_engine(url)
    Base.metadata.drop_all(db)
    Base.metadata.create_all(db)
    factory = make_session_factory(db)
    with factory() as session:
        lead = users.create_user(session, None, email="bench@example.org", name="Bench Lead",
                                 password="orchard lantern quietly", may_start_processes=True)
        ministry = institutions.create_institution(session, None, name=doc.requesting_institution,
                                                   kind="ministry")
        process = start_process(session, lead, Catalog(), title=doc.title,
                                workflow="national-policy", country=doc.country,
                                requesting_institution_id=ministry.id)
        session.execute(delete(Section).where(Section.process_id == process.id))
        parents: dict[int, int | None] = {0: None}
        positions: dict[int | None, int] = {}
        for item in doc.sections:
            parent = parents.get(item.level - 1)
            position = positions.get(parent, 0)
            positions[parent] = position + 1
            section = Section(process_id=process.id, parent_id=parent, title=item.title,
                              position=position, body=item.body, revision=1, status="drafting")
            session.add(section)
            session.flush()
            session.add(Revision(section_id=section.id, number=1, body=item.body,
                                 base_revision=0, author_id=lead.id))
            parents[item.level] = section.id
        session.commit()
        process_id = process.id

    def export() -> bytes:
        with factory() as session:
            return export_process(session, None, process_id, fmt="docx").content

    export.factory = factory  # type: ignore[attr-defined] - for word_figures
    return export, process_id


def word_figures(factory: Callable, process_id: int, runs: int) -> dict[str, Callable]:
    """The Word round trip on the stored strategy: the publication profile, a redline
    since a moment after which 40 sections were edited, and the import of an
    export edited in 40 places. Returns the timed functions and the edited file."""
    from datetime import UTC, datetime

    from sqlalchemy import select

    from engine.models import Process, Section, User
    from engine.services.document.sections import save_body
    from engine.services.exports import export_process
    from engine.services.imports import import_docx

    with factory() as session:
        since = datetime.now(UTC).isoformat()
        lead = session.scalars(select(User)).first()
        sections = list(session.scalars(select(Section).where(
            Section.process_id == process_id).order_by(Section.id)))
        for section in sections[::2][:40]:
            words = section.body.split(" ")
            words[5] = "revised"
            words[12:14] = []
            save_body(session, lead, section, body=" ".join(words),
                      base_revision=section.revision)
        session.commit()
        working = export_process(session, None, process_id, profile="working").content
    edited = _edit_docx(working, 40)

    def publication() -> bytes:
        with factory() as session:
            return export_process(session, None, process_id, profile="publication").content

    def redline() -> bytes:
        with factory() as session:
            return export_process(session, None, process_id, profile="working",
                                  changes_since=since).content

    def do_import() -> dict:
        with factory() as session:
            process = session.get(Process, process_id)
            user = session.scalars(select(User)).first()
            result = import_docx(session, user, process, edited).as_dict()
            session.rollback()  # every run imports into the same state
            return result

    return {"publication": publication, "redline": redline, "import": do_import,
            "edited": lambda: edited}


def _edit_docx(content: bytes, places: int) -> bytes:
    """An export with ``places`` words changed in body paragraphs, as an editor would."""
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(content)) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    xml = parts["word/document.xml"].decode()
    pieces = xml.split(" migration ")
    changed = " migration ".join(pieces[:places + 1]).replace(" migration ", " mobility ")
    parts["word/document.xml"] = (changed + " migration " + " migration ".join(
        pieces[places + 1:])).encode() if len(pieces) > places + 1 else xml.encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return out.getvalue()


def _median_time(fn: Callable[[], object], runs: int) -> tuple[float, list[float]]:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), times


def word_count(markdown: str) -> int:
    """Whitespace-separated tokens with a letter or digit (markup excluded)."""
    return len([w for w in markdown.split() if any(c.isalnum() for c in w)])


def table_count(markdown: str) -> int:
    """Pipe tables, counted by their delimiter rows."""
    return len(re.findall(r"^\|(?: *:?-+:? *\|)+ *$", markdown, re.M))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", choices=("database", "memory"), default="database",
                        help="database: store the strategy as a process and export it from "
                             "there (default); memory: render the in-memory document only")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--template", default=None)
    parser.add_argument("--profile", action="store_true", help="print a cProfile of render_docx")
    args = parser.parse_args(argv)

    doc = generate_strategy(args.seed)
    markdown = to_pandoc_markdown(doc)
    tmpdir = tempfile.TemporaryDirectory()
    if args.source == "database":
        url = os.environ.get("POLICYCYCLE_BENCH_DATABASE_URL") or (
            f"sqlite:///{Path(tmpdir.name) / 'bench.db'}")
        export, _pid = store_as_process(doc, url)
    else:
        def export() -> bytes:
            return render_docx(doc, args.template)
    print(
        f"document: {len(doc.sections)} sections, ~{word_count(markdown):,} words, "
        f"{table_count(markdown)} tables, {len(markdown):,} bytes of Markdown"
    )

    export()  # warm-up: template analysis is cached
    if args.profile:
        prof = cProfile.Profile()
        prof.enable()
        export()
        prof.disable()
        pstats.Stats(prof).sort_stats("cumulative").print_stats(25)

    ours, our_times = _median_time(export, args.runs)
    size = len(export())
    print(f"ours ({args.source}): median {ours * 1000:.1f} ms over {args.runs} runs "
          f"({', '.join(f'{t * 1000:.0f}' for t in our_times)}), {size:,} bytes")  # fmt: skip

    pandoc = shutil.which("pandoc")
    if pandoc is None:
        print("pandoc not installed: no comparison")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "strategy.md"
        src.write_text(markdown, encoding="utf-8")
        out = Path(tmp) / "strategy.docx"
        cmd = [pandoc, "-f", "markdown", "-t", "docx", "-o", str(out), str(src)]

        def run_pandoc() -> None:
            subprocess.run(cmd, check=True)

        theirs, their_times = _median_time(run_pandoc, args.runs)
    print(f"pandoc:      median {theirs * 1000:.1f} ms over {args.runs} runs "
          f"({', '.join(f'{t * 1000:.0f}' for t in their_times)})")  # fmt: skip
    ratio = ours / theirs
    print(f"ratio ours/pandoc: {ratio:.3f} (target <= 0.5)")
    ok = ratio <= 0.5
    if args.source == "database":
        ok = _word_round_trip(export, _pid, theirs, pandoc, args.runs) and ok
    return 0 if ok else 1


def _word_round_trip(export: Callable, process_id: int, pandoc_export: float, pandoc: str,
                     runs: int) -> bool:
    """Publication, redline and import figures, each against pandoc."""
    timed = word_figures(export.factory, process_id, runs)  # type: ignore[attr-defined]
    edited = timed["edited"]()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "edited.docx"
        path.write_bytes(edited)
        cmd = [pandoc, "-f", "docx", "-t", "markdown", "-o", str(Path(tmp) / "out.md"),
               str(path)]
        pandoc_read, _ = _median_time(lambda: subprocess.run(cmd, check=True), runs)
    print(f"pandoc docx->markdown of the edited export: median {pandoc_read * 1000:.1f} ms")
    ok = True
    for name, against, target, label in (
        ("publication", pandoc_export, 0.5, "pandoc markdown->docx"),
        ("redline", pandoc_export, 0.5, "pandoc markdown->docx"),
        ("import", pandoc_read, 1.0, "pandoc docx->markdown"),
    ):
        timed[name]()  # warm-up
        median, times = _median_time(timed[name], runs)
        ratio = median / against
        ok = ok and ratio <= target
        extra = ""
        if name == "import":
            extra = f", {timed[name]()['suggestions']} suggestions"
        print(f"{name}: median {median * 1000:.1f} ms over {runs} runs "
              f"({', '.join(f'{t * 1000:.0f}' for t in times)}){extra}; "
              f"ratio against {label}: {ratio:.3f} (target <= {target})")
    return ok


if __name__ == "__main__":
    sys.exit(main())
