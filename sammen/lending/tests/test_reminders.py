"""Reminders: the day before, the day after and a week after the due day; each once, in the borrower's language."""

import datetime
import io

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from sammen.core.sms import MemorySmsBackend
from sammen.core.testing import make_user

from ..calendar import today_in
from ..circulation import loan_check_out, loan_extend
from ..models import Reminder
from ..tasks import lending_daily
from .factories import make_borrower, make_depot, make_depot_staff, make_item_type, make_units

pytestmark = pytest.mark.django_db


@pytest.fixture
def loan(world):
    m = world.municipality
    depot = make_depot(m, name="BUA Minne", code_prefix="MIN", phone="+4767000000")
    unit = make_units(make_item_type(depot, name="Telt"), 1)[0]
    staff = make_depot_staff(depot, make_user())
    borrower = make_borrower(m, full_name="Ada Låner", email="ada@example.com", phone="+4790000001", language="da")
    today = today_in(m)
    return loan_check_out(
        actor=staff, depot=depot, borrower=borrower, codes=[unit.code], due_date=today + datetime.timedelta(days=3)
    )


def run_on(day):
    with time_machine.travel(datetime.datetime.combine(day, datetime.time(9)), tick=False):
        call_command("lending_daily", stdout=io.StringIO())


def test_each_reminder_goes_out_once_by_email_and_sms_in_the_borrowers_language(loan):
    due = loan.due_date
    run_on(due - datetime.timedelta(days=2))
    assert Reminder.objects.count() == 0
    run_on(due - datetime.timedelta(days=1))
    run_on(due - datetime.timedelta(days=1))
    assert list(Reminder.objects.values_list("kind", "by_email", "by_sms", "language")) == [
        ("due_soon", True, True, "da")
    ]
    assert mail.outbox[-1].subject == "Påmindelse: aflever dine ting til BUA Minne i morgen"
    assert MemorySmsBackend.outbox[-1].body.startswith("Påmindelse: aflever 1 ting til BUA Minne i morgen")
    run_on(due)
    run_on(due + datetime.timedelta(days=1))
    run_on(due + datetime.timedelta(days=2))
    run_on(due + datetime.timedelta(days=8))
    run_on(due + datetime.timedelta(days=9))
    assert list(Reminder.objects.order_by("id").values_list("kind", flat=True)) == [
        "due_soon",
        "overdue",
        "overdue_again",
    ]
    assert len(mail.outbox) == 3 and len(MemorySmsBackend.outbox) == 3
    assert "Overskredet" in mail.outbox[1].subject


def test_the_task_does_the_same_and_a_returned_loan_gets_nothing(loan):
    from ..circulation import loan_check_in

    loan_check_in(actor=loan.checked_out_by, depot=loan.depot, code=loan.bookings.get().unit.code)
    with time_machine.travel(
        datetime.datetime.combine(loan.due_date + datetime.timedelta(days=1), datetime.time(9)), tick=False
    ):
        result = lending_daily.enqueue()
    assert result.return_value == {"released": 0, "sent": 0, "skipped": 0}


def test_an_extended_loan_is_reminded_again_for_its_new_day(loan):
    run_on(loan.due_date - datetime.timedelta(days=1))
    with time_machine.travel(
        datetime.datetime.combine(loan.due_date - datetime.timedelta(days=1), datetime.time(10)), tick=False
    ):
        loan_extend(actor=loan.checked_out_by, loan=loan, due_date=loan.due_date + datetime.timedelta(days=2))
    run_on(loan.due_date + datetime.timedelta(days=1))
    assert Reminder.objects.filter(kind="due_soon").count() == 1
