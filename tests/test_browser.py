"""The admin in a real browser: headless Chromium against a live server."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from claims.models import Verdict
from tests import factories

webdriver = pytest.importorskip("selenium.webdriver")
CHROMEDRIVER = shutil.which("chromedriver")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.skipif(not (CHROMEDRIVER and CHROMIUM), reason="needs chromium and chromedriver"),
    # A live server needs committed rows; serialized_rollback restores the roles after the flush.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
PASSWORD = "a-long-test-password-1"


@pytest.fixture
def browser() -> Iterator[Any]:
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = CHROMIUM or ""
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1400,1400",
    ):
        options.add_argument(flag)
    driver = _start_chrome(
        lambda: webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    )
    driver.implicitly_wait(10)
    yield driver
    driver.quit()


def _start_chrome(start: Any) -> Any:
    """Chromium can be slow to come up on a busy machine: a session that fails to start
    is tried again before the test errors."""
    from selenium.common.exceptions import WebDriverException

    for attempt in range(3):
        try:
            return start()
        except WebDriverException:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def sign_in(browser: Any, live_server: Any, user: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    user.set_password(PASSWORD)
    user.save()
    browser.get(live_server.url + "/admin/login/")
    browser.find_element(By.ID, "id_username").send_keys(user.username)
    browser.find_element(By.ID, "id_password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "input[type=submit]").click()
    WebDriverWait(browser, 30).until(ec.title_contains("Newsroom"))


def published_claim(text: str, rating: str) -> None:
    """A claim on file with a published verdict, for the lookups to find (by meaning: its
    vectors computed as the claim services would)."""
    from claims.services.vectors import claim_vectors_refresh

    verdict = factories.make_verdict(
        status="published", rating=factories.rating(rating), claim=factories.make_claim(text=text)
    )
    claim_vectors_refresh(claim_ids=[verdict.claim_id])


@pytest.mark.usefixtures("claim_vectors")
def test_typing_a_claim_shows_similar_claims_already_checked(browser, live_server, factchecker):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    published_claim("Inflation reached twelve percent last spring.", "mostly-false")
    sign_in(browser, live_server, factchecker)
    browser.get(live_server.url + "/admin/claims/claim/add/")
    browser.find_element(By.ID, "id_text").send_keys("inflation reached twelve percent")
    box = WebDriverWait(browser, 30).until(
        ec.text_to_be_present_in_element((By.ID, "similar-claims"), "Already checked?")
    )
    assert box
    text = browser.find_element(By.ID, "similar-claims").text
    assert "Inflation reached twelve percent last spring." in text
    assert "Published: Mostly False" in text


def test_editor_publishes_with_the_workflow_button(browser, live_server, factchecker, editor):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    # A long headline, as translations' often are: the page's tools never cover it.
    headline = "Ready for review: " + "a headline long enough to reach the page's tools " * 2
    verdict = factories.make_verdict(author=factchecker, status="in_review", headline=headline)
    sign_in(browser, live_server, editor)
    browser.get(f"{live_server.url}/admin/claims/verdict/{verdict.pk}/change/")
    title, tools = (
        browser.find_element(By.CSS_SELECTOR, selector).rect
        for selector in ("#content > h2", "#content-main > .object-tools")
    )
    assert tools["y"] >= title["y"] + title["height"] or (
        tools["x"] >= title["x"] + title["width"]
    ), (title, tools)
    browser.find_element(By.NAME, "workflow-publish").click()
    WebDriverWait(browser, 30).until(
        ec.text_to_be_present_in_element((By.CSS_SELECTOR, ".messagelist"), "it is now published")
    )
    assert Verdict.objects.get(pk=verdict.pk).status == Verdict.Status.PUBLISHED


@pytest.mark.usefixtures("claim_vectors")
def test_claims_typed_into_an_article_are_checked_against_the_file(
    browser, live_server, factchecker
):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    published_claim("The bridge was closed for repairs in March.", "true")
    sign_in(browser, live_server, factchecker)
    browser.get(live_server.url + "/admin/sources/article/add/")
    field = browser.find_element(By.ID, "id_claims-0-text")
    field.send_keys("the bridge was closed for repairs")
    # The box sits below the text box, in its form row (beside the label it would squeeze
    # the text box to a narrow column).
    row = field.find_element(By.XPATH, "ancestor::div[contains(@class, 'form-row')][1]")
    WebDriverWait(browser, 30).until(lambda _: "Already checked?" in row.text)
    assert "The bridge was closed for repairs in March." in row.text
    assert "Published: True" in row.text
