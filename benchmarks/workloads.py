"""What the benchmark requests, and the records it requests them for, picked from the
archive through the public gates (so every public URL names something public)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from django.contrib import admin
from django.urls import reverse

# Words of generate_demo_data's vocabulary: a subject in about one claim in twenty, and a
# number that only a handful of claims contain ("... to 31337.").
COMMON_WORD = "unemployment"
RARE_WORD = "31337"
# The same subject in the other languages of an archive built with --languages: a search
# in each, parsed in that language's configuration (docs/languages.md).
COMMON_WORDS = {"ar": "البطالة", "es": "desempleo", "fr": "chômage"}


@dataclass(frozen=True)
class Workload:
    name: str
    path: str
    group: str  # api, page, admin or baseline
    note: str = ""

    @property
    def staff(self) -> bool:
        return self.group == "admin"

    @property
    def public(self) -> bool:
        """Answered from the public response cache when it is on."""
        return self.group in {"api", "page"}


@dataclass(frozen=True)
class Targets:
    claim: str
    claim_pk: int
    speaker: str
    rating_slug: str
    rating_id: int
    topic: str
    assignee: int
    similar_text: str
    audit_path: str
    outlet: str = ""
    verdict: str = ""
    article: str = ""
    # Where each searching surface's deep page starts: well past the common word's ranked
    # window, listed newest first (a signed position of the surface's own).
    deep_api: str = ""
    deep_google: str = ""
    deep_page: str = ""
    # The primary subtags of the archive's claims other than English (generate_demo_data
    # --languages): each gets its own searches.
    languages: tuple[str, ...] = ()


def pick_targets() -> Targets:
    from claims.admin.audit import AuditHistoryAdmin
    from claims.models import Claim, PublishedClaim, PublishedVerdict, Rating, Speaker, Topic
    from claims.permissions import fact_checkers
    from sources.models import Article, Outlet

    # Picked from the public index, which every public page and API answer reads: the
    # newest public claim, as the home page and the API list show it first.
    published = PublishedClaim.objects.order_by("-published_at", "-claim_id").first()
    if published is None:
        raise SystemExit("The archive has no public claim: was generate_demo_data run?")
    claim = Claim.objects.get(pk=published.pk)
    # The speaker with the most public claims: the longest record to compute.
    speaker = Speaker.objects.filter(pk=_busiest("speaker_id")).get()
    outlet = Outlet.objects.filter(pk=_busiest("unnest(outlets)")).get()
    verdict = PublishedVerdict.objects.filter(claim_id=published.pk).order_by("pk").first()
    article = Article.objects.filter(pk=_busiest("article_id")).get()
    rating = Rating.objects.get(slug="false", scale__is_default=True)
    topic = Topic.objects.order_by("name").first()
    assignee = fact_checkers().order_by("pk").first()
    audit = next(m for m, a in admin.site._registry.items() if isinstance(a, AuditHistoryAdmin))
    return Targets(
        claim=claim.slug,
        claim_pk=claim.pk,
        speaker=speaker.slug,
        rating_slug=rating.slug,
        rating_id=rating.pk,
        topic=topic.slug if topic else "",
        assignee=assignee.pk if assignee else 0,
        similar_text=claim.text,
        audit_path=reverse(f"admin:{audit._meta.app_label}_{audit._meta.model_name}_changelist"),
        outlet=outlet.slug,
        verdict=verdict.slug if verdict else "",
        article=article.slug,
        languages=_other_languages(),
        **_deep_search(),
    )


def _other_languages() -> tuple[str, ...]:
    """The archive's languages with a common word of their own (not English)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT lower(split_part(language, '-', 1)) FROM claims_publishedclaim"
        )
        found = {row[0] for row in cursor.fetchall()}
    return tuple(sorted(found & set(COMMON_WORDS)))


