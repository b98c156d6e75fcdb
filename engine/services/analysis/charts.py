"""Charts of the analysis drawn as SVG text on the server (no JavaScript needed to see them).

The SVG carries its own colours (it also reads well when saved or printed)
and a text alternative (``<title>`` and ``aria-label``). Words shown in the
charts are passed in, so the caller can translate them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from html import escape

from engine.services.analysis.actions import TimelineRow
from engine.services.analysis.options import ObjectiveAppraisal
from engine.text.excerpt import excerpt

PALETTE = ("#1f6f8b", "#c0582b", "#5a8f29", "#7b4fa0", "#b5892a", "#2f7f6f", "#a03c5a",
           "#4d6b9a", "#8a6d3b", "#3d8c40")
INK = "#1d2733"
MUTED = "#5c6773"
GRID = "#d8dee4"
CHOSEN = "#1d6b3a"
OPTION = "#4d7ea8"
FONT = "font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif\""
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _t(text: object) -> str:
    return escape(str(text), quote=True)


# ------------------------------------------------------------------ options


def options_chart(groups: Sequence[ObjectiveAppraisal], *, title: str = "Weighted scores of the options",
                  chosen_label: str = "chosen", incomplete_label: str = "not fully scored",
                  max_score: int = 5) -> str:
    """Horizontal bars of each option's weighted score (0-5), grouped by objective."""
    label_w, bar_w, right = 350, 360, 150
    width = label_w + bar_w + right
    row_h, head_h, top = 26, 30, 34
    lines: list[str] = []
    y = top
    described: list[str] = []
    for group in groups:
        if not group.options:
            continue
        lines.append(
            f'<text x="8" y="{y + 19}" font-weight="600" fill="{INK}" font-size="13">'
            f"<title>{_t(group.objective.title)}</title>{_t(excerpt(group.objective.title, 90))}</text>")
        y += head_h
        for row in group.options:
            option = row.option
            score = row.weighted.score
            value = 0.0 if score is None else score
            w = max(0.0, min(1.0, value / max_score)) * bar_w
            chosen = option.chosen
            fill = CHOSEN if chosen else OPTION
            note = []
            if chosen:
                note.append(chosen_label)
            if not row.weighted.complete:
                note.append(incomplete_label)
            shown = "–" if score is None else f"{score:.2f}"
            described.append(f"{option.title}: {shown}" + (f" ({', '.join(note)})" if note else ""))
            weight = ' font-weight="600"' if chosen else ""
            lines.append(
                f'<text x="{label_w - 10}" y="{y + 17}" text-anchor="end" fill="{INK}" '
                f'font-size="12"{weight}><title>{_t(option.title)}</title>'
                f"{_t(excerpt(option.title, 44))}</text>")
            opacity = "1" if row.weighted.complete else "0.55"
            lines.append(
                f'<rect class="bar{" chosen" if chosen else ""}" x="{label_w}" y="{y + 4}" '
                f'width="{w:.1f}" height="{row_h - 8}" rx="3" fill="{fill}" '
                f'fill-opacity="{opacity}"><title>{_t(described[-1])}</title></rect>')
            lines.append(
                f'<text x="{label_w + w + 6:.1f}" y="{y + 17}" fill="{INK}" font-size="12"'
                f'{weight}>{_t(shown)}'
                + (f' <tspan fill="{MUTED}" font-weight="400">· {_t(", ".join(note))}</tspan>'
                   if note else "")
                + "</text>")
            y += row_h
        y += 6
    height = y + 10
    grid = []
    for tick in range(max_score + 1):
        x = label_w + tick * bar_w / max_score
        grid.append(f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{height - 10}" '
                    f'stroke="{GRID}" stroke-width="1"/>')
        grid.append(f'<text x="{x:.1f}" y="{top - 12}" text-anchor="middle" fill="{MUTED}" '
                    f'font-size="11">{tick}</text>')
    alt = f"{title}. " + "; ".join(described)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart options-chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" style="max-width:{width}px" '
        f'preserveAspectRatio="xMinYMin meet" aria-label="{_t(alt)}" {FONT}>'
        f"<title>{_t(alt)}</title>" + "".join(grid) + "".join(lines) + "</svg>"
    )


