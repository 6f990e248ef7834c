"""The job queue: Procrastinate on the primary PostgreSQL database, nothing else to run.

Jobs are rows in the queue's tables (``procrastinate_jobs`` …, created by its migrations),
written through Django's own connection: a job deferred inside a transaction is part of
it, so a write that rolls back enqueues nothing and one that commits never loses its
jobs. Workers (``manage.py procrastinate worker``; ``quickstart`` runs one beside the
server) take jobs with ``SELECT … FOR UPDATE SKIP LOCKED``, so any number of them, on any
number of machines, share one queue. Their settings (heartbeat, stalled workers, LISTEN
or polling) come from ``PROCRASTINATE_WORKER_DEFAULTS`` in ``factcheck/settings.py``; the
job that runs again the jobs of a dead worker is in ``factcheck.jobs.tasks``; the worker
that outlives a database restart in ``factcheck.jobs.worker``. The long commands staff start
from the admin (``JobRun``: ``models``, ``services``, ``runs``, ``admin``) are jobs too.
See docs/operations.md, "Jobs and workers" and "Long commands from the admin".
"""
