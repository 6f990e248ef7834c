"""Telling the newsroom's other tools what happened: webhooks (docs/webhooks.md).

Events come from the domain through ``factcheck.base.events``, in the transaction of the
write that caused them; this app records each event and one delivery per subscribed
endpoint there, and enqueues the deliveries as jobs (``factcheck.jobs``, Procrastinate)
in the same transaction. Workers send them through the one outbound client
(``factcheck.base.outbound``), signed per Standard Webhooks, retried with backoff.
"""
