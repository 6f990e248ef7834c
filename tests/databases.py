"""The PostgreSQL server the suite runs on, for tests that make databases of their own."""

from __future__ import annotations

from urllib.parse import quote

import psycopg
from django.db import connection
from psycopg import sql


def server_url() -> str:
    """``postgres://user@host:port`` of the test database's server (the embedded one
    included: its host is a socket folder)."""
    params = connection.get_connection_params()
    host = quote(str(params.get("host") or "127.0.0.1"), safe="")
    return f"postgres://{params.get('user') or 'postgres'}@{host}:{params.get('port') or 5432}"


def drop_database(server: str, name: str) -> None:
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
