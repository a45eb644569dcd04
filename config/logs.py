"""Logs as one JSON object a line, each with the id of the request it belongs to.

What a log line may never hold: a voting code, an email address or what a ballot chose. Kist
does not log those on purpose; `Scrub` also masks anything shaped like a code or an address
that reaches a log line by accident (an exception message, a library's warning).
"""

import contextvars
import json
import logging
import re
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")

# An id set by our own proxy (nginx's $request_id) is kept, so its log and ours join up.
INCOMING_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
# A voting code as printed or typed (12 of Crockford's letters and digits, maybe in fours).
# Not inside a longer run of letters, digits and dashes (a UUID, a digest).
CODE = re.compile(r"(?<![\w-])[0-9A-HJKMNP-TV-Z]{4}[- ]?[0-9A-HJKMNP-TV-Z]{4}[- ]?"
                  r"[0-9A-HJKMNP-TV-Z]{4}(?![\w-])", re.IGNORECASE)


def scrub(text: str) -> str:
    return CODE.sub("[code]", EMAIL.sub("[email]", text))


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        token = request_id.set(incoming if INCOMING_ID.match(incoming) else uuid.uuid4().hex)
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id.get()
            return response
        finally:
            request_id.reset(token)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": request_id.get(),
            "message": scrub(record.getMessage()),
        }
        if record.exc_info:
            line["error"] = scrub(self.formatException(record.exc_info))
        return json.dumps(line, ensure_ascii=False)


class Scrub(logging.Filter):
    """For plain-text logs (DEBUG): the same masking, applied to the message."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = scrub(record.getMessage()), ()
        return True
