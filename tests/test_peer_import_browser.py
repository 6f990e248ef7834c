"""The "Import as theirs" button in a real browser: the peers' answers sit inside the
claim's form, and the button imports their review without saving the claim being typed (a
nested form is dropped by the HTML parser, and its button saved the claim instead). The
answers sit below the text box, which keeps its width."""

from __future__ import annotations

import shutil

import pytest

from claims.models import Claim, Verdict
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


def test_import_as_theirs_imports_and_leaves_the_claim_unsaved(
    browser,  # noqa: F811
    live_server,
    editor,
    settings,
):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    settings.FACTCHECK_OUTBOUND_ALLOW = ["127.0.0.1"]
    body = search_answer(claim(TEXT, url=THEIR_URL, title="No, it did not double"))
    with fake_site({"good": fixed(Answer(body=body))}) as site:
        services.peer_create(user=editor, name="Good Peer", base_url=site.base("good"))
        claims_before = Claim.objects.count()
        sign_in(browser, live_server, editor)
        add_page = live_server.url + "/admin/claims/claim/add/"
        browser.get(add_page)
        browser.find_element(By.ID, "id_text").send_keys(TEXT)
        button = WebDriverWait(browser, 30).until(
            ec.element_to_be_clickable((By.CSS_SELECTOR, "#peer-answers button.peer-import"))
        )
        # Below the field, not a third column squeezing the text box.
        assert browser.execute_script(
            "return document.getElementById('peer-answers').closest('.flex-container') === null"
        )
        assert button.get_attribute("type") == "button"
        button.click()
        WebDriverWait(browser, 30).until(
            ec.text_to_be_present_in_element(
                (By.ID, "peer-answers"), "Imported as their public review."
            )
        )
    assert browser.current_url == add_page
    assert browser.find_element(By.ID, "id_text").get_attribute("value") == TEXT
    assert Claim.objects.count() == claims_before + 1  # their claim, imported; not ours
    verdict = Verdict.objects.get(external_url=THEIR_URL)
    assert verdict.publisher.name == "Other Check"
    assert not Claim.objects.filter(verdicts__isnull=True, text=TEXT).exists()
