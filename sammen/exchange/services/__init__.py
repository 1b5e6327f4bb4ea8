"""Every write in the volunteer exchange: authorise first, validate, write in one transaction with its audit entry.

Split by subject; import from here: `from sammen.exchange import services`.
"""

from .actors import actor_join_organisation, actor_join_volunteer, actor_update
from .agreements import (
    AgreementResult,
    agreement_register,
    agreement_set_status,
    agreement_update,
    follow_up_add,
    follow_up_done,
    follow_ups_add_for_event,
)
from .events import (
    event_create,
    event_invite,
    event_respond,
    event_role_add,
    event_role_remove,
    event_update,
)
from .listings import (
    contact_request_answer,
    contact_request_send,
    contact_request_withdraw,
    listing_create,
    listing_set_status,
    listing_update,
)
from .reminders import follow_up_reminders_send, shift_reminders_send
from .volunteering import (
    shift_cancel,
    shift_signup,
    shifts_add,
    signup_cancel,
    signup_mark,
    task_create,
    task_update,
)

__all__ = [
    "AgreementResult",
    "actor_join_organisation",
    "actor_join_volunteer",
    "actor_update",
    "agreement_register",
    "agreement_set_status",
    "agreement_update",
    "contact_request_answer",
    "contact_request_send",
    "contact_request_withdraw",
    "event_create",
    "event_invite",
    "event_respond",
    "event_role_add",
    "event_role_remove",
    "event_update",
    "follow_up_add",
    "follow_up_done",
    "follow_up_reminders_send",
    "follow_ups_add_for_event",
    "listing_create",
    "listing_set_status",
    "listing_update",
    "shift_cancel",
    "shift_reminders_send",
    "shift_signup",
    "shifts_add",
    "signup_cancel",
    "signup_mark",
    "task_create",
    "task_update",
]
