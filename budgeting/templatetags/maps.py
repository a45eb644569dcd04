"""Maps on pages: only where the council has set a tiles server (MAP_TILES_URL), and always
beside a list or words that say the same, never in their place."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def map_tiles() -> dict | None:
    """The tiles server and its attribution, or None: then no page shows a map."""
    url = getattr(settings, "MAP_TILES_URL", "")
    if not url:
        return None
    return {"url": url, "attribution": getattr(settings, "MAP_TILES_ATTRIBUTION", "")}


@register.filter
def place_of(obj) -> dict | None:
    """{"lat", "lon"} as exact strings for a proposal with a map position, or for a project
    from the first of its public proposals that has one; else None."""
    proposals = getattr(obj, "public_proposals", None)
    candidates = [obj] if proposals is None else proposals
    for proposal in candidates:
        if getattr(proposal, "latitude", None) is not None and proposal.longitude is not None:
            return {"lat": str(proposal.latitude), "lon": str(proposal.longitude)}
    return None
