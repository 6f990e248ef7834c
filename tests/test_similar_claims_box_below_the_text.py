"""On the claim form, "Already checked?" (claims/similar.js) sits below the claim's text
box and its help, full width, not beside it in the row: there it squeezed the text box to a
column of ~180 px. In an article's claim rows it sits below each text box too."""

from __future__ import annotations

import shutil

import pytest

from tests.test_browser import browser, sign_in  # noqa: F401

CHROMEDRIVER = shutil.which("chromedriver")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.skipif(not (CHROMEDRIVER and CHROMIUM), reason="needs chromium and chromedriver"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _width(driver, element_id: str) -> float:
    return driver.execute_script(
        "return document.getElementById(arguments[0]).getBoundingClientRect().width", element_id
    )


def test_the_box_sits_below_the_text_box_which_keeps_its_width(
    browser,  # noqa: F811
    live_server,
    factchecker,
):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.set_window_size(1280, 1000)
    sign_in(browser, live_server, factchecker)
    browser.get(live_server.url + "/admin/claims/claim/add/")
    before = _width(browser, "id_text")
    browser.find_element(By.ID, "id_text").send_keys("The bridge cost twice its budget")
    WebDriverWait(browser, 30).until(
        lambda b: b.execute_script(
            "const el = document.getElementById('similar-claims');"
            "return el !== null && el.textContent.trim() !== ''"
        )
    )
    assert browser.execute_script(
        "return document.getElementById('similar-claims').closest('.flex-container') === null"
    )
    after = _width(browser, "id_text")
    assert after == before
    assert after > 300  # the admin's own width, not a squeezed column
    below = browser.execute_script(
        "const box = document.getElementById('similar-claims').getBoundingClientRect();"
        "const text = document.getElementById('id_text').getBoundingClientRect();"
        "return box.top >= text.bottom"
    )
    assert below
