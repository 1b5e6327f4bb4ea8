import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_messages():
    # Services translate their messages; the tests read them in the source language.
    with translation.override("en"):
        yield
