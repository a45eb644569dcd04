"""The links in the emails allauth sends, as a person would click them."""

import re

from django.core import mail


def link_in(message, part: str) -> str:
    """The path of the first link in an email that contains `part`."""
    for url in re.findall(r"https?://\S+", message.body):
        if part in url:
            return "/" + url.split("://", 1)[1].split("/", 1)[1]
    raise AssertionError(f"no link with {part!r} in: {message.body}")


def sent_to(address: str) -> list:
    return [message for message in mail.outbox if address in message.to]
