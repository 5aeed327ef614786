"""Many simulated terminals against one HQ server process, speaking the real sync protocol.

Each simulated terminal does what a counter PC does when it is idle and healthy: every
``pull_every`` seconds it pulls the changes of each of its scopes from its own cursors (following
``more``), and every ``pay_every`` seconds it pushes one payment (a prepayment to an account of its
area, with the payload the terminal's payment service writes). Starts are spread evenly over the
first period so the load is steady, as 500 PCs switched on through a morning would be.

It runs in its own process (``python -m tests.bench.sync_load``, arguments as JSON on stdin) so
the server process has a core to itself and the figures are the server's, not the load
generator's.
"""

from __future__ import annotations

import asyncio
import json
import random
import sys
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx

from counterdesk.sync.protocol import API_PREFIX, PROTOCOL_VERSION, START

SCHEMA_VERSION = 8


@dataclass
class Terminal:
    terminal_id: str
    token: str
    scopes: list[str]
    accounts: list[str]
    cursors: dict[str, str] = field(default_factory=dict)
    seq: int = 0


@dataclass
class Figures:
    pull_ms: list[float] = field(default_factory=list)
    push_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    changes: int = 0
    applied: int = 0


def payment_op(terminal: Terminal, account_uid: str, amount_fen: int) -> dict[str, Any]:
    terminal.seq += 1
    uid = str(uuid.uuid4())
    now = datetime.now(UTC).isoformat()
    return {
        "op_id": uid,
        "terminal_seq": terminal.seq,
        "kind": "payment.posted",
        "payload_version": 1,
        "business_time": now,
        "payload": {
            "payment_uid": uid,
            "receipt_no": f"{terminal.terminal_id}-{terminal.seq:06d}",
            "account_uid": account_uid,
            "shift_uid": None,
            "clerk_no": "0107",
            "paid_at": now,
            "received_fen": amount_fen,
            "change_fen": 0,
            "tenders": [{"tender": "cash", "amount_fen": amount_fen, "reference": ""}],
            "allocations": [{"bill_uid": None, "kind": "prepayment", "amount_fen": amount_fen}],
            "prepaid_before_fen": 0,
            "prepaid_after_fen": amount_fen,
            "reconnection_order_uid": None,
            "invoice": None,
        },
    }


async def _pull(client: httpx.AsyncClient, terminal: Terminal, figures: Figures) -> None:
    for scope in terminal.scopes:
        while True:
            started = time.perf_counter()
            try:
                response = await client.get(
                    f"{API_PREFIX}/changes",
                    params={
                        "scope": scope,
                        "cursor": terminal.cursors.get(scope, START),
                        "protocol_version": PROTOCOL_VERSION,
                        "schema_version": SCHEMA_VERSION,
                    },
                    headers={"Authorization": f"Bearer {terminal.token}"},
                )
            except httpx.HTTPError as error:
                figures.errors.append(f"pull {terminal.terminal_id}: {error!r}")
                return
            figures.pull_ms.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                figures.errors.append(f"pull {response.status_code}: {response.text[:200]}")
                return
            body = response.json()
            figures.changes += len(body["changes"])
            terminal.cursors[scope] = body["cursor"]
            if not body["more"]:
                break


async def _push(
    client: httpx.AsyncClient, terminal: Terminal, figures: Figures, rng: random.Random
) -> None:
    op = payment_op(terminal, rng.choice(terminal.accounts), rng.randrange(1_000, 50_000))
    started = time.perf_counter()
    try:
        response = await client.post(
            f"{API_PREFIX}/push",
            json={"protocol_version": PROTOCOL_VERSION, "schema_version": SCHEMA_VERSION,
                  "ops": [op]},
            headers={"Authorization": f"Bearer {terminal.token}"},
        )  # fmt: skip
    except httpx.HTTPError as error:
        figures.errors.append(f"push {terminal.terminal_id}: {error!r}")
        return
    figures.push_ms.append((time.perf_counter() - started) * 1000)
    if response.status_code != 200:
        figures.errors.append(f"push {response.status_code}: {response.text[:200]}")
        return
    statuses = [result["status"] for result in response.json()["results"]]
    if statuses != ["applied"]:
        figures.errors.append(f"push answered {statuses}")
    else:
        figures.applied += 1


async def _terminal_loop(
    client: httpx.AsyncClient,
    terminal: Terminal,
    figures: Figures,
    *,
    offset: float,
    pull_every: float,
    pay_every: float,
    until: float,
    rng: random.Random,
) -> None:
    await asyncio.sleep(offset)
    next_pull = time.monotonic()
    next_pay = next_pull + rng.uniform(0, pay_every)
    while True:
        now = time.monotonic()
        if now >= until:
            return
        if now >= next_pull:
            await _pull(client, terminal, figures)
            next_pull += pull_every
        if now >= next_pay:
            await _push(client, terminal, figures, rng)
            next_pay += pay_every
        await asyncio.sleep(max(0.0, min(next_pull, next_pay, until) - time.monotonic()))


async def run(
    url: str,
    terminals: list[Terminal],
    *,
    duration: float,
    pull_every: float,
    pay_every: float,
    seed: int = 1,
) -> Figures:
    figures = Figures()
    rng = random.Random(seed)
    limits = httpx.Limits(max_connections=len(terminals), max_keepalive_connections=len(terminals))
    async with httpx.AsyncClient(base_url=url, timeout=30.0, limits=limits) as client:
        until = time.monotonic() + duration
        await asyncio.gather(
            *(
                _terminal_loop(
                    client,
                    terminal,
                    figures,
                    offset=pull_every * i / len(terminals),
                    pull_every=pull_every,
                    pay_every=pay_every,
                    until=until,
                    rng=rng,
                )
                for i, terminal in enumerate(terminals)
            )
        )
    return figures


def main() -> None:
    """Arguments as JSON on stdin, figures as JSON on stdout."""
    args = json.load(sys.stdin)
    terminals = [Terminal(**t) for t in args["terminals"]]
    figures = asyncio.run(
        run(
            args["url"],
            terminals,
            duration=args["duration"],
            pull_every=args["pull_every"],
            pay_every=args["pay_every"],
        )
    )
    json.dump(figures.__dict__, sys.stdout)


if __name__ == "__main__":
    main()
