"""The lead desk (src/leadscore/desk) in a real browser: a demo warehouse built once in
isolation, `streamlit run` on a free port against it (once without a role, once with
the routing role), headless Chromium driven by Playwright. Each test checks what a user
sees against the marts. Screenshots land in target/desk-screenshots/.

Chromium is Debian's package (`make browser`); without it the tests fail, never skip.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright
from typer.testing import CliRunner

from _warehouse import PROJECT_DIR, Build, output
from leadscore.cli import app
from leadscore.demo.generate import GenerateConfig, generate
from leadscore.desk import app as desk_app

SCORE_DATE = date(2026, 10, 31)
HISTORY_DATES = ("2026-05-31", "2026-06-30", "2026-07-31")
CHROMIUM = Path(os.environ.get("LEADSCORE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = PROJECT_DIR / "target" / "desk-screenshots"
# Streamlit renders after the page loads, over a websocket: wait for text, not load.
RENDER_TIMEOUT_MS = 30_000
IDS_ONLY = re.compile(r"^Contact ids only\.")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")


@pytest.fixture(scope="module", autouse=True)
def _chromium_installed(request: pytest.FixtureRequest) -> None:
    """Fail (never skip) the browser tests at once, before any build, without chromium."""
    selected = [item for item in request.session.items if item.path == request.path]
    if any(item.get_closest_marker("browser") for item in selected) and not CHROMIUM.is_file():
        pytest.fail(
            f"chromium not found at {CHROMIUM}: the browser tests need Debian's chromium "
            "(`make browser`, i.e. `apt-get install -y chromium` as root)"
        )


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """One small demo warehouse with past score dates (for the Model health reports)."""
    root = tmp_path_factory.mktemp("desk")
    raw = root / "raw"
    generate(GenerateConfig(out_dir=raw, contacts=600, days=365, as_of=SCORE_DATE, seed=42))
    build = Build(PROJECT_DIR, raw, root / "warehouse.duckdb", root / "target")
    variables = (
        "{score_date: " + SCORE_DATE.isoformat() + ", history_dates: [" + ", ".join(HISTORY_DATES)
    ) + "]}"
    result = build.dbt("build", "--exclude", "test_type:unit", "--vars", variables)
    assert result.returncode == 0, output(result)
    return build


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Desk:
    """A `streamlit run` of the desk in a subprocess, terminated by the fixture."""

    def __init__(self, database: Path, role: str | None, log: Path) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "LEADSCORE_DESK_DATABASE": str(database)}
        env.pop("LEADSCORE_DESK_ROLE", None)
        if role is not None:
            env["LEADSCORE_DESK_ROLE"] = role
        self.log = log
        self._log_file = log.open("w")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(Path(desk_app.__file__).resolve()),
                "--server.port",
                str(self.port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                "--server.fileWatcherType",
                "none",
                "--browser.gatherUsageStats",
                "false",
                "--client.toolbarMode",
                "viewer",
            ],
            cwd=database.parent,
            env=env,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
        )

    def wait_until_up(self, timeout_s: float = 60) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(
                    f"streamlit exited ({self.process.returncode}):\n{self.log.read_text()}"
                )
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.5)
        pytest.fail(f"streamlit did not answer within {timeout_s} s:\n{self.log.read_text()}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=15)
        self._log_file.close()


def _start(request: pytest.FixtureRequest, warehouse: Build, role: str | None) -> Desk:
    desk = Desk(warehouse.database, role, warehouse.target_dir / f"streamlit-{role}.log")
    request.addfinalizer(desk.stop)
    desk.wait_until_up()
    return desk


@pytest.fixture(scope="module")
def desk(request: pytest.FixtureRequest, warehouse: Build) -> Desk:
    """The desk without a role: contact ids only."""
    return _start(request, warehouse, None)


@pytest.fixture(scope="module")
def routing_desk(request: pytest.FixtureRequest, warehouse: Build) -> Desk:
    """The desk configured for the routing role: contact details of routed leads."""
    return _start(request, warehouse, "routing")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    tab = context.new_page()
    tab.set_default_timeout(RENDER_TIMEOUT_MS)
    yield tab
    context.close()


def _screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def _open(page: Page, url: str, *texts: str | re.Pattern[str]) -> None:
    """Load a page and wait until Streamlit has rendered each text and finished running."""
    page.goto(url)
    for text in texts:
        expect(page.get_by_text(text, exact=True).first).to_be_visible(timeout=RENDER_TIMEOUT_MS)
    # The status widget shows "Running..." while the script runs.
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=RENDER_TIMEOUT_MS)
    expect(page.get_by_test_id("stSkeleton")).to_have_count(0, timeout=RENDER_TIMEOUT_MS)
    # Streamlit falls back to the main page in a dialog for an unknown path, and shows
    # an app's exception in the page: neither may happen.
    expect(page.get_by_text("Page not found")).to_have_count(0)
    expect(page.get_by_test_id("stException")).to_have_count(0)


def _metric(page: Page, label: str) -> str:
    metric = page.get_by_test_id("stMetric").filter(
        has=page.get_by_test_id("stMetricLabel").get_by_text(label, exact=True)
    )
    return str(metric.get_by_test_id("stMetricValue").inner_text()).strip()


def _table(page: Page, index: int) -> list[dict[str, str]]:
    """The rows of the index-th st.table on the page, by header name."""
    table = page.get_by_test_id("stTable").nth(index).locator("table")
    # all_inner_texts does not wait: the table may render after the status widget went
    expect(table.locator("thead th").first).to_be_visible(timeout=RENDER_TIMEOUT_MS)
    headers = [str(text).strip() for text in table.locator("thead th").all_inner_texts()]
    rows = []
    for row in table.locator("tbody tr").all():
        cells = [str(text).strip() for text in row.locator("th, td").all_inner_texts()]
        rows.append(dict(zip(headers[-len(cells) :], cells, strict=True)))
    return rows


def _routed(warehouse: Build, model_id: str) -> list[str]:
    rows = warehouse.query(
        "select contact_id from rpt_leads_to_route "
        f"where model_id = '{model_id}' order by route_rank"
    )
    return [str(row[0]) for row in rows]


def _routed_emails(warehouse: Build) -> dict[str, str]:
    rows = warehouse.query(
        "select contact_id, email from main_restricted.restricted_leads_to_route_contacts "
        "where email is not null"
    )
    return {str(row[0]): str(row[1]) for row in rows}


@pytest.mark.browser
@pytest.mark.parametrize("model_id", ["default", "upsell"])
def test_today_feed_lists_the_routed_leads_of_the_model(
    desk: Desk, page: Page, warehouse: Build, model_id: str
) -> None:
    expected = _routed(warehouse, model_id)
    assert expected, f"the demo warehouse routes no {model_id} lead"
    _open(page, f"{desk.url}/?model={model_id}", "Leads to route")
    rows = _table(page, 0)
    _screenshot(page, f"today_{model_id}")
    assert [row["contact_id"] for row in rows] == expected
    assert {row["model_id"] for row in rows} == {model_id}
    assert [row["route_rank"] for row in rows] == [str(rank) for rank in range(1, len(rows) + 1)]
    assert _metric(page, "Leads to route") == str(len(expected))
    assert "email" not in rows[0]


def _choose(page: Page, label: str, option: str) -> None:
    """Pick an option of the select box with this label, as a user does: open, type, pick."""
    box = page.get_by_test_id("stSelectbox").filter(
        has=page.get_by_test_id("stWidgetLabel").get_by_text(label, exact=True)
    )
    box.click()
    page.keyboard.type(option)
    page.get_by_role("option", name=option, exact=True).click()


@pytest.mark.browser
def test_choosing_a_model_and_a_contact_in_the_select_boxes(
    desk: Desk, page: Page, warehouse: Build
) -> None:
    _open(page, f"{desk.url}/", "Leads to route")
    _choose(page, "Model", "upsell")
    expect(page).to_have_url(re.compile(r"model=upsell"))
    expected = _routed(warehouse, "upsell")
    _eventually(lambda: [row["contact_id"] for row in _table(page, 0)] == expected)

    contact_id = expected[-1]
    ((score,),) = warehouse.query(
        "select total_score from fct_lead_scores "
        f"where contact_id = '{contact_id}' and model_id = 'upsell'"
    )
    _open(page, f"{desk.url}/lead?model=upsell", "Score")
    _choose(page, "Contact id", contact_id)
    expect(page).to_have_url(re.compile(f"contact_id={contact_id}"))
    _eventually(lambda: Decimal(_metric(page, "Score")) == score)
    _screenshot(page, "lead_chosen_in_select_box")


def _eventually(condition: Callable[[], bool], timeout_s: float = 30) -> None:
    """Streamlit reruns the script after a widget changes: poll what the page shows."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            if condition():
                return
        except (ValueError, ArithmeticError):  # a table or metric halfway re-rendered
            pass
        if time.monotonic() > deadline:
            pytest.fail(f"not shown within {timeout_s} s")
        time.sleep(0.5)


