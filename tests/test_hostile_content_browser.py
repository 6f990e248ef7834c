"""The payloads of ``test_hostile_content`` in a real browser: on the pages that hold them,
as a reader and as an editor, no script of theirs runs."""

from __future__ import annotations

from typing import Any

import pytest

from tests.test_browser import CHROMEDRIVER, CHROMIUM, browser, sign_in  # noqa: F401
from tests.test_hostile_content import hostile  # noqa: F401 - the fixture

pytestmark = [
    pytest.mark.heavy,
    pytest.mark.skipif(not (CHROMEDRIVER and CHROMIUM), reason="needs chromium and chromedriver"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _ran_nothing(driver: Any, url: str) -> None:
    from selenium.common.exceptions import NoAlertPresentException

    driver.get(url)
    assert "XSSPAYLOAD" in driver.page_source, url
    try:
        alert = driver.switch_to.alert
    except NoAlertPresentException:
        alert = None
    assert alert is None, f"an alert opened on {url}"
    assert driver.execute_script("return window.xss === undefined"), url


def test_no_payload_runs_for_a_reader_or_an_editor(
    browser: Any,  # noqa: F811
    live_server: Any,
    hostile: Any,  # noqa: F811
    editor: Any,
) -> None:
    for path in (
        "/claims/hostile-claim/",
        "/articles/hostile-article/",
        "/speakers/hostile-speaker/",
        "/about/",
        "/search/?q=XSSPAYLOAD",
    ):
        _ran_nothing(browser, live_server.url + path)
    sign_in(browser, live_server, editor)
    for path in (
        f"/admin/claims/verdict/{hostile['verdict'].pk}/change/",
        f"/admin/sources/article/{hostile['article'].pk}/change/",
        "/admin/claims/readersuggestion/",
        "/admin/queue/",
    ):
        _ran_nothing(browser, live_server.url + path)
