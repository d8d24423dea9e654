"""A horizontal bar chart drawn as inline SVG on the server (intranets have no CDN)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

BAR_HEIGHT = 22
GAP = 6
LABEL_WIDTH = 180
PLOT_WIDTH = 360


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal | None
    y: int
    width: int
    text_x: int

    @property
    def text_y(self) -> int:
        return self.y + BAR_HEIGHT - 6


@dataclass(frozen=True)
class BarChart:
    bars: Sequence[Bar]
    height: int
    width: int = LABEL_WIDTH + PLOT_WIDTH + 80
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT
    target_x: int | None = None


def bar_chart(items: Sequence[tuple[str, Decimal | None]],
              target: Decimal | None = None) -> BarChart:
    """Scale `items` (label, value) to bars; `target` draws a reference line."""
    values = [v for _, v in items if v is not None and v > 0]
    top = max([*values, *([target] if target else [])], default=Decimal(1))
    bars = []
    for n, (label, value) in enumerate(items):
        width = int((value or 0) / top * PLOT_WIDTH) if value and value > 0 else 0
        bars.append(Bar(label=label[:28], value=value, y=n * (BAR_HEIGHT + GAP), width=width,
                        text_x=LABEL_WIDTH + width + 4))
    target_x = LABEL_WIDTH + int(target / top * PLOT_WIDTH) if target else None
    return BarChart(bars=bars, height=max(len(items), 1) * (BAR_HEIGHT + GAP),
                    target_x=target_x)
