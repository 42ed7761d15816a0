"""Moved to `numcheck.net.pacing`; this path keeps working for code that imports it from here."""

from numcheck.net.pacing import ArrivalWindow, Politeness, Slot, host_key, process_politeness

__all__ = ["ArrivalWindow", "Politeness", "Slot", "host_key", "process_politeness"]
