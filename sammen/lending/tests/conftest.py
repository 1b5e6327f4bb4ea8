import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    """Service messages are asserted in English, the source language; views set their language per request."""
    with translation.override("en"):
        yield
