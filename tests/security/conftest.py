"""The web fixtures (logging in through the form) for the security tests."""

from tests.web.conftest import login

__all__ = ["login"]
