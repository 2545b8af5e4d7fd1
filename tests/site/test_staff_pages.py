"""Staff using the service from the site, in real Chromium: the site built from the real catalogue,
served with the API by a real uvicorn on loopback over a real SQLite file, people imported with the
service's own CLI. Sign in, mark done and rate, Min utbildning, self-assessments, the offline queue
and a shared device."""

from __future__ import annotations

import datetime
import json
import re
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, Route, expect

from catalogue import Catalogue
from progress_service.completions import EARLIER_BOX
from progress_service.progress import add_months
from tests.support.browser import PHONE, axe_violations
from tests.support.service_server import ROOT, Server, service_env, start
from tests.support.site_build import TEST_ASSESSMENT, TEST_PATH
from tests.support.site_server import plain_name

pytestmark = pytest.mark.browser

PEOPLE = (
    "marking",
    "assessing",
    "offline",
    "person-a",
    "person-b",
    "expired",
    "refused",
    "failing-a",
    "failing-b",
    "hours",
    "record",
    "earlier",
    "correcting",
    "refresh",
    "nojs",
    "paths",
    "touch",
    "pages",
    "slip",
    "upgrade",
)
SIGNED_OUT = re.compile(r"/logga-in/\?utloggad=1$")
# A function, not an expression: the site's CSP forbids the eval an expression would need.
OUTBOX_EMPTY = "() => JSON.parse(localStorage.getItem('ok-outbox') || '[]').length === 0"
CACHED_PATHS = """async () => {
    await navigator.serviceWorker.ready;
    const paths = [];
    for (const name of await caches.keys()) {
        for (const request of await (await caches.open(name)).keys())
            paths.push(new URL(request.url).pathname);
    }
    return paths;
}"""
QUEUED = "Sparad i telefonen eller surfplattan – skickas när du har nätverk"
START = "2020-01-01"


@dataclass
class Service:
    """The running service; `stopped()` takes it away for real, as a lost connection does, since
    the browser's offline switch does not stop a service worker's own fetches."""

    url: str
    db: Path
    codes: dict[str, str]
    server: Server
    catalogue_dir: Path
    site: Path

    @contextmanager
    def stopped(self) -> Iterator[None]:
        port = int(self.url.rstrip("/").rsplit(":", 1)[1])
        self.server.stop()
        try:
            yield
        finally:
            self.server = start(self.db, self.catalogue_dir, port=port, OMSORG_SITE_DIR=str(self.site))


@pytest.fixture(scope="module")
def service(
    site: Path, catalogue_dir: Path, catalogue: Catalogue, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Service]:
    folder = tmp_path_factory.mktemp("staff-service")
    db = folder / "omsorg.db"
    role = catalogue.roles[catalogue.paths[TEST_PATH].roles[0]].label
    staff = folder / "staff.csv"
    lines = ["anställningsnummer;namn;kommun;enhet;roll;startdatum"]
    lines += [f"{who};Person {who};Åsele;Hemtjänst Norr;{role};{START}" for who in PEOPLE]
    staff.write_text("\n".join(lines), encoding="utf-8")
    out = folder / "codes.csv"
    command = [sys.executable, "-m", "progress_service", "import-staff", str(staff), "--codes-out", str(out)]
    subprocess.run(command, cwd=ROOT, env=service_env(db, catalogue_dir), check=True, capture_output=True)
    rows = [line.split(";") for line in out.read_text(encoding="utf-8-sig").splitlines()[1:]]
    server: Server = start(db, catalogue_dir, OMSORG_SITE_DIR=str(site))
    running = Service(server.url + "/", db, {row[0]: row[-1] for row in rows}, server, catalogue_dir, site)
    yield running
    running.server.stop()


def completions_of(service: Service, who: str) -> list[tuple[str, str, str]]:
    with sqlite3.connect(service.db) as connection:
        sql = (
            "SELECT c.id, c.training, c.completed_on FROM completions c JOIN staff s ON s.id = c.staff_id"
            " WHERE s.employee_number = ?"
        )
        return connection.execute(sql, (who,)).fetchall()


