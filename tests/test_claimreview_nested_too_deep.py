"""ClaimReview nested too deeply for Python's readers (a file of brackets a hundred
thousand deep) is refused as such, by the reader, the file importer and an import started
from the admin, which fails with the reason instead of an unexpected error left among the
queue's dead letters."""

from __future__ import annotations

import pytest

from claims.models import Verdict
from factcheck.claimreview.parse import TOO_DEEP, ClaimReviewError, parse, stream_file
from factcheck.jobs import services
from tests.test_job_runs import committed, loopback, queue, serving  # noqa: F401
from tests.webhook_parts import queued, run_jobs

DEEP = "[" * 100_000 + "]" * 100_000


@pytest.mark.parametrize(
    "text",
    [
        DEEP,
        '{"@type": "DataFeed", "dataFeedElement": ' + DEEP + "}",
        '<html><script type="application/ld+json">' + DEEP + "</script></html>",
    ],
    ids=["a list", "a feed", "a page"],
)
def test_the_reader_refuses_input_nested_too_deeply(text):
    with pytest.raises(ClaimReviewError) as refused:
        parse(text)
    assert refused.value.messages == [TOO_DEEP]


def test_the_file_importer_refuses_a_feed_item_nested_too_deeply(tmp_path):
    path = tmp_path / "feed.json"
    nested = '{"@graph": ' * 3000 + "{}" + "}" * 3000
    path.write_text('{"dataFeedElement": [{"item": ' + nested + "}]}")
    with pytest.raises(ClaimReviewError) as refused:
        list(stream_file(path, max_whole=2**20))
    assert refused.value.messages == [TOO_DEEP]


@committed
def test_an_import_from_the_admin_fails_with_the_reason_and_leaves_no_dead_letter(
    queue,  # noqa: F811
    loopback,  # noqa: F811
    editor,
):
    with serving(DEEP.encode()) as url:
        run = services.job_run_import_claimreview(user=editor, url=url)
        run_jobs()
    run.refresh_from_db()
    assert run.status == "failed"
    assert run.error == f"{TOO_DEEP} Nothing was imported."
    assert "Unexpected error" not in run.error
    assert queued("jobs.import_claimreview") == []
    assert not Verdict.objects.exists()