def _lead_cases(warehouse: Build) -> list[tuple[str, str]]:
    """A routed default lead, a lead whose score the model clamped, a disqualified one."""
    queries = (
        "select contact_id, model_id from rpt_leads_to_route "
        "where model_id = 'default' order by route_rank limit 1",
        "select contact_id, model_id from fct_lead_scores "
        "where total_score <> total_score_unclamped order by contact_id, model_id limit 1",
        "select contact_id, model_id from fct_lead_scores "
        "where is_disqualified order by contact_id, model_id limit 1",
    )
    cases = []
    for sql in queries:
        rows = warehouse.query(sql)
        assert rows, sql
        cases.append((str(rows[0][0]), str(rows[0][1])))
    return cases


@pytest.mark.browser
def test_lead_page_shows_the_score_and_contributions_that_add_up_to_it(
    desk: Desk, page: Page, warehouse: Build
) -> None:
    for number, (contact_id, model_id) in enumerate(_lead_cases(warehouse)):
        ((score, company_name, rules),) = warehouse.query(
            "select scores.total_score, companies.name, "
            "(select count(*) from fct_lead_score_contributions as c "
            " where c.contact_id = scores.contact_id and c.model_id = scores.model_id "
            " and c.score_date = scores.score_date) "
            "from fct_lead_scores as scores "
            "left join dim_companies as companies on scores.company_id = companies.company_id "
            f"where scores.contact_id = '{contact_id}' and scores.model_id = '{model_id}'"
        )
        assert isinstance(score, Decimal)
        _open(
            page,
            f"{desk.url}/lead?contact_id={contact_id}&model={model_id}",
            "Score",
            "Contributions total",
            "MQL transitions",
            "Account",
        )
        _screenshot(page, f"lead_{number}_{contact_id}_{model_id}")
        case = f"{contact_id}/{model_id}"
        assert Decimal(_metric(page, "Score")) == score, case
        expect(page.get_by_test_id("stVegaLiteChart")).to_have_count(1)  # score history
        assert Decimal(_metric(page, "Contributions total")) == score, case
        contributions = _table(page, 0)
        assert sum(Decimal(row["points"]) for row in contributions) == score, case
        rule_rows = [row for row in contributions if row["contribution_type"] != "clamp"]
        assert len(rule_rows) == rules, case
        body = str(page.get_by_test_id("stMain").inner_text())
        if company_name is not None:
            assert str(company_name) in body, case
        assert not EMAIL.search(body), f"{case}: an email is shown without the routing role"


