"""Who may analyse a process's inputs: its neighbourhood's coordinators and the municipality's admins.

Objects: a municipality for the staff pages in general; a process for everything inside it.
"""

from __future__ import annotations

import rules

from sammen.accounts.rules import is_admin, is_coordinator
from sammen.participation.rules import coordinates_process

# Object: a municipality.
rules.add_perm("analysis.view_staff_pages", is_admin | is_coordinator)
# Object: a process.
rules.add_perm("analysis.analyse_process", is_admin | coordinates_process)
