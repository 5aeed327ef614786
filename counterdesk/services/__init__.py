"""Use cases: what the counter does, in terms of the domain and the store (no Qt, no devices)."""
