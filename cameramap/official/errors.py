"""The one error an import raises for anything wrong with the file or the options: it names the
row and the column when there is one, so the command prints it and the upload form shows it."""

from django.utils.translation import gettext as _


class OfficialImportError(ValueError):
    def __init__(self, message: str, *, row: int | None = None, column: str | None = None, field: str | None = None):
        self.message, self.row, self.column = message, row, column
        self.field = field  # the form field or command option the error is about, when it is one
        super().__init__(self.__str__())

    def __str__(self) -> str:
        if self.row is not None and self.column:
            return _("Row %(row)s, column “%(column)s”: %(message)s") % {"row": self.row, "column": self.column, "message": self.message}
        if self.row is not None:
            return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}
        if self.column:
            return _("Column “%(column)s”: %(message)s") % {"column": self.column, "message": self.message}
        return self.message
