"""OpenAPI post-processing: every operation documents the errors it can answer with, in the one
shape they all share, so clients (and schemathesis) know what to expect."""

ERROR_SCHEMA = {
    "type": "object",
    "description": "What went wrong: `{\"field\": [\"message\", …]}` naming the field, or `{\"detail\": \"message\"}`. "
    "Messages are in the request's language.",
    "additionalProperties": True,
}
DESCRIPTIONS = {
    "400": "Invalid input; the body names each field and why.",
    "401": "Authentication needed (send `Authorization: Token …` or log in).",
    "403": "Not allowed for this account.",
    "404": "Not found.",
    "413": "Upload too large.",
    "415": "Not a photo format we take.",
    "429": "Too many requests; see the Retry-After header.",
    "503": "Briefly unavailable (e.g. database maintenance); see the Retry-After header. Nothing was saved.",
}
WRITE_METHODS = {"post", "put", "patch", "delete"}


def error_responses(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    reference = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in {"get", "head", "post", "put", "patch", "delete"}:
                continue
            codes = {"400", "429", "503"}
            if "{" in path:
                codes.add("404")
            if method in WRITE_METHODS or operation.get("security") and {} not in operation["security"]:
                codes |= {"401", "403"}
            if "multipart/form-data" in operation.get("requestBody", {}).get("content", {}):
                codes |= {"413", "415"}
            responses = operation.setdefault("responses", {})
            for code in sorted(codes):
                responses.setdefault(code, {"description": DESCRIPTIONS[code], "content": reference})
    return result
