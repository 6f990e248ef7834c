"""Loading a fixture of seed data once per database, and never over existing rows.

``loaddata`` writes each row by its primary key, over whatever row has that key now: run
again, it would put the seed's verdicts back as published over their retractions,
takedowns and corrections. So a fixture is loaded only into tables that are empty, and
only by the first run that finds it unrecorded; what that run did is recorded
(``SeedLoad``) and no later run loads it, whatever was renamed or deleted since.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.core.management import call_command

from claims.models import Verdict, VerdictRevision
from claims.services.revisions import rebuild_revisions
from claims.services.search import reindex_claims
from factcheck.base.services import AnyUser, acting
from factcheck.models import SeedLoad


@dataclass(frozen=True)
class SeedOutcome:
    loaded: bool
    # When not loaded now: the earlier run's record, or the tables that already held rows.
    earlier: SeedLoad | None = None
    occupied: tuple[str, ...] = ()


def seed_load_once(*, fixture: Path, user: AnyUser) -> SeedOutcome:
    """Load ``fixture`` if this database never had it and the tables it fills are empty;
    record the decision either way. All or nothing."""
    with acting(user):
        earlier = SeedLoad.objects.select_for_update().filter(fixture=fixture.name).first()
        if earlier is not None:
            return SeedOutcome(loaded=False, earlier=earlier)
        objects = json.loads(fixture.read_text(encoding="utf-8"))
        models = [apps.get_model(label) for label in sorted({o["model"] for o in objects})]
        occupied = tuple(
            str(model._meta.verbose_name_plural)
            for model in models
            if model._default_manager.exists()
        )
        SeedLoad.objects.create(fixture=fixture.name, loaded=not occupied)
        if occupied:
            return SeedOutcome(loaded=False, occupied=occupied)
        call_command("loaddata", str(fixture), verbosity=0)
        # Fixtures are written row by row, not through the services: give their public
        # verdicts the revisions readers are served, and index their claims for search.
        rebuild_revisions(Verdict, VerdictRevision)
        reindex_claims(o["pk"] for o in objects if o["model"] == "claims.claim")
        return SeedOutcome(loaded=True)
