"""python -m benchmarks: the admin, the API and the pages at archive scale, each beside its
baselines, in one run. See docs/performance.md for what it measures and how to read it."""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

from tqdm import tqdm

from benchmarks import archive, report, throughput

# Under gunicorn: the API list beside its three baselines, and two pages.
LOADED = ["api_list", "raw_sql_list", "bare_json", "drf_list", "api_search_common", "verdict_page"]
LIAR = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "liar"


def sizes(raw: str) -> list[int]:
    try:
        values = sorted({int(part.replace("_", "")) for part in raw.split(",") if part.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(
            "give claim counts such as 10000,100000,1000000"
        ) from None
    if not values or min(values) < 100:
        raise argparse.ArgumentTypeError("each archive needs at least 100 claims")
    return values


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    p.add_argument(
        "--claims",
        type=sizes,
        default=[10_000, 100_000, 1_000_000],
        help="Archive sizes, comma-separated (default 10000,100000,1000000). Each archive is "
        "a database factcheck_bench_<N>_seed<S> on DATABASE_URL's server (or the embedded "
        "one), built once with generate_demo_data and reused.",
    )
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--json", type=Path, help="Write every figure to this file.")
    p.add_argument(
        "--markdown", type=Path, help="Write the results tables (as in docs/performance.md)."
    )
    p.add_argument("--repeat", type=int, default=30, help="Timed requests per workload.")
    p.add_argument("--seconds", type=int, default=10, help="wrk's run per URL.")
    p.add_argument("--connections", type=int, default=4, help="wrk's open connections.")
    p.add_argument("--workers", type=int, default=2, help="gunicorn sync workers.")
    p.add_argument("--no-throughput", action="store_true", help="Skip gunicorn and wrk.")
    p.add_argument("--no-feed", action="store_true", help="Skip streaming the whole feed.")
    p.add_argument("--no-liar", action="store_true", help="Skip the LIAR import timing.")
    p.add_argument(
        "--no-liar-families",
        action="store_true",
        help="After the LIAR import, skip embed_claims and suggest_families over it.",
    )
    p.add_argument(
        "--liar-only",
        action="store_true",
        help="Only the LIAR import and its families (no archives): issue 19's run of the "
        "whole LIAR set through embed_claims and suggest_families.",
    )
    p.add_argument("--rebuild", action="store_true", help="Build the archives again.")
    p.add_argument(
        "--languages",
        type=_languages,
        default=["en"],
        help="The archives' languages, e.g. en,ar,es,fr (generate_demo_data --languages; "
        "default en). Not English alone, each archive is a database of its own "
        "(factcheck_bench_<N>_seed<S>_en_ar_es_fr) and each other language gets its own "
        "searches.",
    )
    p.add_argument(
        "--only",
        default="",
        help="Time only these workloads in process, comma-separated names (e.g. "
        "api_search_common,search_page); with --no-throughput --no-feed --no-liar, a "
        "short run of a part of the benchmark.",
    )
    return p


def _languages(raw: str) -> list[str]:
    from factcheck.management.demo_languages import languages

    try:
        return languages(raw)
    except ValueError as refused:
        raise argparse.ArgumentTypeError(str(refused)) from None


def child_env(cache_seconds: int) -> dict[str, str]:
    """Production settings (DEBUG off, no query log), throttles out of the way."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "FACTCHECK_PUBLISHER_NAME": "Benchmark Fact Check",
        "FACTCHECK_PUBLISHER_URL": "https://factcheck.example.org/",
        "SECURE_SSL_REDIRECT": "0",
        "API_THROTTLE_ANON": "100000000/minute",
        "API_THROTTLE_USER": "100000000/minute",
        "PUBLIC_CACHE_SECONDS": str(cache_seconds),
        "GUNICORN_MAX_REQUESTS": "0",
        "LOG_LEVEL": "WARNING",
    }


def python(module: str, env: dict[str, str], *args: str) -> Any:
    result = subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=archive.ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def machine(env: dict[str, str]) -> dict[str, Any]:
    import psycopg

    with psycopg.connect(archive.database_url(archive.server_url(), "postgres")) as conn:
        version = conn.execute("SHOW server_version").fetchone()
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "memory_gib": round(memory / 2**30, 1),
        "postgresql": version[0] if version else "",
        "python": platform.python_version(),
        "wrk": throughput.wrk_available(),
    }


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def run_size(n: int, options: argparse.Namespace, server: str) -> dict[str, Any]:
    env = child_env(cache_seconds=60)
    url, built = archive.ensure_archive(
        server,
        claims=n,
        seed=options.seed,
        rebuild=options.rebuild,
        env=env,
        languages=options.languages,
    )
    env["DATABASE_URL"] = url
    figures: dict[str, Any] = {"database": url.rsplit("/", 1)[-1]}
    figures["build_seconds"] = built if built is not None else archive.build_seconds(server, url)
    vectors = archive.ensure_vectors(env, seed=options.seed)
    if vectors is not None:
        figures["vectors"] = vectors
    print(f"== {n:,} claims: requests in process", file=sys.stderr)
    figures["inprocess"] = python(
        "benchmarks.inprocess", env, "--repeat", str(options.repeat), "--only", options.only
    )
    if not options.no_feed:
        print(f"== {n:,} claims: the whole ClaimReview feed", file=sys.stderr)
        figures["feed"] = python("benchmarks.memory", env)
    if not options.no_throughput:
        figures["throughput"] = loaded(figures["inprocess"]["workloads"], env, options)
    return figures


def loaded(
    work: dict[str, Any], env: dict[str, str], options: argparse.Namespace
) -> dict[str, Any]:
    if not throughput.wrk_available():
        print("wrk is not installed (apt-get install wrk): no throughput figures", file=sys.stderr)
        return {}
    out: dict[str, Any] = {}
    runs = [(name, 0) for name in LOADED] + [("api_list", 60), ("verdict_page", 60)]
    for cache in (0, 60):
        with throughput.gunicorn(
            {**env, "PUBLIC_CACHE_SECONDS": str(cache)}, options.workers
        ) as base:
            for name, _ in tqdm([r for r in runs if r[1] == cache], desc=f"wrk, cache {cache} s"):
                key = f"{name}_cached" if cache else name
                out[key] = throughput.wrk(
                    base + work[name]["path"],
                    seconds=options.seconds,
                    connections=options.connections,
                )
    return out


def liar_import(server: str, env: dict[str, str]) -> dict[str, Any] | None:
    if not (LIAR / "train.tsv").exists():
        print(f"no LIAR data at {LIAR}: the import is not timed", file=sys.stderr)
        return None
    url = archive.fresh_database(server, "factcheck_bench_liar", env)
    files = sorted(str(p) for p in LIAR.glob("*.tsv"))
    # Timed inside the process, after Django has started: the import, not the interpreter.
    timed = (
        "import django, json, sys, time\n"
        "django.setup()\n"
        "from django.core.management import call_command\n"
        "started = time.perf_counter()\n"
        f"call_command('import_liar', *sys.argv[1:], '--as', {archive.ADMIN!r}, verbosity=0)\n"
        "print(json.dumps(time.perf_counter() - started))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", timed, *files],
        cwd=archive.ROOT,
        env={**env, "DATABASE_URL": url},
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    seconds = float(done.stdout.strip().splitlines()[-1])
    statements = sum(
        1
        for f in files
        for line in Path(f).read_text(encoding="utf-8").splitlines()
        if line.strip()
    )
    return {
        "statements": statements,
        "seconds": round(seconds, 1),
        "statements_per_s": round(statements / seconds),
    }


def liar_families(server: str, env: dict[str, str]) -> dict[str, Any]:
    """embed_claims and suggest_families over the database liar_import filled."""
    print("== the whole LIAR set: embed_claims, then suggest_families", file=sys.stderr)
    url = archive.database_url(server, "factcheck_bench_liar")
    return python("benchmarks.liar_families", {**env, "DATABASE_URL": url}, "--as", archive.ADMIN)


def liar_only(server: str, options: argparse.Namespace) -> None:
    run: dict[str, Any] = {"command": "python -m benchmarks " + " ".join(sys.argv[1:])}
    run["machine"] = machine(child_env(0))
    run["liar"] = liar_import(server, child_env(0))
    if run["liar"] and not options.no_liar_families:
        run["liar_families"] = liar_families(server, child_env(0))
    print(report.liar(run))
    if options.json:
        options.json.write_text(json.dumps(run, indent=2) + "\n")
        print(f"\nEvery figure: {options.json}")


def main() -> None:
    options = parser().parse_args()
    server = archive.server_url()
    if options.liar_only:
        liar_only(server, options)
        return
    run: dict[str, Any] = {
        "command": "python -m benchmarks " + " ".join(sys.argv[1:]),
        "machine": machine(child_env(0)),
        "sizes": {},
    }
    # DEBUG is off in the children, as in production: pages need the collected files.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=archive.ROOT,
        env={**child_env(0), "DATABASE_URL": archive.database_url(server, "postgres")},
        check=True,
    )
    for n in options.claims:
        run["sizes"][str(n)] = run_size(n, options, server)
    if not options.no_liar:
        run["liar"] = liar_import(server, child_env(0))
        if run["liar"] and not options.no_liar_families:
            run["liar_families"] = liar_families(server, child_env(0))
    outcomes = report.targets(run)
    run["targets"] = report.as_json(outcomes)
    print(report.tables(run))
    print(report.liar(run))
    print("\nTargets (issue 10):")
    print("\n".join(o.line() for o in outcomes))
    if options.json:
        options.json.write_text(json.dumps(run, indent=2) + "\n")
        print(f"\nEvery figure: {options.json}")
    if options.markdown:
        options.markdown.write_text(report.markdown(run) + "\n")


if __name__ == "__main__":
    main()
