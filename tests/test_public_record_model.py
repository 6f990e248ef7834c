"""The public record, tried as a hostile newsroom would: random sequences of every write
the product offers (services, admin forms and actions, staff API, imports, merges,
commands), as random roles. After each step, what the public reads of every verdict
must have changed only through a publishing, correction, update, retraction or takedown
step, with enough approvals from editors who changed none of it, and must equal the
latest revision.

The oracle is this test's own: who changed what a verdict would publish is read off the
document before and after each step, not from the services' audit of contributors.
"""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from claims import services
from claims.models import (
    Claim,
    PublishedVerdict,
    RatingTranslation,
    Speaker,
    Verdict,
    VerdictRevision,
)
from claims.selectors.newsroom import content_hash, proposal
from claims.services.claimreview import claimreview_import
from factcheck.claimreview.parse import parse
from sources import services as source_services
from sources.models import Source
from tests import factories

pytestmark = [pytest.mark.heavy, pytest.mark.django_db(transaction=False)]

ROLES = {
    "fc1": "Fact-checker",
    "fc2": "Fact-checker",
    "ed1": "Editor",
    "ed2": "Editor",
    "ed3": "Editor",
    "chief": "Editor-in-chief",
}
# Steps that may publish a revision of ours, and those that may change another
# publisher's review (an import); nothing else may change what readers see.
PUBLISHING = {"publish", "retract", "takedown", "admin_publish", "api_publish"}
IMPORTING = {"import_review"}
REFUSALS = (PermissionDenied, ValidationError)

users = st.sampled_from(sorted(ROLES))
texts = st.sampled_from(["Reworded.", "Quietly softened.", "Numbers changed: 47th.", "X"])


def _public() -> dict[int, tuple[int, str]]:
    """What readers are served of each verdict: its index row's revision and document (a
    translation, never in the index: its latest revision, served beside its original)."""
    served = {
        row.verdict_id: (row.revision_id, json.dumps(row.document, sort_keys=True))
        for row in PublishedVerdict.objects.all()
    }
    for pk, revision in _latest().items():
        if pk in _translation_ids():
            served[pk] = (revision.pk, json.dumps(revision.document, sort_keys=True))
    return served


def _translation_ids() -> set[int]:
    return set(Verdict.objects.filter(translation_of__isnull=False).values_list("pk", flat=True))


def _latest() -> dict[int, VerdictRevision]:
    latest: dict[int, VerdictRevision] = {}
    for revision in VerdictRevision.objects.order_by("verdict_id", "number"):
        latest[revision.verdict_id] = revision
    return latest


