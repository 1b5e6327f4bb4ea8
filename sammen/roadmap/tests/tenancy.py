"""URL kwargs of the roadmap app, for the tenancy crawler (sammen/core/tests/test_tenancy.py)."""

from django.core.files.base import ContentFile

from sammen.core.testing import TenantKwarg
from sammen.participation.tests.factories import make_process
from sammen.roadmap.models import Goal, KnowledgeBaseAttachment, Measure, MeasureActor, ReportJob, Strategy

from .factories import make_actor, make_goal, make_measure, make_roadmap, make_strategy


def _process(municipality, built):
    process = built.get("process_slug") or make_process(municipality, areas=1)
    if not hasattr(process, "roadmap"):
        make_roadmap(process)
    return process


def _goal(municipality, built):
    return built.get("goal_id") or make_goal(_process(municipality, built))


def _measure(municipality, built):
    return built.get("measure_id") or make_measure(_process(municipality, built), goal=_goal(municipality, built))


def _attachment(municipality, built):
    process = _process(municipality, built)
    return KnowledgeBaseAttachment.objects.create(
        roadmap=process.roadmap,
        file=ContentFile(b"%PDF-1.4\n", name="kunnskap.pdf"),
        title="Kunnskap",
        content_type="application/pdf",
        size=9,
    )


URL_KWARGS = {
    "knowledge_base_attachment_id": TenantKwarg(KnowledgeBaseAttachment, "pk", _attachment),
    "goal_id": TenantKwarg(Goal, "pk", _goal),
    "strategy_id": TenantKwarg(Strategy, "pk", lambda m, built: make_strategy(_goal(m, built))),
    "measure_id": TenantKwarg(Measure, "pk", _measure),
    "measure_actor_id": TenantKwarg(MeasureActor, "pk", lambda m, built: make_actor(_measure(m, built))),
    "report_job_id": TenantKwarg(
        ReportJob, "pk", lambda m, built: ReportJob.objects.create(process=_process(m, built), status="done")
    ),
}
