"""Numbers as people read them in the page's language, grouped by thousands: 1,757 in English,
1.757 in Serbian (Django groups only with USE_THOUSAND_SEPARATOR, which would also group numbers
machines read, such as ids in links)."""

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def grouped(value):
    """``value`` (an integer or a decimal) with the language's thousands separator and decimal
    mark; anything else (None, "") as it is."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    return number_format(value, force_grouping=True)