class PublicRecord(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        self.users = {}
        for name, role in ROLES.items():
            user = factories.make_user(username=f"m-{name}", first_name=name.title())
            user.groups.add(Group.objects.get(name=role))
            self.users[name] = user
        self.speakers = [factories.make_speaker() for _ in range(2)]
        self.sources = [factories.make_source() for _ in range(2)]
        self.claims = [factories.make_claim(speaker=s) for s in self.speakers]
        self.writers: dict[int, set[int]] = {}
        self.step = ""

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)

    # The oracle -------------------------------------------------------------------

    def _contents(self) -> dict[int, str]:
        return {v.pk: content_hash(proposal(v)["content"]) for v in Verdict.objects.all()}

    def _run(self, name: str, user: str, action: Any) -> None:
        """Run ``action`` as one step; record who changed what each verdict would publish,
        and check that the public changed only as the step's kind allows."""
        self.step = name
        before_public, before = _public(), self._contents()
        try:
            with transaction.atomic():
                action(self.users[user])
        except REFUSALS:
            pass
        after = self._contents()
        actor = self.users[user].pk
        for pk, digest in after.items():
            if before.get(pk) != digest:
                self.writers.setdefault(pk, set()).add(actor)
        after_public = _public()
        latest = _latest()
        for pk in set(before_public) | set(after_public):
            if before_public.get(pk) == after_public.get(pk):
                continue
            verdict = Verdict.objects.get(pk=pk)
            if verdict.publisher_id is not None:
                assert name in IMPORTING | PUBLISHING, f"{name} changed another's review {pk}"
                continue
            assert name in PUBLISHING, f"{name} changed what readers see of verdict {pk}"
            revision = latest[pk]
            if revision.kind not in ("retraction", "takedown"):
                approvers = set(revision.approved_by)
                assert len(approvers) >= settings.FACTCHECK_REVIEWERS_REQUIRED
                assert not approvers & self.writers.get(pk, set()), (
                    f"verdict {pk} published with an approval from someone who changed it"
                )
                self.writers[pk] = set()

    @invariant()
    def public_equals_latest_revision(self) -> None:
        latest = _latest()
        for row in PublishedVerdict.objects.all():
            assert row.revision_id == latest[row.verdict_id].pk
            assert latest[row.verdict_id].kind != "takedown"
        translations = _translation_ids()
        for pk, revision in latest.items():
            if revision.kind != "takedown" and pk not in translations:
                assert PublishedVerdict.objects.filter(verdict_id=pk).exists()

    # Helpers ----------------------------------------------------------------------

    def _verdict(self, index: int) -> Verdict | None:
        rows = list(Verdict.objects.order_by("pk"))
        return rows[index % len(rows)] if rows else None

    def _pick(self, rows: list[Any], index: int) -> Any:
        return rows[index % len(rows)]

    # Rules: services --------------------------------------------------------------

    @rule(user=users, claim=st.integers(0, 5), imported=st.booleans())
    def create_verdict(self, user: str, claim: int, imported: bool) -> None:
        fields: dict[str, Any] = {}
        if imported:
            fields = {
                "publisher": factories.make_outlet(kind="fact_checker"),
                "external_url": "https://other.example.org/review",
            }

        def act(u: Any) -> None:
            services.verdict_create(
                user=u,
                claim=self._pick(self.claims, claim),
                headline="A verdict",
                summary="Summary.",
                rating=factories.rating("false"),
                sources=[services.SourceLine(source=self.sources[0])],
                **fields,
            )

        self._run("create_verdict", user, act)

    @rule(user=users, index=st.integers(0, 9), text=texts, note=st.booleans())
    def edit_verdict(self, user: str, index: int, text: str, note: bool) -> None:
        verdict = self._verdict(index)
        if verdict is None:
            return
        self._run(
            "edit_verdict",
            user,
            lambda u: services.verdict_update(
                verdict=verdict,
                user=u,
                expected_version=factories.version(verdict),
                changes={"summary": text},
                correction_note="Corrected." if note else "",
            ),
        )

    @rule(user=users, index=st.integers(0, 9), language=st.sampled_from(["ar", "es", "en"]))
    def translate_verdict(self, user: str, index: int, language: str) -> None:
        """A translation starts as a draft of its own: it changes nothing readers see until
        it is reviewed and published like any verdict (the rules above then try it)."""
        if (verdict := self._verdict(index)) is not None:
            self._run(
                "translate_verdict",
                user,
                lambda u: services.verdict_translation_start(
                    original=verdict, language=language, user=u
                ),
            )

    @rule(user=users, index=st.integers(0, 9))
    def follow_original(self, user: str, index: int) -> None:
        if (verdict := self._verdict(index)) is not None:
            self._run(
                "follow_original",
                user,
                lambda u: services.verdict_translation_follow(
                    translation=verdict, user=u, expected_version=factories.version(verdict)
                ),
            )

    @rule(user=users, index=st.integers(0, 9))
    def submit(self, user: str, index: int) -> None:
        if (verdict := self._verdict(index)) is not None:
            self._run("submit", user, lambda u: services.verdict_submit(verdict=verdict, user=u))

    @rule(user=users, index=st.integers(0, 9))
    def approve(self, user: str, index: int) -> None:
        if (verdict := self._verdict(index)) is not None:
            self._run(
                "approve",
                user,
                lambda u: services.verdict_approve(
                    verdict=verdict, user=u, expected_version=factories.version(verdict)
                ),
            )

    @rule(user=users, index=st.integers(0, 9))
    def publish(self, user: str, index: int) -> None:
        if (verdict := self._verdict(index)) is not None:
            self._run(
                "publish",
                user,
                lambda u: services.verdict_publish(
                    verdict=verdict, user=u, expected_version=factories.version(verdict)
                ),
            )

    @rule(index=st.integers(0, 9), pick=st.integers(0, 5))
    def publish_as_a_writer(self, index: int, pick: int) -> None:
        """The hostile insider's move: someone who changed what a verdict would publish
        tries to publish it."""
        verdict = self._verdict(index)
        writers = sorted(self.writers.get(verdict.pk, set())) if verdict else []
        names = [n for n, u in self.users.items() if u.pk in writers]
        if verdict is None or not names:
            return
        self._run(
            "publish",
            names[pick % len(names)],
            lambda u: services.verdict_publish(
                verdict=verdict, user=u, expected_version=factories.version(verdict)
            ),
        )

    @rule(user=users, index=st.integers(0, 9))
    def return_(self, user: str, index: int) -> None:
        if (verdict := self._verdict(index)) is not None:
            self._run(
                "return",
                user,
                lambda u: services.verdict_return(verdict=verdict, user=u, comment="Redo."),
            )

    @rule(user=users, index=st.integers(0, 9), kind=st.sampled_from(["correction", "update"]))
    def correct(self, user: str, index: int, kind: str) -> None:
        if (verdict := self._verdict(index)) is not None:
            self._run(
                "correct",
                user,
                lambda u: services.verdict_correct(
                    verdict=verdict,
                    user=u,
                    expected_version=factories.version(verdict),
                    note="A public note.",
                    kind=kind,
                    changes={"rating": factories.rating("half-true")},
                ),
            )

    @rule(user=users, index=st.integers(0, 9))
    def retract(self, user: str, index: int) -> None:
        if (verdict := self._verdict(index)) is not None:
            self._run(
                "retract",
                user,
                lambda u: services.verdict_retract(verdict=verdict, user=u, note="Wrong."),
            )

    @rule(user=users, index=st.integers(0, 9))
    def takedown(self, user: str, index: int) -> None:
        if (verdict := self._verdict(index)) is not None:
            self._run(
                "takedown",
                user,
                lambda u: services.verdict_takedown(verdict=verdict, user=u, note="Court order."),
            )

    @rule(user=users, index=st.integers(0, 5), text=texts, note=st.booleans())
    def edit_claim(self, user: str, index: int, text: str, note: bool) -> None:
        claim = self._pick(self.claims, index)
        self._run(
            "edit_claim",
            user,
            lambda u: services.claim_update(
                claim=claim,
                user=u,
                expected_version=factories.version(claim),
                changes={"text": f"{text} {claim.pk}"},
                correction_note="Reworded." if note else "",
            ),
        )

    @rule(user=users, index=st.integers(0, 5))
    def edit_claim_topics(self, user: str, index: int) -> None:
        claim = self._pick(self.claims, index)

        def act(u: Any) -> None:
            topic = services.topic_create(user=u, name=f"Topic {claim.pk} {u.pk}")
            services.claim_update(
                claim=claim,
                user=u,
                expected_version=factories.version(claim),
                changes={"topics": [topic]},
            )

        self._run("edit_claim_topics", user, act)

    @rule(user=users, index=st.integers(0, 5), text=texts)
    def edit_speaker(self, user: str, index: int, text: str) -> None:
        speaker = Speaker.objects.get(pk=self._pick(self.speakers, index).pk)
        self._run(
            "edit_speaker",
            user,
            lambda u: services.speaker_update(
                speaker=speaker,
                user=u,
                expected_version=speaker.version,
                changes={"name": f"Renamed {text}", "title": text},
            ),
        )

    @rule(user=users)
    def merge_speakers(self, user: str) -> None:
        duplicate, into = self.speakers

        def act(u: Any) -> None:
            services.speaker_merge(
                duplicate=Speaker.objects.get(pk=duplicate.pk),
                into=Speaker.objects.get(pk=into.pk),
                user=u,
            )

        self._run("merge_speakers", user, act)

    @rule(user=users, index=st.integers(0, 5), note=st.booleans())
    def edit_source(self, user: str, index: int, note: bool) -> None:
        source = Source.objects.get(pk=self._pick(self.sources, index).pk)
        self._run(
            "edit_source",
            user,
            lambda u: services.source_update(
                source=source,
                user=u,
                expected_version=source.version,
                changes={"title": f"Retitled {u.pk}", "url": f"https://moved.example.com/{u.pk}"},
                correction_note="Moved." if note else "",
            ),
        )

    @rule(
        user=users,
        slug=st.sampled_from(["false", "half-true"]),
        text=texts,
        remove=st.booleans(),
    )
    def translate_rating(self, user: str, slug: str, text: str, remove: bool) -> None:
        """A rating's label in another language changes what the next revision of every
        verdict so rated would publish (and makes its editor one of their contributors),
        never what readers are served until one is published."""

        def act(u: Any) -> None:
            rating = factories.rating(slug)
            row = RatingTranslation.objects.filter(rating=rating, language="ar").first()
            if row is None:
                services.rating_translation_create(
                    user=u, rating=rating, language="ar", label=f"{text} {u.pk}"
                )
            elif remove:
                services.rating_translation_delete(
                    translation=row, user=u, expected_version=row.version
                )
            else:
                services.rating_translation_update(
                    translation=row,
                    user=u,
                    expected_version=row.version,
                    changes={"label": f"{text} {u.pk}"},
                )

        self._run("translate_rating", user, act)

    @rule(user=users, name=texts)
    def change_byline(self, user: str, name: str) -> None:
        self._run(
            "change_byline",
            user,
            lambda u: services.byline_update(user=u, first_name=name, last_name="Q"),
        )

    # Rules: imports, admin, staff API, commands -----------------------------------

    @rule(user=users, index=st.integers(0, 9), text=texts)
    def import_review(self, user: str, index: int, text: str) -> None:
        """A ClaimReview aimed at an existing verdict's URL, rewording its claim."""
        verdict = self._verdict(index)
        url = (verdict.external_url if verdict else "") or "https://other.example.org/review"
        review = {
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "url": url,
            "claimReviewed": f"Imported: {text}",
            "datePublished": "2025-01-02",
            "author": {
                "@type": "Organization",
                "name": "Other Check",
                "url": "https://other.example.org/",
            },
            "reviewRating": {"@type": "Rating", "alternateName": "False"},
            "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "Someone"}},
        }
        self._run(
            "import_review",
            user,
            lambda u: claimreview_import(records=parse(json.dumps(review)), user=u),
        )

    @rule(user=users, index=st.integers(0, 9), text=texts)
    def admin_edit_verdict(self, user: str, index: int, text: str) -> None:
        verdict = self._verdict(index)
        if verdict is None:
            return

        def act(u: Any) -> None:
            from tests.test_admin_workflow import _form_data

            client = Client()
            client.force_login(u)
            client.post(
                reverse("admin:claims_verdict_change", args=[verdict.pk]),
                _form_data(Verdict.objects.get(pk=verdict.pk), headline=text),
            )

        self._run("admin_edit_verdict", user, act)

    @rule(user=users, index=st.integers(0, 9))
    def admin_publish(self, user: str, index: int) -> None:
        verdict = self._verdict(index)
        if verdict is None:
            return

        def act(u: Any) -> None:
            client = Client()
            client.force_login(u)
            client.post(
                reverse("admin:claims_verdict_workflow", args=[verdict.pk, "publish"]),
                factories.workflow_form(verdict),
            )

        self._run("admin_publish", user, act)

    @rule(user=users, index=st.integers(0, 5), other=st.integers(0, 5))
    def link_repeat(self, user: str, index: int, other: int) -> None:
        """Claim families: a link, undone or not, changes what a verdict would publish (its
        appearances), never what readers see until an update is published."""
        claim, of = self._pick(self.claims, index), self._pick(self.claims, other)
        self._run(
            "link_repeat",
            user,
            lambda u: services.claim_link_as_repeat(claim=claim, of=of, user=u),
        )

    @rule(user=users, index=st.integers(0, 5))
    def unlink_repeat(self, user: str, index: int) -> None:
        claim = self._pick(self.claims, index)
        self._run("unlink_repeat", user, lambda u: services.claim_unlink(claim=claim, user=u))

    @rule(user=users, index=st.integers(0, 5), text=texts)
    def add_appearance(self, user: str, index: int, text: str) -> None:
        claim = self._pick(self.claims, index)
        self._run(
            "add_appearance",
            user,
            lambda u: services.appearance_create(
                user=u,
                claim=claim,
                speaker=self.speakers[index % 2],
                url=f"https://video.example.com/{index}/{len(text)}",
            ),
        )

    @rule(user=users)
    def rebuild_index(self, user: str) -> None:
        """Shell-level commands, whoever runs them: rewriting the index from the revisions,
        and computing the claims' vectors (the working copy's and the index's), must leave
        every public document as it was."""

        def act(u: Any) -> None:
            call_command("rebuild_public_index", "--no-progress", stdout=io.StringIO())
            call_command("embed_claims", "--no-progress", stdout=io.StringIO())

        self._run("rebuild_index", user, act)

    @rule(user=users, index=st.integers(0, 5), text=texts)
    def api_patch_claim(self, user: str, index: int, text: str) -> None:
        claim = self._pick(self.claims, index)

        def act(u: Any) -> None:
            from rest_framework.test import APIClient

            client = APIClient()
            client.force_authenticate(u)
            client.patch(
                reverse("api:staff-claim", args=[claim.pk]),
                {"text": f"API {text}"},
                format="json",
                HTTP_IF_MATCH=f'"{factories.version(Claim.objects.get(pk=claim.pk))}"',
            )

        self._run("api_patch_claim", user, act)

    @rule(user=users, index=st.integers(0, 9))
    def api_publish(self, user: str, index: int) -> None:
        verdict = self._verdict(index)
        if verdict is None:
            return

        def act(u: Any) -> None:
            from rest_framework.test import APIClient

            client = APIClient()
            client.force_authenticate(u)
            tag = client.get(reverse("api:staff-verdict", args=[verdict.pk]))["ETag"]
            client.post(
                reverse("api:staff-verdict-step", args=[verdict.pk, "publish"]),
                {},
                format="json",
                HTTP_IF_MATCH=tag,
            )

        self._run("api_publish", user, act)


