"""Simulators: the device side of each protocol, for tests, the demo,
and ``counterdesk simulate``."""
