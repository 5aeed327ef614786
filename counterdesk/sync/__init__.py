"""Sync with HQ, the terminal's side (SYNC.md): push the outbox, pull changes, load a snapshot.

- :mod:`~counterdesk.sync.protocol` and :mod:`~counterdesk.sync.status`: the contract with HQ and
  the one status record the app and the CLI read.
- :mod:`~counterdesk.sync.engine`: :class:`~counterdesk.sync.engine.SyncEngine`, the background
  thread (timer, backoff, refusals) and its status; :mod:`~counterdesk.sync.link`: joining HQ.
- :mod:`~counterdesk.sync.push`, :mod:`~counterdesk.sync.pull`,
  :mod:`~counterdesk.sync.snapshot`: the three conversations; :mod:`~counterdesk.sync.apply`
  writes HQ's rows into the cache with the overlay of pending payments.
- :mod:`~counterdesk.sync.client`: HTTP, and the two exceptions every failure becomes;
  :mod:`~counterdesk.sync.store`: the engine's own rows (link, cursors, loads).
"""
