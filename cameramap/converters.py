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


def url_template(viewname: str, **placeholders: str) -> str:
    """The path of a URL pattern with ``{placeholder}`` where each of its integer arguments goes
    (``url_template("web:camera", camera_id="id")`` → ``/cameras/{id}/``), for code that fills
    them in itself: the pages' scripts, the database writing a camera's URL into its JSON.

    Built by ``reverse`` with a sentinel number for each argument, which is then replaced by its
    placeholder: the URL's shape comes from the URLconf alone, never from cutting a reversed
    URL at a known position."""
    from django.urls import reverse

    sentinels = {argument: str(987_654_321 - index) for index, argument in enumerate(placeholders)}
    path = reverse(viewname, kwargs=sentinels)
    for argument, sentinel in sentinels.items():
        if path.count(sentinel) != 1:
            raise ValueError(f"{viewname}: cannot place {argument!r} in {path!r}")
        path = path.replace(sentinel, "{" + placeholders[argument] + "}")
    return path
