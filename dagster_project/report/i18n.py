"""The words and number formats of one language: every label of the report and of the terminal summary comes
from its catalogue (messages/<lang>.json); numbers, shares, durations and dates are formatted per locale."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal, format_percent

from dagster_project import settings

MESSAGES_DIR = Path(__file__).parent / "messages"
LOCALES = {"en": "en_GB", "zh": "zh_Hans_CN"}
NONE = "–"


@cache
def _catalogue(lang: str) -> dict[str, str]:
    return json.loads((MESSAGES_DIR / f"{lang}.json").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Messages:
    lang: str
    locale: Locale = field(init=False)

    def __post_init__(self) -> None:
        if self.lang not in LOCALES:
            raise ValueError(f"language must be one of {', '.join(LOCALES)}, got {self.lang!r}")
        object.__setattr__(self, "locale", Locale.parse(LOCALES[self.lang]))

    @property
    def html_lang(self) -> str:
        return "zh-CN" if self.lang == "zh" else "en"

    def __call__(self, key: str, **values: object) -> str:
        """The message `key`, with `{name}` placeholders filled; a key missing from the catalogue is a bug."""
        text = _catalogue(self.lang)[key]
        return text.format(**values) if values else text

    def has(self, key: str) -> bool:
        return key in _catalogue(self.lang)

    def integer(self, value: object) -> str:
        return NONE if value is None else format_decimal(int(value), locale=self.locale)

    def decimal(self, value: object, digits: int = 2) -> str:
        if value is None:
            return NONE
        return format_decimal(float(value), format=f"#,##0.{'0' * digits}", locale=self.locale)

    def share(self, value: object) -> str:
        return NONE if value is None else format_percent(float(value), format="#,##0.0%", locale=self.locale)

    def minutes(self, value: object) -> str:
        """A duration as people read it: 45 s, 12.5 min, 3.2 h, 1.4 d (units from the catalogue)."""
        if value is None:
            return NONE
        minutes = float(value)
        if minutes < 1:
            return self("unit.seconds", n=format_decimal(round(minutes * 60), locale=self.locale))
        for limit, divisor, unit in ((60, 1, "unit.minutes"), (24 * 60, 60, "unit.hours")):
            if minutes < limit:
                return self(unit, n=self.decimal(minutes / divisor, 1))
        return self("unit.days", n=self.decimal(minutes / 1440, 1))

    def day(self, value: date) -> str:
        return format_date(value, format="medium", locale=self.locale)

    def instant(self, value: datetime | None, tz: str = "UTC") -> str:
        return NONE if value is None else format_datetime(value, format="medium", tzinfo=tz, locale=self.locale)

    def weekday(self, iso_day: int) -> str:
        """Short weekday name, 1 = Monday (ISO)."""
        return self.locale.days["format"]["abbreviated"][iso_day - 1]


def messages(lang: str | None = None) -> Messages:
    """The catalogue of `lang`, or of HELPDESK_LANG (default en)."""
    return Messages(lang or settings.report_language())
