"""The Docker recipe as files: the Dockerfile's instructions, docker-compose.yml, .env.

Read here so that the tests follow the files rather than repeat them: no Docker engine
runs where the suite does, so tests/test_docker_image.py plays the image from these.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
# What docker-compose.yml sets for the web app itself, over anything .env says.
COMPOSE_OWNED = {"DATABASE_URL", "DEBUG", "GUNICORN_BIND", "FACTCHECK_BACKUP_DIR"}


def dockerfile_instructions() -> list[tuple[str, str]]:
    """``(INSTRUCTION, arguments)`` in order, continuation lines joined and comments
    (including those between continued lines) left out, as Docker reads them."""
    instructions: list[tuple[str, str]] = []
    pending = ""
    for line in (ROOT / "Dockerfile").read_text().splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        text = pending + stripped
        pending = ""
        keyword, _, arguments = text.partition(" ")
        instructions.append((keyword.upper(), arguments.strip()))
    return instructions


def dockerfile_values(keyword: str) -> dict[str, str]:
    """The ``NAME=value`` pairs of every ENV (or ARG) instruction."""
    values: dict[str, str] = {}
    for found, arguments in dockerfile_instructions():
        if found == keyword:
            for pair in shlex.split(arguments):
                name, _, value = pair.partition("=")
                values[name] = value
    return values


def dockerfile_runs(containing: str) -> list[str]:
    return [
        args
        for keyword, args in dockerfile_instructions()
        if keyword == "RUN" and containing in args
    ]


def compose() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def interpolate(value: str, env: dict[str, str]) -> str:
    """Compose's ${VAR}, ${VAR:-default} and ${VAR:?error}, enough for our file: an empty
    value counts as unset, as with compose's ":" forms."""

    def replace(match: re.Match[str]) -> str:
        name, op, arg = match.group(1), match.group(2), match.group(3)
        if env.get(name):
            return env[name]
        if op == ":?":
            raise MissingSetting(f"compose requires {name}: {arg}")
        return arg or ""

    return re.sub(r"\$\{(\w+)(:-|:\?)?([^}]*)\}", replace, value)


class MissingSetting(AssertionError):
    pass


def read_env_file(text: str, *, uncomment: bool = False) -> dict[str, str]:
    """An .env file as compose reads it: ``NAME=value`` lines, quotes taken off, comment
    lines skipped (with ``uncomment``, the ``# NAME=value`` lines that show a default are
    read as set)."""
    values: dict[str, str] = {}
    for line in text.splitlines():
        if uncomment:
            line = re.sub(r"^# (?=[A-Z][A-Z0-9_]*=)", "", line)
        match = re.match(r"^\s*([A-Z][A-Z0-9_]*)=(.*)$", line)
        if not match:
            continue
        raw = match.group(2).strip()
        if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "'\"":
            raw = raw[1:-1]
        values[match.group(1)] = raw
    return values


def documented_settings() -> set[str]:
    """Every variable the app reads: the settings module's, gunicorn's, and the README's
    "Configuration" table's."""
    pattern = re.compile(r"(?:os\.environ\.get|env_\w+|_positive)\(\s*\"([A-Z][A-Z0-9_]*)\"")
    names = set(pattern.findall((ROOT / "factcheck" / "settings.py").read_text()))
    names |= set(pattern.findall((ROOT / "factcheck" / "gunicorn.py").read_text()))
    readme = (ROOT / "README.md").read_text()
    table = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    for row in table.splitlines():
        if row.startswith("| `"):
            names |= set(re.findall(r"`([A-Z][A-Z0-9_]*)`", row.split("|")[1]))
    return names


def web_environment(dotenv: dict[str, str]) -> dict[str, str]:
    """The web container's environment for this .env: every line of it (env_file), then
    the compose file's own entries, interpolated from it, on top."""
    web = compose()["services"]["web"]
    env = dict(dotenv) if any(entry["path"] == ".env" for entry in web["env_file"]) else {}
    for name, value in web["environment"].items():
        env[name] = interpolate(str(value), dotenv)
    return env
