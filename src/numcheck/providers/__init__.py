"""Online checker plumbing: the polite HTTP client, classification, manifests and built-in providers."""

# Failure texts of requests that never reached a service (kept here, free of imports, so the
# engine can recognise an unreachable network without loading the HTTP stack).
UNRESOLVABLE = "connection failed: cannot resolve the host (no network?)"
UNREACHABLE = "connection failed: the host refused or is unreachable"
NEVER_SENT = frozenset({UNRESOLVABLE, UNREACHABLE})
# This machine: the simulator's home, where overrides apply and a key may travel over plain HTTP.
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
