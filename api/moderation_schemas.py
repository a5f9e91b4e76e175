"""OpenAPI descriptions of moderation requests whose rules a serializer cannot say by itself:
which reason needs a text, which fields a merge can choose for, what a blur rectangle is. The
rules themselves live in the moderation services; these only describe them."""

from cameramap.moderation.fields import CAMERA_FIELDS
from cameramap.moderation.merging import CHOICES
from cameramap.moderation.reasons import REJECT_REASONS
from cameramap.moderation.services.blur import MAX_BOXES, MAX_CHOICE

from .schema import NOT_BLANK_PATTERN, TEXT_PATTERN

FORMS = ("application/json", "application/x-www-form-urlencoded", "multipart/form-data")

_TEXT = {"type": "string", "maxLength": 1000, "pattern": TEXT_PATTERN}
REJECT_REQUEST = {"oneOf": [
    {"type": "object", "required": ["reason"], "properties": {
        "reason": {"type": "string", "enum": [reason for reason in REJECT_REASONS if reason != "other"]},
        "text": _TEXT}},
    {"type": "object", "required": ["reason", "text"], "description": '"other" needs the moderator\'s own words.',
     "properties": {"reason": {"type": "string", "enum": ["other"]}, "text": {**_TEXT, "pattern": NOT_BLANK_PATTERN}}},
]}

MERGE_CHOICES = {
    "type": "object", "additionalProperties": False,
    "properties": {field: {"type": "string", "enum": list(CHOICES)} for field in CAMERA_FIELDS},
    "description": 'For each conflicting field of the preview, whose value the survivor keeps: "source" (this '
                   'camera\'s) or "target" (the survivor\'s, the default). A camera field that does not conflict in '
                   "this merge is refused with 409, naming it.",
}

_FRACTION = {"type": "number", "minimum": 0, "maximum": 1}
_SIZE = {"type": "number", "minimum": 0, "exclusiveMinimum": True, "maximum": 1}
BLUR_BOX = {"type": "object", "required": ["x", "y", "w", "h"], "properties": {
    "x": _FRACTION, "y": _FRACTION, "w": _SIZE, "h": _SIZE, "kind": {"type": "string"}, "on": {"type": "boolean"}},
    "description": "A rectangle in fractions of the image, from its top left; it must lie inside the image "
                   "(x + w ≤ 1 and y + h ≤ 1, which JSON Schema cannot state: 400 otherwise)."}


def blur_request(max_boxes: int) -> dict:
    return {"application/json": {"type": "object", "required": ["boxes"], "properties": {
        "boxes": {"type": "array", "items": BLUR_BOX, "minItems": 1, "maxItems": max_boxes}}}}


BLUR_ADD_REQUEST = blur_request(MAX_BOXES)
BLUR_CHOICE_REQUEST = blur_request(MAX_CHOICE)
BLUR_RESPONSE = {200: {"type": "object", "properties": {
    "id": {"type": "integer"}, "image": {"type": "string"}, "thumbnail": {"type": "string"},
    "blur_boxes": {"type": "array", "items": BLUR_BOX}, "under_review": {"type": "boolean"}}}}
