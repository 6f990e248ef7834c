from claims.models.audit import AuditEvent
from claims.models.claim import Claim, ClaimTopic
from claims.models.families import (
    Appearance,
    ClaimFamily,
    ClaimFamilyMember,
    PublishedRepeat,
    RepeatSuggestion,
)
from claims.models.pages import AboutSection, ReaderSuggestion
from claims.models.published import PublishedClaim, PublishedVerdict
from claims.models.published_translations import PublishedTranslation
from claims.models.ratings import Rating, RatingLanguage, RatingScale, RatingTranslation
from claims.models.revision import VerdictRevision
from claims.models.speakers import Speaker, Topic
from claims.models.vectors import ClaimVector, PublishedClaimVector, Wording
from claims.models.verdict import Correction, Verdict, VerdictReview, VerdictSource

__all__ = [
    "AboutSection",
    "Appearance",
    "AuditEvent",
    "Claim",
    "ClaimFamily",
    "ClaimFamilyMember",
    "ClaimTopic",
    "ClaimVector",
    "Correction",
    "PublishedClaim",
    "PublishedClaimVector",
    "PublishedRepeat",
    "PublishedTranslation",
    "PublishedVerdict",
    "Rating",
    "RatingLanguage",
    "RatingScale",
    "RatingTranslation",
    "ReaderSuggestion",
    "RepeatSuggestion",
    "Speaker",
    "Topic",
    "Verdict",
    "VerdictReview",
    "VerdictRevision",
    "VerdictSource",
    "Wording",
]