def sign_in(page: Page, service: Service, who: str) -> None:
    page.goto(service.url + "logga-in/")
    page.wait_for_load_state("networkidle")
    # Typed the way people type from a paper slip: lower case, spaces instead of dashes.
    page.get_by_label("Din personliga kod").fill(service.codes[who].lower().replace("-", " "))
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/min-utbildning/")
    expect(page.get_by_role("button", name="Logga ut")).to_be_visible()


def test_the_qr_address_on_a_code_slip_signs_the_person_in(page: Page, service: Service) -> None:
    page.goto(f"{service.url}logga-in/#kod={service.codes['slip']}")
    page.wait_for_url("**/min-utbildning/")
    expect(page.get_by_role("button", name="Logga ut")).to_be_visible()
    assert all("#kod=" not in entry for entry in page.evaluate("[location.href, document.referrer]"))
    page.goto(f"{service.url}logga-in/#kod=FEL")
    expect(page.locator("#ok-signin-error")).to_contain_text("Koden ska ha 11 tecken")


def training_in_path(catalogue: Catalogue) -> str:
    return catalogue.paths[TEST_PATH].steps[0].training


def record_done(page: Page, service: Service, training: str) -> str:
    """Mark `training` done three days ago on its page, as a person would; the day."""
    page.goto(f"{service.url}utbildning/{training}/")
    day = (datetime.date.today() - datetime.timedelta(days=3)).isoformat()
    page.get_by_label("Datum då du blev klar").fill(day)
    page.get_by_role("button", name="Markera som genomförd").click()
    expect(page.locator(".ok-done .ok-status").first).to_have_text(f"Registrerad som genomförd {day}.")
    return day


def test_sign_in_mark_done_rate_and_see_it_in_min_utbildning(
    page: Page, service: Service, catalogue: Catalogue
) -> None:
    page.goto(service.url + "logga-in/")
    assert axe_violations(page) == []
    page.get_by_label("Din personliga kod").fill("ABCD-EFGH-JKM")
    page.get_by_role("button", name="Logga in").click()
    expect(page.locator("#ok-signin-error")).to_have_text(
        "Koden stämmer inte. Kontrollera den och försök igen."
    )
    sign_in(page, service, "marking")

    training = catalogue.trainings[training_in_path(catalogue)]
    day = record_done(page, service, training.id)
    page.get_by_label("4 – mycket").check()
    page.get_by_label("Kommentar (frivillig)").fill("Bra exempel från vardagen.")
    page.get_by_role("button", name="Skicka betyget").click()
    expect(page.get_by_text("Tack! Ditt betyg är sparat.")).to_be_visible()
    assert [(c[1], c[2]) for c in completions_of(service, "marking")] == [(training.id, day)]

    page.goto(service.url + "min-utbildning/")
    mine = page.locator("#ok-me")
    expect(mine.get_by_role("link", name=training.title).first).to_be_visible()
    expect(mine).to_contain_text(f"Genomförd {day}")
    expect(mine).to_contain_text("Ditt betyg: 4 av 5")
    if training.renewal_months:
        expect(mine).to_contain_text("Förnyas senast")
    steps = len(catalogue.paths[TEST_PATH].steps)  # all mandatory for this person's role
    expect(mine).to_contain_text(f"Obligatoriska steg klara: 1 av {steps}. De obligatoriska ska vara klara")
    expect(mine.get_by_role("link", name="Ladda ner det som finns sparat om dig (JSON-fil)")).to_be_visible()
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # Withdraw it again: gone from the page and from the database.
    page.get_by_text("Rätta eller ta bort").first.click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Ta bort registreringen").first.click()
    expect(mine).to_contain_text("Inga ännu. Hitta en utbildning")
    assert completions_of(service, "marking") == []


