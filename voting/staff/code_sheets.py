"""Voting codes in plain text, for printing and for the CSV: the one time they exist so.

Shared by the staff page that issues codes and by `manage.py issue_codes`. Nothing here
stores a code: it turns a list of plain codes into links, QR images and CSV text.
"""

import csv
import io
from urllib.parse import quote, urlencode

import segno
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from voting.results.exports import cell

# Where a resident types a code (the ballot pages). The link on a card carries the code after #,
# which browsers never send to a server, so no access log ever holds it; the page's script
# fills the field from it.
CODE_PATH = "/vote/code/"
CSV_HEADER = ["code", "envelope", "url"]
# Above this many codes the page lists them (and offers the CSV) instead of drawing a QR card
# for each: a QR code takes about 4 ms to make, so 500 cards are about two seconds.
QR_CARDS_UP_TO = 500
# A CSV link carries the codes inside the page (a data: URL); Chromium refuses a data: URL
# longer than 2 MB, and 5,000 rows stay well under that for any sensible host name.
WEB_CODES_UP_TO = 5000


def code_url(base_url: str, code: str) -> str:
    """The absolute address that opens the ballot with this code filled in."""
    return f"{base_url.rstrip('/')}{CODE_PATH}#{urlencode({'code': code})}"


def qr_svg(url: str, *, label: str) -> SafeString:
    """An inline SVG QR code for `url`, named for screen readers and sized by CSS."""
    svg = segno.make(url, error="m").svg_inline(omitsize=True, svgclass="qr", lineclass="qr__line")
    # segno's own markup; the label is the only text of ours in it, and it is escaped.
    return mark_safe(
        svg.replace("<svg ", str(format_html('<svg role="img" aria-label="{}" ', label)), 1)
    )


def csv_text(*, codes: list[str], envelope_name: str, base_url: str) -> str:
    out = io.StringIO()
    write_csv(out, codes=codes, envelope_name=envelope_name, base_url=base_url)
    return out.getvalue()


def write_csv(out, *, codes: list[str], envelope_name: str, base_url: str,
              addressed_to: list[tuple[str, str]] = ()) -> None:
    """One row a code; with `addressed_to` ((name, postcode) a code), for a mail merge of
    letters to named residents, those two columns first."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow((["name", "postcode"] if addressed_to else []) + list(CSV_HEADER))
    for code, to in zip(codes, addressed_to or [()] * len(codes), strict=True):
        writer.writerow([cell(v) for v in to]
                        + [code, cell(envelope_name), code_url(base_url, code)])


def csv_data_url(text: str) -> str:
    """The CSV as a data: URL, so the browser saves it without asking the server again."""
    return "data:text/csv;charset=utf-8," + quote(text, safe=",/:?=-_.'")


def cards(*, codes: list[str], base_url: str, with_qr: bool) -> list[dict]:
    rows = []
    for code in codes:
        url = code_url(base_url, code)
        rows.append({
            "code": code,
            "url": url,
            "qr": qr_svg(url, label=_("QR code that opens the ballot with code %(code)s")
                         % {"code": code}) if with_qr else "",
        })
    return rows
