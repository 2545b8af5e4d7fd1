"""Names the reports show for what the database stores as ids: roles, providers, who recorded.

Built once per report as plain dicts, because a report may look them up a million times.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass

from catalogue import Catalogue
from progress_service.completions import RECORDED_BY_LABELS
from progress_service.progress import add_months


@dataclass(frozen=True)
class Names:
    roles: dict[str, str]
    providers: dict[str, str]
    renewal_months: dict[str, int | None]
    titles: dict[str, str]
    recorded_by: dict[str, str]

    @classmethod
    def of(cls, catalogue: Catalogue) -> Names:
        trainings = catalogue.trainings.values()
        providers = {p.id: p.name for p in catalogue.providers.values()}
        return cls(
            roles={r.id: r.label for r in catalogue.roles.values()},
            providers={t.id: providers.get(t.provider, t.provider) for t in trainings},
            renewal_months={t.id: t.renewal_months for t in trainings},
            titles={t.id: t.title for t in trainings},
            recorded_by={str(key): label for key, label in RECORDED_BY_LABELS.items()},
        )

    def role(self, role_id: str | None) -> str | None:
        return None if role_id is None else self.roles.get(role_id, role_id)

    def renews_on(self, training: str, completed_on: str, stored_months: int | None) -> str | None:
        """When a refresher runs out (the catalogue's rule, else the one stored at completion)."""
        months = self.renewal_months.get(training, stored_months)
        return _months_after(completed_on, months) if months else None


@functools.lru_cache(maxsize=65_536)
def _months_after(day: str, months: int) -> str:
    # A million completions fall on a few thousand days: parsing each once saves ~2 s per million.
    return add_months(datetime.date.fromisoformat(day), months).isoformat()
