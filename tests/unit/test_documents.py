"""Printout facts: they refuse figures that do not add up, and survive a trip through JSON."""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime

import pytest

from counterdesk.documents import codec, samples
from counterdesk.documents.receipts import DocumentError


@pytest.mark.parametrize("kind", sorted(samples.SAMPLES))
def test_every_sample_round_trips_through_json(kind: str) -> None:
    printout = samples.SAMPLES[kind]()
    assert codec.kind_of(printout) == kind
    assert codec.loads(kind, codec.dumps(printout)) == printout


def test_the_sample_receipt_adds_up() -> None:
    receipt = samples.payment_receipt()
    assert receipt.bills_fen == 32_441
    assert receipt.late_fee_fen == 1_017
    assert receipt.received_fen == 38_458
    assert receipt.prepaid_after_fen == receipt.prepaid_before_fen + receipt.to_prepaid_fen


def test_a_receipt_whose_figures_do_not_add_up_is_refused() -> None:
    receipt = samples.payment_receipt()
    with pytest.raises(DocumentError, match="does not equal"):
        dataclasses.replace(receipt, change_fen=receipt.change_fen - 1)
    with pytest.raises(DocumentError, match="prepaid balance"):
        dataclasses.replace(receipt, prepaid_after_fen=0)


def test_a_time_without_its_zone_is_refused() -> None:
    with pytest.raises(DocumentError, match="time zone"):
        dataclasses.replace(samples.queue_ticket(), issued_at=datetime(2026, 11, 21, 10, 0))  # noqa: DTZ001 - the point


def test_stored_facts_that_were_tampered_with_are_refused_on_the_way_back() -> None:
    stored = json.loads(codec.dumps(samples.payment_receipt()))
    stored["tendered_fen"] += 100
    with pytest.raises(DocumentError, match="payment_receipt cannot be read"):
        codec.loads("payment_receipt", json.dumps(stored))
    stored = json.loads(codec.dumps(samples.payment_receipt()))
    del stored["account_no"]
    with pytest.raises(DocumentError, match="account_no"):
        codec.loads("payment_receipt", json.dumps(stored))


def test_unknown_kinds_and_types_are_named() -> None:
    with pytest.raises(DocumentError, match="Unknown printout kind 'coupon'"):
        codec.loads("coupon", "{}")
    with pytest.raises(DocumentError, match="str is not a printout kind"):
        codec.kind_of("receipt")
