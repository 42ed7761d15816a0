"""The frozen, strict base every public numcheck model shares."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class FrozenModel(BaseModel):
    """Immutable and strict: a report is a record of what was found, not a scratch pad."""

    model_config = ConfigDict(frozen=True, extra="forbid")
