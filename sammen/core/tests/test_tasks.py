"""Background work: immediate in tests; stored in the database and run by `db_worker` in production."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.tasks import task_backends
from django.test import override_settings

from sammen.core.sms import MemorySmsBackend
from sammen.core.tasks import send_email, send_text_message


def test_tasks_run_immediately_in_tests():
    result = send_email.enqueue(subject="Hei", body="Tekst", to=["a@example.com"])
    assert result.return_value == 1
    assert mail.outbox[0].subject == "Hei"
    send_text_message.enqueue(to="+4799999999", body="Påminnelse")
    assert MemorySmsBackend.outbox[-1].body == "Påminnelse"


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}})
def test_database_backend_stores_the_task_and_the_worker_runs_it():
    assert type(task_backends["default"]).__name__ == "DatabaseBackend"
    result = send_email.enqueue(subject="Kø", body="Fra køen", to=["b@example.com"])
    assert mail.outbox == []
    call_command("db_worker", batch=True, no_startup_delay=True, reload=False, verbosity=0)
    result.refresh()
    assert result.status == "SUCCESSFUL"
    assert [m.subject for m in mail.outbox] == ["Kø"]
