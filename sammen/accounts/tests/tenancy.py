from sammen.accounts.models import Role, RoleAssignment
from sammen.core.testing import TenantKwarg, grant, make_user

URL_KWARGS = {
    "assignment_id": TenantKwarg(
        RoleAssignment,
        "pk",
        lambda m, built: RoleAssignment.objects.get(user=grant(make_user(), m, Role.CASEWORKER), municipality=m),
    ),
}
