from claims.models.audit import AuditEvent
from claims.models.claim import Claim, ClaimTopic
from claims.models.pages import AboutSection, ReaderSuggestion
from claims.models.published import PublishedClaim, PublishedVerdict
from claims.models.ratings import Rating, RatingScale
from claims.models.revision import VerdictRevision
from claims.models.speakers import Speaker, Topic
from claims.models.verdict import Correction, Verdict, VerdictReview, VerdictSource

__all__ = [
    "AboutSection",
    "AuditEvent",
    "Claim",
    "ClaimTopic",
    "Correction",
    "PublishedClaim",
    "PublishedVerdict",
    "Rating",
    "RatingScale",
    "ReaderSuggestion",
    "Speaker",
    "Topic",
    "Verdict",
    "VerdictReview",
    "VerdictRevision",
    "VerdictSource",
]
