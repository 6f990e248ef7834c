from claims.models.audit import AuditEvent
from claims.models.claim import Claim
from claims.models.pages import AboutSection, ReaderSuggestion
from claims.models.ratings import Rating, RatingScale
from claims.models.speakers import Speaker, Topic
from claims.models.verdict import Correction, Verdict, VerdictReview, VerdictSource

__all__ = [
    "AboutSection",
    "AuditEvent",
    "Claim",
    "Correction",
    "Rating",
    "RatingScale",
    "ReaderSuggestion",
    "Speaker",
    "Topic",
    "Verdict",
    "VerdictReview",
    "VerdictSource",
]
