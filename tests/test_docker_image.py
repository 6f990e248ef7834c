"""The Docker image as the README's recipe runs it, played without a Docker engine: the
application folder read-only, a user who is not its owner, the Dockerfile's environment,
the backups folder the compose file mounts; quickstart, backup and restore in it.

The layout follows the Dockerfile (tests/docker_recipe.py reads it): its COPY lines
build the application folder, its collectstatic line runs as written, its ENV lines are
the environment, and its backups folder is where `backup` must write.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import psycopg
import pytest

from tests import database_template
from tests.databases import drop_database, server_url
from tests.docker_recipe import (
    ROOT,
    compose,
    dockerfile_instructions,
    dockerfile_runs,
    dockerfile_values,
)

NOBODY = 65534


def _container_user(server: str) -> tuple[int, int] | None:
    """Who plays the image's unprivileged user, when the suite runs as root: nobody, or,
    for a server reached only through a socket folder of its own system user's (the
    embedded one), that user, who owns nothing of the application folder either."""
    if os.geteuid() != 0:
        return None  # the suite's own user; the read-only modes keep it out of /app
    host = unquote(server.rsplit("@", 1)[1].rsplit(":", 1)[0])
    if host.startswith("/"):
        owner = os.stat(host)
        if owner.st_uid != 0:
            return owner.st_uid, owner.st_gid
    return NOBODY, NOBODY


def test_the_image_has_the_client_tools_of_the_compose_database():
    """backup and restore need pg_dump, pg_restore and psql of the server's major."""
    major = dockerfile_values("ARG")["PG_MAJOR"]
    image = compose()["services"]["db"]["image"]
    # postgres:17 or pgvector/pgvector:pg17 (postgres with pgvector, for claim vectors).
    found = re.fullmatch(r"(?:postgres|pgvector/pgvector):(?:pg)?(\d+)(\.\d+)?(-\S+)?", image)
    assert found, image
    assert found.group(1) == major
    (install,) = dockerfile_runs("postgresql-client-")
    assert '"postgresql-client-${PG_MAJOR}"' in install
    assert "/usr/lib/postgresql/${PG_MAJOR}/bin/pg_dump" in install


def test_the_backups_folder_is_the_apps_own_and_a_volume():
    backups = dockerfile_values("ENV")["FACTCHECK_BACKUP_DIR"]
    instructions = dockerfile_instructions()
    (create,) = dockerfile_runs("useradd")
    uid = re.search(r"useradd [^&]*--uid (\d+)", create)
    name = re.search(r"useradd [^&]* (\w+)\s+&&", create)
    assert uid, create
    assert name, create
    assert f"install -d -o {name[1]} -g {name[1]}" in create
    assert '"${FACTCHECK_BACKUP_DIR}"' in create
    assert ("VOLUME", f'["{backups}"]') in instructions
    assert ("USER", uid[1]) in instructions
    web = compose()["services"]["web"]
    assert f"backups:{backups}" in web["volumes"]
    assert web["environment"]["FACTCHECK_BACKUP_DIR"] == backups


def _copy_application(app: Path) -> None:
    """The application folder as the Dockerfile's COPY lines make it."""
    assert ("WORKDIR", "/app") in dockerfile_instructions()
    skip = shutil.ignore_patterns("__pycache__", "*.pyc")
    for keyword, arguments in dockerfile_instructions():
        if keyword != "COPY":
            continue
        *sources, target = shlex.split(arguments)
        for source in sources:
            path = ROOT / source
            if path.is_dir():
                shutil.copytree(path, app / target, ignore=skip, dirs_exist_ok=True)
            else:
                destination = app / target
                destination.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, destination / path.name)


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        str(path.relative_to(folder)): (path.stat().st_size, path.stat().st_mtime_ns)
        for path in folder.rglob("*")
    }


