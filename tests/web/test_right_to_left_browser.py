"""The Arabic pages in headless Chromium at a phone's width (390 px): every public page
type reads right to left (computed ``direction: rtl``), nothing is wider than the screen,
the speaker chart is mirrored (labels on the right, bars growing leftwards), and a reader
whose browser prefers Arabic is offered the Arabic page from the English one by the
page's own script (the page itself is the same for everyone). Screenshots go to
tests/screenshots/rtl-*.png (git-ignored): look at them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from claims.selectors import public as queries
from tests import factories
from tests.test_browser import CHROMEDRIVER, CHROMIUM, browser  # noqa: F401  (the fixture)

pytestmark = [
    pytest.mark.skipif(not (CHROMEDRIVER and CHROMIUM), reason="needs chromium and chromedriver"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
SHOTS = Path(__file__).resolve().parent.parent / "screenshots"
PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True}

LAYOUT = """
const root = document.documentElement;
return {
  direction: getComputedStyle(document.body).direction,
  dir: root.getAttribute("dir"),
  lang: root.getAttribute("lang"),
  overflow: root.scrollWidth - window.innerWidth,
  wide: Array.from(document.querySelectorAll("body *"))
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
              || e.getBoundingClientRect().left < -1)
    .filter(e => getComputedStyle(e).position !== "absolute")
    .slice(0, 5).map(e => e.tagName + "." + e.className),
};
"""
CHART = """
const row = document.querySelector("svg.chart g");
const [label, count] = row.querySelectorAll("text");
const bar = row.querySelector("rect").getBoundingClientRect();
return {label: label.getBoundingClientRect().left, labelRight: label.getBoundingClientRect().right,
        barLeft: bar.left, barRight: bar.right, count: count.getBoundingClientRect().right,
        svgRight: row.ownerSVGElement.getBoundingClientRect().right};
"""


def _pages() -> dict[str, str]:
    outlet = queries.outlets().order_by("slug").first()
    topic = queries.topics().order_by("slug").first()
    assert outlet is not None
    assert topic is not None
    retracted = factories.make_verdict(status="retracted")
    return {
        "home": "/ar/",
        "claim": "/ar/claims/us-drafting-agreement-israel-egypt-qatar/",
        "retracted": f"/ar/claims/{retracted.claim.slug}/",
        "speaker": "/ar/speakers/donald-trump/",
        "outlet": f"/ar/outlets/{outlet.slug}/",
        "topic": f"/ar/topics/{topic.slug}/",
        "article": "/ar/articles/hamas-diplomatic-overture-gaza/",
        "search": "/ar/search/?q=Hamas",
        "checked": "/ar/checked/?text=Qatar+mediates+between+Israel+and+Hamas",
        "ratings": "/ar/ratings/",
        "corrections": "/ar/corrections/",
        "about": "/ar/about/",
        "suggest": "/ar/suggest/",
        "alerts": f"/ar/alerts/subscribe/?topic={topic.slug}",
        "not-found": "/ar/no-such-page/",
    }


def _shot(driver: Any, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    driver.save_screenshot(str(SHOTS / f"rtl-{name}.png"))


@pytest.mark.usefixtures("words_only")
def test_arabic_pages_read_right_to_left_on_a_phone(browser, live_server, seed):  # noqa: F811
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
    problems = {}
    for name, path in _pages().items():
        browser.get(live_server.url + path)
        layout = browser.execute_script(LAYOUT)
        _shot(browser, name)
        if (layout["direction"], layout["dir"], layout["lang"]) != ("rtl", "rtl", "ar") or (
            layout["overflow"] > 0
        ):
            problems[name] = layout
    assert problems == {}

    browser.get(live_server.url + "/ar/speakers/donald-trump/")
    chart = browser.execute_script(CHART)
    # Labels on the right, the bar to their left, its count to its left.
    assert chart["label"] >= chart["barRight"], chart
    assert chart["count"] <= chart["barLeft"], chart
    assert chart["labelRight"] <= chart["svgRight"] + 1, chart
    browser.get(live_server.url + "/speakers/donald-trump/")
    chart = browser.execute_script(CHART)
    assert chart["labelRight"] <= chart["barLeft"], chart


def test_a_reader_whose_browser_prefers_arabic_is_offered_the_arabic_page(
    browser,  # noqa: F811
    live_server,
    seed,
):
    from selenium.webdriver.common.by import By

    agent = browser.execute_script("return navigator.userAgent")
    browser.execute_cdp_cmd(
        "Emulation.setUserAgentOverride", {"userAgent": agent, "acceptLanguage": "ar,en;q=0.5"}
    )
    browser.get(live_server.url + "/ratings/")
    hint = browser.find_element(By.CSS_SELECTOR, ".language-hint a")
    assert hint.text == "اقرأ هذه الصفحة بالعربية"
    assert hint.get_attribute("href") == live_server.url + "/ar/ratings/"
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    _shot(browser, "hint")
    browser.get(live_server.url + "/ar/ratings/")  # in Arabic already: nothing to offer
    assert browser.execute_script("return document.querySelectorAll('.language-hint').length") == 0
