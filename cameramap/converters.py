"""URL converters. `id` is a positive database id: at most 18 digits, so it always fits the
64-bit columns (a longer number names nothing, and SQLite cannot even bind it) — such paths
simply do not match and answer 404 instead of failing inside the database driver."""

from django.urls import register_converter


class IdConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(int(value))


register_converter(IdConverter, "id")