def _deep_search() -> dict[str, str]:
    """Positions of a deep page of the common word's search: ten windows in, or the
    first page past the window in a smaller archive (an empty one if none follows)."""
    from claims.selectors import public as queries
    from factcheck.api import factchecktools
    from factcheck.api import views as api_views
    from factcheck.web import views as web_views

    window = queries.window_size()
    matches = queries.matching(queries.published_claims(), COMMON_WORD).order_by(
        "-published_at", "-claim_id"
    )
    keys = list(matches.values_list("published_at", "claim_id")[window - 1 : window * 10])
    if not keys:
        keys = list(matches.reverse().values_list("published_at", "claim_id")[:1])
    if not keys:
        return {}
    position = queries.Position(seen=keys[len(keys) // 2])
    return {
        "deep_api": queries.position_token(position, api_views.SEARCH_SALT),
        "deep_google": queries.position_token(position, factchecktools._SALT),
        "deep_page": queries.position_token(position, web_views.SEARCH_SALT),
    }


def _busiest(column: str) -> int:
    """The speaker, outlet or article (``column`` of the public index, which the speaker's record
    and the outlet's page read) with the most public claims."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT busiest FROM (SELECT {column} AS busiest FROM claims_publishedclaim) AS c"
            " WHERE busiest IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1"
        )
        row: Any = cursor.fetchone()
    return int(row[0])


def workloads(t: Targets) -> list[Workload]:
    api = "/api/v1"
    common, rare = COMMON_WORD, RARE_WORD
    return [
        # The API and its baselines: the same page of 50 claims.
        Workload("api_list", f"{api}/claims/?page_size=50", "api"),
        Workload("api_list_10", f"{api}/claims/?page_size=10", "api"),
        Workload("api_list_100", f"{api}/claims/?page_size=100", "api"),
        Workload("raw_sql_list", "/bench/raw/claims/", "baseline", "raw SQL, the same JSON"),
        Workload("bare_json", "/bench/bare/", "baseline", "bare Django JsonResponse"),
        Workload(
            "drf_list", "/bench/drf/claims/", "baseline", "plain DRF, nested ModelSerializers"
        ),
        Workload(
            "drf_stored_list",
            "/bench/drf-stored/claims/",
            "baseline",
            "DRF over the stored documents",
        ),
        Workload("api_filtered", f"{api}/claims/?rating={t.rating_slug}&page_size=50", "api"),
        Workload("api_search_common", f"{api}/claims/?q={common}&page_size=50", "api"),
        Workload("api_search_rare", f"{api}/claims/?q={rare}&page_size=50", "api"),
        Workload(
            "api_search_deep",
            f"{api}/claims/?q={common}&page_size=50&cursor={quote(t.deep_api)}",
            "api",
            "a page past the ranked window",
        ),
        Workload("api_claim", f"{api}/claims/{t.claim}/", "api"),
        Workload("api_speaker", f"{api}/speakers/{t.speaker}/", "api", "busiest speaker"),
        Workload("verdict_page", f"/claims/{t.claim}/", "page"),
        Workload("home_page", "/", "page"),
        Workload("speaker_page", f"/speakers/{t.speaker}/", "page", "busiest speaker"),
        Workload("outlet_page", f"/outlets/{t.outlet}/", "page", "busiest outlet"),
        Workload("sitemap_index", "/sitemap.xml", "page"),
        Workload("sitemap_claims", "/sitemap-claims.xml?p=1", "page", "first page of claims"),
        Workload("topic_page", f"/topics/{t.topic}/", "page"),
        Workload("article_page", f"/articles/{t.article}/", "page", "busiest article"),
        Workload("search_page", f"/search/?q={common}", "page"),
        Workload(
            "search_page_deep",
            f"/search/?q={common}&cursor={quote(t.deep_page)}",
            "page",
            "a page past the ranked window",
        ),
        Workload("corrections_page", "/corrections/", "page"),
        Workload("feed_rss", "/feeds/verdicts.rss", "page"),
        Workload("feed_speaker", f"/feeds/speakers/{t.speaker}.rss", "page", "busiest speaker"),
        Workload("api_verdicts", f"{api}/verdicts/?page_size=50", "api"),
        Workload("api_verdict_jsonld", f"{api}/verdicts/{t.verdict}.jsonld", "api"),
        Workload("api_speakers", f"{api}/speakers/", "api"),
        Workload("api_outlet", f"{api}/outlets/{t.outlet}/", "api", "busiest outlet"),
        Workload("factchecktools", f"/v1alpha1/claims:search?query={common}", "api"),
        Workload(
            "factchecktools_deep",
            f"/v1alpha1/claims:search?query={common}&pageToken={quote(t.deep_google)}",
            "api",
            "a page past the ranked window",
        ),
        *_in_other_languages(t),
        # The newsroom's admin.
        Workload("admin_claims", "/admin/claims/claim/", "admin"),
        Workload("admin_claims_search", f"/admin/claims/claim/?q={common}", "admin"),
        Workload("admin_claims_status", "/admin/claims/claim/?verdict_status=published", "admin"),
        Workload(
            "admin_claims_rating", f"/admin/claims/claim/?verdict_rating={t.rating_id}", "admin"
        ),
        Workload("admin_claims_topic", f"/admin/claims/claim/?topic={t.topic}", "admin"),
        Workload("admin_claims_assigned", f"/admin/claims/claim/?assigned={t.assignee}", "admin"),
        Workload("admin_claims_language", "/admin/claims/claim/?lang=en", "admin"),
        Workload("admin_claims_date", "/admin/claims/claim/?claimed_on__gte=2025-01-01", "admin"),
        Workload(
            "admin_claims_speaker_kind",
            "/admin/claims/claim/?speaker__kind__exact=organisation",
            "admin",
        ),
        Workload("admin_verdicts", "/admin/claims/verdict/", "admin"),
        Workload("admin_verdicts_search", f"/admin/claims/verdict/?q={common}", "admin"),
        Workload("admin_verdicts_status", "/admin/claims/verdict/?status=published", "admin"),
        Workload(
            "admin_verdicts_rating",
            f"/admin/claims/verdict/?rating__id__exact={t.rating_id}",
            "admin",
        ),
        Workload("admin_verdicts_topic", f"/admin/claims/verdict/?topic={t.topic}", "admin"),
        Workload("admin_verdicts_language", "/admin/claims/verdict/?lang=en", "admin"),
        Workload("admin_verdicts_origin", "/admin/claims/verdict/?origin=ours", "admin"),
        Workload("admin_queue", "/admin/queue/", "admin"),
        Workload("admin_audit", t.audit_path, "admin", "every event"),
        Workload(
            "admin_audit_record",
            f"{t.audit_path}?obj=claims.claim:{t.claim_pk}&method=tracks",
            "admin",
            "one claim's history",
        ),
        Workload("admin_speakers", "/admin/claims/speaker/", "admin"),
        Workload("admin_speakers_search", "/admin/claims/speaker/?q=smith", "admin"),
        Workload("admin_articles", "/admin/sources/article/", "admin"),
        Workload("admin_articles_search", "/admin/sources/article/?q=rents", "admin"),
        Workload("admin_sources", "/admin/sources/source/", "admin"),
        Workload("admin_sources_search", "/admin/sources/source/?q=report", "admin"),
        Workload(
            "admin_similar",
            "/admin/claims/claim/similar/?" + urlencode({"text": t.similar_text}),
            "admin",
            '"Already checked?" hint',
        ),
        # Issue 19: the one matcher through its staff selector (the API beside the admin's
        # hint), the public page and the public endpoint, embedding included.
        Workload(
            "staff_similar_api",
            f"{api}/staff/claims/similar/?" + urlencode({"text": t.similar_text}),
            "admin",
            "staff matching (API)",
        ),
        Workload(
            "checked_page",
            "/checked/?" + urlencode({"text": t.similar_text}),
            "page",
            '"Has this been checked?"',
        ),
        Workload("api_checked", f"{api}/checked/?" + urlencode({"text": t.similar_text}), "api"),
    ]


def _in_other_languages(t: Targets) -> list[Workload]:
    """Issue 21: searches in each other language of the archive, its common word parsed in
    each claim's configuration (the API, the page in that language) or in the language's
    only (``language=``, ``languageCode``)."""
    found = []
    for tag in t.languages:
        word = quote(COMMON_WORDS[tag])
        found += [
            Workload(f"api_search_common_{tag}", f"/api/v1/claims/?q={word}&page_size=50", "api"),
            Workload(
                f"api_search_language_{tag}",
                f"/api/v1/claims/?q={word}&language={tag}&page_size=50",
                "api",
                f"language={tag}",
            ),
            Workload(f"search_page_{tag}", f"/{tag}/search/?q={word}", "page"),
            Workload(
                f"factchecktools_{tag}",
                f"/v1alpha1/claims:search?query={word}&languageCode={tag}",
                "api",
                f"languageCode={tag}",
            ),
        ]
    return found
