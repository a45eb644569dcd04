"""Path converters."""


class IdConverter:
    """A database key: 1 to 18 digits. Django's `int` takes any length, and a key past 64 bits
    makes SQLite raise instead of finding nothing."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)
