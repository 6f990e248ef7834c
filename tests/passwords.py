"""The tests' passwords, hashed with few rounds.

Django's PBKDF2 takes a million rounds (about half a second of CPU) per password set or
checked; the sign-in, lockout, reset and two-factor tests set and check hundreds. The
hash stays a standard ``pbkdf2_sha256$<rounds>$…`` string, so an app started in a process
of its own (production settings, the default hashers) still checks it, and upgrades it on
the first sign-in as it would an old hash."""

from __future__ import annotations

from django.contrib.auth.hashers import PBKDF2PasswordHasher


class QuickPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    iterations = 1_000
