"""An unnamed speaker is described, never named: the description starts with no capital.
In any script: Arabic has no capitals, so "مسؤول مصري رفيع" is a description, and so is
"un diplomate qatari"; "A Qatari diplomat", "Édouard" and "1 official" are not
(``speaker_unnamed_described``, a database constraint: its character classes are the
server's, so this runs on every server the suite runs on)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from claims import services
from claims.models import Speaker
from tests import factories

pytestmark = pytest.mark.django_db

DESCRIBED = ["مسؤول مصري رفيع", "un diplomate qatari", "a senior official", "ένας αξιωματούχος"]
NAMED = [
    "A Qatari diplomat",
    "Édouard Philippe",
    "Ωμέγα",
    "1 official",
    " an official",
    "“an official”",
]


@pytest.mark.parametrize("name", DESCRIBED)
def test_a_description_in_any_script_is_accepted(name):
    speaker = factories.make_speaker(kind="anonymous", name=name, slug=f"s{abs(hash(name))}")
    assert Speaker.objects.get(pk=speaker.pk).name == name


@pytest.mark.parametrize("name", NAMED)
def test_a_capital_a_digit_or_punctuation_first_is_refused(name):
    with pytest.raises(IntegrityError, match="speaker_unnamed_described"), transaction.atomic():
        factories.make_speaker(kind="official", name=name, slug=f"s{abs(hash(name))}")


def test_the_service_files_an_arabic_description_and_says_why_it_refuses(factchecker):
    speaker = services.speaker_create(user=factchecker, name="مسؤول مصري رفيع", kind="official")
    assert speaker.slug
    with pytest.raises(ValidationError, match="Describe an unnamed speaker"):
        services.speaker_create(user=factchecker, name="Ahmed Hassan", kind="anonymous")