# Every write the product offers, and the rule above that tries it. A new service,
# command, staff route or admin action fails test_every_write_path_has_a_rule until it
# gets one (or is named here with the rule that covers it).
COVERED = {
    # services
    "verdict_create": "create_verdict",
    "verdict_update": "edit_verdict",
    "verdict_submit": "submit",
    "verdict_approve": "approve",
    "verdict_publish": "publish_as_a_writer",
    "verdict_return": "return_",
    "verdict_correct": "correct",
    "verdict_retract": "retract",
    "verdict_takedown": "takedown",
    "verdict_delete": "create_verdict",  # deleting drafts: nothing public to change
    "verdict_translation_start": "translate_verdict",
    "verdict_translation_follow": "follow_original",
    "claim_create": "create_verdict",  # a new claim has no verdict yet
    "claim_update": "edit_claim",
    "claim_assign": "edit_claim",  # not part of any document
    "claim_from_suggestion": "create_verdict",
    "speaker_create": "edit_speaker",
    "speaker_update": "edit_speaker",
    "speaker_merge": "merge_speakers",
    "topic_create": "edit_claim_topics",
    "topic_update": "edit_claim_topics",
    "source_update": "edit_source",
    "rating_create": "correct",  # the scale as it is today (/ratings/) stays live
    "rating_update": "correct",
    # Published revisions keep the translations they were published with.
    "rating_translation_create": "translate_rating",
    "rating_translation_update": "translate_rating",
    "rating_translation_delete": "translate_rating",
    "ratingscale_create": "correct",
    "ratingscale_update": "correct",
    "about_section_create": "edit_claim",  # /about/ stays live by design
    "about_section_update": "edit_claim",
    "byline_update": "change_byline",
    "suggestion_submit": "create_verdict",
    "suggestion_accept": "create_verdict",
    "suggestion_dismiss": "create_verdict",
    # Email alerts (factcheck.alerts): personal data and mail, nothing the public reads.
    "suggestion_contact_forget": "create_verdict",
    "reader_suggestion_submit": "create_verdict",
    "subscription_request": "create_verdict",
    "subscription_add": "create_verdict",
    "subscription_resend": "create_verdict",
    "subscription_confirm": "create_verdict",
    "subscription_cancel": "create_verdict",
    "subscriber_forget": "create_verdict",
    "forget_subscriber": "create_verdict",
    "forget_addresses": "create_verdict",
    "resend_confirmation": "create_verdict",
    "forget_readers": "create_verdict",
    "claim_link_as_repeat": "link_repeat",
    "claim_unlink": "unlink_repeat",
    "appearance_create": "add_appearance",
    "appearance_update": "add_appearance",  # the same document part, by the same path
    "appearance_delete": "add_appearance",
    "repeat_suggestions_record": "create_verdict",  # a suggestion is never a link
    "repeat_suggestions_look": "create_verdict",
    "repeat_suggestion_dismiss": "create_verdict",
    "outlet_create": "import_review",
    "outlet_update": "import_review",
    "article_create": "create_verdict",
    "article_update": "edit_claim",
    "source_create": "edit_source",
    "article_import": "create_verdict",
    "claimreview_import": "import_review",
    "liar_import": "import_review",
    # factcheck.federation: a peer's review, or a subscribed feed's, imported as theirs
    # through claimreview_import (public, or a staff-only reference).
    "peer_review_import": "import_review",
    "feed_fetch": "import_review",
    # management commands
    "import_claimreview": "import_review",
    "import_liar": "import_review",
    "import_article": "create_verdict",
    "quickstart": "create_verdict",  # loads the seed only into a database that never had it
    "generate_demo_data": "create_verdict",
    "export_claimreview": "publish",  # reads only
    "backup": "publish",  # reads only
    "restore": "publish",  # replaces the whole database, revisions included
    "migrate": "publish",
    "two_factor": "create_verdict",
    "rebuild_public_index": "rebuild_index",
    "create_staff": "create_verdict",  # an account: nothing public until it writes
    "suggest_families": "create_verdict",  # suggestions only, never links
    "embed_claims": "rebuild_index",  # derived data, run beside the index rebuild
    # Long commands as jobs from the admin (factcheck.jobs): the same services as the
    # commands; the worker command runs them and the webhook deliveries (reads only).
    "job_run_embed_claims": "rebuild_index",
    "job_run_import_claimreview": "import_review",
    "procrastinate": "import_review",
    "similar_claims": "publish",  # reads only
    "translations": "publish",  # the catalogues in factcheck/locale/ only: no database
    # staff API write routes
    "staff-claims": "api_patch_claim",
    "staff-claim": "api_patch_claim",
    "staff-speakers": "edit_speaker",
    "staff-speaker": "edit_speaker",
    "staff-articles": "create_verdict",
    "staff-article": "edit_claim",
    "staff-sources": "edit_source",
    "staff-source": "edit_source",
    "staff-verdicts": "create_verdict",
    "staff-verdict": "edit_verdict",
    "staff-verdict-step": "api_publish",
    "staff-similar": "publish",  # reads only
    # admin actions
    "submit_selected": "submit",
    "merge_speakers": "merge_speakers",
    "assign_to_me": "edit_claim",
    "export_csv": "publish",  # reads only
    "accept": "create_verdict",
    "dismiss": "create_verdict",
    "link_suggested_repeats": "link_repeat",
    "dismiss_suggested_repeats": "create_verdict",
    "fetch_now": "import_review",  # queues feed_fetch for the subscriptions chosen
    "start_over": "import_review",  # the next feed_fetch takes the whole feed
}


