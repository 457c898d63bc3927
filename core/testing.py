"""Test helpers shared by every app's tests (imported by the root conftest.py, never by app code)."""

from django.test import Client, TestCase


class CommittingClient(Client):
    """A test client that runs each request's on-commit callbacks when the request ends.

    Outside tests every request commits; inside pytest-django's test transaction (a plain `db`
    test) nothing does, so SMS and tasks sent with `transaction.on_commit` would never fire.
    """

    def request(self, **request):
        with TestCase.captureOnCommitCallbacks(execute=True):
            return super().request(**request)
