import rules

from sammen.accounts.rules import coordinates_neighbourhood, is_admin, is_coordinator

rules.add_perm("places.change_municipality", is_admin)
rules.add_perm("places.manage_neighbourhoods", is_admin)
# Object: a neighbourhood. Its coordinators may describe it; admins may change anything.
rules.add_perm("places.change_neighbourhood", is_admin | coordinates_neighbourhood)
rules.add_perm("places.manage_venues", is_admin | is_coordinator)
