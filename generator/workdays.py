"""Working days, as councils' constitutions count call-in periods: Monday to Friday, not bank holidays."""
from __future__ import annotations

import datetime as dt
import functools

import holidays


@functools.lru_cache(maxsize=None)
def _bank_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date `days` working days after `start` (a publication date is day 0)."""
    day = start
    while days > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            days -= 1
    return day


def next_working_day(day: dt.date) -> dt.date:
    return add_working_days(day, 1)
