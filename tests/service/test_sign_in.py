"""Signing in with a personal code: cookies, sessions ending on the server, failed-attempt limits."""

from __future__ import annotations

from starlette.testclient import TestClient

from progress_service import create_app
from progress_service.auth import COOKIE, SECURE_COOKIE
from progress_service.people import reissue_code, revoke_code
from progress_service.ratelimit import minutes
from progress_service.settings import Settings
from tests.support.service_app import count, direct, enrol, run, service, sign_in


def test_a_code_starts_a_session_with_an_http_only_lax_cookie(client: TestClient) -> None:
    code = enrol(client)
    response = client.post("/api/session", json={"code": code.lower().replace("-", " ")})
    assert response.status_code == 200
    assert response.json()["name"] == "Person 1001"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE}=")
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie
    assert code.replace("-", "") not in cookie
    assert client.get("/api/me").json()["person"]["employee_number"] == "1001"


def test_over_https_the_cookie_is_secure_and_host_prefixed(settings: Settings) -> None:
    with TestClient(create_app(settings), base_url="https://omsorg.example") as client:
        response = client.post("/api/session", json={"code": enrol(client)})
        cookie = response.headers["set-cookie"]
        assert cookie.startswith(f"{SECURE_COOKIE}=") and "Secure" in cookie
        assert client.get("/api/me").status_code == 200


def test_signing_out_ends_the_session_on_the_server(client: TestClient) -> None:
    sign_in(client, enrol(client))
    token = client.cookies[COOKIE]
    assert client.delete("/api/session").status_code == 204
    client.cookies.set(COOKIE, token)  # a stolen copy of the cookie no longer works
    response = client.get("/api/me")
    assert response.status_code == 401
    assert response.json()["error"] == "not_signed_in"


def test_a_wrong_code_is_401_and_a_malformed_one_422(client: TestClient) -> None:
    enrol(client)
    wrong = client.post("/api/session", json={"code": "2222-2222-222"})
    assert wrong.status_code == 401 and wrong.json()["error"] == "not_signed_in"
    malformed = client.post("/api/session", json={"code": "OIL0-1"})
    assert malformed.status_code == 422 and malformed.json()["field"] == "code"


def test_repeated_failures_on_one_code_prefix_are_limited(client: TestClient) -> None:
    for attempt in range(5):
        assert client.post("/api/session", json={"code": f"ABCD-EFGH-JK{attempt + 2}"}).status_code == 401
    limited = client.post("/api/session", json={"code": "ABCD-EFGH-JKZ"})
    assert limited.status_code == 429
    assert int(limited.headers["retry-after"]) > 0
    assert limited.json()["message"] == "För många felaktiga försök. Vänta 15 minuter och försök igen."
    sign_in(client, enrol(client))  # another person's code (another prefix) still works


def test_the_wait_is_in_whole_minutes_rounded_up_in_good_swedish() -> None:
    assert [minutes(s) for s in (1, 60, 61, 120, 900)] == [
        "1 minut",
        "1 minut",
        "2 minuter",
        "2 minuter",
        "15 minuter",
    ]


def test_a_successful_sign_in_does_not_count_against_the_limits(client: TestClient) -> None:
    code = enrol(client)
    for _ in range(6):
        sign_in(client, code)
    for attempt in range(4):
        assert (
            client.post("/api/session", json={"code": f"{code[:4]}-EFGH-JK{attempt + 2}"}).status_code == 401
        )
    sign_in(client, code)


def test_repeated_failures_from_one_client_are_limited(client: TestClient) -> None:
    prefixes = [a + b for a in "ABCDE" for b in "FGHJ"]
    statuses = [client.post("/api/session", json={"code": f"{p}22-2222-222"}).status_code for p in prefixes]
    assert statuses[:20] == [401] * 20
    assert client.post("/api/session", json={"code": "ZZZZ-2222-222"}).status_code == 429


def test_a_write_from_another_site_is_refused(client: TestClient) -> None:
    sign_in(client, enrol(client))
    body = {"id": "0b9b3d4e-2f4a-4c1e-9a7b-1d2e3f4a5b6c", "training": "hygien", "completed_on": "2025-01-10"}
    evil = client.post("/api/completions", json=body, headers={"Origin": "https://evil.example"})
    assert evil.status_code == 403 and evil.json()["error"] == "forbidden"
    assert client.get("/api/me").json()["completions"] == []
    allowed = client.post("/api/completions", json=body, headers={"Origin": "https://omsorg.example"})
    assert allowed.status_code == 201
    own = client.delete(f"/api/completions/{body['id']}", headers={"Origin": "http://testserver"})
    assert own.status_code == 204


def test_a_cross_site_fetch_without_origin_is_refused(client: TestClient) -> None:
    sign_in(client, enrol(client))
    response = client.delete("/api/session", headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 403
    assert client.get("/api/me").status_code == 200


def test_revoking_or_reissuing_a_code(client: TestClient) -> None:
    old = enrol(client, employee_number="2002")
    sign_in(client, old)
    db = service(client).db
    new = run(client, reissue_code, db, service(client).settings.secret_key, "asele", "2002")
    assert client.get("/api/me").status_code == 401  # sessions end with the old code
    assert client.post("/api/session", json={"code": old}).status_code == 401
    sign_in(client, new)
    run(client, revoke_code, db, "asele", "2002")
    assert client.post("/api/session", json={"code": new}).status_code == 401


def test_an_expired_session_is_refused_and_forgotten_at_the_next_start(settings: Settings) -> None:
    with TestClient(create_app(settings)) as client:
        sign_in(client, enrol(client))
        with direct(settings) as connection:
            connection.execute("UPDATE sessions SET expires_at = '2000-01-01T00:00:00+00:00'")
        response = client.get("/api/me")
        assert response.status_code == 401 and "gått ut" in response.json()["message"]
        assert count(client, "sessions") == 1
    with TestClient(create_app(settings)) as restarted:
        assert count(restarted, "sessions") == 0


def test_the_origin_check_compares_with_the_public_url_not_the_host(client: TestClient) -> None:
    """Behind a proxy that passes its own Host, a browser's write from the public origin is taken, and a
    forged Host cannot make a foreign origin look like this site's own."""
    sign_in(client, enrol(client))
    body = {"id": "0b9b3d4e-2f4a-4c1e-9a7b-1d2e3f4a5b6c", "training": "hygien", "completed_on": "2025-01-10"}
    proxied = {"Origin": "http://testserver", "Host": "127.0.0.1:8000"}
    assert client.post("/api/completions", json=body, headers=proxied).status_code == 201
    forged = {"Origin": "https://evil.example", "Host": "evil.example"}
    response = client.delete(f"/api/completions/{body['id']}", headers=forged)
    assert response.status_code == 403
