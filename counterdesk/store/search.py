"""Finding an account from whatever the customer says: account no., meter no., phone, name, address.

A clerk types while the customer talks, so every query here is an index lookup with a bound on the
rows it reads; none scans the table. What is typed decides the path:

- digits only: exact account number, meter number and phone (unique or indexed columns), then
  account numbers that start with the digits (an index range, for numbers typed as you go);
- a term of three or more characters: the FTS5 trigram index over name and address;
- a term of two characters (a two-character name such as 张伟): the name-gram index, exact names
  first;
- several terms (王 幸福路12号): every term must match the name or the address; the most selective
  index drives and the other terms filter its candidates.

Results are ranked by how the account matched (:class:`MatchKind`: number before name, a name equal
to the query before a name that starts with it, name before address), then by name or address.
"""

from __future__ import annotations

import enum
import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final
from uuid import UUID

from sqlalchemy import Connection

from counterdesk.domain.accounts import AccountStatus, Utility

DEFAULT_LIMIT: Final = 50
CANDIDATE_CAP: Final = 200
"""The most rows one full-text read may return; beyond it the result is marked ``truncated``."""
PAIR_CAP: Final = 5_000
"""The most accounts a two-character name may anchor (张伟 has about 2,000 in a million)."""


class MatchKind(enum.IntEnum):
    """How a hit matched, in ranking order (lower is better)."""

    ACCOUNT_NUMBER = 0
    METER_NUMBER = 1
    PHONE = 2
    NAME_EXACT = 3
    NAME_PREFIX = 4
    NAME_CONTAINS = 5
    ADDRESS = 6
    ACCOUNT_NUMBER_PREFIX = 7
    ID_NUMBER = 8
    """Found by the holder's resident ID number, read from an ID card (never typed into search)."""


class SearchProblem(enum.Enum):
    EMPTY = "empty"
    TOO_SHORT = "too_short"


class SearchError(ValueError):
    """A query that cannot be looked up; ``problem`` says why, ``str()`` in English."""

    def __init__(self, problem: SearchProblem, text: str) -> None:
        super().__init__(problem, text)
        self.problem = problem
        self.text = text

    def __str__(self) -> str:
        if self.problem is SearchProblem.EMPTY:
            return "Type an account no., meter no., phone, name or address."
        return (
            f"'{self.text}' is too short: type at least two characters of a name, three of an "
            "address, or a number."
        )


@dataclass(frozen=True, slots=True)
class SearchHit:
    account_id: int
    account_uid: UUID
    account_number: str
    customer_name: str
    phone: str | None
    address: str
    utility: Utility
    status: AccountStatus
    key_customer: bool
    match: MatchKind


@dataclass(frozen=True, slots=True)
class SearchResult:
    hits: tuple[SearchHit, ...]
    truncated: bool
    """True when more accounts matched than were returned: the clerk should type more."""


_SPACES = re.compile(r"\s+")
_DIGITS = re.compile(r"\d+")


def normalize_query(text: str) -> str:
    """Fold full-width characters (from a Chinese input method) and runs of spaces."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text)).strip().lower()


def _fts_phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _natural_key(text: str) -> tuple[object, ...]:
    """Sort 幸福路2号 before 幸福路12号: digits compare as numbers."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text))


_HIT_COLUMNS: Final = (
    "a.id, a.uid, a.number, c.name, c.phone, a.address, a.utility, a.status, a.key_customer"
)


def _fetch(connection: Connection, ids: Iterable[int]) -> list[tuple[object, ...]]:
    id_list = list(dict.fromkeys(ids))
    if not id_list:
        return []
    placeholders = ",".join("?" * len(id_list))
    rows = connection.exec_driver_sql(
        f"SELECT {_HIT_COLUMNS} FROM account AS a JOIN customer AS c ON c.id = a.customer_id "
        f"WHERE a.id IN ({placeholders})",
        tuple(id_list),
    )
    return [tuple(row) for row in rows]


def _hit(row: Sequence[object], match: MatchKind) -> SearchHit:
    (account_id, uid, number, name, phone, address, utility, status, key_customer) = row
    assert isinstance(uid, bytes)
    return SearchHit(
        account_id=int(str(account_id)),
        account_uid=UUID(bytes=uid),
        account_number=str(number),
        customer_name=str(name),
        phone=None if phone is None else str(phone),
        address=str(address),
        utility=Utility(str(utility)),
        status=AccountStatus(str(status)),
        key_customer=bool(key_customer),
        match=match,
    )


