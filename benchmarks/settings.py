"""The project's settings with the baselines mounted beside the real routes."""

from factcheck.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.urls"
