"""A reader in a real browser: home → search → verdict → speaker → article → suggest a
claim, reading what each page shows. Screenshots go to tests/screenshots/ (git-ignored)."""

from __future__ import annotations

from pathlib import Path

import pytest

from claims.models import ReaderSuggestion
from tests.test_browser import CHROMEDRIVER, CHROMIUM, browser  # noqa: F401  (the fixture)

pytestmark = [
    pytest.mark.skipif(not (CHROMEDRIVER and CHROMIUM), reason="needs chromium and chromedriver"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
SHOTS = Path(__file__).resolve().parent.parent / "screenshots"


def _shot(driver, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    driver.save_screenshot(str(SHOTS / f"reader-{name}.png"))


def test_a_reader_finds_a_verdict_follows_it_and_suggests_a_claim(browser, live_server, seed):  # noqa: F811
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(browser, 30)
    browser.get(live_server.url + "/")
    assert "Latest fact-checks" in browser.find_element(By.TAG_NAME, "h1").text
    _shot(browser, "1-home")

    search = browser.find_element(By.ID, "home-q")
    search.send_keys("Hamas surrender")
    search.submit()
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "ul.claims li a")))
    _shot(browser, "2-search")
    browser.find_element(By.CSS_SELECTOR, "ul.claims li a").click()

    wait.until(ec.presence_of_element_located((By.ID, "our-verdict")))
    assert browser.find_element(By.TAG_NAME, "h1").text == "Hamas must surrender immediately."
    assert "Not checkable" in browser.find_element(By.ID, "our-verdict").text
    assert browser.find_elements(By.CSS_SELECTOR, "ol.sources li")
    _shot(browser, "3-verdict")

    browser.find_element(By.LINK_TEXT, "Donald Trump").click()
    wait.until(ec.presence_of_element_located((By.ID, "record")))
    assert "not sampled at random" in browser.page_source
    _shot(browser, "4-speaker")

    browser.get(live_server.url + "/articles/hamas-diplomatic-overture-gaza/")
    marks = browser.find_elements(By.CSS_SELECTOR, ".article-text mark")
    assert len(marks) >= 6
    _shot(browser, "5-article")

    browser.find_element(By.LINK_TEXT, "Suggest a claim").click()
    browser.find_element(By.ID, "id_text").send_keys(
        "The council said rents fell by half this year."
    )
    browser.find_element(By.ID, "id_seen_where").send_keys("a leaflet")
    browser.find_element(By.CSS_SELECTOR, "form.suggest button").click()
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".thanks")))
    _shot(browser, "6-suggested")
    assert ReaderSuggestion.objects.get().text == "The council said rents fell by half this year."