def _name_match(name: str, terms: Sequence[str]) -> MatchKind | None:
    lowered = name.lower()
    if len(terms) == 1:
        term = terms[0]
        if lowered == term:
            return MatchKind.NAME_EXACT
        if lowered.startswith(term):
            return MatchKind.NAME_PREFIX
    if all(term in lowered for term in terms):
        return MatchKind.NAME_CONTAINS
    return None


def _search_digits(connection: Connection, digits: str, limit: int) -> SearchResult:
    found: dict[int, tuple[tuple[object, ...], MatchKind]] = {}

    def take(sql: str, params: tuple[object, ...], match: MatchKind) -> int:
        ids = [int(row[0]) for row in connection.exec_driver_sql(sql, params)]
        for row in _fetch(connection, ids):
            account_id = int(str(row[0]))
            if account_id not in found or found[account_id][1] > match:
                found[account_id] = (row, match)
        return len(ids)

    take("SELECT id FROM account WHERE number = ?", (digits,), MatchKind.ACCOUNT_NUMBER)
    take(
        "SELECT i.account_id FROM meter AS m JOIN meter_installation AS i ON i.meter_id = m.id "
        "WHERE m.number = ? AND i.removed_on IS NULL",
        (digits,),
        MatchKind.METER_NUMBER,
    )
    take(
        "SELECT a.id FROM customer AS c JOIN account AS a ON a.customer_id = c.id "
        "WHERE c.phone = ? LIMIT ?",
        (digits, CANDIDATE_CAP),
        MatchKind.PHONE,
    )
    truncated = False
    if len(digits) >= 4:
        # Numbers typed as you go: an index range on the unique account number.
        upper = digits[:-1] + chr(ord(digits[-1]) + 1)
        taken = take(
            "SELECT id FROM account WHERE number >= ? AND number < ? ORDER BY number LIMIT ?",
            (digits, upper, limit + 1),
            MatchKind.ACCOUNT_NUMBER_PREFIX,
        )
        truncated = taken > limit
    ranked = sorted(found.values(), key=lambda pair: (pair[1], str(pair[0][2])))
    hits = tuple(_hit(row, match) for row, match in ranked[:limit])
    return SearchResult(hits, truncated or len(ranked) > limit)


def _gram_ids(connection: Connection, gram: str, cap: int) -> list[int]:
    rows = connection.exec_driver_sql(
        "SELECT account_id FROM account_name_gram WHERE gram = ? ORDER BY rank, account_id LIMIT ?",
        (gram, cap),
    )
    return [int(row[0]) for row in rows]


def _fts_ids(connection: Connection, match: str, cap: int) -> list[int]:
    rows = connection.exec_driver_sql(
        "SELECT rowid FROM account_text WHERE account_text MATCH ? LIMIT ?", (match, cap)
    )
    return [int(row[0]) for row in rows]


def _filter(connection: Connection, ids: list[int], terms: Sequence[str], cap: int) -> list[int]:
    """Keep the candidates whose name or address holds every term, in candidate order.

    Done by SQLite over the candidate list (a JSON array parameter), so only survivors come back.
    """
    if not terms:
        return ids[:cap]
    haystack = "instr(lower(c.name) || char(1) || lower(a.address), ?) > 0"
    conditions = " AND ".join([haystack] * len(terms))
    rows = connection.exec_driver_sql(
        "SELECT a.id FROM json_each(?) AS j JOIN account AS a ON a.id = j.value "
        f"JOIN customer AS c ON c.id = a.customer_id WHERE {conditions} ORDER BY j.key LIMIT ?",
        (json.dumps(ids), *terms, cap),
    )
    return [int(row[0]) for row in rows]


def _rank(
    connection: Connection, ids: list[int], terms: Sequence[str], limit: int
) -> tuple[list[SearchHit], int]:
    ranked: list[tuple[tuple[object, ...], MatchKind, tuple[object, ...]]] = []
    for row in _fetch(connection, ids):
        name, address = str(row[3]), str(row[5])
        name_kind = _name_match(name, terms)
        if name_kind is not None:
            ranked.append((row, name_kind, _natural_key(name)))
        else:
            ranked.append((row, MatchKind.ADDRESS, _natural_key(address)))
    ranked.sort(key=lambda item: (item[1], item[2], str(item[0][2])))
    return [_hit(row, match) for row, match, _ in ranked[:limit]], len(ranked)


