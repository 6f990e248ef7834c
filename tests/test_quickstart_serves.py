"""The README's first command, end to end: a fresh embedded database, seed data, a real server."""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from tests.servers import data_folder, free_port

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def fresh_data_dir() -> Iterator[Path]:
    # Whatever happens to the test, no server is left running in it and it is removed.
    with data_folder("test-quickstart") as path:
        yield path


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_quickstart_on_a_fresh_database_serves_the_admin_with_the_seed(fresh_data_dir):
    port = free_port()
    unset = {"DATABASE_URL", "DEBUG", "FACTCHECK_SITE_URL", "FACTCHECK_PUBLISHER_URL"}
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env["EMBEDDED_POSTGRES_DIR"] = str(fresh_data_dir)
    server = subprocess.Popen(
        [sys.executable, "manage.py", "quickstart", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        # Ctrl-C reaches it as in a terminal, even when this run ignores SIGINT (a
        # background job of a non-interactive shell), which the child would inherit.
        preexec_fn=_default_sigint,
    )
    output = ""
    try:
        assert server.stdout is not None
        deadline = time.monotonic() + 120
        while "Serving the public site at" not in output and time.monotonic() < deadline:
            line = server.stdout.readline()
            assert line, f"quickstart exited early:\n{output}"
            output += line
        password = re.search(r"editor \(Editor\): password (\S+)", output).group(1)
        # A job worker beside the server (webhook deliveries), stopped with it below.
        worker_pid = int(
            re.search(r"a worker runs beside the server \(process (\d+)\)", output).group(1)
        )
        assert psutil.pid_exists(worker_pid)
        assert "procrastinate" in " ".join(psutil.Process(worker_pid).cmdline())
        base = f"http://127.0.0.1:{port}"
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        for _ in range(100):
            try:
                login_page = opener.open(base + "/admin/login/").read().decode()
                break
            except OSError:
                time.sleep(0.1)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page).group(1)
        form = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token,
                "username": "editor",
                "password": password,
                "next": "/admin/",
            }
        ).encode()
        request = urllib.request.Request(
            base + "/admin/login/?next=/admin/", data=form, headers={"Referer": base}
        )
        assert "Editorial queue" in opener.open(request).read().decode()
        articles = opener.open(base + "/admin/sources/article/").read().decode()
        assert "Hamas Diplomatic Overture" in articles
        verdicts = (
            opener.open(base + "/admin/claims/verdict/?status__exact=published").read().decode()
        )
        assert "8 verdicts" in verdicts
        # The public site, as a reader sees it: the seed's verdicts, and one in full.
        home = urllib.request.urlopen(base + "/").read().decode()
        assert home.count('<a href="/claims/') >= 8
        page = urllib.request.urlopen(base + "/claims/trump-former-us-president/").read().decode()
        assert "application/ld+json" in page  # its ClaimReview block
        # With no site address set, links name the port it serves on, not 8000.
        claim_url = f"http://127.0.0.1:{port}/claims/trump-former-us-president/"
        assert f'rel="canonical" href="{claim_url}"' in page
        sitemap = urllib.request.urlopen(base + "/sitemap.xml").read().decode()
        assert f"http://127.0.0.1:{port}/sitemap-claims.xml" in sitemap
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(30)
            raise
    # Ctrl-C stops the worker with the server.
    assert not psutil.pid_exists(worker_pid) or psutil.Process(worker_pid).status() == "zombie"
    # Ctrl-C stops the embedded server cleanly: no postmaster left running.
    assert not (fresh_data_dir / "postmaster.pid").exists()