# ------------------------------------------------------------------ Gantt


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _next_month(day: date) -> date:
    return date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def gantt_chart(rows: Sequence[TimelineRow], *, today: date | None = None,
                title: str = "Timeline of the action plan", today_label: str = "today",
                no_responsible: str = "No responsible institution") -> str:
    """One bar per measure from its start to its end, coloured by responsible institution."""
    if not rows:
        return ""
    label_w, chart_w, legend_gap = 300, 760, 16
    width = label_w + chart_w + 20
    row_h, head_h = 26, 44
    start = _month_start(min(r.start for r in rows))
    end = _next_month(max(r.end for r in rows))  # exclusive
    span = max((end - start).days, 1)

    def x_of(day: date) -> float:
        return label_w + (day - start).days / span * chart_w

    owners: list[str] = []
    for r in rows:
        name = r.measure.responsible.name if r.measure.responsible else no_responsible
        if name not in owners:
            owners.append(name)
    colour = {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(owners)}
    if no_responsible in colour:
        colour[no_responsible] = "#9aa5b1"

    parts: list[str] = []
    for index in range(1, len(rows), 2):  # stripes under the grid lines
        parts.append(f'<rect x="0" y="{head_h + index * row_h}" width="{width}" '
                     f'height="{row_h}" fill="#f5f7f9"/>')
    months = (end.year - start.year) * 12 + end.month - start.month
    month = start
    height_rows = head_h + len(rows) * row_h
    while month < end:
        x = x_of(month)
        is_year = month.month == 1 or month == start
        if is_year:
            parts.append(f'<text x="{x + 3:.1f}" y="14" fill="{INK}" font-size="12" '
                         f'font-weight="600">{month.year}</text>')
        show_month = months <= 18 or month.month in (1, 4, 7, 10)
        if show_month:
            parts.append(f'<text x="{x + 3:.1f}" y="32" fill="{MUTED}" font-size="10">'
                         f"{MONTHS[month.month - 1]}</text>")
        stroke = INK if month.month == 1 else GRID
        parts.append(f'<line x1="{x:.1f}" y1="{20 if is_year else 22}" x2="{x:.1f}" '
                     f'y2="{height_rows}" stroke="{stroke}" stroke-width="1" '
                     f'stroke-opacity="{0.5 if month.month == 1 else 1}"/>')
        month = _next_month(month)
    described = []
    for index, r in enumerate(rows):
        y = head_h + index * row_h
        m = r.measure
        owner = m.responsible.name if m.responsible else no_responsible
        x0 = x_of(r.start)
        x1 = max(x_of(r.end + timedelta(days=1)), x0 + 3)
        text = f"{m.title}: {r.start.isoformat()} – {r.end.isoformat()}, {owner}"
        described.append(text)
        parts.append(
            f'<text x="{label_w - 10}" y="{y + 17}" text-anchor="end" fill="{INK}" font-size="12">'
            f"<title>{_t(m.title)}</title>{_t(excerpt(m.title, 42))}</text>")
        parts.append(
            f'<rect class="bar" x="{x0:.1f}" y="{y + 5}" width="{x1 - x0:.1f}" height="{row_h - 10}" '
            f'rx="3" fill="{colour[owner]}"><title>{_t(text)}</title></rect>')
    if today is not None and start <= today < end:
        x = x_of(today)
        parts.append(f'<line x1="{x:.1f}" y1="20" x2="{x:.1f}" y2="{height_rows}" '
                     f'stroke="#c62828" stroke-width="1.5" stroke-dasharray="4 3"/>')
        parts.append(f'<text x="{x + 3:.1f}" y="{height_rows + 12}" fill="#c62828" '
                     f'font-size="10">{_t(today_label)}</text>')
    # Legend: one swatch per responsible institution, wrapped in rows.
    y = height_rows + legend_gap + 8
    x = 8.0
    for name in owners:
        label = excerpt(name, 48)
        item_w = 22 + len(label) * 6.6 + 18
        if x + item_w > width and x > 8:
            x, y = 8.0, y + 20
        parts.append(f'<rect x="{x:.1f}" y="{y - 10}" width="14" height="12" rx="2" '
                     f'fill="{colour[name]}"/>')
        parts.append(f'<text x="{x + 20:.1f}" y="{y}" fill="{INK}" font-size="11">'
                     f"<title>{_t(name)}</title>{_t(label)}</text>")
        x += item_w
    height = y + 12
    alt = f"{title}. " + "; ".join(described)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart gantt-chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" style="max-width:{width}px" '
        f'preserveAspectRatio="xMinYMin meet" '
        f'aria-label="{_t(alt)}" {FONT}>'
        f"<title>{_t(alt)}</title>" + "".join(parts) + "</svg>"
    )
