"""Sync with HQ, the terminal's side (SYNC.md): push the outbox, pull changes, load a snapshot."""