def test_random_writes_by_any_role_change_the_public_record_only_through_review(db) -> None:
    run_state_machine_as_test(
        PublicRecord,
        settings=hsettings(
            max_examples=8,
            stateful_step_count=40,
            deadline=None,
            derandomize=True,
            # No shrinking: a failure prints its steps, and the run stays bounded.
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        ),
    )


def test_every_write_path_has_a_rule() -> None:
    import importlib
    import pkgutil

    from django.contrib import admin
    from django.urls import get_resolver

    import factcheck.management.commands as commands
    from claims import services as claim_services

    names = set(claim_services.__all__) - {"SourceLine", "TransitionError"}
    names |= {n for n in dir(source_services) if n.endswith(("_create", "_update", "_import"))}
    names |= {"claimreview_import", "liar_import"}
    names |= {m.name for m in pkgutil.iter_modules(commands.__path__)}

    def route_names(patterns: list[Any]) -> set[str]:
        found = set()
        for pattern in patterns:
            found |= route_names(getattr(pattern, "url_patterns", []))
            found.add(getattr(pattern, "name", None) or "")
        return found

    routes = {n for n in route_names(get_resolver().url_patterns) if n.startswith("staff-")}
    names |= routes
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in {"claims", "sources", "factcheck"}:
            continue  # sign-in attempts, tokens, devices: nothing the public reads
        for action in model_admin.actions or []:
            names.add(action if isinstance(action, str) else action.__name__)
    rules = {name for name in dir(PublicRecord) if not name.startswith("_")}
    missing = sorted(n for n in names if n not in COVERED)
    assert not missing, f"no rule of the public-record model tries: {missing}"
    assert all(COVERED[n] in rules for n in names), "COVERED names a rule that does not exist"
    assert routes, "the staff API routes were not found"
    importlib.import_module("claims.services.liar")
