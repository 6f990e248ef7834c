"""One review listed under two peers: importing it from one answer marks its button under
the other as done too (no "Import as theirs" left for a review just imported), without
reloading the page."""

from __future__ import annotations

import shutil

import pytest

from claims.models import Verdict
from factcheck.federation import services
from tests.federation_parts import Answer, claim, fake_site, fixed, search_answer
from tests.test_browser import browser, sign_in  # noqa: F401

CHROMEDRIVER = shutil.which("chromedriver")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.skipif(not (CHROMEDRIVER and CHROMIUM), reason="needs chromium and chromedriver"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TEXT = "The senator said unemployment doubled in two years"
THEIR_URL = "https://othercheck.example.org/checks/unemployment-doubled"
OTHER_URL = "https://othercheck.example.org/checks/jobs-halved"


def test_importing_a_review_marks_it_done_under_every_peer(
    browser,  # noqa: F811
    live_server,
    editor,
    settings,
):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    settings.FACTCHECK_OUTBOUND_ALLOW = ["127.0.0.1"]
    same = search_answer(claim(TEXT, url=THEIR_URL, title="No, it did not double"))
    both = search_answer(
        claim(TEXT, url=THEIR_URL, title="No, it did not double"),
        claim(TEXT, url=OTHER_URL, title="Jobs were not halved"),
    )
    routes = {"one": fixed(Answer(body=same)), "two": fixed(Answer(body=both))}
    with fake_site(routes) as site:
        services.peer_create(user=editor, name="Peer One", base_url=site.base("one"))
        services.peer_create(user=editor, name="Peer Two", base_url=site.base("two"))
        sign_in(browser, live_server, editor)
        browser.get(live_server.url + "/admin/claims/claim/add/")
        browser.find_element(By.ID, "id_text").send_keys(TEXT)
        WebDriverWait(browser, 30).until(
            lambda b: (
                len(b.find_elements(By.CSS_SELECTOR, "#peer-answers button.peer-import")) == 3
            )
        )
        buttons = browser.find_elements(
            By.CSS_SELECTOR, f'#peer-answers button.peer-import[data-url="{THEIR_URL}"]'
        )
        assert len(buttons) == 2
        buttons[0].click()
        WebDriverWait(browser, 30).until(
            ec.text_to_be_present_in_element(
                (By.ID, "peer-answers"), "Imported as their public review."
            )
        )
        WebDriverWait(browser, 10).until(
            lambda b: (
                not b.find_elements(
                    By.CSS_SELECTOR, f'#peer-answers button.peer-import[data-url="{THEIR_URL}"]'
                )
            )
        )
        done = browser.find_elements(By.CSS_SELECTOR, "#peer-answers .peer-imported")
        assert len(done) == 2
        assert all("Imported as their public review." in d.text for d in done)
        # Another review keeps its button, still enabled.
        (left,) = browser.find_elements(By.CSS_SELECTOR, "#peer-answers button.peer-import")
        assert left.get_attribute("data-url") == OTHER_URL
        assert left.is_enabled()
    assert Verdict.objects.filter(external_url=THEIR_URL).count() == 1
