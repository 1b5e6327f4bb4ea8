"""Background work of the roadmap: the fates digest and the council report."""

from __future__ import annotations

from django.tasks import task


@task()
def roadmap_digest() -> int:
    """Tell everyone concerned what became of the inputs that changed since the last run; returns messages sent."""
    from .digest import digest_send

    return digest_send().messages


@task()
def council_report(*, job_id: int) -> str:
    from .models import ReportJob
    from .reports import report_run

    job = ReportJob.objects.filter(pk=job_id).first()
    if job is None:
        return "missing"
    return str(report_run(job=job).status)
