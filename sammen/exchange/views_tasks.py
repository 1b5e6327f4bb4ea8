"""Volunteer task pages: find a task, sign up for a shift, the organisation's shifts and roster, and a
volunteer's history of hours."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sammen.core.forms import add_service_errors
from sammen.core.types import AuthedHttpRequest
from sammen.places.models import Municipality
from sammen.places.tenancy import municipality_view

from . import selectors, services
from .forms import ShiftForm, SignupForm, SignupMarkForm, TaskFilterForm, TaskForm
from .models import Shift, ShiftSignup, SignupStatus, VolunteerTask
from .views import join_first, login_view, viewer


@municipality_view
def task_list(request: HttpRequest, *, municipality: Municipality) -> HttpResponse:
    form = TaskFilterForm(request.GET or None, municipality=municipality)
    query, neighbourhood = "", None
    if form.is_bound and form.is_valid():
        query, neighbourhood = form.cleaned_data["q"], form.cleaned_data["neighbourhood"]
    tasks = selectors.task_search(municipality=municipality, query=query, neighbourhood=neighbourhood)
    page = Paginator(tasks, 20).get_page(request.GET.get("page"))
    look = viewer(request, municipality)
    can_post = (
        any(a.organisation_id for a in selectors.actors_for_user(municipality=municipality, user=request.user))
        if look.is_actor
        else False
    )
    return render(request, "exchange/task_list.html", {"form": form, "page": page, "can_post": can_post})


def _task_or_404(request: HttpRequest, municipality: Municipality, task_id: int) -> VolunteerTask:
    task = selectors.task_get(municipality=municipality, task_id=task_id)
    if task is None:
        raise Http404
    can_manage = request.user.has_perm("exchange.manage_task", task)
    if not can_manage and (not task.is_published or task.actor.organisation.status != "approved"):  # type: ignore[union-attr]
        raise Http404
    return task


@municipality_view
def task_detail(request: HttpRequest, *, municipality: Municipality, exchange_task_id: int) -> HttpResponse:
    task = _task_or_404(request, municipality, exchange_task_id)
    shifts = list(selectors.task_shifts(task=task))
    for shift in shifts:
        shift.free = max(0, shift.capacity - shift.taken)  # type: ignore[attr-defined]
    mine: dict[int, ShiftSignup] = {}
    profile = selectors.volunteer_profile(municipality=municipality, user=request.user)
    if profile is not None:
        mine = {
            s.shift_id: s
            for s in ShiftSignup.objects.filter(volunteer=profile, shift__task=task, status=SignupStatus.ACTIVE)
        }
    return render(
        request,
        "exchange/task_detail.html",
        {
            "task": task,
            "shifts": [(s, mine.get(s.pk)) for s in shifts],
            "can_manage": request.user.has_perm("exchange.manage_task", task),
        },
    )


def _organisation_actors(request: HttpRequest, municipality: Municipality) -> list:
    return [a for a in selectors.actors_for_user(municipality=municipality, user=request.user) if a.organisation_id]


@login_view
def task_create(request: AuthedHttpRequest, *, municipality: Municipality) -> HttpResponse:
    actors = _organisation_actors(request, municipality)
    if not actors:
        return join_first(request, organisation_only=True)
    form = TaskForm(request.POST or None, municipality=municipality, actors=actors, initial={"is_published": True})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        actor = data.pop("actor")
        try:
            task = services.task_create(user=request.user, actor=actor, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The task is saved. Now add its shifts."))
            return redirect("exchange:task_shifts", municipality_slug=municipality.slug, exchange_task_id=task.pk)
    return render(request, "exchange/task_form.html", {"form": form, "task": None})


@login_view
def task_edit(request: AuthedHttpRequest, *, municipality: Municipality, exchange_task_id: int) -> HttpResponse:
    task = get_object_or_404(
        VolunteerTask.objects.select_related("actor"), municipality=municipality, pk=exchange_task_id
    )
    if not request.user.has_perm("exchange.manage_task", task):
        raise PermissionDenied
    form = TaskForm(
        request.POST or None, instance=VolunteerTask.objects.get(pk=task.pk), municipality=municipality, actors=[]
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.task_update(user=request.user, task=task, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(task.get_absolute_url())
    return render(request, "exchange/task_form.html", {"form": form, "task": task})


@login_view
def task_shifts(request: AuthedHttpRequest, *, municipality: Municipality, exchange_task_id: int) -> HttpResponse:
    """The organisation adds shifts (once or repeating) and sees who signed up; after a shift it records no-shows."""
    task = get_object_or_404(
        VolunteerTask.objects.select_related("actor__organisation"), municipality=municipality, pk=exchange_task_id
    )
    if not request.user.has_perm("exchange.manage_task", task):
        raise PermissionDenied
    form = ShiftForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            shifts = services.shifts_add(
                user=request.user,
                task=task,
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                capacity=data["capacity"],
                repeat_weeks=data["repeat_weeks"],
                repeat_until=data["repeat_until"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                error.error_dict = {
                    {"starts_at": "start", "ends_at": "end"}.get(k, k): v for k, v in error.error_dict.items()
                }
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(count)d shifts added.") % {"count": len(shifts)})
            return redirect(request.path)
    return render(
        request,
        "exchange/task_shifts.html",
        {
            "task": task,
            "form": form,
            "roster": selectors.shift_roster(task=task),
            "now": timezone.now(),
            "mark_form": SignupMarkForm(),
        },
    )


def _shift_or_404(municipality: Municipality, shift_id: int) -> Shift:
    return get_object_or_404(
        Shift.objects.select_related("task__actor__organisation", "task__venue"),
        task__municipality=municipality,
        pk=shift_id,
    )


@login_view
def shift_signup(request: AuthedHttpRequest, *, municipality: Municipality, exchange_shift_id: int) -> HttpResponse:
    shift = _shift_or_404(municipality, exchange_shift_id)
    task = _task_or_404(request, municipality, shift.task_id)
    profile = selectors.volunteer_profile(municipality=municipality, user=request.user)
    form = SignupForm(
        request.POST or None, initial={"display_name": request.user.full_name, "phone": request.user.phone}
    )
    if request.method == "POST" and (profile is not None or form.is_valid()):
        data = form.cleaned_data if profile is None else {}
        try:
            services.shift_signup(
                user=request.user,
                shift=shift,
                display_name=data.get("display_name", ""),
                phone=data.get("phone", ""),
            )
        except ValidationError as error:
            if profile is None:
                add_service_errors(form, error)
            else:
                messages.error(request, " ".join(error.messages))
                return redirect(task.get_absolute_url())
        else:
            messages.success(request, _("You are signed up. We will remind you the day before."))
            return redirect(task.get_absolute_url())
    taken = shift.signups.filter(status=SignupStatus.ACTIVE).count()
    return render(
        request,
        "exchange/signup_form.html",
        {"shift": shift, "task": task, "form": form if profile is None else None, "free": shift.capacity - taken},
    )


@login_view
@require_POST
def shift_cancel(request: AuthedHttpRequest, *, municipality: Municipality, exchange_shift_id: int) -> HttpResponse:
    shift = _shift_or_404(municipality, exchange_shift_id)
    services.shift_cancel(user=request.user, shift=shift)
    messages.success(request, _("The shift is cancelled and the volunteers are told."))
    return redirect("exchange:task_shifts", municipality_slug=municipality.slug, exchange_task_id=shift.task_id)


def _signup_or_404(municipality: Municipality, signup_id: int) -> ShiftSignup:
    return get_object_or_404(
        ShiftSignup.objects.select_related("shift__task", "volunteer"),
        shift__task__municipality=municipality,
        pk=signup_id,
    )


@login_view
@require_POST
def signup_cancel(request: AuthedHttpRequest, *, municipality: Municipality, exchange_signup_id: int) -> HttpResponse:
    signup = _signup_or_404(municipality, exchange_signup_id)
    try:
        services.signup_cancel(user=request.user, signup=signup)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your place is given up. Thank you for telling us."))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = signup.shift.task.get_absolute_url()
    return redirect(target)


@login_view
@require_POST
def signup_mark(request: AuthedHttpRequest, *, municipality: Municipality, exchange_signup_id: int) -> HttpResponse:
    signup = _signup_or_404(municipality, exchange_signup_id)
    form = SignupMarkForm(request.POST)
    if form.is_valid():
        attended, hours = form.values()
        try:
            services.signup_mark(user=request.user, signup=signup, attended=attended, hours=hours)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Attendance is saved."))
    else:
        messages.error(request, _("Give the hours as a number between 0 and 24."))
    return redirect("exchange:task_shifts", municipality_slug=municipality.slug, exchange_task_id=signup.shift.task_id)


@login_view
def hours(request: AuthedHttpRequest, *, municipality: Municipality) -> HttpResponse:
    profile = selectors.volunteer_profile(municipality=municipality, user=request.user)
    return render(
        request,
        "exchange/hours.html",
        {"profile": profile, "history": selectors.volunteer_hours(volunteer=profile) if profile else None},
    )
