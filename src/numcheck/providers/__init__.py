"""Online checkers: manifests, their signals, and the built-in providers (the HTTP plumbing is `numcheck.net`)."""

# Where they were first defined; plugins and tests import them from here.
from numcheck.net import LOOPBACK, NEVER_SENT, UNREACHABLE, UNRESOLVABLE

__all__ = ["LOOPBACK", "NEVER_SENT", "UNREACHABLE", "UNRESOLVABLE"]
