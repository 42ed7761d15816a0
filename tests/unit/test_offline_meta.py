"""The built-in offline checkers' metadata is built unvalidated at import (start-up): here it is validated."""

from __future__ import annotations

from numcheck.checker import CheckerMeta
from numcheck.offline_checkers import builtin_offline_checkers
from numcheck.report import Provenance


def test_every_offline_checkers_meta_is_what_validation_gives() -> None:
    metas = [checker.meta for checker in builtin_offline_checkers()]
    assert len({meta.id for meta in metas}) == len(metas) == 7
    for meta in metas:
        validated = CheckerMeta.model_validate(meta.model_dump())
        assert validated == meta
        assert isinstance(meta.provenance, Provenance)
        assert Provenance.model_validate(meta.provenance.model_dump()) == meta.provenance
        assert meta.model_fields_set >= {"id", "name", "kind", "category", "provenance", "description"}