def test_self_assessment_shows_levels_and_recommended_trainings(
    page: Page, service: Service, catalogue: Catalogue
) -> None:
    sign_in(page, service, "assessing")
    page.goto(f"{service.url}sjalvskattning/{TEST_ASSESSMENT}/")
    page.get_by_role("button", name="Spara och visa mina tips").click()
    expect(page.locator("#ok-result")).to_contain_text("Svara på alla påståenden")
    page.get_by_role("group", name="Jag kan det här.").get_by_label("Nivå 1").check()
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_role("button", name="Spara och visa mina tips").click()
    result = page.locator("#ok-result")
    expect(result.get_by_role("heading", name="Ditt resultat")).to_be_visible()
    expect(result).to_contain_text("Ett område: 1 av 4 (Nivå 1)")
    tips = result.locator("a[href*='/utbildning/']")
    expect(tips.first).to_be_visible()
    tips.first.click()
    assert page.get_by_role("heading", level=1).inner_text() in {
        t.title for t in catalogue.trainings.values()
    }
    page.goto(service.url + "min-utbildning/")
    expect(page.locator("#ok-me")).to_contain_text("Testskattning")


def queue_length(page: Page) -> int:
    return int(page.evaluate("JSON.parse(localStorage.getItem('ok-outbox') || '[]').length"))


def mark_done(page: Page) -> None:
    page.get_by_role("button", name="Markera som genomförd").click()


def open_training_offline_ready(page: Page, service: Service, training: str) -> None:
    """Open the page once online: the service worker keeps it for offline use."""
    open_offline_ready(page, service, f"utbildning/{training}/")


def open_offline_ready(page: Page, service: Service, path: str) -> None:
    """Open a page online and wait until the service worker controls it and has kept it."""
    page.goto(service.url + path)
    page.evaluate("async () => { await navigator.serviceWorker.ready; }")
    if not page.evaluate("!!navigator.serviceWorker.controller"):
        page.reload()  # loaded while the worker was still taking over
    for _ in range(50):
        if f"/{path}" in page.evaluate(CACHED_PATHS) and page.evaluate(
            "!!navigator.serviceWorker.controller"
        ):
            return
        page.wait_for_timeout(100)
    raise AssertionError(
        f"not kept: {page.evaluate(CACHED_PATHS)} {page.evaluate('!!navigator.serviceWorker.controller')}"
    )


def test_offline_action_is_kept_across_a_reload_and_sent_exactly_once(
    page: Page, service: Service, catalogue: Catalogue
) -> None:
    sign_in(page, service, "offline")
    training = training_in_path(catalogue)
    open_training_offline_ready(page, service, training)
    today = datetime.date.today().isoformat()
    title = catalogue.trainings[training].title
    with service.stopped():
        mark_done(page)
        expect(page.locator(".ok-queue")).to_have_text(f"{QUEUED} (1)")
        page.reload()  # no service: from the service worker's cache
        expect(page.locator(".ok-queue")).to_have_text(f"{QUEUED} (1)")
        expect(page.locator(".ok-done .ok-status").first).to_contain_text(QUEUED)
        outbox = page.evaluate("localStorage.getItem('ok-outbox')")
        assert completions_of(service, "offline") == []
        page.goto(service.url + "min-utbildning/")  # kept by the service worker too
        waiting = page.locator("#ok-me .ok-notice").filter(
            has_text="Sparat i telefonen eller surfplattan, inte skickat än"
        )
        expect(waiting.locator("li")).to_have_text(f"Genomförd {today}: {title}")

    # Back without a reload or an "online" event (the browser never saw the connection go).
    expect(page.locator(".ok-queue")).to_be_hidden(timeout=30_000)
    assert queue_length(page) == 0
    stored = completions_of(service, "offline")
    assert len(stored) == 1 and stored[0][1] == training

    # The same action sent again (a second tab held it too): still exactly one record.
    page.evaluate("outbox => localStorage.setItem('ok-outbox', outbox)", outbox)
    page.reload()
    page.wait_for_function(OUTBOX_EMPTY)
    assert completions_of(service, "offline") == stored


