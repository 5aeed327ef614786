"""Schemathesis against HQ's own OpenAPI document (issue 8): no answer is a 5xx, and nothing is
served to a caller without a live token.

**The server is real**: uvicorn on loopback (:class:`ServerThread`) on this module's PostgreSQL
database (``pg_engine``: production's database, and the stricter one, refusing NUL bytes and
over-long values that SQLite stores, so it is where a forgotten check turns into a 500). HQ holds an
account in A01 with a bill and a meter, terminal T01 (scopes ``*``, A01, A02), a revoked terminal
T02 and two conflicts in T01's hall, so status, pull, snapshot and resolve have rows to find.

**The schema is read at import time** from an app on an engine that is never connected: the
document depends on the route declarations only, and reading it at collection lets schemathesis
parametrize the tests by operation (a new route is fuzzed without anyone listing it) while the
database stays a module fixture. A test checks that the live server serves the same document.

Every case goes out as drawn, with T01's token, and must pass schemathesis' default checks (no 5xx;
status code, content type, headers and body as declared; schema-violating requests refused and
schema-valid ones accepted) plus :func:`versions_decide_426`. Most drawn cases never get past HQ's
first checks (a protocol version other than 1, a scope not T01's, an op kind HQ does not book), so
each schema-valid case that was refused for one of those is sent again set right (protocol 1, scope
A01, the known op kinds), which carries the drawn values into the booking and the queries.

Two default checks are noisy for legitimate reasons, and :func:`filter_failure` drops exactly those
failures, no others:

- *Schema-valid request rejected* (positive_data_acceptance) when HQ refuses what no schema can say:
  426 for a protocol version it does not speak (the document allows 0 to 1000 so that an old
  terminal gets 426 with a sentence rather than a validation error), and 422 with a sentence from
  the route (a cursor beyond any position HQ hands out, a snapshot ``after`` that is not HQ's resume
  token, a table the scope does not hold, a blank manager number). A 422 listing validation errors
  means the document and the models disagree, and still fails (and every bound in the document
  must read back as the number the model checks: see the last test).
- *Schema-violating request accepted* (negative_data_rejection) when pydantic's lax mode reads the
  body: ``false`` as 0, a number as a date-time. HQ's own request model accepting the body is the
  test, so acceptance of anything the model refuses still fails.

Cost and determinism: a fixed schemathesis seed and ``derandomize`` (no example database); 25
fuzzed examples per operation on top of schemathesis' coverage cases, 10 per operation for the
token test. The file sends about 1,250 requests in about 20 s on the loaded 2-core machine.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, settings
from pydantic import BaseModel, ValidationError
from requests.structures import CaseInsensitiveDict
from schemathesis import Case, CheckContext, GenerationMode, HookContext, Response
from schemathesis.core.failures import AcceptedNegativeData, Failure
from schemathesis.core.parameters import ParameterLocation
from schemathesis.openapi.checks import RejectedPositiveData
from sqlalchemy import Engine, create_engine

from counterdesk.hq.ledger import apply_batch
from counterdesk.hq.terminals import add_terminal, revoke
from counterdesk.server.app import create_app
from counterdesk.server.run import ServerThread
from counterdesk.sync.protocol import API_PREFIX, PROTOCOL_VERSION, PushRequest, Resolve, accepted
from tests.integration.hq.books import NOW, op, open_account, register

SEED: Final = 20261121
FUZZED: Final = 25
"""Fuzzed examples per operation (schemathesis adds its coverage cases: boundaries, each
parameter missing or of the wrong type, unsupported methods)."""
STRANGERS_FUZZED: Final = 10

PUBLIC: Final = frozenset({"GET /health"})
"""Operations any caller may use: the load balancer's probe. Every other one needs a token."""
KNOWN_KINDS: Final = ("payment.posted", "payment.reversed", "shift.opened", "shift.closed",
                      "order.create")  # fmt: skip
"""Op kinds HQ books; a drawn kind is mapped onto one so its payload reaches a handler."""
PUSH: Final = f"POST {API_PREFIX}/push"
BODY_MODELS: Final[dict[str, type[BaseModel]]] = {
    PUSH: PushRequest,
    f"POST {API_PREFIX}/conflicts/{{conflict_id}}/resolve": Resolve,
}
"""The models HQ reads each request body with."""
FORGED: Final = "cdt_" + "x" * 43
"""Shaped like a token HQ issues (``cdt_`` and 43 characters), but never issued."""


