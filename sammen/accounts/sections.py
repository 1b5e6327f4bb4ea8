from django.utils.translation import gettext_lazy as _

from sammen.core.registry import StaffLink, registry

registry.add_staff_link(
    StaffLink(
        key="accounts.roles",
        order=800,
        label=_("People and roles"),
        url_name="accounts_staff:roles",
        visible=lambda user, m: user.has_perm("accounts.manage_roles", m),
        description=_("Who are administrators, coordinators and caseworkers."),
    )
)
registry.add_staff_link(
    StaffLink(
        key="core.audit",
        order=850,
        label=_("Audit log"),
        url_name="core:audit_log",
        visible=lambda user, m: user.has_perm("core.view_audit_log", m),
        description=_("Every change made by staff, with the values before and after."),
    )
)
