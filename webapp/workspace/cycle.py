"""Geometry of the policy-cycle drawing: stages placed around a circle, in order.

Pure presentation: the statuses come from ``engine.services.processes.stage_views``.
Two sizes are laid out, a wide one with the stage names around the ring and a
compact one (phones) with numbers only, the list next to it naming the stages.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass

from engine.services.processes import StageView
from engine.workflows import WorkflowDefinition


@dataclass(frozen=True)
class Node:
    number: int
    key: str
    title: str
    status: str
    x: float
    y: float
    label_x: float
    label_y: float
    anchor: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Arc:
    d: str
    status: str  # done, todo, loop


@dataclass(frozen=True)
class Drawing:
    width: int
    height: int
    cx: float
    cy: float
    radius: float
    node_radius: float
    nodes: tuple[Node, ...]
    arcs: tuple[Arc, ...]
    labels: bool
    line_height: float
    font_size: float


def shown_stages(views: list[StageView], definition: WorkflowDefinition) -> list[StageView]:
    """The main line of the workflow, plus any side stage the process has reached."""
    main: list[str] = []
    key: str | None = definition.initial
    while key is not None and key not in main:
        main.append(key)
        key = definition.next_stage(key)
    return [v for v in views if v.key in main or v.status != "upcoming"]


def _point(cx: float, cy: float, r: float, angle: float) -> tuple[float, float]:
    return cx + r * math.cos(angle), cy + r * math.sin(angle)


def layout(stages: list[StageView], *, compact: bool = False) -> Drawing:
    """Place the stages clockwise from the top of a circle."""
    if compact:
        width, height, radius, node_r, gap, font, line = 360, 360, 128, 25, 0, 15, 18
    else:
        width, height, radius, node_r, gap, font, line = 720, 430, 142, 24, 36, 15, 18
    cx, cy = width / 2, height / 2
    count = max(1, len(stages))
    step = 2 * math.pi / count
    wrap = 18 if count > 6 else 22
    nodes = []
    for i, view in enumerate(stages):
        angle = -math.pi / 2 + i * step
        x, y = _point(cx, cy, radius, angle)
        lx, ly = _point(cx, cy, radius + gap, angle)
        cos, sin = math.cos(angle), math.sin(angle)
        anchor = "start" if cos > 0.3 else "end" if cos < -0.3 else "middle"
        lines = tuple(textwrap.wrap(view.title, wrap)[:3]) or (view.key,)
        block = (len(lines) - 1) * line
        if anchor == "middle":
            # Above the top node the block grows upwards; below the bottom one, downwards.
            first_y = ly - block if sin < 0 else ly + font * 0.8
        else:
            first_y = ly - block / 2 + font * 0.35
        nodes.append(Node(i + 1, view.key, view.title, view.status, round(x, 1), round(y, 1),
                          round(lx, 1), round(first_y, 1), anchor, lines))
    arcs = []
    if count > 1:
        trim = math.asin(min(0.99, (node_r + 7) / radius))
        for i in range(count):
            a1 = -math.pi / 2 + i * step + trim
            a2 = -math.pi / 2 + (i + 1) * step - trim
            x1, y1 = _point(cx, cy, radius, a1)
            x2, y2 = _point(cx, cy, radius, a2)
            large = 1 if (a2 - a1) > math.pi else 0
            d = (f"M{x1:.1f} {y1:.1f} A{radius} {radius} 0 {large} 1 {x2:.1f} {y2:.1f}")
            last = i == count - 1
            status = "loop" if last else ("done" if stages[i].status == "done" else "todo")
            arcs.append(Arc(d, status))
    return Drawing(width, height, cx, cy, radius, node_r, tuple(nodes), tuple(arcs),
                   labels=not compact, line_height=line, font_size=font)
