"""The hall queue (排队叫号): tickets, windows, calling, ratings and the day's statistics.

The queue lives on the hall server (ARCHITECTURE.md), so a WAN outage never stops the hall:

- :mod:`counterdesk.queue.model` is the pure state and its rules (who is called next), no I/O;
- :mod:`counterdesk.queue.store` writes every change and reads the day back after a restart;
- :mod:`counterdesk.queue.service` joins them under one lock and publishes each change;
- :mod:`counterdesk.queue.client` is what counters, the kiosk, the hall screen and the manager's
  dashboard use to talk to the server over HTTP and server-sent events.
"""
