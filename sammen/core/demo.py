"""The demo data set: each app's `demo.py` has `load(ctx)`, run in INSTALLED_APPS order by `manage.py demo_setup`.

Every loader is idempotent (get-or-create on natural keys), so running the demo again changes nothing.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.apps import apps

if TYPE_CHECKING:
    from sammen.accounts.models import User
    from sammen.places.models import Municipality, Neighbourhood

DEMO_PASSWORD = "sammen-demo-2026"


@dataclass
class DemoUser:
    email: str
    role: str
    where: str


@dataclass
class DemoContext:
    municipalities: dict[str, Municipality] = field(default_factory=dict)
    neighbourhoods: dict[str, Neighbourhood] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    objects: dict[str, Any] = field(default_factory=dict)
    printed_users: list[DemoUser] = field(default_factory=list)

    def announce_user(self, email: str, role: str, where: str) -> None:
        self.printed_users.append(DemoUser(email=email, role=role, where=where))


def demo_user(
    ctx: DemoContext,
    *,
    key: str,
    email: str,
    full_name: str,
    role: str,
    where: str,
    language: str = "nb",
    superuser: bool = False,
) -> User:
    """A demo account with a confirmed e-mail address and the shared demo password."""
    from allauth.account.models import EmailAddress

    from sammen.accounts.models import User

    user = User.objects.filter(email=email).first()
    if user is None:
        if superuser:
            user = User.objects.create_superuser(email=email, password=DEMO_PASSWORD, full_name=full_name)
        else:
            user = User.objects.create_user(email=email, password=DEMO_PASSWORD, full_name=full_name)
        user.language = language
        user.save(update_fields=["language"])
    EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    ctx.users[key] = user
    ctx.announce_user(email, role, where)
    return user


def run_all_loaders(ctx: DemoContext) -> list[str]:
    loaded = []
    for config in apps.get_app_configs():
        if not config.name.startswith("sammen."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError as error:
            if error.name == f"{config.name}.demo":
                continue
            raise
        loader = getattr(module, "load", None)
        if loader is not None:
            loader(ctx)
            loaded.append(config.label)
    return loaded
