"""Write fixtures/cassettes/<provider>/<scenario>.yaml from each provider's documented examples.

No provider was observed live from this project's machines, so these cassettes are synthesized:
each provider is run against the local simulator playing its documented answers, recorded with
vcrpy, and the simulator's address is rewritten to the provider's real host. Every file starts
with a comment saying so. Live re-recording is `numcheck record` (maintainers with internet).

Usage: python tools/synthesize_cassettes.py
"""

from __future__ import annotations

import shutil
from pathlib import Path

from numcheck.config import Settings
from numcheck.providers.manifest import ManifestChecker
from numcheck.registry import default_registry
from numcheck.testing import Simulator, run_checker, scripts_for, scrubbing_vcr, simulator_settings

OUT = Path(__file__).resolve().parents[1] / "fixtures" / "cassettes"
HEADER = "# SYNTHESIZED by tools/synthesize_cassettes.py from the provider's documented example answers.\n# Not observed live: see the provider's provenance. Re-record live with `numcheck record {id}`.\n"


def main() -> int:
    checkers = [checker for checker in default_registry(Settings(plugins=())) if isinstance(checker, ManifestChecker)]
    shutil.rmtree(OUT, ignore_errors=True)
    with Simulator(scripts_for(checkers)) as simulator:
        settings = simulator_settings(simulator, checkers)
        for checker in checkers:
            base = simulator.base_url_for(checker.meta.id)
            real = checker.manifest.request.base_url.rstrip("/")
            folder = OUT / checker.meta.id
            folder.mkdir(parents=True, exist_ok=True)
            for scenario in checker.manifest.examples:
                if scenario == "prime":
                    continue
                path = folder / f"{scenario}.yaml"
                recorder = scrubbing_vcr({base: real}, record_mode="all")
                with recorder.use_cassette(str(path)):
                    run_checker(checker, scenario, settings)
                path.write_text(HEADER.format(id=checker.meta.id) + path.read_text(encoding="utf-8"), encoding="utf-8")
    print(f"wrote {sum(1 for _ in OUT.rglob('*.yaml'))} cassettes under {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
