"""An indicator's trajectory drawn on the server: SVG for pages, PNG for the Word report.

The dashed line runs from the baseline (end of the baseline year) to the target
(end of the target year); the solid line joins the values reported, each at
the end of its period. Values off their trajectory (see ``overview``) are
drawn in the warning colour. The SVG uses presentation attributes only (the
pages' content security policy forbids inline styles) and carries a text
alternative. Words are passed in, so the caller can translate them.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from io import BytesIO

from engine.services.monitoring.overview import Track
from engine.services.monitoring.periods import period_from_key

PATH = "#5c6773"
ACTUAL = "#1f6f8b"
OFF = "#b3261e"
INK = "#1d2733"
GRID = "#d8dee4"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"


@dataclass(frozen=True)
class ChartWords:
    title: str
    planned: str = "Planned path (baseline to target)"
    actual: str = "Values reported"
    off: str = "off its trajectory"
    description: str = ""


@dataclass
class _Frame:
    x0: float
    x1: float
    y0: float
    y1: float
    path: list[tuple[float, float]]
    actual: list[tuple[float, float, bool, str]]


def _frame(track: Track) -> _Frame | None:
    i = track.indicator
    actual = []
    for p in track.points:
        found = period_from_key(p.period)
        if found is not None:
            actual.append((found.position, p.value, p.off_track, p.period))
    path: list[tuple[float, float]] = []
    if track.has_path:
        path = [(float(i.baseline_year), float(track.baseline or 0)),
                (float(i.target_year), float(track.target or 0))]
    xs = [x for x, _y in path] + [a[0] for a in actual]
    ys = [y for _x, y in path] + [a[1] for a in actual]
    if not xs:
        return None
    x0, x1 = min(xs), max(xs)
    if x1 - x0 < 1:
        x0, x1 = x0 - 1, x1 + 1
    y0, y1 = min(0.0, min(ys)), max(ys)
    if y1 - y0 == 0:
        y1 = y0 + 1
    y1 += (y1 - y0) * 0.1
    return _Frame(x0, x1, y0, y1, path, actual)


def _number(value: float) -> str:
    return f"{value:,.1f}".rstrip("0").rstrip(".") if value % 1 else f"{value:,.0f}"


def svg(track: Track, words: ChartWords) -> str:
    """The chart as an SVG document (``image/svg+xml``)."""
    width, height, left, right, top, bottom = 560, 260, 56, 16, 34, 56
    frame = _frame(track)
    alt = escape(words.description or words.title, quote=True)
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img" aria-label="{alt}" font-family="{FONT}" '
            f'font-size="12"><title>{alt}</title>'
            f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>'
            f'<text x="{left}" y="20" font-size="14" font-weight="600" fill="{INK}">'
            f"{escape(words.title)}</text>")
    if frame is None:
        return head + "</svg>"
    plot_w, plot_h = width - left - right, height - top - bottom

    def px(x: float) -> float:
        return round(left + (x - frame.x0) / (frame.x1 - frame.x0) * plot_w, 1)

    def py(y: float) -> float:
        return round(top + plot_h - (y - frame.y0) / (frame.y1 - frame.y0) * plot_h, 1)

    parts = [head]
    for k in range(5):
        value = frame.y0 + (frame.y1 - frame.y0) * k / 4
        y = py(value)
        parts.append(f'<line x1="{left}" y1="{y}" x2="{width - right}" y2="{y}" stroke="{GRID}"/>'
                     f'<text x="{left - 6}" y="{y + 4}" text-anchor="end" fill="{INK}">'
                     f"{_number(value)}</text>")
    first, last = int(frame.x0), int(frame.x1 + 0.999)
    step = max(1, (last - first) // 8)
    for year in range(first, last + 1, step):
        if frame.x0 <= year <= frame.x1:
            parts.append(f'<text x="{px(year)}" y="{top + plot_h + 16}" text-anchor="middle" '
                         f'fill="{INK}">{year}</text>')
    if frame.path:
        (ax, ay), (bx, by) = frame.path
        parts.append(f'<line x1="{px(ax)}" y1="{py(ay)}" x2="{px(bx)}" y2="{py(by)}" '
                     f'stroke="{PATH}" stroke-width="2" stroke-dasharray="6 4"/>')
    if frame.actual:
        points = " ".join(f"{px(x)},{py(y)}" for x, y, _off, _p in frame.actual)
        parts.append(f'<polyline points="{points}" fill="none" stroke="{ACTUAL}" '
                     f'stroke-width="2.5"/>')
        for x, y, off, period in frame.actual:
            label = f"{period}: {_number(y)}" + (f" ({words.off})" if off else "")
            parts.append(f'<circle cx="{px(x)}" cy="{py(y)}" r="5" fill="{OFF if off else ACTUAL}">'
                         f"<title>{escape(label)}</title></circle>")
    ly = height - 14
    parts.append(f'<line x1="{left}" y1="{ly - 4}" x2="{left + 28}" y2="{ly - 4}" stroke="{PATH}" '
                 f'stroke-width="2" stroke-dasharray="6 4"/>'
                 f'<text x="{left + 34}" y="{ly}" fill="{INK}">{escape(words.planned)}</text>'
                 f'<line x1="{left + 290}" y1="{ly - 4}" x2="{left + 318}" y2="{ly - 4}" '
                 f'stroke="{ACTUAL}" stroke-width="2.5"/>'
                 f'<text x="{left + 324}" y="{ly}" fill="{INK}">{escape(words.actual)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def png(track: Track, words: ChartWords, *, dpi: int = 150) -> bytes:
    """The same chart as a PNG image (matplotlib's Agg renderer, no display needed)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    frame = _frame(track)
    figure = Figure(figsize=(6.2, 2.9), dpi=dpi)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.set_title(words.title, fontsize=10, loc="left", color=INK)
    if frame is not None:
        if frame.path:
            (ax, ay), (bx, by) = frame.path
            axes.plot([ax, bx], [ay, by], linestyle="--", color=PATH, linewidth=1.6,
                      label=words.planned)
        if frame.actual:
            axes.plot([a[0] for a in frame.actual], [a[1] for a in frame.actual], color=ACTUAL,
                      linewidth=2, marker="o", label=words.actual)
            off = [a for a in frame.actual if a[2]]
            if off:
                axes.scatter([a[0] for a in off], [a[1] for a in off], color=OFF, zorder=3,
                             s=42, label=words.off)
        axes.set_xlim(frame.x0 - 0.2, frame.x1 + 0.2)
        axes.set_ylim(frame.y0, frame.y1)
        axes.legend(fontsize=7, loc="best", frameon=False)
    axes.grid(True, color=GRID, linewidth=0.6)
    axes.tick_params(labelsize=8)
    axes.xaxis.get_major_locator().set_params(integer=True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    figure.tight_layout()
    out = BytesIO()
    figure.savefig(out, format="png", dpi=dpi)
    return out.getvalue()