def test_a_queued_action_is_never_sent_under_someone_elses_session(
    page: Page, service: Service, catalogue: Catalogue
) -> None:
    sign_in(page, service, "person-a")
    training = training_in_path(catalogue)
    open_training_offline_ready(page, service, training)
    warnings: list[str] = []

    def accept(dialog: object) -> None:
        warnings.append(dialog.message)  # type: ignore[attr-defined]
        dialog.accept()  # type: ignore[attr-defined]

    page.on("dialog", accept)
    with service.stopped():
        mark_done(page)
        page.get_by_role("button", name="Logga ut").click()
        page.wait_for_url(SIGNED_OUT)
    assert "1 sparad åtgärd som inte har skickats" in warnings[0]

    sign_in(page, service, "person-b")
    page.goto(f"{service.url}utbildning/{training}/")
    page.wait_for_load_state("networkidle")
    expect(page.locator(".ok-queue")).to_contain_text("1 sparad åtgärd från en annan person väntar")
    assert completions_of(service, "person-a") == [] and completions_of(service, "person-b") == []
    assert queue_length(page) == 1

    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_url(SIGNED_OUT)
    sign_in(page, service, "person-a")
    page.wait_for_function(OUTBOX_EMPTY)
    assert [c[1] for c in completions_of(service, "person-a")] == [training]
    assert completions_of(service, "person-b") == []


def test_wrong_codes_are_limited_with_a_clear_message(page: Page, service: Service) -> None:
    page.goto(service.url + "logga-in/")
    code = page.get_by_label("Din personliga kod")
    error = page.locator("#ok-signin-error")
    for attempt in range(6):
        code.fill(f"zzzz-2345-67{attempt + 2}")
        page.get_by_role("button", name="Logga in").click()
        expect(error).not_to_be_empty()
        if attempt < 5:
            expect(error).to_have_text("Koden stämmer inte. Kontrollera den och försök igen.")
            error.evaluate("node => { node.textContent = ''; }")
    expect(error).to_contain_text("För många felaktiga försök. Vänta")
    expect(code).to_be_focused()


def test_actions_queued_by_the_previous_version_of_the_site_still_send(
    page: Page, service: Service, catalogue: Catalogue
) -> None:
    """A phone updated with actions still queued: the outbox as the one-file konto.js left it."""
    sign_in(page, service, "upgrade")
    training = catalogue.trainings[training_in_path(catalogue)]
    owner = page.evaluate("localStorage.getItem('ok-who')")
    done, rating, day = str(uuid.uuid4()), str(uuid.uuid4()), "2026-11-02"
    queued_by_konto_js = [
        {
            "id": done,
            "kind": "completion",
            "method": "POST",
            "path": "completions",
            "label": training.title,
            "body": {"id": done, "course": training.id, "completed_on": day},
            "owner": owner,
        },
        {
            "id": rating,
            "kind": "rating",
            "method": "PUT",
            "path": f"completions/{done}/rating",
            "body": {"usefulness": 4, "comment": None},
            "label": f"Betyg för {training.title}",
            "owner": owner,
        },
    ]
    page.evaluate("queued => localStorage.setItem('ok-outbox', JSON.stringify(queued))", queued_by_konto_js)
    page.goto(f"{service.url}utbildning/{training.id}/")
    page.wait_for_function(OUTBOX_EMPTY)
    assert completions_of(service, "upgrade") == [(done, training.id, day)]
    with sqlite3.connect(service.db) as connection:
        ratings = connection.execute("SELECT usefulness FROM ratings WHERE completion_id = ?", (done,))
        assert ratings.fetchall() == [(4,)]
    expect(page.locator("#ok-record")).to_contain_text(f"Du gick utbildningen {day}. Ditt betyg: 4 av 5.")


