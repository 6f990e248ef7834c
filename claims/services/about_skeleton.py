"""The about page a fresh installation ships: one section for each commitment of the
IFCN code of principles (who we are, funding and ownership, methodology, corrections
policy, how to reach us), true of any newsroom running factcheck, with the facts only
the newsroom knows left for its editors in marked gaps. The newsroom admin reminds
editors while a gap is left (``claims.selectors.newsroom.about_sections_to_complete``).

Run by the migration ``factcheck/migrations/0004_about_page_skeleton.py`` (so that every
installation has it, however it is set up) and by ``quickstart``: it writes only the
sections that do not exist yet, never over an editor's text."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from claims.models import AboutSection
from claims.selectors.newsroom import TO_COMPLETE

SKELETON: dict[str, tuple[str, str]] = {
    AboutSection.Kind.TEAM: (
        "Who we are",
        "We check claims made in public (by politicians, officials, institutions and "
        "widely shared posts) and publish what the evidence shows, with every source we "
        "relied on, so that readers can check our work.\n\n"
        "We are non-partisan: we do not support any party or candidate, and we choose "
        "claims to check by their reach and their consequences, not by who made them.\n\n"
        f"{TO_COMPLETE} the newsroom's legal name, where it is based and since when; the "
        "names, roles and a short biography of the editors and fact-checkers.]",
    ),
    AboutSection.Kind.FUNDING: (
        "Funding and ownership",
        "Who pays for a fact-check can matter to how readers judge it, so we say it here. "
        "No funder sees, approves or changes a fact-check before it is published.\n\n"
        f"{TO_COMPLETE} who owns the newsroom; every source of funding that gave 5% or "
        "more of last year's revenue, and the total; the year these figures are for.]",
    ),
    AboutSection.Kind.METHODOLOGY: (
        "How we check claims",
        "Each fact-check takes one claim, in neutral wording, with where and when it was "
        "made. We look for the best available evidence (official records, data sets, "
        "studies, interviews and reporting), and list each source we relied on with what "
        "it shows, linked where it is online.\n\n"
        "We ask the person or organisation that made the claim for their evidence and "
        "publish their answer, or say that none came.\n\n"
        "One person writes the fact-check; at least one editor who did not write or edit "
        "it approves the final text before it is published. The rating comes from our "
        "published scale, each rating with its definition, on the ratings page.\n\n"
        f"{TO_COMPLETE} how the newsroom chooses which claims to check, and any rule of "
        "its own (for example, how many editors approve a rating).]",
    ),
    AboutSection.Kind.CORRECTIONS: (
        "Corrections policy",
        "When we get something wrong we correct it in the open. A correction, update or "
        "clarification is a dated note on the fact-check, its page keeps the history of "
        "every published version, and the corrections log lists them all, newest first. "
        "A changed rating is always a correction. A fact-check we withdraw stays online, "
        "marked as retracted, with the reason.\n\n"
        "To report an error, use the address in “How to reach us” below; we answer every "
        "report.\n\n"
        f"{TO_COMPLETE} how soon the newsroom answers a report of an error, and who "
        "decides on it.]",
    ),
    AboutSection.Kind.CONTACT: (
        "How to reach us",
        "Readers can suggest a claim to check with the form on this site, and tell us "
        "about an error or complain about a fact-check by email.\n\n"
        f"{TO_COMPLETE} the email address for corrections and complaints, and a postal "
        "address.]",
    ),
}


def about_skeleton_install(*, sections: Any = AboutSection) -> list[str]:
    """Write the skeleton's sections that do not exist yet; return their kinds. A section
    an editor wrote (or kept) is never touched; a kind missing is written again, so a
    section a superuser deleted comes back as a placeholder at the next ``quickstart``
    (sections are edited, not deleted). ``sections`` is the model, or the migration's
    historical one."""
    written = []
    with transaction.atomic():
        existing = set(sections.objects.select_for_update().values_list("kind", flat=True))
        for kind, (title, body) in SKELETON.items():
            if kind in existing:
                continue
            section = sections(kind=kind, title=title, body=body)
            section.full_clean()
            section.save()
            written.append(str(kind))
    return written
