"""The long commands in the admin: start one (the vector backfill, an import from a URL),
then watch it on its page, which reloads itself while it runs (a plain meta refresh: the
site's CSP allows no inline script). Every write is a service call
(``factcheck.jobs.services``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from factcheck.base.admin_helpers import AUDIT_FIELDS, ServiceAdmin
from factcheck.jobs import services
from factcheck.jobs.models import START_EMBEDDING, START_IMPORT, JobRun, RunKind, RunStatus
from factcheck.jobs.selectors import any_active, queue_status, runs, workers_alive

VIEW = "jobs.view_jobrun"
# Seconds between reloads of a run's page while it runs, and of the list while any does.
REFRESH_RUN, REFRESH_LIST = 2, 5
UNITS = {
    RunKind.EMBED_CLAIMS: gettext_noop("claims"),
    RunKind.IMPORT_CLAIMREVIEW: gettext_noop("reviews"),
}
STARTS = {RunKind.EMBED_CLAIMS: START_EMBEDDING, RunKind.IMPORT_CLAIMREVIEW: START_IMPORT}


def _user(request: HttpRequest) -> Any:
    return request.user


def _startable(request: HttpRequest) -> list[tuple[str, str]]:
    user = _user(request)
    return [(kind.value, kind.label) for kind in RunKind if user.has_perm(STARTS[kind])]


class StartForm(forms.ModelForm):
    class Meta:
        model = JobRun
        fields = ["kind", "source_url", "skip_invalid"]
        help_texts = {
            "kind": _("What to run; it runs in a job worker, and this page shows how far it got.")
        }


def _seconds(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def progress_text(run: JobRun) -> str:
    """ "1,200 of 5,000 claims (24 %), 21.5 a second, about 3 min left"."""
    unit = gettext(UNITS[RunKind(run.kind)])
    if run.total is None and not run.done:
        return gettext("Not begun") if run.active else "—"
    if run.total:
        text = gettext("%(done)s of %(total)s %(unit)s") % {
            "done": f"{run.done:,}",
            "total": f"{run.total:,}",
            "unit": unit,
        }
        text += f" ({min(100, 100 * run.done // run.total)} %)"
    else:
        text = f"{run.done:,} {unit}"
    rate = run.rate()
    if rate:
        text += gettext(", %(rate)s a second") % {"rate": f"{rate:,.1f}"}
        if run.active and run.total and run.total > run.done:
            left = _seconds((run.total - run.done) / rate)
            text += gettext(", about %(left)s left") % {"left": left}
    if not run.active and run.began_at is not None:
        text += gettext(", in %(took)s") % {"took": _seconds(run.seconds())}
    return text


@admin.register(JobRun)
class JobRunAdmin(ServiceAdmin):
    form = StartForm
    list_display = [
        "__str__",
        "status",
        "progress_text",
        "started_by",
        "created_at",
        "finished_at",
    ]
    list_filter = ["status", "kind"]
    list_select_related = ["started_by"]
    readonly_fields = [
        "kind",
        "state",
        "progress",
        "started_by",
        "source_url",
        "skip_invalid",
        "attempts",
        "queue",
        "began_at",
        "finished_at",
        "result_text",
        "error",
        *AUDIT_FIELDS,
    ]

    def get_queryset(self, request: HttpRequest) -> Any:
        return runs()

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ["kind", "source_url", "skip_invalid"]
        return self.readonly_fields

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return [] if obj is None else self.readonly_fields

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change, **kwargs)
        if obj is None and "kind" in form.base_fields:
            form.base_fields["kind"].choices = _startable(request)
        return form

    # Who sees what: staff with the permission to view runs or to start one. Runs are
    # never edited nor deleted: they are the record of what was done.

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        user = _user(request)
        return bool(
            user.is_active and user.is_staff and (user.has_perm(VIEW) or _startable(request))
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        user = _user(request)
        return bool(user.is_active and user.is_staff and _startable(request))

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("Progress"))
    def progress_text(self, obj: JobRun) -> str:
        return progress_text(obj)

    @admin.display(description=_("Progress"))
    def progress(self, obj: JobRun) -> str:
        text = progress_text(obj)
        if not obj.total:
            return text
        return format_html(
            '<progress max="{}" value="{}">{}</progress> {}',
            obj.total,
            min(obj.done, obj.total),
            f"{min(100, 100 * obj.done // obj.total)} %",
            text,
        )

    @admin.display(description=_("State"))
    def state(self, obj: JobRun) -> str:
        said = gettext(obj.get_status_display())
        if obj.status == RunStatus.QUEUED and not workers_alive(
            within_seconds=settings.FACTCHECK_JOBS_STALLED_SECONDS
        ):
            said += gettext(
                ": no job worker is running. Start one (“manage.py procrastinate worker”; "
                "“manage.py quickstart” runs one beside the server)."
            )
        elif obj.status == RunStatus.RUNNING and queue_status(obj) == "todo":
            said += gettext(" (its worker stopped; it runs again when a worker takes it)")
        if obj.active:
            said += "" if said.endswith(".") else "."
            said += " " + gettext("This page reloads every %(seconds)s seconds.") % {
                "seconds": REFRESH_RUN
            }
        return said

    @admin.display(description=_("Job in the queue"))
    def queue(self, obj: JobRun) -> str:
        status = queue_status(obj)
        if obj.job_id is None:
            return "—"
        if status is None:
            return gettext("#%(job)s, finished (finished jobs leave the queue)") % {
                "job": obj.job_id
            }
        if status == "failed":
            return gettext(
                "#%(job)s, failed: kept in the queue's dead letters (Procrastinate jobs, status "
                "failed), with a Retry action for administrators"
            ) % {"job": obj.job_id}
        return f"#{obj.job_id}, {status}"

    @admin.display(description=_("Result"))
    def result_text(self, obj: JobRun) -> str:
        return format_html("<pre>{}</pre>", obj.result) if obj.result else "—"

    def render_change_form(
        self,
        request: HttpRequest,
        context: Any,
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: Any = None,
    ) -> Any:
        context["refresh_seconds"] = REFRESH_RUN if obj is not None and obj.active else None
        return super().render_change_form(request, context, add, change, form_url, obj)

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        extra = {
            **(extra_context or {}),
            "refresh_seconds": REFRESH_LIST if any_active() else None,
        }
        return super().changelist_view(request, extra)

    def write(self, request: HttpRequest, form: Any, formsets: list[Any], change: bool) -> JobRun:
        data = form.cleaned_data
        if data["kind"] == RunKind.EMBED_CLAIMS:
            return services.job_run_embed_claims(user=request.user)
        return services.job_run_import_claimreview(
            user=request.user, url=data.get("source_url") or "", skip_invalid=data["skip_invalid"]
        )

    def response_add(self, request: HttpRequest, obj: Any, post_url_continue: Any = None) -> Any:
        messages.success(
            request,
            gettext("%(run)s started: a job worker runs it; this page shows how far it got.")
            % {"run": obj},
        )
        return HttpResponseRedirect(reverse("admin:jobs_jobrun_change", args=[obj.pk]))