def _declared_document() -> dict[str, Any]:
    """HQ's OpenAPI document as the app declares it (the engine is never connected)."""
    return create_app(role="hq", hq=create_engine("sqlite://")).openapi()


DOCUMENT: Final = _declared_document()
# HQ's schema: each case as drawn, with T01's token (both generation modes, all phases).
schema = schemathesis.openapi.from_dict(
    DOCUMENT, config=schemathesis.Config.from_dict({"seed": SEED})
)
# Schema-valid requests only, for the token tests: nothing but the token may be wrong in them.
strangers = schemathesis.openapi.from_dict(
    DOCUMENT,
    config=schemathesis.Config.from_dict(
        {
            "seed": SEED,
            "generation": {"mode": "positive"},
            "phases": {"coverage": {"enabled": False}},
        }
    ),
).exclude(func=lambda context: context.operation.label in PUBLIC)

FUZZING = settings(
    max_examples=FUZZED,
    derandomize=True,
    database=None,
    deadline=None,
    # Every request is a round trip to a real server and PostgreSQL: slow by Hypothesis' measure.
    suppress_health_check=[HealthCheck.too_slow],
)


@dataclass(frozen=True)
class LiveHq:
    url: str
    token: str
    revoked: str
    scope: str


@pytest.fixture(scope="module")
def live_hq(pg_engine: Engine) -> Iterator[LiveHq]:
    """HQ on this module's PostgreSQL database, serving on a loopback port."""
    open_account(pg_engine, area="A01", meter="M3301000001")
    terminal, token = register(pg_engine)
    conflicts = [op(seq, "meter.swapped", {"meter": "M1"}) for seq in (1, 2)]
    assert {r.status for r in apply_batch(pg_engine, terminal, conflicts, now=NOW).results} == {
        "rejected"
    }
    revoked = add_terminal(pg_engine, "T02", "青山营业厅", "A01", now=NOW)
    revoke(pg_engine, "T02", now=NOW)
    with ServerThread(create_app(role="hq", hq=pg_engine)) as server:
        yield LiveHq(server.url, token, revoked, "A01")


@pytest.fixture(scope="module")
def http() -> Iterator[requests.Session]:
    with requests.Session() as session:
        yield session


def _version(case: Case) -> int | None:
    """The protocol version the case sends (in the push body, else in the query), if it has one."""
    source = case.body if case.operation.label == PUSH else case.query
    value = source.get("protocol_version") if isinstance(source, dict) else None
    if isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _header(response: Response, name: str) -> str | None:
    values = [v for key, vs in response.headers.items() if key.lower() == name for v in vs]
    return values[0] if len(values) == 1 else None


def _positive(case: Case) -> bool:
    return case.meta is not None and case.meta.generation.mode == GenerationMode.POSITIVE


def versions_decide_426(_ctx: CheckContext, response: Response, case: Case) -> bool | None:
    """HQ answers 426, naming its version, exactly when a valid request speaks another protocol."""
    version = _version(case)
    if not _positive(case) or version is None:
        return None
    if accepted(version):
        assert response.status_code != 426, f"protocol {version} is HQ's own"
    else:
        assert response.status_code == 426, f"protocol {version}: {response.status_code}"
        assert _header(response, "upgrade") == f"counterdesk-sync/{PROTOCOL_VERSION}"
    return None


def _pydantic_reads(case: Case) -> bool:
    """HQ's own model for this operation accepts the body as sent (pydantic's lax mode)."""
    model = BODY_MODELS.get(case.operation.label)
    if model is None or case.meta is None or not case.meta.is_negative_at(ParameterLocation.BODY):
        return False
    try:
        model.model_validate(case.body)
    except ValidationError:
        return False
    return True


def _refused_for_a_reason_no_schema_states(case: Case, response: Response) -> bool:
    """426 for a protocol HQ does not speak, or 422 with the route's sentence."""
    if response.status_code == 426:
        version = _version(case)
        return version is not None and not accepted(version)
    if response.status_code != 422:
        return False
    return isinstance(json.loads(response.content)["detail"], str)


@schema.hook
def filter_failure(_context: HookContext, failure: Failure, case: Case, response: Response) -> bool:
    """Keep every failure but the two kinds the module docstring explains."""
    if isinstance(failure, RejectedPositiveData):
        return not _refused_for_a_reason_no_schema_states(case, response)
    if isinstance(failure, AcceptedNegativeData):
        return not _pydantic_reads(case)
    return True