@pytest.fixture
def image(django_db_setup: None, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    """The image's file system under a throwaway root, its environment, and a database of
    its own for the container's DATABASE_URL: a copy of the run's migrated template (the
    migrations from scratch are the quickstart tests' subject, not the layout's)."""
    # Under /tmp, not pytest's own folder, which only root may enter.
    root = Path(tempfile.mkdtemp(prefix="factcheck-image-", dir="/tmp"))
    root.chmod(0o755)
    app = root / "app"
    _copy_application(app)
    env_image = dockerfile_values("ENV")
    backups = root / env_image["FACTCHECK_BACKUP_DIR"].lstrip("/")
    home = backups.parent
    backups.mkdir(parents=True)
    with django_db_blocker.unblock():
        server = server_url()
    user = _container_user(server)
    if user:
        for folder in (home, backups):
            os.chown(folder, *user)
            folder.chmod(0o750)
    # The interpreter that runs the suite plays the image's python, with what
    # `pip install .` put beside it; the application is imported from the copy.
    bin_dir = str(Path(sys.executable).parent)
    env = {
        **env_image,
        "FACTCHECK_BACKUP_DIR": str(backups),
        "HOME": str(home),
        "PATH": f"{bin_dir}:/usr/local/bin:/usr/bin:/bin",
        "LANG": "C.UTF-8",
    }
    name = f"factcheck_image_{os.getpid()}"
    drop_database(server, name)
    if not database_template.copy_into(server, name):
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
    # What docker-compose.yml adds at run time (its .env, DATABASE_URL).
    run_env = {
        **env,
        "DATABASE_URL": f"{server}/{name}",
        "SECRET_KEY": "Zq8-wX3_vB6nM1kJ9hG4fD7sA2pL5oI0uY8tR3eW6qZ1xC4vB7n",
        "ALLOWED_HOSTS": "factcheck.example.org",
        "FACTCHECK_PUBLISHER_NAME": "Example Fact Check",
        "FACTCHECK_PUBLISHER_URL": "https://factcheck.example.org/",
        "TRUSTED_PROXY_COUNT": "1",
    }
    try:
        yield {
            "root": root,
            "app": app,
            "backups": backups,
            "build_env": env,
            "env": run_env,
            "user": user,
        }
    finally:
        drop_database(server, name)
        shutil.rmtree(root, ignore_errors=True)


def _build(image: dict[str, Any]) -> None:
    """The Dockerfile's collectstatic line as written, by root, then the application
    folder made read-only (root owns it: the app's user could not write it anyway)."""
    (collect,) = dockerfile_runs("collectstatic")
    result = subprocess.run(
        ["sh", "-c", collect],
        cwd=image["app"],
        env=image["build_env"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    subprocess.run(["chmod", "-R", "a-w", str(image["app"])], check=True)


def _in_container(image: dict[str, Any], *command: str) -> subprocess.CompletedProcess[str]:
    """``docker compose exec web COMMAND``: as a user who owns nothing of /app."""
    user = image["user"]
    # Reading past permissions (CAP_DAC_READ_SEARCH) and nothing more: the suite's
    # interpreter may live where only root may look (pyenv in /root), as the image's
    # /usr/local does not. Writing is still checked, which is what this test is about.
    reader = ["--inh-caps=+dac_read_search", "--ambient-caps=+dac_read_search"]
    prefix = (
        ["setpriv", f"--reuid={user[0]}", f"--regid={user[1]}", "--clear-groups", *reader, "--"]
        if user
        else []
    )
    # The suite's interpreter by its full path: the image's `python` is on its PATH.
    program = [sys.executable if word == "python" else word for word in command]
    return subprocess.run(
        [*prefix, *program],
        cwd=image["app"],
        env=image["env"],
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.mark.heavy
def test_quickstart_backup_and_restore_work_in_the_image_layout(image):
    _build(image)
    app, backups = image["app"], image["backups"]
    assert (app / "staticfiles" / "staticfiles.json").is_file()
    before = _snapshot(app)

    where = _in_container(image, "python", "-c", "import factcheck; print(factcheck.__file__)")
    assert where.returncode == 0, where.stderr
    assert where.stdout.strip() == str(app / "factcheck" / "__init__.py")

    setup = _in_container(image, "python", "manage.py", "quickstart", "--no-serve")
    assert setup.returncode == 0, setup.stderr + setup.stdout
    assert f"already collected in {app / 'staticfiles'}" in setup.stdout
    assert "Ready." in setup.stdout

    backup = _in_container(image, "python", "manage.py", "backup")
    assert backup.returncode == 0, backup.stderr
    (dump,) = backups.glob("factcheck-*.dump")
    assert f"Backed up to {dump}" in backup.stdout
    if image["user"]:
        assert dump.stat().st_uid == image["user"][0]

    restore = _in_container(image, "python", "manage.py", "restore", str(dump), "--noinput")
    assert restore.returncode == 0, restore.stderr
    assert "Restored" in restore.stdout
    with psycopg.connect(image["env"]["DATABASE_URL"]) as conn:
        (claims,) = conn.execute("SELECT count(*) FROM claims_claim").fetchone() or (0,)
    assert claims > 0

    # Nothing was written into the application folder.
    assert _snapshot(app) == before

    # An image whose static files are missing one says so, and what to do.
    (app / "staticfiles").chmod(0o755)
    (app / "staticfiles" / "staticfiles.json").unlink()
    (app / "staticfiles").chmod(0o555)
    again = _in_container(image, "python", "manage.py", "quickstart", "--no-serve")
    assert again.returncode != 0
    assert "cannot write there" in again.stderr
    assert "docker compose build" in again.stderr
    assert "Traceback" not in again.stderr
