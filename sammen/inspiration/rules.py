import rules

from sammen.accounts.rules import is_admin, is_coordinator

# Coordinators and administrators curate the library of their municipality.
rules.add_perm("inspiration.manage_cases", is_admin | is_coordinator)
