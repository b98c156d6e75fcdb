"""The monitoring report of a reporting period, as a Word document in a house style.

It prints, in the document language of the process: the progress of the
measures per objective, the budget execution, each indicator's trajectory as
a chart with its values, the delayed measures with the reasons given, and the
narrative the core group drafted for the period. The house style's ``.docx``
(``document_templates/``) gives the page, the styles and the running header.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from typing import Any

from babel.numbers import format_decimal
from docx import Document
from docx.shared import Cm
from sqlalchemy.orm import Session

from engine.errors import InvalidInput
from engine.export import DEFAULT_TEMPLATE, load_template, template_names, wording
from engine.export.naming import slugify
from engine.i18n import Message, msg, render
from engine.models import User
from engine.services import loading
from engine.services.exports import MIMETYPES, ExportResult
from engine.services.monitoring import charts, overview
from engine.vocabulary import MEASURE_STATUSES

_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
_INLINE = re.compile(r"(\*\*[^*]+\*\*|\*[^*]+\*|_[^_]+_)")


def monitoring_report(
    session: Session, actor: User | None, process_id: Any, *, period: Any, fmt: str = "docx",
    template: str | None = None, templates_dir: str | Path | None = None,
    default_template: str | None = None, today: date | None = None, currency: str = "EUR",
    **_ignored: Any,
) -> ExportResult:
    """The report of ``period`` ("2026", "2026-Q3") as a .docx file."""
    if fmt != "docx":
        raise InvalidInput(msg("format must be docx."), {"format": msg("docx")})
    if actor is None:
        process = loading.process_of(session, int(process_id))
    else:
        process = loading.get_process(session, actor, process_id)
    view = overview.read(session, process, None, today=today)
    keys = [s.period.key for s in view.periods]
    if not isinstance(period, str) or period not in keys:
        raise InvalidInput(
            msg("%(field)s must be a reporting period of this process: %(keys)s.",
                field="period", keys=", ".join(keys) or "-"),
            {"period": msg("one of %(keys)s", keys=keys)})
    view = overview.read(session, process, period, today=today)
    name = template or process.export_template or default_template or DEFAULT_TEMPLATE
    if name not in template_names(templates_dir):
        raise InvalidInput(msg("Unknown house style %(name)s.", name=repr(name)),
                           {"template": msg("one of %(names)s", names=template_names(templates_dir))})
    info = load_template(name, templates_dir)
    content = _Report(view, wording.language_of(process.document_language), period,
                      process.currency or currency).render(info.docx)
    filename = f"{slugify(process.title) or 'policy'}-monitoring-report-{period.lower()}.docx"
    return ExportResult(content, filename, MIMETYPES["docx"])


class _Report:
    def __init__(self, view: overview.Monitoring, language: str, period: str,
                 currency: str) -> None:
        self.view, self.language, self.period = view, language, period
        self.currency = currency

    def t(self, message: Message | str) -> str:
        return render(message, self.language)

    def money(self, amount: Decimal | None) -> str:
        if amount is None:
            return "–"
        return format_decimal(amount, format="#,##0.00", locale=self.language)

    def number(self, value: float | None) -> str:
        if value is None:
            return "–"
        return format_decimal(round(value, 2), format="#,##0.##", locale=self.language)

    def status(self, key: str | None) -> str:
        return self.t(msg(MEASURE_STATUSES[key])) if key in MEASURE_STATUSES else "–"

    # ------------------------------------------------------------------ the document

    def render(self, template: Path) -> bytes:
        doc = Document(str(template))
        body = doc.element.body
        for child in list(body):
            if not child.tag.endswith("}sectPr"):
                body.remove(child)
        title = self.t(msg("Monitoring report %(period)s", period=self.period))
        self._placeholders(doc, {"{title}": f"{self.view.process.title} – {title}"})
        doc.core_properties.title = f"{self.view.process.title} – {title}"
        doc.add_paragraph(title, style="Title")
        process = self.view.process
        doc.add_paragraph(f"{process.title} · {process.country} · "
                          f"{process.requesting_institution.name}", style="Subtitle")
        selected = self.view.selected
        assert selected is not None
        doc.add_paragraph(self.t(msg("Reporting period: %(start)s to %(end)s.",
                                     start=selected.period.start.isoformat(),
                                     end=selected.period.end.isoformat())), style="Body Text")
        self._summary(doc)
        self._progress(doc)
        self._budget(doc)
        self._indicators(doc)
        self._delayed(doc)
        self._narrative(doc)
        out = BytesIO()
        doc.save(out)
        return out.getvalue()

    def _placeholders(self, doc: Any, values: dict[str, str]) -> None:
        for section in doc.sections:
            for part in (section.header, section.footer, section.first_page_header,
                         section.first_page_footer):
                for paragraph in part.paragraphs:
                    for run in paragraph.runs:
                        if "{" in run.text:
                            run.text = _PLACEHOLDER.sub(lambda m: values.get(m.group(0), ""),
                                                        run.text)

    def _table(self, doc: Any, heads: list[str], rows: list[list[str]],
               widths: list[float] | None = None) -> None:
        table = doc.add_table(rows=1, cols=len(heads))
        names = [s.name for s in doc.styles]
        table.style = doc.styles["Policy Table" if "Policy Table" in names else "Table Grid"]
        for cell, text in zip(table.rows[0].cells, heads, strict=True):
            cell.text = text
            if "Table Heading" in names:
                cell.paragraphs[0].style = doc.styles["Table Heading"]
        for row in rows:
            cells = table.add_row().cells
            for cell, text in zip(cells, row, strict=True):
                cell.text = text
                if "Table Text" in names:
                    cell.paragraphs[0].style = doc.styles["Table Text"]
        if widths:
            total = sum(widths)
            for row in table.rows:
                for cell, width in zip(row.cells, widths, strict=True):
                    cell.width = Cm(16 * width / total)
        doc.add_paragraph()

    def _summary(self, doc: Any) -> None:
        doc.add_heading(self.t(msg("Summary")), level=1)
        counts = Counter(r.progress.status for b in self.view.blocks for r in b.rows
                         if r.progress is not None)
        rows = [[self.status(key), str(counts[key])] for key in MEASURE_STATUSES if counts[key]]
        if rows:
            self._table(doc, [self.t(msg("Status")), self.t(msg("Measures"))], rows, [3, 1])
        else:  # a period just begun: say so rather than print an empty table
            doc.add_paragraph(self.t(msg("No measure has reported progress for this period yet.")),
                              style="Body Text")
        flags = self.view.flags
        if not flags:
            doc.add_paragraph(self.t(msg("Nothing calls for attention.")), style="Body Text")
        for flag in flags:
            doc.add_paragraph(self.t(flag_message(flag)), style="List Bullet")

    def _progress(self, doc: Any) -> None:
        doc.add_heading(self.t(msg("Progress of the measures")), level=1)
        heads = [self.t(msg("Measure")), self.t(msg("Responsible institution")),
                 self.t(msg("Status")), self.t(msg("Spent (%(currency)s)",
                                                   currency=self.currency)),
                 self.t(msg("Note"))]
        for block in self.view.blocks:
            title = block.objective.title if block.objective else self.t(msg("Other measures"))
            doc.add_heading(title, level=2)
            rows = [[r.measure.title, r.measure.responsible.name if r.measure.responsible else "–",
                     self.status(r.progress.status if r.progress else None),
                     self.money(r.progress.spent) if r.progress else "–",
                     (r.progress.note if r.progress else "") or ""] for r in block.rows]
            self._table(doc, heads, rows, [4, 3, 2, 2, 5])

    def _budget(self, doc: Any) -> None:
        budget = self.view.budget
        doc.add_heading(self.t(msg("Budget execution")), level=1)
        doc.add_paragraph(self.t(msg(
            "Planned %(planned)s %(currency)s, of which %(funded)s funded and %(unfunded)s "
            "without funding; spent so far %(spent)s %(currency)s.",
            planned=self.money(budget.planned), funded=self.money(budget.funded),
            unfunded=self.money(budget.unfunded), spent=self.money(budget.spent),
            currency=self.currency)), style="Body Text")
        yes, no = self.t(msg("yes")), self.t(msg("no"))
        rows = [[line.measure.title, self.money(line.planned), self.money(line.spent),
                 yes if line.funded else no] for line in budget.lines]
        self._table(doc, [self.t(msg("Measure")),
                          self.t(msg("Planned (%(currency)s)", currency=self.currency)),
                          self.t(msg("Spent (%(currency)s)", currency=self.currency)),
                          self.t(msg("Funded"))], rows, [6, 3, 3, 2])
        rows = [[str(year), self.money(planned), self.money(spent)]
                for year, planned, spent in budget.years]
        self._table(doc, [self.t(msg("Year")),
                          self.t(msg("Planned (%(currency)s)", currency=self.currency)),
                          self.t(msg("Spent (%(currency)s)", currency=self.currency))],
                    rows, [2, 3, 3])

    def _indicators(self, doc: Any) -> None:
        doc.add_heading(self.t(msg("Indicators")), level=1)
        tracks = [t for t in self.view.tracks if t.points or t.has_path]
        if not tracks:
            doc.add_paragraph(self.t(msg("No indicator values recorded yet.")), style="Body Text")
        for track in tracks:
            indicator = track.indicator
            doc.add_heading(indicator.name, level=2)
            doc.add_paragraph(self.t(msg(
                "Baseline %(baseline)s (%(baseline_year)s), target %(target)s (%(target_year)s).",
                baseline=indicator.baseline or "–", baseline_year=indicator.baseline_year or "–",
                target=indicator.target or "–", target_year=indicator.target_year or "–")),
                style="Body Text").paragraph_format.keep_with_next = True  # with its chart
            doc.add_picture(BytesIO(charts.png(track, chart_words(track, self.t))), width=Cm(15))
            on, off = self.t(msg("on its trajectory")), self.t(msg("off its trajectory"))
            rows = [[p.period, self.number(p.value), self.number(p.expected),
                     (off if p.off_track else on) if p.expected is not None else "–"]
                    for p in track.points]
            if rows:
                self._table(doc, [self.t(msg("Period")), self.t(msg("Value")),
                                  self.t(msg("Expected on the path")),
                                  self.t(msg("Trajectory"))], rows, [2, 2, 3, 3])

    def _delayed(self, doc: Any) -> None:
        doc.add_heading(self.t(msg("Delayed measures")), level=1)
        delayed = self.view.delayed
        if not delayed:
            doc.add_paragraph(self.t(msg("No measure is delayed in this period.")),
                              style="Body Text")
        for row in delayed:
            paragraph = doc.add_paragraph(style="List Bullet")
            paragraph.add_run(row.measure.title).bold = True
            assert row.progress is not None
            paragraph.add_run(f": {row.progress.note}")

    def _narrative(self, doc: Any) -> None:
        doc.add_heading(self.t(msg("Narrative")), level=1)
        text = self.view.narrative.strip()
        if not text:
            doc.add_paragraph(self.t(msg("No narrative written for this period.")),
                              style="Body Text")
            return
        for block in re.split(r"\n\s*\n", text):
            lines = [line.strip() for line in block.splitlines() if line.strip()]
            if all(line[:2] in ("- ", "* ") for line in lines):
                for line in lines:
                    self._inline(doc.add_paragraph(style="List Bullet"), line[2:])
            elif lines and lines[0].startswith("#"):
                doc.add_heading(lines[0].lstrip("#").strip(), level=2)
                if lines[1:]:
                    self._inline(doc.add_paragraph(style="Body Text"), " ".join(lines[1:]))
            else:
                self._inline(doc.add_paragraph(style="Body Text"), " ".join(lines))

    @staticmethod
    def _inline(paragraph: Any, text: str) -> None:
        """Markdown emphasis as Word runs; everything else as plain text."""
        for piece in _INLINE.split(text):
            if piece.startswith("**") and piece.endswith("**") and len(piece) > 4:
                paragraph.add_run(piece[2:-2]).bold = True
            elif len(piece) > 2 and piece[0] in "*_" and piece[-1] == piece[0]:
                paragraph.add_run(piece[1:-1]).italic = True
            elif piece:
                paragraph.add_run(piece)


def chart_words(track: overview.Track, translate: Any) -> charts.ChartWords:
    """The words of an indicator's chart in a language (``translate`` renders a Message)."""
    name = track.indicator.name + (f" ({track.indicator.unit})" if track.indicator.unit else "")
    latest = track.latest
    description = translate(msg(
        "%(name)s: baseline %(baseline)s, target %(target)s; latest value %(value)s.",
        name=name, baseline=track.indicator.baseline or "–", target=track.indicator.target or "–",
        value=f"{latest.value:g} ({latest.period})" if latest else "–"))
    return charts.ChartWords(title=name, planned=translate(msg("Planned path (baseline to target)")),
                             actual=translate(msg("Values reported")),
                             off=translate(msg("off its trajectory")), description=description)


def flag_message(flag: overview.Flag) -> Message:
    if flag.kind == "measure_overdue":
        return msg("%(title)s is past its end date and not completed.", title=flag.title)
    if flag.kind == "period_unreported":
        return msg("The period %(period)s is not reported and validated.", period=flag.title)
    return msg("%(title)s is off its trajectory (%(period)s).", title=flag.title,
               period=flag.period or "")