def test_an_action_taken_after_the_session_ended_waits_for_the_same_person_to_sign_in(
    page: Page, service: Service, catalogue: Catalogue
) -> None:
    sign_in(page, service, "expired")
    training = training_in_path(catalogue)
    page.goto(f"{service.url}utbildning/{training}/")
    with sqlite3.connect(service.db) as connection:  # as when the session times out or the code is revoked
        sql = "DELETE FROM sessions WHERE staff_id = (SELECT id FROM staff WHERE employee_number = ?)"
        connection.execute(sql, ("expired",))
    mark_done(page)
    expect(page.locator(".ok-queue")).to_contain_text(f"{QUEUED} (1). Din inloggning har gått ut")
    assert completions_of(service, "expired") == []
    page.locator(".ok-bar").get_by_role("link", name="Logga in").click()
    sign_in(page, service, "expired")
    page.wait_for_function(OUTBOX_EMPTY)
    assert [c[1] for c in completions_of(service, "expired")] == [training]


@pytest.fixture
def page_without_worker(browser: Browser) -> Iterator[Page]:
    """Playwright cannot route the requests a service worker makes: this page has none."""
    context = browser.new_context(viewport=PHONE, service_workers="block")
    yield context.new_page()
    context.close()


def test_an_action_the_service_refuses_for_now_stays_on_the_device_until_it_goes_through(
    page_without_worker: Page, service: Service, catalogue: Catalogue
) -> None:
    page = page_without_worker
    sign_in(page, service, "refused")

    # As when a proxy in between refuses the request for now with the service's own 403 (a browser
    # cannot be made to send a false Origin, and the service no longer trusts a proxy's scheme or
    # Host for its Origin check, so the refusal is played here).
    def foreign_origin(route: Route) -> None:
        refusal = {
            "error": "forbidden",
            "message": "Begäran kommer från en annan webbplats och tas inte emot.",
        }
        route.fulfill(status=403, content_type="application/json", body=json.dumps(refusal))

    page.route("**/api/completions", foreign_origin)
    training = training_in_path(catalogue)
    page.goto(f"{service.url}utbildning/{training}/")
    mark_done(page)
    queue = page.locator(".ok-queue")
    expect(queue).to_have_text(
        f"{QUEUED} (1). Tjänsten tog inte emot det just nu (Begäran kommer från en annan webbplats och tas"
        " inte emot). Det finns kvar i telefonen eller surfplattan och skickas igen senare."
    )
    page.reload()
    page.wait_for_load_state("networkidle")
    expect(queue).to_contain_text("Det finns kvar i telefonen eller surfplattan")
    assert queue_length(page) == 1 and completions_of(service, "refused") == []
    expect(page.locator(".ok-bar .ok-notice")).to_have_count(0)  # not reported as lost

    page.unroute("**/api/completions")
    page.reload()
    page.wait_for_function(OUTBOX_EMPTY)
    expect(queue).to_be_hidden()
    assert [c[1] for c in completions_of(service, "refused")] == [training]


def queue_a_completion_of_a_withdrawn_training(page: Page) -> None:
    """As when a training page kept on the device outlives the training: the service answers 422."""
    action = """() => {
        const id = crypto.randomUUID();
        const body = {id: id, course: 'borttagen-utbildning', completed_on: '2026-01-15'};
        const action = {id: id, kind: 'completion', method: 'POST', path: 'completions', body: body,
                        label: 'Borttagen utbildning', owner: localStorage.getItem('ok-who')};
        localStorage.setItem('ok-outbox', JSON.stringify([action]));
    }"""
    page.evaluate(action)


