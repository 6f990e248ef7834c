"""quickstart sets up a working newsroom and is safe to run again."""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.test import override_settings

from claims import services
from claims.models import Claim, Verdict, VerdictRevision
from factcheck.models import SeedLoad
from sources.models import Article
from tests import factories

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {
        m._meta.label: m.objects.count()
        for m in apps.get_models()
        # Unmanaged: the claim vectors, whose tables exist only with pgvector.
        if m._meta.app_label in {"claims", "sources", "auth"} and m._meta.managed
    }


def _versions() -> list[int]:
    from claims.models import Claim, Verdict

    return list(Claim.objects.values_list("version", flat=True)) + list(
        Verdict.objects.values_list("version", flat=True)
    )


# The test runner turns DEBUG off; a development machine has it on.
@override_settings(DEBUG=True)
def test_quickstart_twice_leaves_identical_rows(capsys):
    call_command("quickstart", "--no-serve")
    first = capsys.readouterr().out
    counts, versions = _counts(), _versions()
    assert counts["sources.Article"] == 1
    assert counts["claims.Claim"] >= 8
    assert re.search(r"editor \(Editor\): password \S+", first)
    assert re.search(r"factchecker \(Fact-checker\): password \S+", first)

    call_command("quickstart", "--no-serve")
    second = capsys.readouterr().out
    assert _counts() == counts
    assert _versions() == versions  # nothing was re-saved either
    assert "password" not in second.replace("password unchanged", "")


@override_settings(DEBUG=True)
def test_demo_accounts_can_sign_in_with_their_roles(capsys, client):
    call_command("quickstart", "--no-serve")
    out = capsys.readouterr().out
    password = re.search(r"editor \(Editor\): password (\S+)", out).group(1)
    signed_in = client.post(
        "/admin/login/?next=/admin/", {"username": "editor", "password": password}
    )
    assert signed_in.status_code == 302, signed_in.content
    assert client.get("/admin/claims/claim/").status_code == 200
    editor = get_user_model().objects.get(username="editor")
    assert editor.has_perm("claims.review_verdict")
    assert (
        not get_user_model().objects.get(username="factchecker").has_perm("claims.review_verdict")
    )


@override_settings(DEBUG=False)
def test_no_demo_accounts_when_debug_is_off_unless_asked(capsys, tmp_path, settings):
    settings.STATIC_ROOT = tmp_path
    call_command("quickstart", "--no-serve")
    assert "skipped: DEBUG is off" in capsys.readouterr().out
    assert not get_user_model().objects.filter(username__in=["editor", "factchecker"]).exists()
    call_command("quickstart", "--no-serve", "--demo-accounts")
    assert get_user_model().objects.filter(username__in=["editor", "factchecker"]).count() == 2


def test_bad_port_is_refused_with_a_message():
    with pytest.raises(
        CommandError, match="argument --port: must be a whole number from 1 to 65535"
    ):
        call_command("quickstart", "--no-serve", "--port", "70000")


def _chief():
    user = factories.make_user(username="chief")
    user.groups.add(Group.objects.get(name="Editor-in-chief"))
    return user


@override_settings(DEBUG=True)
def test_rerunning_quickstart_never_puts_the_seed_back_over_the_newsrooms_work(capsys):
    call_command("quickstart", "--no-serve")
    # The seed's published verdicts are served from revisions, like any other.
    assert Verdict.objects.on_record().count() == 8
    assert not Verdict.objects.on_record().filter(revisions__isnull=True).exists()
    chief = _chief()
    services.verdict_takedown(verdict=Verdict.objects.get(pk=1), user=chief, note="Court order.")
    services.verdict_retract(verdict=Verdict.objects.get(pk=2), user=chief, note="Wrong.")
    corrected = Verdict.objects.get(pk=3)
    services.verdict_update(
        verdict=corrected,
        user=chief,
        expected_version=corrected.version,
        changes={"summary": "A corrected summary."},
        correction_note="The summary misstated the year.",
    )
    # What the old check looked for: the seed article's address, which staff may change.
    Article.objects.update(slug="renamed-by-a-fact-checker")
    rows = list(VerdictRevision.objects.order_by("pk").values_list("pk", "document"))
    capsys.readouterr()

    call_command("quickstart", "--no-serve")
    assert Verdict.objects.get(pk=1).status == "withdrawn"
    assert Verdict.objects.get(pk=2).status == "retracted"
    assert Verdict.objects.get(pk=3).summary == "A corrected summary."
    assert list(VerdictRevision.objects.order_by("pk").values_list("pk", "document")) == rows
    assert Article.objects.get().slug == "renamed-by-a-fact-checker"
    assert "seed.json: already loaded on" in capsys.readouterr().out


@override_settings(DEBUG=True)
def test_the_seed_is_never_loaded_into_a_database_that_holds_data(capsys):
    claim = factories.make_claim(text="The newsroom's own claim.")
    call_command("quickstart", "--no-serve")
    out = capsys.readouterr().out
    assert "seed.json: not loaded: the database already holds claims, speakers" in out
    assert list(Claim.objects.values_list("pk", "text")) == [(claim.pk, claim.text)]
    assert not SeedLoad.objects.get(fixture="seed.json").loaded
    # Not later either, once those tables are empty: this database had data of its own.
    Claim.objects.all().delete()
    call_command("quickstart", "--no-serve")
    assert "seed.json: not loaded: the database already held data" in capsys.readouterr().out
    assert not Claim.objects.exists()
