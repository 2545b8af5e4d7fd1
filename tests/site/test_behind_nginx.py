"""The production set-up of the README, for real: Debian's nginx with exactly the README's
configuration (TLS with a throw-away certificate) in front of the service, and Chromium signing in
and recording a completion through it.

Only what must differ on a test machine is replaced, each replacement checked to hit exactly what
the README says: the listening ports (free loopback ports), the certificate files, and the
service's address. The README's snippet goes into http{} like a file in /etc/nginx/conf.d; the
main nginx.conf around it is the test's own (a prefix in tmp_path, and `user root;` when the
tests run as root, so that workers can read the files pytest made private).
"""

from __future__ import annotations

import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser

from catalogue import Catalogue
from progress_service.auth import SECURE_COOKIE
from tests.site.test_staff_pages import Service, record_done, sign_in, training_in_path
from tests.support.service_server import ROOT, Server, service_env, start

pytestmark = pytest.mark.browser

NGINX = "/usr/sbin/nginx"
README = ROOT / "README.md"
NGINX_BLOCK = re.compile(r"```nginx\n(.*?)```", re.DOTALL)


def readme_nginx_config() -> str:
    blocks = NGINX_BLOCK.findall(README.read_text(encoding="utf-8"))
    assert len(blocks) == 1, "the README should give exactly one nginx configuration"
    return str(blocks[0])


def replaced(text: str, old: str, new: str, times: int = 1) -> str:
    assert text.count(old) == times, f"the README's nginx configuration no longer has {old!r} {times}x"
    return text.replace(old, new)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def certificate(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "fullchain.pem", folder / "privkey.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def nginx_conf(prefix: Path, site_config: Path) -> str:
    temp = {name: prefix / "temp" / name for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")}
    for folder in temp.values():
        folder.mkdir(parents=True)
    return "\n".join(
        [
            "user root;" if os.geteuid() == 0 else "",
            "worker_processes 1;",
            f"pid {prefix / 'nginx.pid'};",
            f"error_log {prefix / 'error.log'} warn;",
            "events { worker_connections 256; }",
            "http {",
            f"    access_log {prefix / 'access.log'};",
            *(f"    {name}_temp_path {folder};" for name, folder in temp.items()),
            f"    include {site_config};",
            "}",
        ]
    )


@dataclass
class Proxy:
    url: str
    http_url: str
    db: Path
    catalogue_dir: Path
    service: Server
    site: Path


def wait_for(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("nginx did not start:\n" + log.read_text(errors="replace"))
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("nginx did not open its port")


@pytest.fixture(scope="module")
def proxy(site: Path, catalogue_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Proxy]:
    if not Path(NGINX).exists():
        pytest.fail("nginx is missing: `make nginx` installs Debian's nginx-light")
    folder = tmp_path_factory.mktemp("nginx")
    https_port, http_port = free_port(), free_port()
    public = f"https://127.0.0.1:{https_port}"
    service = start(folder / "omsorg.db", catalogue_dir, OMSORG_SITE_DIR=str(site), OMSORG_PUBLIC_URL=public)
    cert, key = certificate(folder)
    config = readme_nginx_config()
    config = replaced(config, "listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;")
    config = replaced(config, "listen 80;", f"listen 127.0.0.1:{http_port};")
    config = replaced(config, "https://utbildning.kommun.se$request_uri", f"{public}$request_uri")
    config = replaced(config, "/etc/ssl/omsorg/fullchain.pem", str(cert))
    config = replaced(config, "/etc/ssl/omsorg/privkey.pem", str(key))
    config = replaced(config, "http://127.0.0.1:8000", service.url, times=2)
    (folder / "omsorg.conf").write_text(config)
    (folder / "nginx.conf").write_text(nginx_conf(folder, folder / "omsorg.conf"))
    command = [NGINX, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-g", "daemon off;"]
    nginx = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_for(https_port, nginx, folder / "error.log")
        yield Proxy(
            public, f"http://127.0.0.1:{http_port}", folder / "omsorg.db", catalogue_dir, service, site
        )
    finally:
        nginx.terminate()
        nginx.wait(10)
        service.stop()


def imported_code(proxy: Proxy, folder: Path) -> str:
    """One person imported with the service's own CLI (while it runs); their personal code."""
    staff = folder / "staff.csv"
    staff.write_text(
        "anställningsnummer;namn;kommun;enhet;roll;startdatum\n"
        "nginx-1;Nora Nginx;Åsele;Hemtjänst;;2020-01-01\n",
        encoding="utf-8",
    )
    out = folder / "codes.csv"
    command = [sys.executable, "-m", "progress_service", "import-staff", str(staff), "--codes-out", str(out)]
    env = service_env(proxy.db, proxy.catalogue_dir)
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)
    return out.read_text(encoding="utf-8-sig").splitlines()[1].split(";")[-1]


def test_a_browser_signs_in_and_records_a_completion_through_nginx(
    proxy: Proxy, browser: Browser, catalogue: Catalogue, tmp_path: Path
) -> None:
    codes = {"nginx-1": imported_code(proxy, tmp_path)}
    service = Service(proxy.url + "/", proxy.db, codes, proxy.service, proxy.catalogue_dir, proxy.site)
    context = browser.new_context(ignore_https_errors=True)
    page = context.new_page()
    try:
        sign_in(page, service, "nginx-1")
        cookie = next(c for c in context.cookies() if c["name"] == SECURE_COOKIE)
        assert cookie["secure"] and cookie["httpOnly"]
        training = training_in_path(catalogue)
        day = record_done(page, service, training)
    finally:
        context.close()
    with sqlite3.connect(proxy.db) as connection:
        stored = connection.execute(
            "SELECT c.training, c.completed_on FROM completions c JOIN staff s ON s.id = c.staff_id"
            " WHERE s.employee_number = 'nginx-1'"
        ).fetchall()
    assert stored == [(training, day)]


def test_redirects_lead_to_the_public_url_whatever_host_the_request_names(proxy: Proxy) -> None:
    with httpx.Client(verify=False, timeout=10) as client:  # noqa: S501 (the throw-away certificate)
        folder = client.get(f"{proxy.url}/logga-in", headers={"Host": "evil.example"}, follow_redirects=False)
        assert folder.status_code in (301, 307)
        assert folder.headers["location"] == f"{proxy.url}/logga-in/"
        plain = client.get(f"{proxy.http_url}/min-utbildning/", follow_redirects=False)
        assert plain.status_code == 301
        assert plain.headers["location"] == f"{proxy.url}/min-utbildning/"
        health = client.get(f"{proxy.url}/healthz")
        assert health.status_code == 200 and health.json()["writer"] == "running"
