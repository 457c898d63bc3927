"""The answers every API operation may give, declared in the OpenAPI schema (`/api/openapi.json`).

Some refusals come from no single endpoint but from the API as a whole: the handlers in
`miz/api.py` (a body that is not JSON, a field of the wrong type, a missing or refused token, a
client over its calls per minute) and the middleware before any view (`core.middleware`: a NUL
anywhere in the request; `core.bodylimit`: a body over the view's limit). Each is Persian JSON
`{"detail"}`, and a client generated from the schema must know it can come, so `CommonAnswersAPI` adds them
to every operation that can meet them, unless the endpoint declared that status itself:

| Status | Operations |
|---|---|
| 400 | all (NUL in the address or the body; a body that is not JSON) |
| 422 | those with parameters or a body |
| 413 | those with a body |
| 401, 403, 429 | those behind a token |

The schemathesis stage of CI (`.ci/api-fuzz`) fails on any answer the schema does not declare."""

from ninja import NinjaAPI

from apiclients.auth import ErrorOut, InputErrorOut

ANSWERS = {
    400: ("درخواست نادرست: نویسهٔ NUL در نشانی یا داده، یا بدنه‌ای که JSON درست نیست.", ErrorOut),
    401: ("توکن دسترسی فرستاده نشده، شناخته نشده، منقضی یا باطل شده است.", ErrorOut),
    403: ("این سامانه دسترسی (scope) این کار را ندارد.", ErrorOut),
    413: ("حجم بدنه درخواست از سقف این نشانی بیشتر است.", ErrorOut),
    422: ("پارامتر یا فیلدی از نوع یا مقدار نادرست؛ «errors» جای هر کدام را می‌گوید.", InputErrorOut),
    429: ("بیش از سقف مجاز درخواست؛ سرآیند Retry-After ثانیه‌های انتظار را می‌گوید.", ErrorOut),
}
RETRY_AFTER = {
    "Retry-After": {"description": "ثانیه‌های انتظار پیش از تلاش دوباره", "schema": {"type": "integer"}}
}


def common_statuses(operation: dict) -> list[int]:
    """The statuses the API as a whole may answer this operation with (the table above)."""
    statuses = [400]
    if operation.get("parameters") or operation.get("requestBody"):
        statuses.append(422)
    if operation.get("requestBody"):
        statuses.append(413)
    if operation.get("security"):
        statuses += [401, 403, 429]
    return statuses


def declare_common_answers(schema: dict) -> dict:
    """Add the API-wide answers to every operation of `schema` (in place) and return it."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for model in {model for _, model in ANSWERS.values()}:
        refs = model.model_json_schema(ref_template="#/components/schemas/{model}")
        components.update(refs.pop("$defs", {}))
        components.setdefault(model.__name__, refs)
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            declared = {str(status) for status in responses}
            for status in common_statuses(operation):
                description, model = ANSWERS[status]
                if str(status) not in declared:
                    ref = {"$ref": f"#/components/schemas/{model.__name__}"}
                    responses[status] = {
                        "description": description,
                        "content": {"application/json": {"schema": ref}},
                    }
                if status == 429:
                    responses[status].setdefault("headers", RETRY_AFTER)
    return schema


class CommonAnswersAPI(NinjaAPI):
    """django-ninja's API whose schema declares the API-wide answers (`declare_common_answers`);
    `miz.api.MizAPI` builds on it."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return declare_common_answers(schema)
