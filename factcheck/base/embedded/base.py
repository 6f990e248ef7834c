"""PostgreSQL backend that starts the embedded server on first connection."""

from pathlib import Path
from typing import Any

from django.db.backends.postgresql import base

from factcheck.base.embedded import ensure_server


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self) -> dict[str, Any]:
        params = super().get_connection_params()
        data_dir = Path(self.settings_dict["EMBEDDED_DIR"])
        # The main database, not the one this connection targets: Django's test
        # runner connects to "postgres" to create "test_factcheck".
        server = ensure_server(data_dir, self.settings_dict["EMBEDDED_DATABASE"])
        params.update(host=server.socket_dir, port=server.port, user=server.user)
        return params
