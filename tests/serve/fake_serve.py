"""``numcheck serve`` through the real command line, with in-process checkers instead of services (no network).

Run as a script by the tests: ``python tests/serve/fake_serve.py SERVE-ARGS...``. ``FAKE_DELAY`` is how long each
account lookup takes, in seconds; the checker writes one line per lookup it starts to ``FAKE_LOG`` when set.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.batch.helpers import Scripted, registry_of

import numcheck.serve.app as served
from numcheck import CheckContext, Finding, PhoneNumberInfo
from numcheck.cli import main


class Sleepy(Scripted):
    def check(self, number: PhoneNumberInfo, ctx: CheckContext) -> Finding:
        log = os.environ.get("FAKE_LOG")
        if log:
            with open(log, "a", encoding="utf-8") as out:
                out.write(number.e164 + "\n")
        time.sleep(float(os.environ.get("FAKE_DELAY", "0")))
        return super().check(number, ctx)


def _registry(settings: object) -> object:
    if os.environ.get("FAKE_CARRIER"):  # a searchable carrier source, for the number-age search's announcement
        from numcheck.providers.aliyun import AliyunTwiceTelVerify

        return registry_of(Sleepy(), AliyunTwiceTelVerify())
    return registry_of(Sleepy())


served.default_registry = _registry  # type: ignore[assignment]

if __name__ == "__main__":
    sys.exit(main(["serve", *sys.argv[1:]]))
