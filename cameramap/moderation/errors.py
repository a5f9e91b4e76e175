"""What moderation services raise besides Django's ValidationError (bad input, 400)."""

from django.core.exceptions import ValidationError

REFUSED = "conflict"  # the code of a ValidationError that the state refuses (``refused``)


class Conflict(Exception):
    """The request is well-formed but the state forbids it: the report was already decided, or
    another moderator has it open (409)."""

    def __init__(self, message: str, *, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


def refused(field: str, message) -> ValidationError:
    """A well-formed request that the state of the cameras or reports refuses (a camera already
    merged, a sighting of another camera): a ValidationError naming the field, which the pages
    show as any other, of the code ``REFUSED``, which the API answers with 409 rather than 400."""
    return ValidationError({field: ValidationError(message, code=REFUSED)})
