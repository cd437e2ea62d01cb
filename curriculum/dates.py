"""The date a build stamps on what it makes: SOURCE_DATE_EPOCH when set (reproducible builds),
checked here so that validation can report a bad value before a build trips on it."""
from __future__ import annotations

import datetime as dt
import os

from .errors import CurriculumError


def source_date_epoch() -> dt.datetime | None:
    """SOURCE_DATE_EPOCH as a date, None when unset; a value that is not a date a PDF can
    carry (not a whole number, or outside 1970-9999) is a CurriculumError naming it."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return None
    try:
        day = dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
    except (ValueError, OverflowError, OSError):
        day = None
    if day is None or not 1970 <= day.year <= 9999:
        raise CurriculumError(f"SOURCE_DATE_EPOCH is '{epoch[:40]}', not a date: set it to the "
                              f"seconds since 1970 (e.g. 1764547200), or unset it")
    return day
