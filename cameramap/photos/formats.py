"""Which kind of file this is, from its first bytes — never from the name or the Content-Type,
both of which the client chooses."""

from django.utils.translation import gettext_lazy as _

from .errors import PhotoUnsupported

JPEG, PNG, WEBP, HEIF = "jpeg", "png", "webp", "heif"

# ISO-BMFF brands of still HEIF/HEIC images as phones write them (the ``ftyp`` box).
HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}


def photo_format(head: bytes) -> str:
    """The format of a photo from its first bytes (give at least 512), or PhotoUnsupported."""
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head[4:8] == b"ftyp":
        box_end = min(int.from_bytes(head[:4], "big"), len(head))
        brands = {head[8:12]} | {head[i : i + 4] for i in range(16, box_end - 3, 4)}
        if brands & HEIF_BRANDS:
            return HEIF
    if _looks_like_svg(head):
        raise PhotoUnsupported(_("SVG drawings are not accepted: send a photo (JPEG, PNG, WebP or HEIC/HEIF)."))
    raise PhotoUnsupported()


def _looks_like_svg(head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return text.startswith((b"<svg", b"<?xml", b"<!doctype svg", b"<!--")) or b"<svg" in text
