"""Alerts by email (docs/alerts.md): journalists and readers follow a speaker, a topic or
a search and are told when one of our verdicts on it is published, corrected, updated or
retracted, at once or in a daily digest; a reader who suggested a claim and left an
address is told once when it is checked.

Addresses are personal data: kept only with the person's consent (double opt-in for
subscriptions, a ticked box for suggestions), deleted on unsubscribe or on request
(``subscriber_forget``, ``manage.py forget_subscriber``), and never written to the API,
exports, webhook payloads, the audit history or job arguments (jobs carry row ids).

The mail is sent by jobs (``factcheck.jobs``, Procrastinate) enqueued in the transaction
of the publication through ``factcheck.base.events``; what it says is read from the public
record (``claims.selectors.public``) when it is sent, never from the newsroom's rows.
"""
