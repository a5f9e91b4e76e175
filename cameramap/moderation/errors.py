"""What moderation services raise besides Django's ValidationError (bad input, 400)."""


class Conflict(Exception):
    """The request is well-formed but the state forbids it: the report was already decided, or
    another moderator has it open (409)."""

    def __init__(self, message: str, *, code: str):
        super().__init__(message)
        self.message = message
        self.code = code
