"""Zips whose bytes depend on their content alone: one date on every entry (the build date,
never the clock), fixed permissions, deflated. SCORM packages and slide decks (PPTX) use it."""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterable

ZIP_EPOCH = dt.datetime(1980, 1, 1, tzinfo=dt.timezone.utc)  # the earliest date a zip holds


def reproducible_zip(entries: Iterable[tuple[str, bytes]], day: dt.datetime) -> bytes:
    """A zip of `entries` in the order given (an OPC package such as PPTX wants its
    [Content_Types].xml first), every entry dated `day`, mode 644."""
    stamp = max(day, ZIP_EPOCH).astimezone(dt.timezone.utc)
    date_time = (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # unix, so that the permissions below mean the same everywhere
            info.external_attr = 0o644 << 16
            archive.writestr(info, data, compresslevel=9)
    return buffer.getvalue()
