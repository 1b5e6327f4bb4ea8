"""Development and demo: SQLite by default, console e-mail, tasks in a worker process."""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DJANGO_DEBUG", True)
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
