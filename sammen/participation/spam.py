"""Spam protection without a third-party captcha: a honeypot field, a minimum fill-in time, and rate limits kept in
Django's cache (shared by every app instance when the cache is Redis or the database).
"""

from __future__ import annotations

import hashlib

from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest

HONEYPOT_FIELD = "website"
TIMER_FIELD = "form_started"
TIMER_SALT = "participation.form-timer"
MIN_SECONDS = 3
MAX_AGE_SECONDS = 24 * 3600


def form_timer_token() -> str:
    return signing.TimestampSigner(salt=TIMER_SALT).sign("form")


def form_timer_problem(token: str | None) -> str | None:
    """'fast' when sent sooner than a person can, 'expired' when stale or forged, None when fine."""
    signer = signing.TimestampSigner(salt=TIMER_SALT)
    try:
        signer.unsign(token or "", max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:
        return "expired"
    try:
        signer.unsign(token or "", max_age=MIN_SECONDS)
    except signing.SignatureExpired:
        return None
    return "fast"


def honeypot_filled(data: dict | object) -> bool:
    value = data.get(HONEYPOT_FIELD, "") if hasattr(data, "get") else ""
    return bool(str(value).strip())


def client_fingerprint(request: HttpRequest) -> str:
    """The client's address, hashed: enough to count requests, never stored."""
    address = request.META.get("REMOTE_ADDR", "") or "unknown"
    return hashlib.sha256(address.encode()).hexdigest()[:32]


def hit_rate_limit(*, scope: str, key: str, limit: int, window_seconds: int) -> bool:
    """Count one attempt; True when `key` has made more than `limit` attempts in the window."""
    cache_key = f"participation:rate:{scope}:{key}"
    if cache.add(cache_key, 1, timeout=window_seconds):
        return False
    try:
        count = cache.incr(cache_key)
    except ValueError:
        cache.set(cache_key, 1, timeout=window_seconds)
        return False
    return count > limit
