"""The network plumbing every online checker shares: one polite HTTP client, its URL guard, pacing and the sending denylist.

It sits below the checker contract (a `numcheck.checker.CheckContext` carries a `ScopedHttp`) and knows
nothing of checkers, manifests or reports. The failure texts below are kept here, free of imports, so the
engine can recognise an unreachable network without loading the HTTP stack.
"""

UNRESOLVABLE = "connection failed: cannot resolve the host (no network?)"
UNREACHABLE = "connection failed: the host refused or is unreachable"
# Failures before any byte reached the service take no place in its rate window.
NEVER_SENT = frozenset({UNRESOLVABLE, UNREACHABLE})
# This machine: the simulator's home, where overrides apply and a key may travel over plain HTTP.
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
