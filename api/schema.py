"""The OpenAPI document, told as the API behaves, so clients (and schemathesis) know what to expect:

* ``AutoSchema``: a text field of a request says which strings it takes — no NUL character (DRF
  and Django refuse them) and, where it may not be blank, something besides whitespace (DRF
  trims it away);
* ``error_responses`` (post-processing): every operation documents the errors it can answer with,
  in the one shape they all share; and every optional query parameter says that it may be sent
  empty, which the API takes as not sent (``?bbox=&limit=``, as an HTML form sends the fields
  left blank).
"""

from drf_spectacular import openapi
from rest_framework import serializers

# The whitespace Python's str.strip() removes, spelt out: a regex class reads alike in Python and
# JavaScript only when it names its characters.
WHITESPACE = ("\\t\\n\\u000b\\f\\r\\u001c-\\u001f \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f"
              "\\u205f\\u3000")
TEXT_PATTERN = "^[^\\u0000]*$"
NOT_BLANK_PATTERN = f"^[^\\u0000]*[^\\u0000{WHITESPACE}][^\\u0000]*$"


class AutoSchema(openapi.AutoSchema):
    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if direction == "request" and type(field) is serializers.CharField and "pattern" not in schema:
            blank = field.allow_blank or not field.trim_whitespace
            schema["pattern"] = TEXT_PATTERN if blank else NOT_BLANK_PATTERN
        return schema


ERROR_SCHEMA = {
    "type": "object",
    "description": "What went wrong: `{\"field\": [\"message\", …]}` naming the field, or `{\"detail\": \"message\"}`. "
    "Messages are in the request's language.",
    "additionalProperties": True,
}
DESCRIPTIONS = {
    "400": "Invalid input; the body names each field and why.",
    "401": "Authentication needed (send `Authorization: Token …` or log in), or the token sent is wrong.",
    "403": "Not allowed for this account.",
    "404": "Not found: the path, or a parameter naming something (`area`, `into`), names nothing; the body "
           "names the parameter.",
    "413": "Upload too large.",
    "409": "Well formed, but the state of the report, camera or photo refuses it (already decided, open with "
           "another moderator, a camera already merged…): `{\"detail\", \"code\"}`, or the field named as for 400.",
    "415": "Not a photo format we take.",
    "429": "Too many requests; see the Retry-After header.",
    "503": "Briefly unavailable (e.g. database maintenance); see the Retry-After header. Nothing was saved.",
}
WRITE_METHODS = {"post", "put", "patch", "delete"}
# Query parameters that name something: one that names nothing answers 404 (api/exception_handlers.py).
REFERENCES = {"area", "into"}


def error_responses(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    reference = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in {"get", "head", "post", "put", "patch", "delete"}:
                continue
            codes = {"400", "429", "503"}
            if "{" in path or any(parameter["name"] in REFERENCES for parameter in operation.get("parameters", [])):
                codes.add("404")
            security = operation.get("security", [])
            if method in WRITE_METHODS or security and {} not in security:
                codes |= {"401", "403"}
            if {"tokenAuth": []} in security:  # a token that is wrong, on any operation
                codes.add("401")
            if "/moderation/" in path and (method in WRITE_METHODS or path.endswith("/merge/")):
                codes.add("409")
            if "multipart/form-data" in operation.get("requestBody", {}).get("content", {}):
                codes |= {"413", "415"}
            responses = operation.setdefault("responses", {})
            for code in sorted(codes):
                responses.setdefault(code, {"description": DESCRIPTIONS[code], "content": reference})
            for code, response in responses.items():  # an error a view describes in words only
                if code[0] in "45" and "content" not in response:
                    response["content"] = reference
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query" and not parameter.get("required"):
                    parameter["allowEmptyValue"] = True
            body = operation.get("requestBody")
            if body and all(_requires_something(c.get("schema", {}), result) for c in body["content"].values()):
                body["required"] = True  # no body at all is refused too (a body's fields are required)
    return result


def _requires_something(schema: dict, document: dict) -> bool:
    if "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    if "oneOf" in schema:
        return all(_requires_something(branch, document) for branch in schema["oneOf"])
    return bool(schema.get("required"))
