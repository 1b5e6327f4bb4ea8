"""How the analysis shows: a tab in each co-creation process's staff navigation."""

from django.utils.translation import gettext_lazy as _

from sammen.participation.hooks import ProcessStaffLink, add_process_staff_link

add_process_staff_link(ProcessStaffLink(key="analysis", order=50, label=_("Analysis"), url_name="analysis:themes"))
