"""The matcher proposes families, a person decides: a claim entered that repeats one we
checked lands in the editorial queue as a suggestion; ``manage.py suggest_families``
proposes families among the claims on file (LIAR's repeated statements among them); no
suggestion ever links anything. Matched on the spot by the sentence model where claim
vectors are off (here, ``words_only``), by the stored vectors where they are on."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Q

from claims import services
from claims.matching import embedding
from claims.models import Claim, ClaimFamilyMember, RepeatSuggestion, Verdict
from claims.selectors.families import likely_repeats
from tests import factories

pytestmark = pytest.mark.django_db

LIAR = Path(__file__).resolve().parents[2] / "shared" / "data" / "liar"
ROMNEY = "Under Gov. Mitt Romney, Massachusetts ranked 47th in job creation."
REWORDED = (
    "When Mitt Romney was governor, Massachusetts ranked 47th out of 50 states in job creation."
)
FOURTH = "Under Gov. Mitt Romney, Massachusetts ranked 4th in job creation."
UNRELATED = "The unemployment rate in Ohio fell to five percent last year, the governor said."


@pytest.fixture(autouse=True)
def sentence_model() -> None:
    try:
        embedding.embed("A claim to load the model.")
    except embedding.EmbeddingUnavailable as error:
        pytest.skip(str(error))


def _checked(editor, text: str = ROMNEY) -> Verdict:
    claim = services.claim_create(user=editor, text=text)
    return factories.make_verdict(status="published", claim=claim)


def test_a_reworded_repeat_is_likely_the_same_claim_and_a_changed_figure_is_not(
    words_only, editor
):
    checked = _checked(editor)
    factories.make_claim(text=UNRELATED)
    found = likely_repeats(text=REWORDED)
    assert [hit.claim.pk for hit in found] == [checked.claim_id]
    assert found[0].score >= 0.94
    assert likely_repeats(text=FOURTH, exclude_pk=None) == []


def test_entering_a_repeat_of_a_checked_claim_suggests_it_and_links_nothing(
    words_only, editor, factchecker
):
    checked = _checked(editor)
    repeat = services.claim_create(user=factchecker, text=REWORDED)
    suggestion = RepeatSuggestion.objects.get()
    assert (suggestion.claim, suggestion.of_id) == (repeat, checked.claim_id)
    assert suggestion.found_by == "entry"
    assert suggestion.status == "open"
    assert not ClaimFamilyMember.objects.exists()
    # A changed figure is never suggested as the same claim.
    services.claim_create(user=factchecker, text=FOURTH)
    assert RepeatSuggestion.objects.count() == 1


def test_entering_a_repeat_of_an_unchecked_claim_suggests_nothing(words_only, editor):
    services.claim_create(user=editor, text=ROMNEY)
    services.claim_create(user=editor, text=REWORDED)
    assert not RepeatSuggestion.objects.exists()


def test_the_stored_vectors_find_the_repeat_where_they_are_on(claim_vectors, editor):
    checked = _checked(editor)
    repeat = services.claim_create(user=editor, text=REWORDED)
    assert RepeatSuggestion.objects.get().of_id == checked.claim_id
    assert [hit.claim.pk for hit in likely_repeats(text=REWORDED, exclude_pk=repeat.pk)] == [
        checked.claim_id
    ]


# The command --------------------------------------------------------------------------------


def _suggest(*args: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    call_command("suggest_families", "--as", "editor", *args, stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


def test_the_command_says_what_it_does(capsys):
    with pytest.raises(SystemExit):
        call_command("suggest_families", "--help")
    assert "never links claims" in " ".join(capsys.readouterr().out.split())


def test_the_command_proposes_families_and_links_nothing(words_only, editor, capsys):
    original = factories.make_claim(text=ROMNEY)
    reworded = factories.make_claim(text=REWORDED)
    factories.make_claim(text=FOURTH)
    factories.make_claim(text=UNRELATED)
    output = _suggest()
    assert "4 claims looked at: 1 new suggestion(s)" in output
    assert "Looking for repeats" in capsys.readouterr().err  # the progress bar
    suggestion = RepeatSuggestion.objects.get()
    assert {suggestion.claim_id, suggestion.of_id} == {original.pk, reworded.pk}
    assert suggestion.found_by == "suggest_families"
    assert not ClaimFamilyMember.objects.exists()
    assert "0 new suggestion(s)" in _suggest("--no-progress")


def test_the_command_can_keep_to_repeats_of_checked_claims(words_only, editor):
    factories.make_claim(text=ROMNEY)
    factories.make_claim(text=REWORDED)
    assert "0 new suggestion(s)" in _suggest("--checked-only", "--no-progress")


def test_the_command_needs_someone_to_act_as(words_only):
    with pytest.raises(CommandError, match="No active user named 'nobody'"):
        call_command("suggest_families", "--as", "nobody", stdout=io.StringIO())


def test_liars_repeated_statements_are_proposed_as_families(words_only, editor, tmp_path):
    """LIAR's "Massachusetts ranked 47th in job creation", said by four speakers, among
    unrelated statements (read from ../shared/data/liar/, never copied here)."""
    if not LIAR.is_dir():
        pytest.skip(f"{LIAR} is absent")
    repeats = {"6036", "3973", "6085", "6718", "6625"}
    lines = [
        line
        for path in sorted(LIAR.glob("*.tsv"))
        for line in path.read_text(encoding="utf-8").splitlines()
    ]
    chosen = [line for line in lines if line.split(".json", 1)[0] in repeats]
    chosen += [line for line in lines if "job" not in line][:40]
    sample = tmp_path / "sample.tsv"
    sample.write_text("\n".join(chosen) + "\n", encoding="utf-8")
    call_command("import_liar", str(sample), "--as", "editor", stdout=io.StringIO())
    assert Claim.objects.count() == 45
    assert "nothing was linked" in _suggest("--no-progress")
    ids = {
        v.claim_id: v.external_id
        for v in Verdict.objects.filter(external_id__in=repeats).only("claim_id", "external_id")
    }
    pairs = {
        frozenset((ids.get(s.claim_id), ids.get(s.of_id))) for s in RepeatSuggestion.objects.all()
    }
    among = {pair for pair in pairs if pair <= repeats}
    # Every one of the five is proposed with another of them, and nothing else is.
    assert {statement for pair in among for statement in pair} == repeats
    assert among == pairs
    assert not ClaimFamilyMember.objects.exists()


def test_the_command_matches_claims_by_their_stored_vectors_embedding_none(
    claim_vectors, editor, monkeypatch
):
    """After ``embed_claims``, each claim is matched by the vector stored for its text (many
    claims in one statement): nothing is embedded again. A claim without one is embedded
    on the spot."""
    original = factories.make_claim(text=ROMNEY)
    reworded = factories.make_claim(text=REWORDED)
    factories.make_claim(text=FOURTH)
    factories.make_claim(text=UNRELATED)
    call_command("embed_claims", "--no-progress", stdout=io.StringIO())

    def refuse(*args, **kwargs):
        raise AssertionError("a claim with a stored vector was embedded again")

    monkeypatch.setattr(embedding, "embed_many", refuse)
    monkeypatch.setattr(embedding, "embed", refuse)
    assert "4 claims looked at: 1 new suggestion(s)" in _suggest("--no-progress")
    suggestion = RepeatSuggestion.objects.get()
    assert {suggestion.claim_id, suggestion.of_id} == {original.pk, reworded.pk}
    assert not ClaimFamilyMember.objects.exists()

    monkeypatch.undo()
    unembedded = factories.make_claim(text=REWORDED.replace("When", "While"))
    _suggest("--no-progress")
    assert RepeatSuggestion.objects.filter(Q(claim=unembedded) | Q(of=unembedded)).exists()
