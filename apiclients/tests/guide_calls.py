"""Makes a guide page's calls (`apiclients.guide.Call`) with Django's test client, as the page's
curl line does, for the tests beside each app that check each step answers as the page says."""

import json
from urllib.parse import urlencode

from apiclients.tests.factories import bearer


def send(client, call, token: str, upload=None):
    """The call with the client's token; each file part of the form is `upload()`."""
    path = call.path + (f"?{urlencode(call.query)}" if call.query else "")
    auth = bearer(token)
    if call.method == "GET":
        return client.get(path, **auth)
    if call.json is not None:
        return client.post(path, json.dumps(call.json), content_type="application/json", **auth)
    if call.text:
        return client.post(path, call.text, content_type=call.content_type, **auth)
    data = {**call.form, **{name: upload() for name in call.files}}
    if call.files:
        return client.post(path, data, **auth)  # multipart
    return client.post(path, urlencode(data), content_type="application/x-www-form-urlencoded", **auth)


def answered_as_documented(response, call) -> None:
    assert response.status_code == call.status, (call.caption, response.status_code, response.content[:300])