@pytest.mark.browser
def test_lead_page_lists_the_mql_transitions(desk: Desk, page: Page, warehouse: Build) -> None:
    ((contact_id, transitions),) = warehouse.query(
        "select contact_id, count(*) from fct_mql_transitions "
        "group by contact_id order by count(*) desc, contact_id limit 1"
    )
    _open(page, f"{desk.url}/lead?contact_id={contact_id}&model=default", "MQL transitions")
    tables = page.get_by_test_id("stTable")
    # contributions (when any rule moved the default score), transitions, account
    shown = _table(page, tables.count() - 2)
    assert len(shown) == transitions
    assert {row["transition_type"] for row in shown} <= {"became_mql", "fell_back"}


@pytest.mark.browser
def test_model_health_page_shows_bands_threshold_curve_and_mql_volume(
    desk: Desk, page: Page, warehouse: Build
) -> None:
    _open(
        page,
        f"{desk.url}/health?model=default&population=open_leads&band_type=lead_grade",
        "Conversion by band",
        "Threshold curve",
        "MQL volume over time",
    )
    _screenshot(page, "health")
    bands = _table(page, 0)
    expected = warehouse.query(
        "select band, sum(leads) from rpt_score_band_conversion "
        "where model_id = 'default' and population = 'open_leads' and band_type = 'lead_grade' "
        "group by band order by band"
    )
    assert [(row["band"], row["leads"]) for row in bands] == [
        (str(band), str(leads)) for band, leads in expected
    ]
    charts = page.get_by_test_id("stVegaLiteChart")
    assert charts.count() == 3