def test_failed_actions_are_shown_only_to_the_person_who_took_them(page: Page, service: Service) -> None:
    sign_in(page, service, "failing-a")
    queue_a_completion_of_a_withdrawn_training(page)
    page.goto(service.url + "hitta-utbildning/")
    page.wait_for_function(OUTBOX_EMPTY)
    notice = page.locator(".ok-bar .ok-notice")
    expect(notice).to_contain_text(
        "Borttagen utbildning: Det finns ingen aktiv utbildning med id 'borttagen-utbildning'"
    )

    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_url(SIGNED_OUT)
    expect(notice).to_have_count(0)
    sign_in(page, service, "failing-b")
    page.goto(service.url + "hitta-utbildning/")
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Borttagen utbildning")).to_have_count(0)
    expect(page.get_by_role("button", name="Jag har läst det")).to_have_count(0)

    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_url(SIGNED_OUT)
    sign_in(page, service, "failing-a")
    expect(notice).to_contain_text("Borttagen utbildning")
    page.get_by_role("button", name="Jag har läst det").click()
    expect(notice).to_have_count(0)
    page.reload()
    page.wait_for_load_state("networkidle")
    expect(notice).to_have_count(0)


def test_min_utbildning_writes_hours_and_minutes_in_good_swedish(
    page: Page, service: Service, catalogue: Catalogue
) -> None:
    sign_in(page, service, "hours")
    first, second = (step.training for step in catalogue.paths[TEST_PATH].steps[:2])
    for training in (first, second):
        page.goto(f"{service.url}utbildning/{training}/")
        mark_done(page)
        expect(page.locator(".ok-done .ok-status").first).to_contain_text("Registrerad som genomförd")
    meta = page.locator("#ok-me .ok-meta")
    for minutes, hours, total in ((1, 1, "1 timme"), (2, 2, "2 timmar")):
        with sqlite3.connect(service.db) as connection:  # trainings as short as these
            connection.execute("UPDATE completions SET hours = ? WHERE training = ?", (minutes / 60, first))
            connection.execute("UPDATE completions SET hours = ? WHERE training = ?", (hours, second))
        page.goto(service.url + "min-utbildning/")
        expect(meta.first).to_be_visible()
        texts = meta.all_inner_texts()
        assert any(t.endswith(f" · {minutes} {'minut' if minutes == 1 else 'minuter'}") for t in texts), texts
        assert any(f" · {hours} {'timme' if hours == 1 else 'timmar'}" in t for t in texts), texts
        expect(page.locator("#ok-me")).to_contain_text(f"Totalt {total}.")


def test_signed_in_staff_keep_visited_training_pages_offline_without_downloading_the_catalogue(
    page: Page, service: Service, catalogue: Catalogue
) -> None:
    training = training_in_path(catalogue)
    page.goto(f"{service.url}utbildning/{training}/")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("navigator.serviceWorker.getRegistrations()") == []  # anonymous: no worker
    sign_in(page, service, "offline")
    open_training_offline_ready(page, service, training)
    cached = page.evaluate(CACHED_PATHS)
    assert f"/utbildning/{training}/" in cached
    # Min utbildning's module too, though this person never opened it online: it is on the list.
    assert {"/logga-in/", "/min-utbildning/", "/assets/site.js", "/assets/mine.js"} <= set(
        map(plain_name, cached)
    )
    assert [path for path in cached if path.startswith("/assets/finder/")] == []


def training_with_refresher(catalogue: Catalogue) -> str:
    return next(t.id for t in sorted(catalogue.active_trainings(), key=lambda t: t.id) if t.renewal_months)


def test_a_training_page_shows_my_completion_rating_and_refresher_after_a_reload_online_and_offline(
    page: Page, service: Service, catalogue: Catalogue
) -> None:
    sign_in(page, service, "record")
    training = catalogue.trainings[training_with_refresher(catalogue)]
    open_training_offline_ready(page, service, training.id)
    day = datetime.date.today() - datetime.timedelta(days=10)
    page.get_by_label("Datum då du blev klar").fill(day.isoformat())
    mark_done(page)
    page.get_by_label("4 – mycket").check()
    page.get_by_role("button", name="Skicka betyget").click()
    expect(page.get_by_text("Tack! Ditt betyg är sparat.")).to_be_visible()
    months = training.renewal_months or 0
    due = add_months(day, months).isoformat()
    shown = f"Du gick utbildningen {day.isoformat()}. Ditt betyg: 4 av 5. Förnyas senast {due}."
    page.reload()
    expect(page.locator("#ok-record")).to_have_text(shown)
    with service.stopped():
        page.reload()
        expect(page.get_by_role("heading", level=1)).to_have_text(training.title)
        expect(page.locator("#ok-record")).to_have_text(shown)
    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_url(SIGNED_OUT)
    assert page.evaluate("localStorage.getItem('ok-mine')") is None  # nothing of hers stays behind


