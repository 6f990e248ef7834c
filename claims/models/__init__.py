from claims.models.audit import AuditEvent
from claims.models.claim import Claim
from claims.models.ratings import Rating, RatingScale
from claims.models.speakers import Speaker, Topic
from claims.models.verdict import Correction, Verdict, VerdictReview, VerdictSource

__all__ = [
    "AuditEvent",
    "Claim",
    "Correction",
    "Rating",
    "RatingScale",
    "Speaker",
    "Topic",
    "Verdict",
    "VerdictReview",
    "VerdictSource",
]
