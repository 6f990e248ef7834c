from django.urls import path, re_path

from factcheck.api import feed, similar, staff, views

app_name = "api"

claims = staff.endpoints(staff.StaffClaims, "claim")
speakers = staff.endpoints(staff.StaffSpeakers, "speaker")
articles = staff.endpoints(staff.StaffArticles, "article")
sources = staff.endpoints(staff.StaffSources, "source")
verdicts = staff.endpoints(staff.StaffVerdicts, "verdict")

urlpatterns = [
    path("claims/", views.ClaimList.as_view(), name="claim-list"),
    # "Has this been checked?": not under claims/, where it would hide a claim slugged
    # "similar".
    path("checked/", similar.CheckedClaims.as_view(), name="checked"),
    path("claims/<slug:slug>/", views.ClaimDetail.as_view(), name="claim-detail"),
    path("verdicts/", views.VerdictList.as_view(), name="verdict-list"),
    re_path(
        r"^verdicts/(?P<slug>[-a-zA-Z0-9_]+)\.jsonld$",
        views.VerdictClaimReview.as_view(),
        name="verdict-claimreview",
    ),
    path("verdicts/<slug:slug>/", views.VerdictDetail.as_view(), name="verdict-detail"),
    path("claimreview-feed.json", feed.ClaimReviewFeed.as_view(), name="claimreview-feed"),
    path("speakers/", views.SpeakerList.as_view(), name="speaker-list"),
    path("speakers/<slug:slug>/", views.SpeakerDetail.as_view(), name="speaker-detail"),
    path("outlets/", views.OutletList.as_view(), name="outlet-list"),
    path("outlets/<slug:slug>/", views.OutletDetail.as_view(), name="outlet-detail"),
    path("articles/", views.ArticleList.as_view(), name="article-list"),
    path("articles/<slug:slug>/", views.ArticleDetail.as_view(), name="article-detail"),
    path("topics/", views.TopicList.as_view(), name="topic-list"),
    path("topics/<slug:slug>/", views.TopicDetail.as_view(), name="topic-detail"),
    path("ratings/", views.RatingList.as_view(), name="rating-list"),
    # Staff only, with a token: writes through the services.
    path("token/", staff.StaffToken.as_view(), name="token"),
    path("staff/claims/", claims[0], name="staff-claims"),
    path("staff/claims/similar/", similar.StaffSimilarClaims.as_view(), name="staff-similar"),
    path("staff/claims/<int:pk>/", claims[1], name="staff-claim"),
    path("staff/speakers/", speakers[0], name="staff-speakers"),
    path("staff/speakers/<int:pk>/", speakers[1], name="staff-speaker"),
    path("staff/articles/", articles[0], name="staff-articles"),
    path("staff/articles/<int:pk>/", articles[1], name="staff-article"),
    path("staff/sources/", sources[0], name="staff-sources"),
    path("staff/sources/<int:pk>/", sources[1], name="staff-source"),
    path("staff/verdicts/", verdicts[0], name="staff-verdicts"),
    path("staff/verdicts/<int:pk>/", verdicts[1], name="staff-verdict"),
    path(
        "staff/verdicts/<int:pk>/<str:step>/",
        staff.StaffVerdictStep.as_view(),
        name="staff-verdict-step",
    ),
]
