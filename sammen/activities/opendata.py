"""What the catalogue publishes: iCalendar (RFC 5545), schema.org/OpenActive JSON-LD, RPDE feeds, HSDS 3.0.

Builders take a request (for absolute URLs) and records; the views only choose what to build.
"""

from __future__ import annotations

import datetime
import uuid
import zoneinfo
from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event, vRecur

from sammen.organisations.models import Organisation
from sammen.places.models import Municipality, Venue

from . import recurrence
from .models import Activity, ActivityStatus, JoinMethod, PriceType, Session
from .selectors import visible_activities

# Stable UUIDs for records that have none of their own (organisations, venues), from their public address.
NAMESPACE = uuid.UUID("6f1d8a3e-51c2-4c38-9d0e-7a1b0f3c2d45")
OPENACTIVE_CONTEXT = "https://openactive.io/"
LICENSE = "https://creativecommons.org/licenses/by/4.0/"
WEEKDAY_URIS = [
    f"https://schema.org/{d}" for d in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
]


def record_uuid(kind: str, municipality: Municipality, pk: int) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{municipality.slug}/{kind}/{pk}"))


def _abs(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


# iCalendar ------------------------------------------------------------------------------------------------------


def _ical_events(request: HttpRequest, activity: Activity) -> Iterable[Event]:
    tz = zoneinfo.ZoneInfo(activity.municipality.timezone)
    url = _abs(request, activity.get_absolute_url())
    location = ", ".join(p for p in [activity.venue.name, activity.venue.address] if p)
    for schedule in activity.schedules.all():
        event = Event()
        event.add("uid", f"{activity.uuid}-{schedule.pk}@sammen")
        event.add("summary", activity.title)
        event.add("description", f"{activity.description}\n\n{activity.organisation.name}\n{url}")
        event.add("location", location)
        event.add("url", url)
        event.add("dtstamp", activity.updated_at)
        event.add("last-modified", activity.updated_at)
        event.add("dtstart", datetime.datetime.combine(schedule.start_date, schedule.start_time, tzinfo=tz))
        event.add("dtend", datetime.datetime.combine(schedule.start_date, schedule.end_time, tzinfo=tz))
        if activity.venue.latitude is not None:
            event.add("geo", (float(activity.venue.latitude), float(activity.venue.longitude or 0)))
        if schedule.rrule:
            event.add("rrule", vRecur.from_ical(schedule.rrule))
            skipped = set(recurrence.parse_exdates(schedule.exdates)) | {c.date for c in schedule.cancellations.all()}
            for day in sorted(skipped):
                event.add("exdate", datetime.datetime.combine(day, schedule.start_time, tzinfo=tz))
        elif schedule.cancellations.all():
            event.add("status", "CANCELLED")
        yield event


def ical_calendar(request: HttpRequest, *, name: str, activities: Iterable[Activity]) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//sammen//activities//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    for activity in activities:
        for event in _ical_events(request, activity):
            cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()


# schema.org / OpenActive ------------------------------------------------------------------------------------------


def _place(request: HttpRequest, venue: Venue) -> dict[str, Any]:
    place: dict[str, Any] = {
        "@type": "Place",
        "@id": _abs(request, venue.get_absolute_url()),
        "name": venue.name,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": venue.street_address or venue.name,
            "addressLocality": venue.city or venue.municipality.name,
            "addressRegion": venue.municipality.name,
            "postalCode": venue.postal_code or "",
            "addressCountry": venue.municipality.country,
        },
    }
    if venue.latitude is not None:
        place["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(venue.latitude),
            "longitude": float(venue.longitude or 0),
        }  # type: ignore[arg-type]
    return place


def _organizer(request: HttpRequest, organisation: Organisation) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@type": "Organization",
        "@id": _abs(request, organisation.get_absolute_url()),
        "name": organisation.name,
        "url": organisation.website or _abs(request, organisation.get_absolute_url()),
    }
    if organisation.email:
        data["email"] = organisation.email
    if organisation.phone:
        data["telephone"] = organisation.phone
    return data


