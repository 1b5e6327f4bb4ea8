from django.utils.translation import gettext_lazy as _

from sammen.core.registry import StaffLink, registry

registry.add_staff_link(
    StaffLink(
        key="places.neighbourhoods",
        order=10,
        label=_("Neighbourhoods"),
        url_name="places:staff_neighbourhoods",
        visible=lambda user, m: user.has_perm("core.view_staff_area", m),
        description=_("Describe the neighbourhoods and open new ones."),
    )
)
registry.add_staff_link(
    StaffLink(
        key="places.venues",
        order=20,
        label=_("Venues"),
        url_name="places:staff_venues",
        visible=lambda user, m: user.has_perm("places.manage_venues", m),
        description=_("Halls, libraries, parks and other places shared by every module."),
    )
)
registry.add_staff_link(
    StaffLink(
        key="places.settings",
        order=900,
        label=_("Municipality settings"),
        url_name="places:staff_municipality",
        visible=lambda user, m: user.has_perm("places.change_municipality", m),
        description=_("Name, introduction, contact, privacy and accessibility information."),
    )
)