def _set_right(case: Case, hq: LiveHq, response: Response) -> Case | None:
    """The schema-valid case again, past the checks that refused it: HQ's protocol, a scope of the
    terminal's and op kinds HQ books; ``None`` if nothing needs setting right."""
    if not _positive(case):
        return None
    version = _version(case)
    if case.operation.label == PUSH and isinstance(case.body, dict):
        body = dict(case.body)
        body["protocol_version"] = PROTOCOL_VERSION
        body["ops"] = [{**item, "kind": KNOWN_KINDS[len(item["kind"]) % len(KNOWN_KINDS)]}
                       for item in body["ops"]]  # fmt: skip
        if body == case.body:
            return None
        derived = case.derive()
        derived.body = body
        return derived
    query = dict(case.query)
    if version is not None and not accepted(version):
        query["protocol_version"] = PROTOCOL_VERSION
    if response.status_code == 403 and "scope" in query:
        query["scope"] = hq.scope
    return None if query == case.query else case.derive(query=query)


def _send(case: Case, hq: LiveHq, http: requests.Session) -> Response:
    # A case whose drawn Authorization breaks the schema goes as drawn: HQ must refuse it.
    if case.meta is None or not case.meta.is_negative_at(ParameterLocation.HEADER):
        case.headers["Authorization"] = f"Bearer {hq.token}"
    return case.call_and_validate(
        base_url=hq.url, session=http, additional_checks=[versions_decide_426]
    )


@pytest.mark.pg
@schema.parametrize()
@FUZZING
def test_no_request_gets_a_server_error_or_an_undeclared_answer(
    case: Case, live_hq: LiveHq, http: requests.Session
) -> None:
    """Every operation, T01's token, each case as drawn and again set right (module docstring)."""
    response = _send(case, live_hq, http)
    again = _set_right(case, live_hq, response)
    if again is not None:
        _send(again, live_hq, http)


CALLERS: Final[dict[str, Callable[[LiveHq], str | None]]] = {
    "no Authorization": lambda _hq: None,
    "a revoked token": lambda hq: f"Bearer {hq.revoked}",
    "a token HQ never issued": lambda _hq: f"Bearer {FORGED}",
    "a bare token": lambda hq: hq.token,
    "basic credentials": lambda _hq: "Basic VDAxOnNlY3JldA==",
}
"""How a stranger might call: each must get 401 (a bare token lacks the Bearer scheme)."""


@pytest.mark.pg
@strangers.parametrize()
@settings(FUZZING, max_examples=STRANGERS_FUZZED)
def test_every_operation_refuses_a_caller_without_a_live_token(
    case: Case, live_hq: LiveHq, http: requests.Session
) -> None:
    """Schema-valid requests to every operation but :data:`PUBLIC` (a new route is covered
    without being listed), each sent as drawn (schemathesis draws its own Authorization values,
    or none) and as each of :data:`CALLERS`: every answer is 401 with a Bearer challenge."""
    drawn = case.headers.get("Authorization")
    callers = dict(CALLERS)
    if drawn is not None:
        callers["the drawn header"] = lambda _hq: drawn
    for caller, authorization in callers.items():
        headers = CaseInsensitiveDict(case.headers)
        headers.pop("Authorization", None)
        value = authorization(live_hq)
        if value is not None:
            headers["Authorization"] = value
        stranger = case.derive(headers=headers)
        response = stranger.call(base_url=live_hq.url, session=http)
        assert response.status_code == 401, (caller, case.operation.label, response.text)
        assert (_header(response, "www-authenticate") or "").startswith("Bearer"), caller


@pytest.mark.pg
def test_the_live_server_serves_the_document_the_tests_were_drawn_from(
    live_hq: LiveHq, http: requests.Session
) -> None:
    served = http.get(f"{live_hq.url}/openapi.json", timeout=10)
    assert served.status_code == 200
    assert served.json() == json.loads(json.dumps(DOCUMENT))


def _bounds(node: object, path: str = "") -> Iterator[tuple[str, float]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum") and (
                isinstance(value, float)
            ):
                yield f"{path}/{key}", value
            else:
                yield from _bounds(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _bounds(value, f"{path}/{index}")


def test_every_bound_in_the_document_means_what_it_says() -> None:
    """A bound written as a float must read back, as the decimal it is written as, as the same
    number (a validator in another language reads the JSON text, not Python's float)."""
    drifted = {
        path: repr(value)
        for path, value in _bounds(json.loads(json.dumps(DOCUMENT)))
        if Decimal(repr(value)) != Decimal(value)
    }
    assert drifted == {}