def _offers(request: HttpRequest, activity: Activity) -> list[dict[str, Any]]:
    url = _abs(request, activity.get_absolute_url())
    if activity.price_type == PriceType.FREE:
        amounts = [("free", str(activity.title), 0)]
    elif activity.price_type == PriceType.FIXED:
        amounts = [("price", str(activity.get_price_period_display()), activity.price_ore or 0)]
    else:
        amounts = [(f"band-{b.pk}", b.label, b.amount_ore) for b in activity.price_bands.all()]
    return [
        {
            "@type": "Offer",
            "@id": f"{url}#/offers/{key}",
            "identifier": key,
            "name": name,
            "price": amount / 100,
            "priceCurrency": "DKK" if activity.municipality.country == "DK" else "NOK",
            "url": activity.join_url or url,
        }
        for key, name, amount in amounts
    ]


def _activity_concept(request: HttpRequest, activity: Activity) -> list[dict[str, Any]]:
    # Our categories are the municipality's own list (not the OpenActive activity list): its search page is the scheme.
    scheme = _abs(request, reverse("activities:search", kwargs={"municipality_slug": activity.municipality.slug}))
    return [
        {
            "@type": "Concept",
            "@id": f"{scheme}?category={activity.category.key}",
            "prefLabel": activity.category.name,
            "inScheme": scheme,
        }
    ]


def _age_range(activity: Activity) -> dict[str, Any] | None:
    if activity.age_min is None and activity.age_max is None:
        return None
    value: dict[str, Any] = {"@type": "QuantitativeValue"}
    if activity.age_min is not None:
        value["minValue"] = activity.age_min
    if activity.age_max is not None:
        value["maxValue"] = activity.age_max
    return value


