"""Work orders at the counter: the stored records, the engine that moves them, the board.

The state machines and deadline rules are pure domain (:mod:`counterdesk.domain.orders`); this
package writes each change in one transaction with its history row, audit entry and outbox row
(ARCHITECTURE.md: one transaction per business act), and reads them back for the counter's pages
and the overdue board (超时、压单).
"""
