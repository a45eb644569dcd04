"""The results chart, drawn on the server as SVG: no script, no colour-only meaning.

One bar per project for its support, funded projects solid and labelled "funded", the others
hatched; below, the money: funded projects' costs laid end to end against the budget line.
The page puts a data table with the same figures next to it for screen readers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from budgeting.money import format_money

WIDTH = 760
LABEL_WIDTH = 300
BAR_START = LABEL_WIDTH + 10
BAR_END = WIDTH - 110
ROW = 24
LABEL_CHARS = 36


@dataclass(frozen=True)
class Bar:
    label: str
    support: int
    funded: bool
    cost: Decimal


def _short(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1].rstrip() + "…"


def support_chart(*, bars: Sequence[Bar], budget: Decimal, spent: Decimal, measure: str,
                  chart_id: str, table_id: str, currency: str = "GBP") -> str:
    """The SVG text; `measure` names what support counts ("votes" or "points")."""
    money_y = 30 + ROW * len(bars) + 30
    height = money_y + 90
    title = _("Support for each project, funded projects marked, and the money against the "
              "budget")
    spent_text, budget_text = format_money(spent, currency), format_money(budget, currency)
    desc = _("%(funded)s of %(all)s projects funded. %(spent)s of %(budget)s spent. The table "
             "after the chart gives the same figures.") % {
        "funded": sum(b.funded for b in bars), "all": len(bars), "spent": spent_text,
        "budget": budget_text}
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{chart_id}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="{chart_id}-title" '
        f'aria-describedby="{chart_id}-desc" aria-details="{table_id}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
        f'<defs><pattern id="{chart_id}-hatch" width="6" height="6" '
        'patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><line x1="0" y1="0" '
        'x2="0" y2="6" class="chart__hatch"/></pattern></defs>',
        f'<text x="{BAR_START}" y="16" class="chart__axis">'
        f'{escape(_("Support (%(measure)s)") % {"measure": measure})}</text>',
        *_support_bars(bars, chart_id=chart_id),
        *_money_strip(bars, budget=budget, spent=spent, top=money_y, budget_text=budget_text,
                      spent_text=spent_text),
        "</svg>",
    ]
    return "\n".join(out)


def _support_bars(bars: Sequence[Bar], *, chart_id: str) -> list[str]:
    """One row per project: its name, a bar as long as its support, and the figure."""
    top = max((b.support for b in bars), default=0) or 1
    span = BAR_END - BAR_START
    out = []
    for i, bar in enumerate(bars):
        y = 30 + i * ROW
        length = max(1, round(span * bar.support / top)) if bar.support else 0
        fill = "chart__bar--funded" if bar.funded else "chart__bar--not"
        pattern = "" if bar.funded else f' fill="url(#{chart_id}-hatch)"'
        mark = _("funded") if bar.funded else ""
        out.append(
            f'<text x="{LABEL_WIDTH}" y="{y + 15}" text-anchor="end" class="chart__label">'
            f"{escape(_short(bar.label))}</text>"
        )
        if length:
            out.append(f'<rect x="{BAR_START}" y="{y + 3}" width="{length}" height="{ROW - 7}" '
                       f'class="chart__bar {fill}"{pattern}/>')
        out.append(f'<text x="{BAR_START + length + 6}" y="{y + 15}" class="chart__value">'
                   f"{bar.support:,}{' ✓ ' + escape(mark) if mark else ''}</text>")
    return out


def _money_strip(bars: Sequence[Bar], *, budget: Decimal, spent: Decimal, top: int,
                 budget_text: str, spent_text: str) -> list[str]:
    """The money: each funded project's cost end to end, with the budget as a line."""
    span = BAR_END - BAR_START
    scale = max(budget, spent) or Decimal(1)
    out = [f'<text x="{BAR_START}" y="{top - 8}" class="chart__axis">'
           f"{escape(_('Money: funded projects against the budget'))}</text>"]
    x = Decimal(BAR_START)
    for bar in bars:
        if not bar.funded:
            continue
        w = Decimal(span) * bar.cost / scale
        out.append(f'<rect x="{x:.2f}" y="{top}" width="{w:.2f}" height="22" '
                   f'class="chart__bar chart__bar--funded chart__segment"/>')
        x += w
    budget_x = BAR_START + float(Decimal(span) * budget / scale)
    out.append(f'<line x1="{budget_x:.2f}" y1="{top - 6}" x2="{budget_x:.2f}" '
               f'y2="{top + 34}" class="chart__budget"/>')
    out.append(f'<text x="{budget_x:.2f}" y="{top + 50}" text-anchor="end" '
               f'class="chart__label">'
               f'{escape(_("Budget %(budget)s") % {"budget": budget_text})}</text>')
    out.append(f'<text x="{BAR_START}" y="{top + 70}" class="chart__label">'
               f'{escape(_("Spent %(spent)s") % {"spent": spent_text})}</text>')
    return out