def _duration(minutes: int) -> str:
    hours, mins = divmod(minutes, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{mins}M" if mins or not hours else "")


def _schedules(activity: Activity) -> list[dict[str, Any]]:
    result = []
    for schedule in activity.schedules.all():
        summary = recurrence.schedule_summary(schedule)
        if "weekdays" not in summary:
            continue
        minutes = (
            datetime.datetime.combine(schedule.start_date, schedule.end_time)
            - datetime.datetime.combine(schedule.start_date, schedule.start_time)
        ).seconds // 60
        item: dict[str, Any] = {
            "@type": "PartialSchedule",
            "repeatFrequency": f"P{summary['interval']}W",
            "byDay": [WEEKDAY_URIS[d] for d in summary["weekdays"]],  # type: ignore[attr-defined]
            "startDate": schedule.start_date.isoformat(),
            "startTime": schedule.start_time.strftime("%H:%M"),
            "endTime": schedule.end_time.strftime("%H:%M"),
            "duration": _duration(minutes),
            "scheduleTimezone": activity.municipality.timezone,
        }
        if summary.get("until"):
            item["endDate"] = summary["until"].isoformat()  # type: ignore[attr-defined]
        result.append(item)
    return result


def session_series(request: HttpRequest, activity: Activity, *, context: bool = True) -> dict[str, Any]:
    """An OpenActive SessionSeries (a schema.org Event subtype)."""
    url = _abs(request, activity.get_absolute_url())
    data: dict[str, Any] = {
        "@type": "SessionSeries",
        "@id": url,
        "identifier": str(activity.uuid),
        "url": url,
        "name": activity.title,
        "description": activity.description,
        "location": _place(request, activity.venue),
        "activity": _activity_concept(request, activity),
        "organizer": _organizer(request, activity.organisation),
        "offers": _offers(request, activity),
        "isAccessibleForFree": activity.price_type == PriceType.FREE,
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "eventSchedule": _schedules(activity),
    }
    if context:
        data = {"@context": OPENACTIVE_CONTEXT, **data}
    age = _age_range(activity)
    if age:
        data["ageRange"] = age
    if activity.capacity:
        data["maximumAttendeeCapacity"] = activity.capacity
    notes = activity.access_labels()
    if notes:
        data["accessibilityInformation"] = ", ".join(notes)
    images = list(activity.images.all())
    if images:
        data["image"] = [{"@type": "ImageObject", "url": _abs(request, i.image.url)} for i in images]
    return data


def scheduled_session(request: HttpRequest, session: Session) -> dict[str, Any]:
    activity = session.activity
    series_url = _abs(request, activity.get_absolute_url())
    tz = zoneinfo.ZoneInfo(activity.municipality.timezone)
    minutes = int((session.ends_at - session.starts_at).total_seconds() // 60)
    return {
        "@context": OPENACTIVE_CONTEXT,
        "@type": "ScheduledSession",
        "@id": f"{series_url}#/subEvent/{session.pk}",
        "identifier": str(session.pk),
        "name": activity.title,
        "startDate": session.starts_at.astimezone(tz).isoformat(),
        "endDate": session.ends_at.astimezone(tz).isoformat(),
        "duration": _duration(minutes),
        "eventStatus": "https://schema.org/EventCancelled"
        if session.is_cancelled
        else "https://schema.org/EventScheduled",
        "superEvent": series_url,
    }


def event_jsonld(request: HttpRequest, activity: Activity, next_session: Session | None) -> dict[str, Any]:
    """schema.org Event for the detail page (search engines): the series with its next session's dates."""
    data = {
        **session_series(request, activity, context=False),
        "@context": "https://schema.org/",
        "@type": "EventSeries",
    }
    data.pop("activity", None)
    data.pop("eventSchedule", None)
    data["organizer"].pop("@id", None)
    data["location"].pop("@id", None)
    for offer in data["offers"]:
        offer.pop("@id", None)
        offer.pop("identifier", None)
    data["@id"] = data.pop("url")
    data["url"] = data["@id"]
    data["eventStatus"] = "https://schema.org/EventScheduled"
    if next_session is not None:
        tz = zoneinfo.ZoneInfo(activity.municipality.timezone)
        data["startDate"] = next_session.starts_at.astimezone(tz).isoformat()
        data["endDate"] = next_session.ends_at.astimezone(tz).isoformat()
    if activity.language_list:
        data["inLanguage"] = activity.language_list
    return data


# RPDE feeds -----------------------------------------------------------------------------------------------------

RPDE_PAGE = 500


def _rpde_page(qs: QuerySet[Any], after_stamp: int | None, after_id: int | None) -> list[Any]:
    if after_stamp is not None and after_id is not None:
        qs = qs.filter(Q(modified_stamp__gt=after_stamp) | Q(modified_stamp=after_stamp, id__gt=after_id))
    elif after_stamp is not None:
        qs = qs.filter(modified_stamp__gt=after_stamp)
    return list(qs.order_by("modified_stamp", "id")[:RPDE_PAGE])


def _next_url(request: HttpRequest, items: list[Any], after_stamp: int | None, after_id: int | None) -> str:
    if items:
        after_stamp, after_id = items[-1].modified_stamp, items[-1].pk
    if after_stamp is None:
        return _abs(request, request.path)
    return _abs(request, f"{request.path}?afterTimestamp={after_stamp}&afterId={after_id}")


def _is_live(activity: Activity, now: datetime.datetime) -> bool:
    from .services import STALE_AFTER

    return (
        activity.status == ActivityStatus.PUBLISHED
        and activity.organisation.is_approved
        and activity.confirmed_at is not None
        and activity.confirmed_at >= now - STALE_AFTER
    )


def rpde_session_series(
    request: HttpRequest, municipality: Municipality, after_stamp: int | None, after_id: int | None
) -> dict[str, Any]:
    now = timezone.now()
    qs = (
        Activity.objects.filter(municipality=municipality)
        .select_related("organisation", "venue__municipality", "category", "municipality")
        .prefetch_related("schedules", "price_bands", "images")
    )
    activities = _rpde_page(qs, after_stamp, after_id)
    items = []
    for activity in activities:
        item: dict[str, Any] = {"id": str(activity.uuid), "kind": "SessionSeries", "modified": activity.modified_stamp}
        if _is_live(activity, now):
            item["state"] = "updated"
            item["data"] = session_series(request, activity)
        else:
            item["state"] = "deleted"
        items.append(item)
    return {"next": _next_url(request, activities, after_stamp, after_id), "items": items, "license": LICENSE}


def rpde_scheduled_sessions(
    request: HttpRequest, municipality: Municipality, after_stamp: int | None, after_id: int | None
) -> dict[str, Any]:
    now = timezone.now()
    qs = Session.objects.filter(municipality=municipality).select_related(
        "activity__municipality", "activity__organisation"
    )
    sessions = _rpde_page(qs, after_stamp, after_id)
    items = []
    for session in sessions:
        item: dict[str, Any] = {"id": str(session.pk), "kind": "ScheduledSession", "modified": session.modified_stamp}
        if not session.is_removed and _is_live(session.activity, now):
            item["state"] = "updated"
            item["data"] = scheduled_session(request, session)
        else:
            item["state"] = "deleted"
        items.append(item)
    return {"next": _next_url(request, sessions, after_stamp, after_id), "items": items, "license": LICENSE}


# Open Referral HSDS 3.0 -----------------------------------------------------------------------------------------


def hsds_organization(request: HttpRequest, organisation: Organisation, *, full: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": record_uuid("organisation", organisation.municipality, organisation.pk),
        "name": organisation.name,
        "description": organisation.description or organisation.name,
        "uri": _abs(request, organisation.get_absolute_url()),
    }
    if organisation.email:
        data["email"] = organisation.email
    if organisation.website:
        data["website"] = organisation.website
    if organisation.registration_number:
        data["tax_id"] = organisation.registration_number
    if full:
        data["phones"] = (
            [
                {
                    "id": record_uuid("organisation-phone", organisation.municipality, organisation.pk),
                    "number": organisation.phone,
                }
            ]
            if organisation.phone
            else []
        )
    return data


def hsds_location(request: HttpRequest, venue: Venue) -> dict[str, Any]:
    m = venue.municipality
    location_id = record_uuid("venue", m, venue.pk)
    data: dict[str, Any] = {
        "id": location_id,
        "location_type": "physical",
        "url": _abs(request, venue.get_absolute_url()),
        "name": venue.name,
        "description": venue.description,
        "addresses": [
            {
                "id": record_uuid("venue-address", m, venue.pk),
                "location_id": location_id,
                "address_1": venue.street_address or venue.name,
                "city": venue.city or m.name,
                "state_province": m.name,
                "postal_code": venue.postal_code or "",
                "country": m.country,
                "address_type": "physical",
            }
        ],
        "accessibility": [
            {"id": record_uuid(f"venue-access-{i}", m, venue.pk), "location_id": location_id, "description": str(label)}
            for i, label in enumerate(venue.accessibility_facts())
        ],
    }
    if venue.latitude is not None:
        data["latitude"] = float(venue.latitude)
        data["longitude"] = float(venue.longitude or 0)
    return data


def _utc_offset_hours(tz_name: str, day: datetime.date) -> float:
    tz = zoneinfo.ZoneInfo(tz_name)
    offset = datetime.datetime.combine(day, datetime.time(12), tzinfo=tz).utcoffset() or datetime.timedelta()
    return offset.total_seconds() / 3600


def hsds_schedules(activity: Activity, service_id: str) -> list[dict[str, Any]]:
    schedules = []
    for schedule in activity.schedules.all():
        parts = dict(p.split("=", 1) for p in schedule.rrule.split(";") if "=" in p) if schedule.rrule else {}
        item: dict[str, Any] = {
            "id": record_uuid("schedule", activity.municipality, schedule.pk),
            "service_id": service_id,
            "valid_from": schedule.start_date.isoformat(),
            "dtstart": schedule.start_date.isoformat(),
            "timezone": _utc_offset_hours(activity.municipality.timezone, schedule.start_date),
            "opens_at": schedule.start_time.strftime("%H:%M"),
            "closes_at": schedule.end_time.strftime("%H:%M"),
            "description": activity.title,
        }
        if parts.get("FREQ") in ("WEEKLY", "MONTHLY"):
            item["freq"] = parts["FREQ"]
            item["interval"] = int(parts.get("INTERVAL", "1"))
            if "BYDAY" in parts:
                item["byday"] = parts["BYDAY"]
            if "UNTIL" in parts:
                until = datetime.datetime.strptime(parts["UNTIL"][:8], "%Y%m%d").date().isoformat()
                item["until"] = until
                item["valid_to"] = until
            if "COUNT" in parts:
                item["count"] = int(parts["COUNT"])
        elif not schedule.rrule:
            item["valid_to"] = schedule.start_date.isoformat()
        if schedule.exdates:
            item["notes"] = "EXDATE " + schedule.exdates
        schedules.append(item)
    return schedules


def hsds_service(request: HttpRequest, activity: Activity, *, full: bool = True) -> dict[str, Any]:
    m = activity.municipality
    service_id = str(activity.uuid)
    data: dict[str, Any] = {
        "id": service_id,
        "organization_id": record_uuid("organisation", m, activity.organisation_id),
        "name": activity.title,
        "description": activity.description,
        "url": _abs(request, activity.get_absolute_url()),
        "status": "active" if activity.status == ActivityStatus.PUBLISHED else "temporarily closed",
        "last_modified": activity.updated_at.isoformat(),
    }
    if activity.contact_email:
        data["email"] = activity.contact_email
    if activity.age_min is not None:
        data["minimum_age"] = activity.age_min
    if activity.age_max is not None:
        data["maximum_age"] = activity.age_max
    if activity.join_method == JoinMethod.EXTERNAL:
        data["application_process"] = activity.join_url
    data["fees_description"] = (
        "free"
        if activity.price_type == PriceType.FREE
        else ", ".join(f"{o['name']}: {o['price']:.2f} {o['priceCurrency']}" for o in _offers(request, activity))
    )
    if not full:
        return data
    location = hsds_location(request, activity.venue)
    currency = "DKK" if m.country == "DK" else "NOK"
    data.update(
        {
            "organization": hsds_organization(request, activity.organisation),
            "schedules": hsds_schedules(activity, service_id),
            "service_at_locations": [
                {
                    "id": record_uuid("service-at-location", m, activity.pk),
                    "service_id": service_id,
                    "location_id": location["id"],
                    "location": location,
                }
            ],
            "languages": [
                {
                    "id": record_uuid(f"language-{code}", m, activity.pk),
                    "service_id": service_id,
                    "code": code,
                    "name": label,
                }
                for code, label in zip(activity.language_list, activity.language_labels(), strict=False)
            ],
            "cost_options": [
                {
                    "id": record_uuid(f"cost-{offer['identifier']}", m, activity.pk),
                    "service_id": service_id,
                    "option": offer["name"],
                    "currency": currency,
                    "amount": offer["price"],
                }
                for offer in _offers(request, activity)
            ],
            "contacts": (
                [
                    {
                        "id": record_uuid("contact", m, activity.pk),
                        "service_id": service_id,
                        "name": activity.contact_name,
                        "email": activity.contact_email or None,
                    }
                ]
                if activity.contact_name
                else []
            ),
            "phones": (
                [
                    {
                        "id": record_uuid("phone", m, activity.pk),
                        "service_id": service_id,
                        "number": activity.contact_phone,
                    }
                ]
                if activity.contact_phone
                else []
            ),
        }
    )
    for contact in data["contacts"]:
        if contact["email"] is None:
            del contact["email"]
    return data


def hsds_page(
    request: HttpRequest, contents: list[dict[str, Any]], *, total: int, page: int, per_page: int
) -> dict[str, Any]:
    pages = max(1, -(-total // per_page))
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= pages,
        "empty": not contents,
        "contents": contents,
    }


def hsds_services(request: HttpRequest, municipality: Municipality, *, page: int, per_page: int) -> dict[str, Any]:
    qs = (
        visible_activities(municipality=municipality)
        .select_related("organisation__municipality", "venue__municipality", "municipality", "category")
        .prefetch_related("schedules", "price_bands")
        .order_by("id")
    )
    total = qs.count()
    items = list(qs[(page - 1) * per_page : page * per_page])
    return hsds_page(request, [hsds_service(request, a) for a in items], total=total, page=page, per_page=per_page)


def hsds_organizations(request: HttpRequest, municipality: Municipality, *, page: int, per_page: int) -> dict[str, Any]:
    org_ids = visible_activities(municipality=municipality).values("organisation_id")
    qs = Organisation.objects.filter(pk__in=org_ids).select_related("municipality").order_by("id")
    total = qs.count()
    items = list(qs[(page - 1) * per_page : page * per_page])
    return hsds_page(request, [hsds_organization(request, o) for o in items], total=total, page=page, per_page=per_page)


def hsds_organization_full(request: HttpRequest, organisation: Organisation) -> dict[str, Any]:
    data = hsds_organization(request, organisation, full=True)
    venues = {
        a.venue
        for a in visible_activities(municipality=organisation.municipality)
        .filter(organisation=organisation)
        .select_related("venue__municipality")
    }
    data["locations"] = [hsds_location(request, v) for v in sorted(venues, key=lambda v: v.pk)]
    return data


def organisation_by_uuid(municipality: Municipality, value: str) -> Organisation | None:
    for organisation in Organisation.objects.filter(municipality=municipality, activities__isnull=False).distinct():
        if record_uuid("organisation", municipality, organisation.pk) == value:
            return organisation
    return None


def cancelled_dates(activity: Activity) -> dict[datetime.date, str]:
    return {c.date: c.reason for s in activity.schedules.all() for c in s.cancellations.all()}