@pytest.mark.browser
def test_routing_role_shows_the_routed_leads_emails(
    routing_desk: Desk, page: Page, warehouse: Build
) -> None:
    emails = _routed_emails(warehouse)
    routed = _routed(warehouse, "default")
    _open(page, f"{routing_desk.url}/?model=default", "Leads to route")
    rows = _table(page, 0)
    _screenshot(page, "today_routing_role")
    assert [row["contact_id"] for row in rows] == routed
    assert {row["contact_id"]: row["email"] for row in rows} == {
        contact_id: emails.get(contact_id, "") for contact_id in routed
    }

    contact_id = next(contact_id for contact_id in routed if contact_id in emails)
    _open(page, f"{routing_desk.url}/lead?contact_id={contact_id}&model=default", "Score")
    expect_text = page.get_by_text(emails[contact_id])
    assert expect_text.count() >= 1
    _screenshot(page, "lead_routing_role")


@pytest.mark.browser
def test_no_email_is_shown_without_the_routing_role(
    desk: Desk, page: Page, warehouse: Build
) -> None:
    emails = _routed_emails(warehouse)
    contact_id = _routed(warehouse, "default")[0]
    for url in (
        f"{desk.url}/?model=all+models",
        f"{desk.url}/lead?contact_id={contact_id}&model=default",
    ):
        _open(page, url, IDS_ONLY, "Score" if "/lead" in url else "Leads to route")
        # The status widget can go before the select box shows its value (seen once in CI).
        expect(page.get_by_test_id("stMain")).to_contain_text(contact_id, timeout=RENDER_TIMEOUT_MS)
        body = str(page.get_by_test_id("stMain").inner_text())
        assert not EMAIL.search(body), url
        assert not any(email in body for email in emails.values()), url


def test_desk_command_execs_streamlit_run_on_the_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`leadscore desk` (make desk) replaces itself with `streamlit run` of the app."""
    database = tmp_path / "warehouse.duckdb"
    database.touch()
    calls: list[tuple[str, list[str], dict[str, str]]] = []
    monkeypatch.setattr(os, "execve", lambda path, args, env: calls.append((path, args, env)))
    monkeypatch.setenv("LEADSCORE_DESK_ROLE", "routing")
    result = CliRunner().invoke(app, ["desk", "--database", str(database), "--port", "8600"])
    assert result.exit_code == 0, result.output
    ((path, args, env),) = calls
    assert path == sys.executable
    assert args[1:4] == ["-m", "streamlit", "run"]
    assert Path(args[4]) == Path(desk_app.__file__).resolve()
    assert args[args.index("--server.port") + 1] == "8600"
    assert args[args.index("--server.headless") + 1] == "true"
    assert env["LEADSCORE_DESK_DATABASE"] == str(database.resolve())
    assert env["LEADSCORE_DESK_ROLE"] == "routing"

    missing = CliRunner().invoke(app, ["desk", "--database", str(tmp_path / "none.duckdb")])
    assert missing.exit_code == 2
    assert "make build" in missing.output
