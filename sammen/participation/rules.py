"""Who may do what with co-creation processes.

Objects: a municipality for listing and creating; a neighbourhood for creating a process there; a process for
everything inside it (engagements, inputs, moderation, imports).
"""

from __future__ import annotations

from typing import Any

import rules

from sammen.accounts.roles import held_roles
from sammen.accounts.rules import coordinates_neighbourhood, is_admin, is_coordinator


@rules.predicate
def coordinates_process(user: Any, process: Any) -> bool:
    return process is not None and held_roles(user).coordinates(process.neighbourhood_id)


@rules.predicate
def is_published(user: Any, process: Any) -> bool:
    return process is not None and bool(process.is_published)


# Object: a municipality.
rules.add_perm("participation.view_staff_pages", is_admin | is_coordinator)
# Object: a neighbourhood.
rules.add_perm("participation.create_process", is_admin | coordinates_neighbourhood)
# Object: a process.
rules.add_perm("participation.change_process", is_admin | coordinates_process)
rules.add_perm("participation.view_process", is_published | is_admin | coordinates_process)
