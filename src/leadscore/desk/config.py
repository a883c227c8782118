"""The desk's settings, from the environment (set by `leadscore desk` / `make desk`)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DATABASE_ENV = "LEADSCORE_DESK_DATABASE"
ROLE_ENV = "LEADSCORE_DESK_ROLE"
# The one role that may see contact details (email, name, phone): the routing job and
# sales operations, to whom restricted_leads_to_route_contacts is granted.
ROUTING_ROLE = "routing"
DEFAULT_DATABASE = Path("lead_scoring.duckdb")


@dataclass(frozen=True)
class DeskConfig:
    database: Path
    role: str | None

    @property
    def shows_contact_details(self) -> bool:
        """Contact details only for the routing role; every other role sees ids only."""
        return self.role == ROUTING_ROLE

    @classmethod
    def from_env(cls) -> DeskConfig:
        role = os.environ.get(ROLE_ENV, "").strip().lower() or None
        database = Path(os.environ.get(DATABASE_ENV, "") or DEFAULT_DATABASE)
        return cls(database=database, role=role)
