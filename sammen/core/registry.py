"""Extension points the modules fill in: landing-page sections, staff links and privacy handlers.

Each app declares its entries in `sections.py` or `privacy.py`; CoreConfig.ready() imports those modules.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.http import HttpRequest

    from sammen.accounts.models import User
    from sammen.places.models import Municipality, Neighbourhood


@dataclass(frozen=True)
class Section:
    """A block on the municipality or neighbourhood landing page, filled by a module."""

    key: str
    order: int
    template: str
    # Returns the template context, or None when the section has nothing to show.
    context: Callable[[HttpRequest, Municipality, Neighbourhood | None], dict[str, Any] | None]


@dataclass(frozen=True)
class StaffLink:
    """A link on the staff dashboard, shown to users for whom `visible` is true."""

    key: str
    order: int
    label: Any
    url_name: str
    visible: Callable[[User, Municipality], bool]
    description: Any = ""


@dataclass(frozen=True)
class NavLink:
    """A public link in a municipality's main navigation (reversed with the municipality's slug)."""

    key: str
    order: int
    label: Any
    url_name: str


@dataclass(frozen=True)
class PrivacyHandler:
    """How one app exports and erases a person's data."""

    key: str
    description: Any
    export: Callable[[User], Any]
    erase: Callable[[User], None]
    order: int = 100


@dataclass
class Registry:
    sections: dict[str, Section] = field(default_factory=dict)
    staff_links: dict[str, StaffLink] = field(default_factory=dict)
    privacy: dict[str, PrivacyHandler] = field(default_factory=dict)
    nav_links: dict[str, NavLink] = field(default_factory=dict)

    def add_nav_link(self, link: NavLink) -> None:
        self.nav_links[link.key] = link

    def ordered_nav_links(self) -> list[NavLink]:
        return sorted(self.nav_links.values(), key=lambda s: (s.order, s.key))

    def add_section(self, section: Section) -> None:
        self.sections[section.key] = section

    def add_staff_link(self, link: StaffLink) -> None:
        self.staff_links[link.key] = link

    def add_privacy_handler(self, handler: PrivacyHandler) -> None:
        self.privacy[handler.key] = handler

    def ordered_sections(self) -> list[Section]:
        return sorted(self.sections.values(), key=lambda s: (s.order, s.key))

    def ordered_staff_links(self) -> list[StaffLink]:
        return sorted(self.staff_links.values(), key=lambda s: (s.order, s.key))

    def ordered_privacy(self) -> list[PrivacyHandler]:
        return sorted(self.privacy.values(), key=lambda s: (s.order, s.key))


registry = Registry()
