"""Pure business rules: money, tariffs, late fees, allocation, working days.

No I/O and no clock reads: callers pass dates in, so every rule is a plain function to test.
"""
