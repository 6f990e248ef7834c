"""The benchmark suite: ``python -m benchmarks --claims 1000000 --json results.json``.

Each workload (the public API, the pages, the newsroom's admin) is measured beside its
baselines in the same run: raw SQL producing the same JSON, a bare Django
``JsonResponse``, and a plain DRF endpoint serving the same documents. See
docs/performance.md.
"""
