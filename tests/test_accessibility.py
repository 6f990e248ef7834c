"""axe-core on every public page type, in Debian's Chromium, at desktop and phone widths:
no serious or critical violation, and nothing wider than a phone's screen.

axe-core comes from npm, pinned by the committed lock file in ``tests/axe/``
(``cd tests/axe && npm ci``; ``.ci/run`` does it). Without Chromium or axe-core the test
is skipped, except under ``CI=true``, where a missing tool is a failure: CI must run it.
Screenshots at phone width go to tests/screenshots/ (git-ignored)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from claims.selectors import public as queries
from tests import factories
from tests.test_browser import CHROMEDRIVER, CHROMIUM, _start_chrome

AXE = Path(__file__).resolve().parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = Path(__file__).resolve().parent / "screenshots"
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
# What fails the test; "moderate" and "minor" findings are reported, not failed.
BLOCKING = ("serious", "critical")

pytestmark = [
    pytest.mark.heavy,
    # A live server needs committed rows; serialized_rollback restores the migrations' rows
    # (roles, the about page) after the flush.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _required(what: str, present: bool) -> None:
    if present:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is missing: CI must run the accessibility test")
    pytest.skip(f"needs {what}")


@pytest.fixture
def chromium() -> Iterator[Any]:
    _required("chromium and chromedriver", bool(CHROMEDRIVER and CHROMIUM))
    _required(f"axe-core ({AXE}; run `npm ci` in tests/axe)", AXE.exists())
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = CHROMIUM or ""
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,900",
    ):
        options.add_argument(flag)
    driver = _start_chrome(
        lambda: webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    )
    driver.set_script_timeout(60)
    yield driver
    driver.quit()


def _pages(live_url: str) -> dict[str, str]:
    """One address of each public page type, from the seed and a few planted verdicts."""
    retracted = factories.make_verdict(status="retracted")
    taken = factories.make_verdict(status="withdrawn")
    outlet = queries.outlets().order_by("slug").first()
    topic = queries.topics().order_by("slug").first()
    assert outlet is not None
    assert topic is not None
    paths = {
        "home": "/",
        "claim": "/claims/qatar-intensive-communications-hamas-israel/",
        "claim-with-history": "/claims/trump-former-us-president/",
        "retracted": f"/claims/{retracted.claim.slug}/",
        "taken-down": f"/claims/{taken.claim.slug}/",
        "speaker": "/speakers/donald-trump/",
        "outlet": f"/outlets/{outlet.slug}/",
        "topic": f"/topics/{topic.slug}/",
        "article": "/articles/hamas-diplomatic-overture-gaza/",
        "ratings": "/ratings/",
        "about": "/about/",
        "search": "/search/?q=Hamas",
        "search-empty": "/search/",
        "suggest": "/suggest/",
        # "Has this been checked?": with results (matched by words: the test switches
        # vectors off, the seed has none) and with none.
        "checked": "/checked/?text=Qatar+mediates+between+Israel+and+Hamas",
        "checked-empty": "/checked/",
        "corrections": "/corrections/",
        "not-found": "/no-such-page/",
        "api-docs": "/api/docs/",
    }
    return {name: live_url + path for name, path in paths.items()}


def _emulate(driver: Any, width: int, height: int) -> None:
    # A phone's viewport exactly (the window's size would include the browser's frame),
    # with the page's viewport meta honoured as a phone does.
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600},
    )


RUN_AXE = """
const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ["violations"]})
  .then(result => done(result.violations.map(v => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + ": " + n.failureSummary)}))))
  .catch(error => done([{id: "axe-error", impact: "critical", help: String(error), nodes: []}]));
"""


def _wait_for_api_docs(driver: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 30).until(
        ec.presence_of_element_located((By.CSS_SELECTOR, ".swagger-ui .info"))
    )


@pytest.mark.usefixtures("words_only")
def test_no_public_page_has_a_serious_accessibility_violation(chromium, live_server, seed):
    axe = AXE.read_text()
    pages = _pages(live_server.url)
    SHOTS.mkdir(exist_ok=True)
    found: list[str] = []
    for width_name, (width, height) in WIDTHS.items():
        _emulate(chromium, width, height)
        for name, url in pages.items():
            chromium.get(url)
            if name == "api-docs":
                _wait_for_api_docs(chromium)
            chromium.execute_script(axe)
            violations = chromium.execute_async_script(RUN_AXE)
            for violation in violations:
                line = f"{name} at {width}px: {violation['impact']} {violation['id']}: {violation['help']}"
                if violation["impact"] in BLOCKING:
                    found.append(line + "".join(f"\n    {node}" for node in violation["nodes"]))
                else:
                    print(line)  # reported with -s, not failed
            if width_name == "phone":
                chromium.save_screenshot(str(SHOTS / f"axe-{name}-{width}.png"))
                if name != "api-docs":  # Swagger UI's own layout
                    wide = chromium.execute_script("return document.documentElement.scrollWidth")
                    if wide > width:
                        found.append(f"{name} at {width}px: the page is {wide}px wide")
    assert not found, "\n".join(found)