def assert_date_on_one_line(message: Locator, day: str) -> None:
    """A date in a message keeps to one line at 360 px: "(2020-" over "01-01)" reads as two things."""
    date = message.locator("time", has_text=day)
    expect(date).to_have_attribute("datetime", day)
    assert date.evaluate("time => getComputedStyle(time).whiteSpace") == "nowrap"
    assert date.evaluate("time => time.getClientRects().length") == 1


def test_a_training_done_before_the_start_date_is_recorded_as_such(
    page: Page, service: Service, catalogue: Catalogue
) -> None:
    sign_in(page, service, "earlier")
    training = training_in_path(catalogue)
    page.goto(f"{service.url}utbildning/{training}/")
    page.wait_for_load_state("networkidle")
    page.get_by_label("Datum då du blev klar").fill("2018-05-14")
    mark_done(page)
    status = page.locator(".ok-done .ok-status").first
    expect(status).to_contain_text(f"före din första dag här ({START})")
    assert_date_on_one_line(status, str(START))
    # The box as the service's refusal names it (completions.EARLIER_BOX).
    expect(page.get_by_label(EARLIER_BOX)).to_be_focused()
    assert completions_of(service, "earlier") == []
    page.get_by_label(EARLIER_BOX).check()
    mark_done(page)
    expect(status).to_have_text("Registrerad som genomförd 2018-05-14, innan du började här.")
    with sqlite3.connect(service.db) as connection:
        rows = connection.execute(
            "SELECT completed_on, before_employment FROM completions WHERE training = ?", (training,)
        )
        assert ("2018-05-14", 1) in rows.fetchall()
    page.goto(service.url + "min-utbildning/")
    expect(page.locator("#ok-me")).to_contain_text("Genomförd 2018-05-14, innan du började här")


def test_correcting_a_date_to_before_the_start_says_where_an_earlier_training_is_recorded(
    page: Page, service: Service, catalogue: Catalogue
) -> None:
    """Min utbildning changes only the date: the service's refusal says how, not which box to tick."""
    sign_in(page, service, "correcting")
    day = record_done(page, service, training_in_path(catalogue))
    page.goto(service.url + "min-utbildning/")
    page.get_by_text("Rätta eller ta bort").first.click()
    page.get_by_label("Rätt datum").fill("2019-06-01")
    page.get_by_role("button", name="Spara nytt datum").click()
    status = page.locator("#ok-me .ok-status").first
    expect(status).to_contain_text(f"Datumet är före din första dag här ({START})")
    expect(status).to_contain_text("markera den igen på utbildningens sida, med rutan")
    assert_date_on_one_line(status, str(START))
    assert [c[2] for c in completions_of(service, "correcting")] == [day]


def test_min_utbildning_refreshes_itself_when_the_service_is_back(page: Page, service: Service) -> None:
    sign_in(page, service, "refresh")
    open_offline_ready(page, service, "min-utbildning/")
    expect(page.locator("#ok-me")).to_contain_text("Inloggad som Person refresh")
    with service.stopped():
        page.reload()
        expect(page.locator("#ok-me .ok-notice")).to_contain_text("Du är inte ansluten just nu")
        expect(page.locator("#ok-me")).not_to_contain_text("Inloggad som")
    expect(page.locator("#ok-me")).to_contain_text("Inloggad som Person refresh", timeout=30_000)


