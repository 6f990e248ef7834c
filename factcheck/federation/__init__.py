"""Checked elsewhere: other fact-checkers' installations (and Google's Fact Check Tools
API) asked while a claim is typed, their reviews imported as theirs in one click, and
subscriptions to their ClaimReview DataFeeds fetched by a periodic job
(docs/federation.md). Every request to them goes through ``factcheck.base.outbound``."""
