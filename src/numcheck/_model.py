"""The frozen, strict base every public numcheck model shares."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class FrozenModel(BaseModel):
    """Immutable and strict: a report is a record of what was found, not a scratch pad."""

    # defer_build: a model's validator is built when first used, so start-up pays only for the models a run needs.
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)
