"""UUIDv7 identities: valid, time-ordered, unique."""

import time
import uuid

from counterdesk.domain.ids import new_uid, uuid7_at


def test_new_uid_is_a_version_7_rfc_uuid() -> None:
    uid = new_uid()
    assert uid.version == 7
    assert uid.variant == uuid.RFC_4122
    assert abs((uid.int >> 80) - time.time_ns() // 1_000_000) < 5_000


def test_uids_sort_by_time() -> None:
    earlier = uuid7_at(1_700_000_000_000, 2**74 - 1)
    later = uuid7_at(1_700_000_000_001, 0)
    assert earlier.bytes < later.bytes


def test_counter_bits_give_distinct_ordered_ids() -> None:
    ids = [uuid7_at(1_700_000_000_000, n) for n in range(10_000)]
    assert len(set(ids)) == 10_000
    assert [u.bytes for u in ids] == sorted(u.bytes for u in ids)
    assert all(u.version == 7 for u in ids)


def test_new_uids_do_not_repeat() -> None:
    assert len({new_uid() for _ in range(10_000)}) == 10_000
