"""The council's words as HTML: plain text with blank lines between paragraphs, '## ' for a
heading and '- ' for a list. Everything typed is escaped; web and email addresses become links."""

from django.utils.html import escape, urlize
from django.utils.safestring import SafeString, mark_safe


def as_html(text: str) -> SafeString:
    blocks = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in block.strip().splitlines() if line.strip()]
        if not lines:
            continue
        if lines[0].startswith("## ") and len(lines) == 1:
            blocks.append(f"<h2>{escape(lines[0][3:].strip())}</h2>")
        elif all(line.startswith("- ") for line in lines):
            items = "".join(f"<li>{_inline(line[2:])}</li>" for line in lines)
            blocks.append(f'<ul class="list">{items}</ul>')
        else:
            blocks.append(f"<p>{'<br>'.join(_inline(line) for line in lines)}</p>")
    return mark_safe("\n".join(blocks))


def _inline(line: str) -> str:
    return urlize(line.strip(), autoescape=True)
