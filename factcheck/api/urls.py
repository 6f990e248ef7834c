from django.urls import path, re_path

from factcheck.api import views

app_name = "api"

urlpatterns = [
    path("claims/", views.ClaimList.as_view(), name="claim-list"),
    path("claims/<slug:slug>/", views.ClaimDetail.as_view(), name="claim-detail"),
    path("verdicts/", views.VerdictList.as_view(), name="verdict-list"),
    re_path(
        r"^verdicts/(?P<slug>[-a-zA-Z0-9_]+)\.jsonld$",
        views.VerdictClaimReview.as_view(),
        name="verdict-claimreview",
    ),
    path("verdicts/<slug:slug>/", views.VerdictDetail.as_view(), name="verdict-detail"),
    path("claimreview-feed.json", views.ClaimReviewFeed.as_view(), name="claimreview-feed"),
    path("speakers/", views.SpeakerList.as_view(), name="speaker-list"),
    path("speakers/<slug:slug>/", views.SpeakerDetail.as_view(), name="speaker-detail"),
    path("outlets/", views.OutletList.as_view(), name="outlet-list"),
    path("outlets/<slug:slug>/", views.OutletDetail.as_view(), name="outlet-detail"),
    path("articles/", views.ArticleList.as_view(), name="article-list"),
    path("articles/<slug:slug>/", views.ArticleDetail.as_view(), name="article-detail"),
    path("topics/", views.TopicList.as_view(), name="topic-list"),
    path("topics/<slug:slug>/", views.TopicDetail.as_view(), name="topic-detail"),
    path("ratings/", views.RatingList.as_view(), name="rating-list"),
]
