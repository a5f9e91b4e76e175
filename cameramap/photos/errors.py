"""Why a photo is refused. Each error carries a stable ``code`` (for API clients and tests) and a
message a volunteer can act on; the HTTP layer chooses the status code from the class."""

from django.utils.translation import gettext_lazy as _


class PhotoError(Exception):
    code = "invalid"
    default_message = _("This photo cannot be used.")

    def __init__(self, message=None):
        self.message = message or self.default_message
        super().__init__(str(self.message))


class PhotoTooLarge(PhotoError):
    """The file is bigger than the operator allows (HTTP 413)."""

    code = "too_large"
    default_message = _("The photo is too large.")


class PhotoUnsupported(PhotoError):
    """Not an image, or a kind of file we do not take, SVG included (HTTP 415)."""

    code = "unsupported"
    default_message = _("This is not a photo we can take: send JPEG, PNG, WebP or HEIC/HEIF.")


class PhotoCorrupt(PhotoError):
    """Looks like an image but cannot be decoded completely (HTTP 400)."""

    code = "corrupt"
    default_message = _("The photo is damaged and cannot be read completely.")


class PhotoTooManyPixels(PhotoError):
    """More pixels than allowed: a decompression bomb, or simply too big to process (HTTP 400)."""

    code = "too_many_pixels"
    default_message = _("The photo has too many pixels.")
