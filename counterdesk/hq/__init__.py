"""HQ: the server side of sync (SYNC.md): the ledger, terminals, applied ops and the change log."""
