"""The built site served beside the API: folders, the site's 404 page, compression, caching."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from progress_service import Settings, create_app
from tests.support.service_app import direct, enrol, sign_in

BUNDLE = "assets/javascripts/bundle.f1ef5ab0.min.js"
FRAGMENT = "pagefind/fragment/sv_4c4a7e7.pf_fragment"
MODULE = "assets/api.a112d2bff865.min.js"
FINDER_FILE = "assets/finder/0d17962bfcd2/amne-demens.json"
# Named for good: pages load site.js by this name, and the finder its start file.
ENTRY, FINDER_START = "assets/site.js", "assets/finder/start.json"


@pytest.fixture
def site(settings: Settings) -> Path:
    root = settings.site_dir
    files = {
        "index.html": "<!doctype html><title>Omsorgskatalogen</title>" + "<p>Utbildningar</p>" * 60,
        "utbildningar/hygien/index.html": "<!doctype html><title>Basal hygien</title>",
        "404.html": "<!doctype html><title>Sidan finns inte</title>",
        BUNDLE: "console.log('bundle');" * 100,
        FRAGMENT: "fragment",
        "assets/images/favicon.png": "png",
        **{name: "[1]" for name in (MODULE, FINDER_FILE, ENTRY, FINDER_START)},
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


@pytest.fixture
def web(settings: Settings, site: Path) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as client:
        yield client


def test_folders_serve_their_index_and_missing_pages_the_sites_404(web: TestClient) -> None:
    page = web.get("/utbildningar/hygien/")
    assert page.status_code == 200 and b"<title>Basal hygien</title>" in page.content
    missing = web.get("/finns/inte/")
    assert missing.status_code == 404 and b"Sidan finns inte" in missing.content


def test_html_is_compressed_and_revalidated(web: TestClient) -> None:
    page = web.get("/", headers={"Accept-Encoding": "gzip"})
    assert page.headers["content-encoding"] == "gzip"
    assert page.headers["cache-control"] == "no-cache"
    assert b"Utbildningar" in page.content
    again = web.get("/", headers={"If-None-Match": page.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    since = web.get("/", headers={"If-Modified-Since": page.headers["last-modified"]})
    assert since.status_code == 304


def test_fingerprinted_assets_are_cached_for_a_year(web: TestClient) -> None:
    for path in (BUNDLE, FRAGMENT, MODULE, FINDER_FILE):
        response = web.get(f"/{path}")
        assert response.status_code == 200
        assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
    for path in ("assets/images/favicon.png", ENTRY, FINDER_START):
        assert web.get(f"/{path}").headers["cache-control"] == "no-cache", path


def test_every_response_carries_the_security_headers(web: TestClient) -> None:
    for path in ("/", "/finns-inte", "/healthz", "/api/me", "/api/finns-inte"):
        headers = web.get(path).headers
        policy = headers["content-security-policy"]
        assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
        assert "https:" not in policy and "http:" not in policy
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "same-origin"


def test_unknown_api_routes_answer_in_json(web: TestClient) -> None:
    missing = web.get("/api/finns-inte")
    assert missing.status_code == 404 and missing.json()["error"] == "not_found"
    wrong_method = web.put("/api/me", json={})
    assert wrong_method.status_code == 405 and wrong_method.json()["error"] == "method_not_allowed"
    assert web.post("/index.html", json={}).status_code == 405


def test_without_a_built_site_the_api_still_runs(settings: Settings) -> None:
    with TestClient(create_app(settings)) as client:
        assert client.get("/healthz").json()["status"] == "ok"
        assert client.get("/").status_code == 404


def test_a_folder_without_its_slash_redirects_to_the_public_url_whatever_the_host(web: TestClient) -> None:
    for host in ("evil.example", "127.0.0.1:8000"):
        response = web.get("/utbildningar/hygien", headers={"Host": host}, follow_redirects=False)
        assert response.status_code in (301, 307)
        assert response.headers["location"] == "http://testserver/utbildningar/hygien/"


def test_gzip_and_identity_answers_have_different_etags_and_both_revalidate(web: TestClient) -> None:
    gzipped = web.get("/", headers={"Accept-Encoding": "gzip"})
    plain = web.get("/", headers={"Accept-Encoding": "identity"})
    assert gzipped.headers["content-encoding"] == "gzip" and "content-encoding" not in plain.headers
    assert gzipped.headers["etag"] != plain.headers["etag"]
    assert gzipped.headers["etag"].startswith('W/"') and not plain.headers["etag"].startswith("W/")
    for response in (gzipped, plain):
        again = web.get("/", headers={"If-None-Match": response.headers["etag"]})
        assert again.status_code == 304


def test_a_server_error_tells_the_client_the_connection_closes(settings: Settings) -> None:
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        sign_in(client, enrol(client))
        with direct(settings) as connection:  # a row no code path can read
            connection.execute(
                "INSERT INTO completions"
                " (id, staff_id, training, training_title, hours, completed_on, recorded_at)"
                " SELECT 'x', id, 'hygien', 'Basal hygien', 1, 'inte ett datum', 'x'"
                " FROM staff WHERE employee_number = '1001'"
            )
        response = client.get("/api/me")
        assert response.status_code == 500 and response.json()["error"] == "internal"
        assert response.headers["connection"] == "close"
