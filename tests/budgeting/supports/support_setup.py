"""A round taking supports, and residents who have said who they are."""

from django.contrib.auth.models import User

from budgeting.models import Envelope
from voting.casting.services import declaration_make
from voting.models import Declaration

BORN = {"eilidh@example.com": "1990-04-01"}


def take_supports(envelope: Envelope, limit: int = 2) -> Envelope:
    Envelope.objects.filter(pk=envelope.pk).update(supports_limit=limit)
    envelope.refresh_from_db()
    return envelope


def declare(user: User, envelope: Envelope, *, postcode: str = "RV1 2AB", name: str = "",
            born: str = "1990-04-01") -> Declaration:
    from datetime import date

    return declaration_make(user=user, process=envelope.process, postcode=postcode,
                            name=name or user.email, born=date.fromisoformat(born))