def _search_text(connection: Connection, terms: list[str], limit: int) -> SearchResult:
    """Pick the most selective index for the terms, then filter and rank its candidates."""
    long_terms = [term for term in terms if len(term) >= 3]
    pairs = [term for term in terms if len(term) == 2]

    # A two-character term is a name (张伟): its gram list is small, complete and already ranked.
    anchor: tuple[str, list[int]] | None = None
    for pair in pairs:
        ids = _gram_ids(connection, pair, PAIR_CAP + 1)
        if ids and (anchor is None or len(ids) < len(anchor[1])):
            anchor = (pair, ids)
    if anchor is not None and (len(anchor[1]) <= PAIR_CAP or not long_terms):
        pair, ids = anchor
        capped = len(ids) > PAIR_CAP
        others = [term for term in terms if term != pair]
        survivors = _filter(connection, ids[:PAIR_CAP], others, limit + 1)
        hits, found = _rank(connection, survivors[: limit + 1], terms, limit)
        return SearchResult(tuple(hits), capped or found > limit)
    if not long_terms:
        return SearchResult((), False)

    query = " AND ".join(_fts_phrase(term) for term in long_terms)
    others = [term for term in terms if len(term) < 3]
    name_first: list[int] = []
    if len(terms) == 1:
        # Names first: a name match must not be crowded out by thousands of address matches.
        name_first = _fts_ids(connection, f"name : {query}", CANDIDATE_CAP)
    candidates = _fts_ids(connection, query, CANDIDATE_CAP + 1)
    capped = len(candidates) > CANDIDATE_CAP
    ids = list(dict.fromkeys([*name_first, *candidates[:CANDIDATE_CAP]]))
    survivors = _filter(connection, ids, others, len(ids)) if others else ids
    hits, found = _rank(connection, survivors, terms, limit)
    return SearchResult(tuple(hits), capped or found > limit)


def search_accounts(connection: Connection, text: str, limit: int = DEFAULT_LIMIT) -> SearchResult:
    """Find accounts for what the clerk typed; see the module docstring for the paths and ranking.

    Raises :class:`SearchError` for an empty query or one too short to look up without a scan.
    """
    query = normalize_query(text)
    if not query:
        raise SearchError(SearchProblem.EMPTY, text)
    compact = query.replace(" ", "").replace("-", "")
    if _DIGITS.fullmatch(compact):
        return _search_digits(connection, compact, limit)
    terms = list(dict.fromkeys(query.split(" ")))
    if not any(len(term) >= 2 for term in terms):
        raise SearchError(SearchProblem.TOO_SHORT, text)
    return _search_text(connection, terms, limit)


def find_by_card(connection: Connection, number: str, limit: int = DEFAULT_LIMIT) -> SearchResult:
    """The account a swiped or tapped card names: its account number or its meter number, exactly.

    Unlike typed search there is no prefix or phone match: a card either names an account or the
    clerk is told it does not.
    """
    found = _fetch(
        connection,
        [
            int(row[0])
            for row in connection.exec_driver_sql(
                "SELECT id FROM account WHERE number = ? UNION "
                "SELECT i.account_id FROM meter AS m JOIN meter_installation AS i "
                "ON i.meter_id = m.id WHERE m.number = ? AND i.removed_on IS NULL",
                (number, number),
            )
        ],
    )
    hits = tuple(_hit(row, MatchKind.ACCOUNT_NUMBER) for row in found[:limit])
    return SearchResult(hits, len(found) > limit)


def find_by_id_number(
    connection: Connection, id_number: str, limit: int = DEFAULT_LIMIT
) -> SearchResult:
    """Every account whose holder has this resident ID number (a person may hold several)."""
    ids = [
        int(row[0])
        for row in connection.exec_driver_sql(
            "SELECT a.id FROM customer AS c JOIN account AS a ON a.customer_id = c.id "
            "WHERE c.id_number = ? ORDER BY a.number LIMIT ?",
            (id_number.upper(), limit + 1),
        )
    ]
    found = _fetch(connection, ids)
    found.sort(key=lambda row: str(row[2]))
    hits = tuple(_hit(row, MatchKind.ID_NUMBER) for row in found[:limit])
    return SearchResult(hits, len(found) > limit)
