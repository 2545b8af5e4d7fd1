"""Today's date where the users are.

Servers and CI runners usually keep UTC, which is a day behind Sweden from midnight until one or
two in the morning: the night shift's "today" would be "in the future" for a check against the
server's own date.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

SWEDISH_TIME = ZoneInfo("Europe/Stockholm")


def swedish_today() -> datetime.date:
    return datetime.datetime.now(SWEDISH_TIME).date()
