from sammen.core.testing import TenantKwarg
from sammen.inspiration.models import Case


def _case(municipality, built):
    return Case.objects.create(
        municipality=municipality,
        title=f"Sak {Case.objects.count() + 1}",
        summary="Noe",
        actors="Noen",
        place="Et sted",
        status="published",
    )


URL_KWARGS = {"case_id": TenantKwarg(Case, "pk", _case)}