def test_without_a_connection_visited_pages_open_and_others_lead_to_a_swedish_offline_page(
    page: Page, service: Service, catalogue: Catalogue
) -> None:
    sign_in(page, service, "pages")
    training = catalogue.trainings[training_in_path(catalogue)]
    open_training_offline_ready(page, service, training.id)
    unvisited = catalogue.trainings[training.id].topics[0]
    with service.stopped():
        page.goto(service.url)
        expect(page.get_by_role("heading", level=1)).to_have_text("Utbildningar för dig i vård och omsorg")
        page.goto(f"{service.url}utbildning/{training.id}/")
        expect(page.get_by_role("heading", level=1)).to_have_text(training.title)
        page.goto(f"{service.url}amne/{unvisited}/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Ingen kontakt just nu")
        assert f"fran=%2Famne%2F{unvisited}%2F" in page.url
        kept = page.locator("#ok-offline-pages")
        expect(kept.get_by_role("link", name=training.title)).to_be_visible()
        expect(kept.get_by_role("link", name="Startsidan")).to_be_visible()
        assert axe_violations(page) == []
        kept.get_by_role("link", name=training.title).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(training.title)


def test_without_javascript_the_sign_in_form_posts_the_code_and_lands_in_min_utbildning(
    browser: Browser, service: Service
) -> None:
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    addresses: list[str] = []
    page.on("request", lambda request: addresses.append(request.url))
    page.goto(service.url + "logga-in/")
    code = service.codes["nojs"]
    page.get_by_label("Din personliga kod").fill(code)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/min-utbildning/")
    assert [c["name"] for c in context.cookies()] == ["omsorg_session"]
    assert not [url for url in addresses if "code=" in url or code in url]
    assert not [line for line in service.server.stderr + service.server.stdout if code in line]
    context.close()


def small_targets(page: Page) -> list[str]:
    """Controls smaller than 24 × 24 px, except links inside a sentence (WCAG 2.5.8's inline exception)."""
    return list(
        page.evaluate(
            """() => Array.from(document.querySelectorAll(
                'a, button, input:not([type=hidden]), select, summary, label[for]'))
              .filter(el => el.offsetParent !== null)
              .filter(el => !(el.tagName === 'A'
                              && (el.closest('p, li, dd, td, th, h1, h2, h3, h4, div') || el)
                                   .textContent.trim() !== el.textContent.trim()))
              .filter(el => { const r = el.getBoundingClientRect(); return r.width < 24 || r.height < 24; })
              .map(el => el.outerHTML.slice(0, 80))"""
        )
    )


def test_touch_targets_are_at_least_24_pixels(page: Page, service: Service, catalogue: Catalogue) -> None:
    training = training_in_path(catalogue)
    page.goto(f"{service.url}utbildning/{training}/")
    page.wait_for_load_state("networkidle")
    expect(page.locator(".ok-bar").get_by_role("link", name="Logga in")).to_be_visible()
    assert small_targets(page) == []
    sign_in(page, service, "touch")
    assert small_targets(page) == []
    page.goto(f"{service.url}utbildning/{training}/")
    expect(page.get_by_role("button", name="Logga ut")).to_be_visible()
    assert small_targets(page) == []


def test_the_path_page_leads_her_to_her_own_steps_with_her_deadline(
    page: Page, service: Service, catalogue: Catalogue
) -> None:
    path = catalogue.paths[TEST_PATH]
    role = catalogue.roles[path.roles[0]]
    sign_in(page, service, "paths")
    page.goto(f"{service.url}vag/{TEST_PATH}/")
    own = page.locator("#ok-own-role")
    expect(own).to_have_text(f"Du är {role.label.lower()}: visa dina steg.")
    own.get_by_role("link", name="visa dina steg").click()
    page.wait_for_url(f"**/vag/{TEST_PATH}/{role.id}/")
    due = datetime.date.fromisoformat(START) + datetime.timedelta(days=path.complete_within_days or 0)
    expect(page.locator(".ok-due")).to_contain_text(
        f"För dig: klara senast {due.isoformat()}, räknat från din första dag {START}."
    )
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
