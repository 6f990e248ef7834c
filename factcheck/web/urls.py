from django.urls import path

from factcheck.web import feeds, views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("claims/<slug:slug>/", views.claim_page, name="claim"),
    path("speakers/<slug:slug>/", views.speaker_page, name="speaker"),
    path("articles/<slug:slug>/", views.article_page, name="article"),
    path("outlets/<slug:slug>/", views.outlet_page, name="outlet"),
    path("topics/<slug:slug>/", views.topic_page, name="topic"),
    path("search/", views.search_page, name="search"),
    path("checked/", views.checked_page, name="checked"),
    path("ratings/", views.ratings_page, name="ratings"),
    path("corrections/", views.corrections_page, name="corrections"),
    path("about/", views.about_page, name="about"),
    path("suggest/", views.suggest_page, name="suggest"),
    path("feeds/verdicts.rss", feeds.LatestVerdicts(), name="feed-rss"),
    path("feeds/verdicts.atom", feeds.LatestVerdictsAtom(), name="feed-atom"),
    path("feeds/speakers/<slug:slug>.rss", feeds.SpeakerVerdicts(), name="feed-speaker"),
    path("feeds/topics/<slug:slug>.rss", feeds.TopicVerdicts(), name="feed-topic"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("favicon.ico", views.favicon, name="favicon"),
]
