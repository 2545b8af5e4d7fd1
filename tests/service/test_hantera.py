"""/hantera/ over HTTP against a real service: sign-in forms, sessions that end, API keys with the
manager's scope, forms that only this site can post, and the log for administrators only."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import httpx

from catalogue.dates import swedish_today
from progress_service.account_auth import COOKIE
from progress_service.codes import keyed_hash
from progress_service.hantera.log import described
from tests.support.service_app import SECRET, direct
from tests.support.service_hantera import browser_like, form_token, signed_in
from tests.support.service_server import Server
from tests.support.service_world import NORR, PASSWORD, TALLEN, World

NEW_KEY = re.compile(r'<code class="key">(omk_[^<]+)</code>')


def test_pages_without_a_session_lead_to_the_sign_in_form_and_back(
    running: tuple[Server, World, Path],
) -> None:
    server, _, _ = running
    client = browser_like(server)
    response = client.get("/hantera/rapporter/matrix?path=intro")
    assert response.status_code == 303
    assert (
        response.headers["location"]
        == "/hantera/logga-in?next=%2Fhantera%2Frapporter%2Fmatrix%3Fpath%3Dintro"
    )
    form = client.get(response.headers["location"])
    assert 'name="next" value="/hantera/rapporter/matrix?path=intro"' in form.text
    signed = client.post(
        "/hantera/logga-in",
        data={"name": "Åsa Åsele", "password": PASSWORD, "next": "/hantera/rapporter/matrix?path=intro"},
    )
    assert signed.headers["location"] == "/hantera/rapporter/matrix?path=intro"
    assert "Utbildningsmatris" in client.get(signed.headers["location"]).text


def test_a_wrong_password_shows_the_form_again_and_never_redirects_elsewhere(
    running: tuple[Server, World, Path],
) -> None:
    server, _, _ = running
    client = browser_like(server)
    wrong = client.post(
        "/hantera/logga-in", data={"name": "Åsa Åsele", "password": "fel lösenord", "next": "/"}
    )
    assert wrong.status_code == 401 and "Namnet eller lösenordet stämmer inte." in wrong.text
    assert 'value="Åsa Åsele"' in wrong.text and "fel lösenord" not in wrong.text
    for target in (
        "https://angripare.example/",
        "//angripare.example/hantera/",
        "/hantera/\\\\angripare.example",
    ):
        response = client.post(
            "/hantera/logga-in", data={"name": "Åsa Åsele", "password": PASSWORD, "next": target}
        )
        assert response.headers["location"] == "/hantera/"


def test_a_form_from_another_site_or_without_the_token_is_refused(
    running: tuple[Server, World, Path],
) -> None:
    server, _, db = running
    client = signed_in(server, "Åsa Åsele")
    forged = client.post("/hantera/nycklar", data={"label": "x", "days": "30"})
    assert forged.status_code == 403 and "Formuläret har gått ut" in forged.text
    token = form_token(client, "/hantera/nycklar")
    cross = client.post(
        "/hantera/nycklar",
        data={"label": "x", "days": "30", "form_token": token},
        headers={"Origin": "https://angripare.example"},
    )
    assert cross.status_code == 403
    with direct(db) as connection:
        assert connection.execute("SELECT count(*) FROM api_keys WHERE label = 'x'").fetchone() == (0,)


def test_sessions_end_after_30_idle_minutes_and_after_8_hours(running: tuple[Server, World, Path]) -> None:
    server, _, db = running
    idle, old = signed_in(server, "Åsa Åsele"), signed_in(server, "Åsa Åsele")
    assert idle.get("/hantera/").status_code == 200
    now = datetime.datetime.now(datetime.UTC)
    thirty_one_minutes_ago = (now - datetime.timedelta(minutes=31)).isoformat(timespec="seconds")
    with direct(db) as connection:
        for client, column, value in (
            (idle, "last_seen_at", thirty_one_minutes_ago),
            (old, "expires_at", now.isoformat(timespec="seconds")),
        ):
            token_hash = keyed_hash(SECRET, client.cookies[COOKIE])
            connection.execute(
                f"UPDATE account_sessions SET {column} = ? WHERE token_hash = ?", (value, token_hash)
            )
    for client in (idle, old):
        assert client.get("/api/reports/summary.csv").status_code == 401
        assert client.get("/hantera/").status_code == 303


def test_signing_out_ends_the_session_on_the_server(running: tuple[Server, World, Path]) -> None:
    server, _, _ = running
    client = signed_in(server, "Tore Tallen")
    stolen = client.cookies[COOKIE]
    token = form_token(client, "/hantera/")
    response = client.post("/hantera/logga-ut", data={"form_token": token})
    assert response.status_code == 303 and response.headers["location"] == "/hantera/logga-in"
    again = browser_like(server)
    again.cookies.set(COOKIE, stolen)
    assert again.get("/api/reports/hours.csv").status_code == 401


def test_an_api_key_is_shown_once_pulls_reports_in_scope_and_stops_when_revoked(
    running: tuple[Server, World, Path],
) -> None:
    server, world, db = running
    client = signed_in(server, "Tore Tallen")
    token = form_token(client, "/hantera/nycklar")
    made = client.post(
        "/hantera/nycklar", data={"label": "Power BI Tallen", "days": "30", "form_token": token}
    )
    assert made.status_code == 200 and made.headers["cache-control"] == "no-store"
    key = NEW_KEY.search(made.text)
    assert key is not None
    assert key.group(1) not in client.get("/hantera/nycklar").text  # shown once only
    with direct(db) as connection:
        stored = connection.execute(
            "SELECT key_hash, expires_on FROM api_keys WHERE label = 'Power BI Tallen'"
        ).fetchone()
    assert key.group(1) not in stored[0]
    assert stored[1] == (swedish_today() + datetime.timedelta(days=30)).isoformat()
    bearer = {"Authorization": f"Bearer {key.group(1)}"}
    pulled = httpx.get(f"{server.url}/api/reports/hours.csv", params={"from": "2025-01-01"}, headers=bearer)
    assert pulled.status_code == 200 and "+Bo Lund" in pulled.text and "Anna Ek" not in pulled.text
    outside = httpx.get(
        f"{server.url}/api/reports/hours.csv", params={"unit": world.units[NORR]}, headers=bearer
    )
    assert outside.status_code == 403
    assert (
        httpx.get(f"{server.url}/hantera/nycklar", headers=bearer, follow_redirects=False).status_code != 200
    )
    key_id = re.search(r'action="/hantera/nycklar/(\d+)/aterkalla"', client.get("/hantera/nycklar").text)
    assert key_id is not None
    revoked = client.post(f"/hantera/nycklar/{key_id.group(1)}/aterkalla", data={"form_token": token})
    assert revoked.status_code == 303
    assert httpx.get(f"{server.url}/api/reports/hours.csv", headers=bearer).status_code == 401
    with direct(db) as connection:
        actions = [
            row[0]
            for row in connection.execute("SELECT details FROM audit_log WHERE action LIKE 'api_key_%'")
        ]
    assert len(actions) == 2 and all(key.group(1) not in details for details in actions)


def test_the_log_is_for_administrators_and_names_who_read_what(running: tuple[Server, World, Path]) -> None:
    server, _, _ = running
    tore = signed_in(server, "Tore Tallen")
    tore.get("/hantera/rapporter/hours", params={"from": "2025-01-01"})
    assert tore.get("/hantera/logg").status_code == 403
    assert tore.get("/hantera/logg.csv").status_code == 403
    admin = signed_in(server, "Admin Istratör")
    page = admin.get("/hantera/logg", params={"action": "report_viewed"})
    assert page.status_code == 200 and "Tore Tallen" in page.text and "Visade rapport" in page.text
    file = admin.get("/hantera/logg.csv", params={"action": "report_viewed"})
    assert file.content.startswith(b"\xef\xbb\xbfTid (UTC);Vem;H")
    assert "Tore Tallen" in file.content.decode("utf-8-sig")
    assert PASSWORD not in file.content.decode("utf-8-sig")
    assert admin.get("/hantera/logg", params={"action": "nothing"}).status_code == 422


def test_report_pages_refuse_outside_the_scope_and_show_the_matrix_with_words(
    running: tuple[Server, World, Path],
) -> None:
    server, world, _ = running
    tore = signed_in(server, "Tore Tallen")
    refused = tore.get("/hantera/rapporter/completions", params={"unit": world.units[NORR]})
    assert refused.status_code == 403 and "ingår inte i det du får se" in refused.text
    matrix = tore.get("/hantera/rapporter/matrix", params={"path": "intro", "on": "2026-01-15"})
    assert matrix.status_code == 200
    assert '<span class="status s-due_soon">Förnyas senast 2026-03-01</span>' in matrix.text
    assert "Anna Ek" not in matrix.text and TALLEN in matrix.text
    options = re.findall(r'<option value="(\d+)"', matrix.text)
    assert options == [str(world.units[TALLEN])]


def test_scope_matrix_every_report_page_refuses_a_foreign_place_and_shows_no_outsider(
    running: tuple[Server, World, Path],
) -> None:
    server, world, _ = running
    tore = signed_in(server, "Tore Tallen")
    required = {"matrix": {"path": "intro"}, "needs": {"assessment": "digital"}}
    for report in ("completions", "matrix", "renewals", "hours", "summary", "needs"):
        base = required.get(report, {})
        for foreign in ({"municipality": "dorotea"}, {"unit": str(world.units[NORR])}):
            if report == "summary" and "unit" in foreign:
                continue
            refused = tore.get(f"/hantera/rapporter/{report}", params={**base, **foreign})
            assert refused.status_code == 403, (report, foreign)
            assert "Anna Ek" not in refused.text and "Dora Utanför" not in refused.text
        dated = report not in ("matrix", "renewals")  # these two show the state on a day
        shown = tore.get(
            f"/hantera/rapporter/{report}", params={**base, "from": "2025-01-01"} if dated else base
        )
        assert shown.status_code == 200, report
        for outsider in ("Anna Ek", "Dora Utanför", "Norr Person", "Söder Person"):
            assert outsider not in shown.text, (report, outsider)


def test_the_overview_names_what_the_manager_sees(running: tuple[Server, World, Path]) -> None:
    server, _, _ = running
    assert "Du ser: Säbo Tallen (Åsele)" in signed_in(server, "Tore Tallen").get("/hantera/").text
    assert "Du ser: Åsele ·" in signed_in(server, "Åsa Åsele").get("/hantera/").text
    assert "Du ser: Alla kommuner och enheter" in signed_in(server, "Admin Istratör").get("/hantera/").text


def test_the_log_names_a_chosen_event_and_an_account_role_in_swedish() -> None:
    # A download of the log filtered on one event read "händelse: attendance_recorded".
    assert described({"action": "attendance_recorded"}) == "händelse: Registrerade närvaro"
    assert described({"role": "administrator"}) == "roll: administratör"
