"""Settings of CI's multi-node stage (.ci/multinode): production settings plus test-only URLs.

Never used by a deployment: the stage needs a request that holds a web thread for a while
(core.testing_urls) to show that /livez and /readyz still answer within a second.
"""

from miz.settings import *  # noqa: F403

ROOT_URLCONF = "core.testing_urls"
