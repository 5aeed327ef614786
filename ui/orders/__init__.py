"""The counter's work-order pages: applications, meter changes, cases, paid services, the board."""
