"""What residents do in the idea portal: send an idea or need (with or without an account), support an input
(+1, once per person), comment, and follow an input. Staff moderate comments here too.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from sammen.accounts.models import User
from sammen.core.audit import audit_record, snapshot
from sammen.core.sanitise import strip_html
from sammen.core.tasks import send_email

from .models import (
    Channel,
    Comment,
    CommentStatus,
    FocusArea,
    Follow,
    Input,
    InputKind,
    InputStatus,
    Moderation,
    Process,
    Support,
)
from .services import InputData, attach_to_input, authorise_process, create_inputs

COMMENT_MAX_LENGTH = 2000


def anonymous_supporter_key(raw: str) -> str:
    """The stored form of a browser's supporter cookie: keyed with the site's secret, so it cannot be reversed."""
    return salted_hmac("participation.supporter", raw, algorithm="sha256").hexdigest()


def idea_submit(
    *,
    process: Process,
    text: str,
    kind: str = InputKind.IDEA,
    language: str = "",
    focus_area: FocusArea | None = None,
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    contact_email: str = "",
    contact_phone: str = "",
    consent: bool = False,
    ui_language: str = "",
    user: Any = None,
    image: Any = None,
    image_alt: str = "",
) -> Input:
    """A resident sends an idea or need. It waits for a moderator (pre-moderation) or is shown at once."""
    if not (process.is_published and process.accepts_ideas):
        raise ValidationError(_("This process is not taking ideas at the moment."))
    if kind not in InputKind.values:
        raise ValidationError({"kind": _("Choose what kind of input this is.")})
    if focus_area is not None and focus_area.process_id != process.pk:
        raise ValidationError({"focus_area": _("The focus area belongs to another process.")})
    author = user if user is not None and user.is_authenticated else None
    contact_email, contact_phone = (contact_email or "").strip(), (contact_phone or "").strip()
    if contact_phone and not contact_phone.replace(" ", "").lstrip("+").isdigit():
        raise ValidationError({"contact_phone": _("Enter a mobile number with digits only, e.g. +47 912 34 567.")})
    status = InputStatus.PENDING if process.moderation == Moderation.PRE else InputStatus.PUBLISHED
    data = InputData(
        text=text,
        received_on=timezone.localdate(),
        channel=Channel.PORTAL,
        kind=kind,
        language=language,
        latitude=latitude,
        longitude=longitude,
        focus_area_ids=(focus_area.pk,) if focus_area is not None else (),
        contact_email=contact_email,
        contact_phone=contact_phone,
        contact_consent=consent,
    )
    with transaction.atomic():
        (item,) = create_inputs(process=process, datas=[data], status=status, entered_by=None, author=author)
        if item.has_contact:
            Input.objects.filter(pk=item.pk).update(contact_language=ui_language[:8])
            item.contact_language = ui_language[:8]
        if image:
            try:
                attach_to_input(item=item, upload=image, alt_text=image_alt, images_only=True)
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    raise ValidationError(
                        {("image_alt" if k == "alt_text" else "image"): v for k, v in error.error_dict.items()}
                    ) from error
                raise
        if author is not None:
            Follow.objects.create(input=item, user=author)
        audit_record(
            actor=author,
            municipality=process.municipality,
            action="participation.input.submit",
            obj=item,
            after={k: v for k, v in snapshot(item).items() if not k.startswith("contact_")},
        )
    return item


def _check_public(item: Input) -> None:
    if item.status != InputStatus.PUBLISHED or not item.process.is_published:
        raise ValidationError(_("This input is not open for support or comments."))


def support_add(*, item: Input, user: Any, anonymous_key: str = "") -> bool:
    """+1 from a person: an account, or an anonymous browser key. Returns False if they had already supported it."""
    _check_public(item)
    account = user if user is not None and user.is_authenticated else None
    if account is None and not anonymous_key:
        raise ValidationError(_("Your browser must accept cookies to support an input without logging in."))
    try:
        with transaction.atomic():
            Support.objects.create(
                input=item, user=account, anonymous_key="" if account else anonymous_supporter_key(anonymous_key)
            )
            Input.objects.filter(pk=item.pk).update(support_count=F("support_count") + 1)
    except IntegrityError:
        return False
    return True


def support_remove(*, item: Input, user: Any, anonymous_key: str = "") -> bool:
    account = user if user is not None and user.is_authenticated else None
    supports = Support.objects.filter(input=item)
    if account is not None:
        supports = supports.filter(user=account)
    elif anonymous_key:
        supports = supports.filter(user__isnull=True, anonymous_key=anonymous_supporter_key(anonymous_key))
    else:
        return False
    with transaction.atomic():
        deleted, _rows = supports.delete()
        if deleted:
            Input.objects.filter(pk=item.pk, support_count__gte=deleted).update(
                support_count=F("support_count") - deleted
            )
    return bool(deleted)


def has_supported(*, item: Input, user: Any, anonymous_key: str = "") -> bool:
    if user is not None and user.is_authenticated:
        return Support.objects.filter(input=item, user=user).exists()
    if anonymous_key:
        return Support.objects.filter(input=item, anonymous_key=anonymous_supporter_key(anonymous_key)).exists()
    return False


def follow(*, item: Input, user: User) -> bool:
    if not user.is_authenticated:
        raise PermissionDenied
    if item.status not in (InputStatus.PUBLISHED, InputStatus.PENDING) or (
        item.status == InputStatus.PENDING and item.author_id != user.pk
    ):
        raise ValidationError(_("This input cannot be followed."))
    _follow, created = Follow.objects.get_or_create(input=item, user=user)
    return created


def unfollow(*, item: Input, user: User) -> bool:
    deleted, _rows = Follow.objects.filter(input=item, user=user).delete()
    return bool(deleted)


def comment_add(*, item: Input, user: User, text: str, base_url: str = "") -> Comment:
    """A resident comments (pre-moderated processes hold it for review); staff replies are shown at once."""
    if not user.is_authenticated:
        raise PermissionDenied
    _check_public(item)
    text = strip_html(text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write your comment.")})
    if len(text) > COMMENT_MAX_LENGTH:
        raise ValidationError(
            {"text": _("The comment is longer than %(limit)s characters.") % {"limit": COMMENT_MAX_LENGTH}}
        )
    is_staff = user.has_perm("participation.change_process", item.process)
    published = is_staff or item.process.moderation == Moderation.POST
    with transaction.atomic():
        comment = Comment.objects.create(
            input=item,
            author=user,
            text=text,
            status=CommentStatus.PUBLISHED if published else CommentStatus.PENDING,
            is_staff_reply=is_staff,
        )
        if published:
            Input.objects.filter(pk=item.pk).update(comment_count=F("comment_count") + 1)
            transaction.on_commit(lambda: notify_followers_of_comment(comment, base_url))
        Follow.objects.get_or_create(input=item, user=user)
    return comment


def comment_moderate(*, actor: User, comment: Comment, publish: bool, base_url: str = "") -> Comment:
    item = comment.input
    authorise_process(actor, item.process)
    new_status = CommentStatus.PUBLISHED if publish else CommentStatus.REJECTED
    with transaction.atomic():
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        old_status = comment.status
        if old_status == new_status:
            return comment
        comment.status = new_status
        comment.save(update_fields=["status"])
        if new_status == CommentStatus.PUBLISHED:
            Input.objects.filter(pk=item.pk).update(comment_count=F("comment_count") + 1)
            transaction.on_commit(lambda: notify_followers_of_comment(comment, base_url))
        elif old_status == CommentStatus.PUBLISHED:
            Input.objects.filter(pk=item.pk, comment_count__gte=1).update(comment_count=F("comment_count") - 1)
        audit_record(
            actor=actor,
            municipality=item.process.municipality,
            action="participation.comment.moderate",
            obj=item,
            before={"comment": comment.pk, "status": old_status},
            after={"comment": comment.pk, "status": new_status},
        )
    return comment


def notify_followers_of_comment(comment: Comment, base_url: str = "") -> int:
    """E-mail everyone who follows the input, except the person who wrote the comment, in their own language."""
    item = comment.input
    followers = User.objects.filter(followed_inputs__input=item, is_active=True).only("email", "language")
    if comment.author_id is not None:
        followers = followers.exclude(pk=comment.author_id)
    sent = 0
    url = f"{base_url.rstrip('/')}{item.get_absolute_url()}"
    for person in followers:
        with translation.override(person.language or "nb"):
            subject = _("New comment on an input you follow")
            body = render_to_string(
                "participation/email/new_comment.txt", {"comment": comment, "input": item, "url": url}
            )
        send_email.enqueue(subject=subject, body=body, to=[person.email])
        sent += 1
    return sent
