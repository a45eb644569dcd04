"""The results chart, drawn on the server as SVG: no script, no colour-only meaning.

One bar per project for its support, funded projects solid and labelled "funded", the others
hatched; below, the money: funded projects' costs laid end to end against the budget line.
The page puts a data table with the same figures next to it for screen readers.

It is drawn twice: wide, names beside the bars, and narrow, each name above its bar, so that on
a phone (or zoomed to 400%) the text stays as large as the page's own instead of shrinking with
a wide drawing. The page's stylesheet shows the one that fits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from budgeting.money import format_money


@dataclass(frozen=True)
class Layout:
    name: str
    width: int
    bar_start: int
    bar_end: int
    row: int
    label_chars: int
    stacked: bool  # the name above the bar, not beside it

    @property
    def label_width(self) -> int:
        return self.bar_start - 10


WIDE = Layout(name="wide", width=760, bar_start=310, bar_end=650, row=24, label_chars=36,
              stacked=False)
NARROW = Layout(name="narrow", width=320, bar_start=0, bar_end=200, row=44, label_chars=34,
                stacked=True)


@dataclass(frozen=True)
class Bar:
    label: str
    support: int
    funded: bool
    cost: Decimal


def _short(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[: chars - 1].rstrip() + "…"


def support_chart(*, bars: Sequence[Bar], budget: Decimal, spent: Decimal, measure: str,
                  chart_id: str, table_id: str, currency: str = "GBP") -> str:
    """The SVG text of both drawings; `measure` names what support counts ("votes" or
    "points")."""
    return "\n".join(
        _drawing(layout, bars=bars, budget=budget, spent=spent, measure=measure,
                 chart_id=chart_id if layout is WIDE else f"{chart_id}-narrow",
                 table_id=table_id, currency=currency)
        for layout in (WIDE, NARROW))


def _drawing(layout: Layout, *, bars: Sequence[Bar], budget: Decimal, spent: Decimal,
             measure: str, chart_id: str, table_id: str, currency: str) -> str:
    money_y = 30 + layout.row * len(bars) + 30
    height = money_y + 90
    title = _("Support for each project, funded projects marked, and the money against the "
              "budget")
    spent_text, budget_text = format_money(spent, currency), format_money(budget, currency)
    desc = _("%(funded)s of %(all)s projects funded. %(spent)s of %(budget)s spent. The table "
             "after the chart gives the same figures.") % {
        "funded": sum(b.funded for b in bars), "all": len(bars), "spent": spent_text,
        "budget": budget_text}
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart--{layout.name}" '
        f'id="{chart_id}" viewBox="0 0 {layout.width} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title" aria-describedby="{chart_id}-desc" '
        f'aria-details="{table_id}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
        f'<defs><pattern id="{chart_id}-hatch" width="6" height="6" '
        'patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><line x1="0" y1="0" '
        'x2="0" y2="6" class="chart__hatch"/></pattern></defs>',
        f'<text x="{layout.bar_start}" y="16" class="chart__axis">'
        f'{escape(_("Support (%(measure)s)") % {"measure": measure})}</text>',
        *_support_bars(layout, bars, chart_id=chart_id),
        *_money_strip(layout, bars, budget=budget, spent=spent, top=money_y,
                      budget_text=budget_text, spent_text=spent_text),
        "</svg>",
    ]
    return "\n".join(out)


def _support_bars(layout: Layout, bars: Sequence[Bar], *, chart_id: str) -> list[str]:
    """One row per project: its name, a bar as long as its support, and the figure."""
    top = max((b.support for b in bars), default=0) or 1
    span = layout.bar_end - layout.bar_start
    out = []
    for i, bar in enumerate(bars):
        y = 30 + i * layout.row
        bar_y = y + 20 if layout.stacked else y + 3
        length = max(1, round(span * bar.support / top)) if bar.support else 0
        fill = "chart__bar--funded" if bar.funded else "chart__bar--not"
        pattern = "" if bar.funded else f' fill="url(#{chart_id}-hatch)"'
        mark = _("funded") if bar.funded else ""
        label = escape(_short(bar.label, layout.label_chars))
        if layout.stacked:
            out.append(f'<text x="0" y="{y + 14}" class="chart__label">{label}</text>')
        else:
            out.append(f'<text x="{layout.label_width}" y="{y + 15}" text-anchor="end" '
                       f'class="chart__label">{label}</text>')
        if length:
            out.append(f'<rect x="{layout.bar_start}" y="{bar_y}" width="{length}" '
                       f'height="17" class="chart__bar {fill}"{pattern}/>')
        out.append(f'<text x="{layout.bar_start + length + 6}" y="{bar_y + 13}" '
                   f'class="chart__value">'
                   f"{bar.support:,}{' ✓ ' + escape(mark) if mark else ''}</text>")
    return out


def _money_strip(layout: Layout, bars: Sequence[Bar], *, budget: Decimal, spent: Decimal,
                 top: int, budget_text: str, spent_text: str) -> list[str]:
    """The money: each funded project's cost end to end, with the budget as a line."""
    start, span = layout.bar_start, layout.bar_end - layout.bar_start
    scale = max(budget, spent) or Decimal(1)
    heading = (_("Money against the budget") if layout.stacked
               else _("Money: funded projects against the budget"))
    out = [f'<text x="{start}" y="{top - 8}" class="chart__axis">{escape(heading)}</text>']
    x = Decimal(start)
    for bar in bars:
        if not bar.funded:
            continue
        w = Decimal(span) * bar.cost / scale
        out.append(f'<rect x="{x:.2f}" y="{top}" width="{w:.2f}" height="22" '
                   f'class="chart__bar chart__bar--funded chart__segment"/>')
        x += w
    budget_x = start + float(Decimal(span) * budget / scale)
    out.append(f'<line x1="{budget_x:.2f}" y1="{top - 6}" x2="{budget_x:.2f}" '
               f'y2="{top + 34}" class="chart__budget"/>')
    out.append(f'<text x="{budget_x:.2f}" y="{top + 50}" text-anchor="end" '
               f'class="chart__label">'
               f'{escape(_("Budget %(budget)s") % {"budget": budget_text})}</text>')
    out.append(f'<text x="{start}" y="{top + 70}" class="chart__label">'
               f'{escape(_("Spent %(spent)s") % {"spent": spent_text})}</text>')
    return out
