"""Logs: one JSON object a line with the request's id; never a code or an email address."""

import json
import logging

from django.test import Client

from config.logs import JsonFormatter, Scrub, request_id, scrub


def _record(message: str, *args) -> logging.LogRecord:
    return logging.LogRecord("kist", logging.WARNING, __file__, 1, message, args, None)


def test_a_line_is_one_json_object_with_the_request_id():
    token = request_id.set("abc123def456")
    try:
        line = json.loads(JsonFormatter().format(_record("Counted %s", "Riverside")))
    finally:
        request_id.reset(token)
    assert line["message"] == "Counted Riverside" and line["request_id"] == "abc123def456"
    assert line["level"] == "WARNING" and line["logger"] == "kist"


def test_codes_and_addresses_never_reach_a_line():
    text = scrub("eilidh@example.com typed 7KQ2-M9XD-4HTA then 7kq2m9xd4hta")
    assert "eilidh" not in text and "7KQ2" not in text.upper()
    assert text == "[email] typed [code] then [code]"
    # Ids that merely look alike stay readable.
    uuid = "cf7bf30a-9cfe-4852-827d-de7f204acd3e"
    assert scrub(f"Task id={uuid}") == f"Task id={uuid}"
    record = _record("Bad code %s from %s", "ABCD EFGH JK12", "tom@example.com")
    Scrub().filter(record)
    assert record.getMessage() == "Bad code [code] from [email]"


def test_every_response_carries_its_request_id(db):
    response = Client().get("/healthz")
    assert len(response["X-Request-ID"]) >= 8
    again = Client().get("/healthz", HTTP_X_REQUEST_ID="nginx-0123456789")
    assert again["X-Request-ID"] == "nginx-0123456789"
    forged = Client().get("/healthz", HTTP_X_REQUEST_ID="<script>")
    assert forged["X-Request-ID"] != "<script>"
