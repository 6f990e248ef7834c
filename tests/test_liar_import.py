"""The LIAR archive as staff-only reference records: mapped right, idempotent, all or
nothing, fast set-based loading, and never public."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from claims.models import Claim, Speaker, Topic, Verdict
from claims.selectors import similar_claims
from claims.services.search import reindex_claims
from tests import factories

pytestmark = pytest.mark.django_db
LIAR = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "liar"

# Made-up statements in LIAR's format (the real set is research-only, never copied here).
LINES = [
    "901.json\tbarely-true\tSays the county doubled its road budget in one year.\ttransportation,taxes\tjane-roe\tCounty executive\tOhio\trepublican\t1\t0\t0\t0\t0\ta town hall meeting",
    "902.json\tpants-fire\tClaims the moon landing footage was filmed in a desert studio.\thistory\tfacebook-posts\t\t\tnone\t0\t0\t0\t0\t1\ta Facebook post",
    "903.json\ttrue\tSays unemployment in the state fell below 4 percent last spring.\teconomy,jobs\tjane-roe\tCounty executive\tOhio\trepublican\t1\t0\t0\t0\t0\ta radio interview",
]


def _file(tmp_path, lines, name="sample.tsv"):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _import(*paths):
    call_command("import_liar", *map(str, paths), "--as", "editor", verbosity=0)


def test_liar_rows_become_politifact_reference_verdicts(tmp_path, editor):
    _import(_file(tmp_path, LINES))
    verdict = Verdict.objects.select_related("claim__speaker", "rating", "publisher").get(
        external_id="901"
    )
    assert verdict.status == "reference"
    assert verdict.publisher.name == "PolitiFact"
    assert verdict.rating.slug == "mostly-false"  # barely-true is the old name
    assert Verdict.objects.get(external_id="902").rating.slug == "pants-on-fire"
    claim = verdict.claim
    assert claim.text == "Says the county doubled its road budget in one year."
    assert claim.context == "a town hall meeting"
    assert sorted(claim.topics.values_list("slug", flat=True)) == ["taxes", "transportation"]
    speaker = claim.speaker
    assert (speaker.name, speaker.kind, speaker.title, speaker.affiliation) == (
        "Jane Roe",
        "person",
        "County executive",
        "Republican",
    )
    assert "Ohio" in speaker.description
    assert Speaker.objects.get(slug="facebook-posts").kind == "organisation"
    assert Claim.objects.filter(speaker=speaker).count() == 2


def test_the_search_document_is_written_as_the_reindex_would_write_it(tmp_path, editor):
    _import(_file(tmp_path, [*LINES, LINES[0].replace("jane-roe", "").replace("901", "905")]))
    assert Claim.objects.get(slug="politifact-905").speaker is None
    before = list(Claim.objects.order_by("pk").values_list("public_text", "published_at"))
    assert before[0][0] == "Jane Roe"
    reindex_claims(Claim.objects.values_list("pk", flat=True))
    after = list(Claim.objects.order_by("pk").values_list("public_text", "published_at"))
    assert after == before


def test_reimporting_changes_nothing(tmp_path, editor):
    path = _file(tmp_path, LINES)
    _import(path)
    before = list(Claim.objects.order_by("pk").values_list("pk", "version"))
    counts = (Verdict.objects.count(), Speaker.objects.count(), Topic.objects.count())
    _import(path)
    assert list(Claim.objects.order_by("pk").values_list("pk", "version")) == before
    assert (Verdict.objects.count(), Speaker.objects.count(), Topic.objects.count()) == counts


def test_an_existing_speaker_is_reused_by_slug(tmp_path, editor):
    trump = factories.make_speaker(name="Donald Trump", slug="donald-trump")
    line = "904.json\tfalse\tSays crime doubled everywhere.\tcrime\tdonald-trump\tPresident\tNew York\trepublican\t0\t1\t0\t0\t0\ta rally"
    _import(_file(tmp_path, [line]))
    assert Claim.objects.get(slug="politifact-904").speaker == trump


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("905.json\tfalse\tToo few columns", "Line 2: expected 14 tab-separated columns, found 3"),
        (
            "906.json\tmaybe\tA statement.\tx\ty\t\t\t\t0\t0\t0\t0\t0\tz",
            "Line 2, column 2 (label): unknown label 'maybe'",
        ),
        (
            "907.json\tfalse\t \tx\ty\t\t\t\t0\t0\t0\t0\t0\tz",
            "Line 2, column 3 (statement): empty",
        ),
        ("abc\tfalse\tA statement.\tx\ty\t\t\t\t0\t0\t0\t0\t0\tz", "Line 2, column 1 (id)"),
        (
            "908.json\tfalse\t" + "word " * 500 + "\tx\ty\t\t\t\t0\t0\t0\t0\t0\tz",
            "longer than 2,000 characters",
        ),
        ("909.json\tfalse\tNUL\x00here\tx\ty\t\t\t\t0\t0\t0\t0\t0\tz", "NUL character"),
    ],
)
def test_a_malformed_line_names_the_line_and_field_and_writes_nothing(
    tmp_path, editor, line, message
):
    path = _file(tmp_path, [LINES[0], line])
    with pytest.raises(CommandError, match=re.escape(message)):
        _import(path)
    assert not Claim.objects.exists()
    assert not Verdict.objects.exists()


def test_binary_and_empty_files(tmp_path, editor):
    binary = tmp_path / "binary.tsv"
    binary.write_bytes(b"\xff\xfe\x00\x01" * 20)
    with pytest.raises(CommandError, match=r"not UTF-8|NUL"):
        _import(binary)
    empty = tmp_path / "empty.tsv"
    empty.write_text("")
    _import(empty)
    assert not Claim.objects.exists()
    with pytest.raises(CommandError, match="no such file"):
        _import(tmp_path / "missing.tsv")


def test_only_staff_with_permission_import(tmp_path, db):
    factories.make_user(username="intern", is_staff=False)
    with pytest.raises(CommandError, match="permission"):
        call_command("import_liar", str(_file(tmp_path, LINES)), "--as", "intern", verbosity=0)
    with pytest.raises(CommandError, match="No active user"):
        call_command("import_liar", str(_file(tmp_path, LINES)), "--as", "nobody", verbosity=0)


def test_reference_records_are_never_public_but_help_staff(tmp_path, editor, client, login):
    _import(_file(tmp_path, LINES))
    claim = Claim.objects.get(slug="politifact-901")
    assert not Claim.objects.public().exists()
    for url, params in (
        (reverse("api:claim-list"), {"q": "road budget"}),
        (reverse("api:verdict-list"), {}),
        (reverse("factchecktools-search"), {"query": "road budget"}),
        (reverse("web:search"), {"q": "road budget"}),
        (reverse("web:feed-rss"), {}),
        (reverse("sitemap-section", args=["claims"]), {}),
    ):
        response = client.get(url, params)
        assert response.status_code == 200
        assert "politifact-901" not in response.content.decode()
        assert "doubled its road budget" not in response.content.decode()
    assert client.get(reverse("web:claim", args=[claim.slug])).status_code == 404
    assert client.get(reverse("api:speaker-detail", args=["jane-roe"])).status_code == 404
    # Staff find it while typing a new claim, and read it in the admin and staff API.
    similar = list(similar_claims(text="The county doubled its road budget"))
    assert claim in similar
    page = login(editor).get(
        reverse("admin:claims_verdict_changelist"), {"status__exact": "reference"}
    )
    assert "PolitiFact: barely true" in page.content.decode()


@pytest.mark.skipif(not LIAR.is_dir(), reason="../shared/data/liar/ is absent")
def test_a_few_lines_of_the_real_file(tmp_path, editor):
    lines = (LIAR / "valid.tsv").read_text(encoding="utf-8").splitlines()[:25]
    _import(_file(tmp_path, lines))
    assert Verdict.objects.filter(status="reference").count() == 25


# The whole set (12,836 statements) once, in the embedded pass: the set-based SQL it runs
# is tried on the server by the smaller imports above.
@pytest.mark.heavy
@pytest.mark.skipif(not LIAR.is_dir(), reason="../shared/data/liar/ is absent")
def test_the_whole_set(editor):
    _import(LIAR / "train.tsv", LIAR / "valid.tsv", LIAR / "test.tsv")
    assert Verdict.objects.filter(status="reference").count() == 12836
    assert not Verdict.objects.public().exists()


def test_a_statement_never_lands_on_a_claim_our_verdict_reviews(tmp_path, editor):
    # Someone here gave one of our claims the address a LIAR statement would take.
    ours = factories.make_verdict(
        claim=factories.make_claim(text="Our own wording.", slug="politifact-901"),
        status="published",
        slug="politifact-903",
    )
    shown = list(ours.revisions.values_list("document", flat=True))
    versions = (factories.version(ours.claim), factories.version(ours))
    path = _file(tmp_path, LINES)
    _import(path)
    ours.claim.refresh_from_db()
    assert (factories.version(ours.claim), factories.version(ours)) == versions
    assert ours.claim.text == "Our own wording."
    assert list(ours.claim.verdicts.all()) == [ours]
    assert list(ours.revisions.values_list("document", flat=True)) == shown
    statement = Verdict.objects.get(external_id="901")
    assert statement.claim.text == "Says the county doubled its road budget in one year."
    assert statement.claim.slug == "politifact-901-2"
    assert Verdict.objects.get(external_id="903").slug == "politifact-903-2"
    counts = (Claim.objects.count(), Verdict.objects.count())
    _import(path)
    assert (Claim.objects.count(), Verdict.objects.count()) == counts


def test_a_folder_stands_for_its_tsv_files(tmp_path, editor):
    """As the README names it: ``import_liar ../shared/data/liar/``."""
    folder = tmp_path / "liar"
    folder.mkdir()
    _file(folder, LINES[:2], name="train.tsv")
    _file(folder, LINES[2:], name="valid.tsv")
    (folder / "README").write_text("not a TSV file", encoding="utf-8")
    _import(folder)
    assert sorted(Verdict.objects.values_list("external_id", flat=True)) == ["901", "902", "903"]
    empty = tmp_path / "nothing"
    empty.mkdir()
    with pytest.raises(CommandError, match=r"no \.tsv files"):
        _import(empty)
