from django import template

from budgeting.permissions import can_administer
from budgeting.shortlisting import selectors as sel

register = template.Library()


@register.inclusion_tag("budgeting/shortlisting/partials/envelope_links.html", takes_context=True)
def shortlist_links(context, envelope):
    """The shortlist links one envelope offers this visitor: the public page once published,
    the panel's pages for its members and facilitator, set-up for a process admin."""
    user = context["request"].user
    panel = sel.panel_for(envelope=envelope)
    on_panel = panel is not None and (
        sel.is_facilitator(panel=panel, user=user)
        or sel.seat_or_none(panel=panel, user=user) is not None
    )
    return {
        "envelope": envelope,
        "process": envelope.process,
        "panel": panel,
        "on_panel": on_panel,
        # A panel can be set up during review or shortlisting only; not offered before.
        "may_set_up": panel is None and envelope.process.phase in ("review", "shortlisting")
        and can_administer(user=user, process=envelope.process),
        "may_watch": panel is not None and not on_panel
        and can_administer(user=user, process=envelope.process),
    }
