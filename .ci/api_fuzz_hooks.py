"""schemathesis hooks of the `.ci/api-fuzz` stage (loaded through SCHEMATHESIS_HOOKS).

An address longer than the front server's request line (gunicorn's `limit_request_line`, 4,094
bytes; nginx's header buffers in production) is refused by that server with its own 414 page
before Miz sees it: no Miz code runs, so no Miz schema can declare it. Generated cases whose
query string or path parameters alone pass 3,000 bytes once encoded are left out; everything
shorter, Persian, NUL and control characters included, still goes to Miz."""

from urllib.parse import quote, urlencode

import schemathesis

LONGEST = 3000


@schemathesis.hook
def filter_query(ctx, query):
    return query is None or len(urlencode(query, doseq=True)) <= LONGEST


@schemathesis.hook
def filter_path_parameters(ctx, path_parameters):
    return path_parameters is None or sum(len(quote(str(v))) for v in path_parameters.values()) <= LONGEST
