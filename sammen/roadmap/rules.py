"""Who may do what with roadmaps. Objects: a municipality for the staff area; a process for everything inside it."""

import rules

from sammen.accounts.rules import is_admin, is_coordinator
from sammen.participation.rules import coordinates_process, is_published

# Object: a municipality.
rules.add_perm("roadmap.view_staff_pages", is_admin | is_coordinator)
# Object: a process. The coordinator of the process's neighbourhood, or a municipality administrator.
rules.add_perm("roadmap.change_roadmap", is_admin | coordinates_process)
rules.add_perm("roadmap.view_roadmap", is_published | is_admin | coordinates_process)
