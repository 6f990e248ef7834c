"""Every write to claims and verdicts. The admin, the API, imports and commands call
these and nothing else, so a rule enforced here cannot be skipped by any interface.

Each service is typed and keyword-only, takes the acting user (and, for an edit,
the version the editor started from), locks what it changes, and runs in one
transaction stamped with the user in the audit history.
"""

from claims.services.claims import (
    claim_assign,
    claim_create,
    claim_from_suggestion,
    claim_update,
)
from claims.services.families import (
    appearance_create,
    appearance_delete,
    appearance_update,
    claim_link_as_repeat,
    claim_unlink,
    repeat_suggestion_dismiss,
    repeat_suggestions_look,
    repeat_suggestions_record,
)
from claims.services.pages import (
    about_section_create,
    about_section_update,
    suggestion_accept,
    suggestion_contact_forget,
    suggestion_dismiss,
    suggestion_submit,
)
from claims.services.ratings import (
    rating_create,
    rating_translation_create,
    rating_translation_delete,
    rating_translation_update,
    rating_update,
    ratingscale_create,
    ratingscale_update,
)
from claims.services.sources import article_update, outlet_update, source_update
from claims.services.speakers import (
    speaker_create,
    speaker_merge,
    speaker_update,
    topic_create,
    topic_update,
)
from claims.services.staff import byline_update
from claims.services.translations import verdict_translation_follow, verdict_translation_start
from claims.services.verdicts import (
    SourceLine,
    verdict_correct,
    verdict_create,
    verdict_delete,
    verdict_update,
)
from claims.services.workflow import (
    TransitionError,
    verdict_approve,
    verdict_publish,
    verdict_retract,
    verdict_return,
    verdict_submit,
    verdict_takedown,
)

__all__ = [
    "SourceLine",
    "TransitionError",
    "about_section_create",
    "about_section_update",
    "appearance_create",
    "appearance_delete",
    "appearance_update",
    "article_update",
    "byline_update",
    "claim_assign",
    "claim_create",
    "claim_from_suggestion",
    "claim_link_as_repeat",
    "claim_unlink",
    "claim_update",
    "outlet_update",
    "rating_create",
    "rating_translation_create",
    "rating_translation_delete",
    "rating_translation_update",
    "rating_update",
    "ratingscale_create",
    "ratingscale_update",
    "repeat_suggestion_dismiss",
    "repeat_suggestions_look",
    "repeat_suggestions_record",
    "source_update",
    "speaker_create",
    "speaker_merge",
    "speaker_update",
    "suggestion_accept",
    "suggestion_contact_forget",
    "suggestion_dismiss",
    "suggestion_submit",
    "topic_create",
    "topic_update",
    "verdict_approve",
    "verdict_correct",
    "verdict_create",
    "verdict_delete",
    "verdict_publish",
    "verdict_retract",
    "verdict_return",
    "verdict_submit",
    "verdict_takedown",
    "verdict_translation_follow",
    "verdict_translation_start",
    "verdict_update",
]
