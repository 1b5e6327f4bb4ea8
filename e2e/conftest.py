"""Browser tests: Debian's Chromium through Playwright, with axe-core run on every page a test visits.

`visit(page, url)` goes to a page and checks it; after an action that loads a new page, call `check_a11y(page)`.
A test that loads a page and never checks it fails at teardown.
"""

from __future__ import annotations

import os
import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe

CHROMIUM = os.environ.get("SAMMEN_CHROMIUM", "/usr/bin/chromium")
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
    "resultTypes": ["violations"],
}
PHONE = {"width": 375, "height": 740}
_axe = Axe()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: run `apt-get install -y chromium`.")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "nb-NO", "timezone_id": "Europe/Oslo"}


class A11yTracker:
    def __init__(self) -> None:
        self.unchecked: list[str] = []

    def loaded(self, url: str) -> None:
        self.unchecked.append(url)

    def checked(self) -> None:
        self.unchecked.clear()


def _format(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        targets = [", ".join(node.get("target", [])) for node in v.get("nodes", [])[:5]]
        lines.append(f"- {v['id']} ({v.get('impact')}): {v['help']} → {'; '.join(targets)}")
    return "\n".join(lines)


def check_a11y(page) -> None:
    """Run axe on the page as it is now; any WCAG 2.1 A/AA or best-practice violation fails the test."""
    page.wait_for_load_state("load")
    results = _axe.run(page, options=AXE_OPTIONS)
    violations = results.response.get("violations", [])
    tracker = getattr(page, "_a11y_tracker", None)
    if tracker is not None:
        tracker.checked()
    assert not violations, f"axe found violations on {page.url}:\n{_format(violations)}"


def visit(page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status < 400, f"{url} answered {response and response.status}"
    check_a11y(page)


@pytest.fixture
def page(page):
    tracker = A11yTracker()
    page._a11y_tracker = tracker
    page.on("load", lambda p: tracker.loaded(p.url))
    page.set_default_timeout(10_000)
    yield page
    assert not tracker.unchecked, f"pages loaded without an axe check: {tracker.unchecked}"


@pytest.fixture
def phone_page(page):
    page.set_viewport_size(PHONE)
    return page


def login(page, live_server, email: str, password: str) -> None:
    from sammen.core.testing import PASSWORD

    visit(page, f"{live_server.url}/accounts/login/")
    page.get_by_label("E-post").fill(email)
    page.get_by_label("Passord").fill(password or PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_load_state("load")
    check_a11y(page)
