"""``counterdesk serve --ssl-certfile … --ssl-keyfile …``: HQ over HTTPS, rolled out as README says.

The server is the real command in its own process with a self-signed certificate made by
``openssl`` on loopback; the terminal trusts that certificate the way the README tells IT to
(``SSL_CERT_FILE``), joins with ``counterdesk sync join`` and sends a payment with ``sync now``.
"""

from __future__ import annotations

import shutil
import ssl
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner, Result
from sqlalchemy import text

from counterdesk.cli import main
from counterdesk.hq.database import make_hq_engine, upgrade_hq
from counterdesk.hq.terminals import add_terminal
from tests.helpers.counter import Counter, cash, open_shift, pay
from tests.helpers.serving import serving
from tests.integration.sync.hq_server import HALL, open_account


@dataclass(frozen=True)
class Certificate:
    cert: Path
    key: Path


def openssl(*args: str) -> None:
    tool = shutil.which("openssl")
    if tool is None:
        pytest.skip("the openssl command is not installed (it makes the test's certificate)")
    subprocess.run([tool, *args], check=True, capture_output=True, timeout=60)


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> Certificate:
    """A self-signed certificate for 127.0.0.1 and localhost, as README's example makes it."""
    folder = tmp_path_factory.mktemp("tls")
    made = Certificate(folder / "hq.crt", folder / "hq.key")
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-keyout", str(made.key), "-out", str(made.cert), "-subj", "/CN=localhost",
            "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1")  # fmt: skip
    return made


@dataclass(frozen=True)
class Hq:
    path: Path
    url: str
    token: str
    account: uuid.UUID

    def count(self, sql: str, **params: object) -> int:
        engine = make_hq_engine(str(self.path))
        try:
            with engine.connect() as connection:
                return int(connection.execute(text(sql), params).scalar_one())
        finally:
            engine.dispose()


@pytest.fixture
def hq(certificate: Certificate, tmp_path: Path) -> Iterator[Hq]:
    """HQ with one account and terminal QS03 registered, served over HTTPS by the command."""
    path = tmp_path / "hq.db"
    engine = make_hq_engine(str(path))
    try:
        upgrade_hq(engine)
        account = open_account(engine).uid
        token = add_terminal(engine, "QS03", HALL, "A01")
    finally:
        engine.dispose()
    extra = ("--ssl-certfile", str(certificate.cert), "--ssl-keyfile", str(certificate.key))
    trusting = ssl.create_default_context(cafile=certificate.cert)
    with serving(str(path), tmp_path / "serve.log", extra=extra, verify=trusting) as served:
        yield Hq(path, served.url, token, account)


@pytest.fixture
def counter(counter: Counter) -> Counter:
    """The shared copy (tests/conftest.py) with the clerk's shift open."""
    open_shift(counter)
    return counter


def sync(counter: Counter, *args: str, trust: Path | None) -> Result:
    """``counterdesk sync …`` on the counter's database; ``trust``: the CA file the terminal
    is told to trust through ``SSL_CERT_FILE`` (None: the usual public CAs)."""
    db = str(counter.engine.url.database)
    return CliRunner().invoke(
        main,
        ["sync", *args, "--db", db],
        env={"SSL_CERT_FILE": None if trust is None else str(trust), "SSL_CERT_DIR": None},
        catch_exceptions=False,
    )


def test_a_terminal_joins_hq_over_https_and_its_payment_arrives(
    hq: Hq, certificate: Certificate, counter: Counter
) -> None:
    # Plain HTTP to the TLS port gets no answer; an untrusting client refuses the certificate.
    with pytest.raises(httpx.TransportError):
        httpx.get(hq.url.replace("https://", "http://") + "/health", timeout=5)
    refused = sync(counter, "join", "--url", hq.url, "--token", hq.token, trust=None)
    assert refused.exit_code == 1
    assert "CERTIFICATE_VERIFY_FAILED" in refused.stderr
    assert sync(counter, "status", trust=None).stdout.startswith("Link:          not joined")

    joined = sync(counter, "join", "--url", hq.url, "--token", hq.token, trust=certificate.cert)
    assert joined.exit_code == 0, joined.output
    assert joined.stdout.startswith(f"Joined HQ at {hq.url} as terminal QS03")

    loaded = sync(counter, "now", trust=certificate.cert)  # the initial load: HQ's account
    assert loaded.exit_code == 0, loaded.output
    payment = pay(counter, hq.account, cash(1_000)).payment_uid
    now = sync(counter, "now", trust=certificate.cert)
    assert now.exit_code == 0, now.output
    assert now.stdout == f"Synced with HQ at {hq.url}: 0 ops pending, 0 open conflicts at HQ.\n"
    assert hq.count("SELECT count(*) FROM hq_payment WHERE uid = :u", u=payment.hex) == 1
    assert hq.count("SELECT count(*) FROM hq_shift") == 1


def test_serve_refuses_a_key_without_its_certificate_and_a_key_of_another_certificate(
    certificate: Certificate, tmp_path: Path
) -> None:
    def serve(*args: str) -> Result:
        return CliRunner().invoke(
            main, ["serve", "--role", "hq", "--db", str(tmp_path / "hq.db"), *args]
        )

    alone = serve("--ssl-keyfile", str(certificate.key))
    assert alone.exit_code == 2
    assert "--ssl-keyfile needs --ssl-certfile" in alone.stderr

    other = tmp_path / "other.key"
    openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", str(other))
    wrong = serve("--ssl-certfile", str(certificate.cert), "--ssl-keyfile", str(other))
    assert wrong.exit_code == 1
    assert f"Cannot serve HTTPS with the certificate {certificate.cert}" in wrong.stderr
    assert "Traceback" not in wrong.output
    assert not (tmp_path / "hq.db").exists()  # refused before anything was made
