"""`leadscore score-diff` end to end on a throwaway git repository, and its pure parts.

The repository is a copy of the project committed on `main`; a branch `weights` commits
two edits (demo request 20 -> 30 points and the default MQL threshold 75 -> 70). One
module-scoped pair of runs serves every end-to-end test: the real diff (default base:
the merge-base with main) and a no-op diff (`--base HEAD`). Expected values are never
taken from the code under test: the tests open the two DuckDB files the run left in
--work-dir and recompute MQLs, grades, quantiles, accounts and the routing feed from
the marts with plain SQL and Python.
"""

from __future__ import annotations

import csv
import json
import shutil
import statistics
import subprocess
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest
from typer.testing import CliRunner

from _warehouse import PROJECT_DIR
from leadscore.cli import app
from leadscore.demo.generate import GenerateConfig, generate
from leadscore.project_builds import project_paths
from leadscore.review.score_diff import (
    Distribution,
    ModelDiff,
    ScoreDiff,
    compare,
    diff_seeds,
    mql_gate,
)
from leadscore.review.seed_validation import fit_attributes

pytestmark = pytest.mark.slow

SCORE_DATE = date(2026, 10, 31)
GIT = ("git", "-c", "user.name=score-diff test", "-c", "user.email=test@example.com")
GIT_CONFIG = ("-c", "commit.gpgsign=false")


def _git(repo: Path, *args: str) -> str:
    result = subprocess.run(
        [*GIT, *GIT_CONFIG, "-C", str(repo), *args],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def copy_project(destination: Path) -> Path:
    """The dbt project as a repository would hold it: every directory dbt_project.yml
    names (docs blocks included), no data, no build output."""
    destination.mkdir(parents=True)
    for name in ("dbt_project.yml", "profiles.yml"):
        shutil.copy2(PROJECT_DIR / name, destination / name)
    for name in sorted({n for names in project_paths(PROJECT_DIR).values() for n in names}):
        if (PROJECT_DIR / name).is_dir():
            shutil.copytree(PROJECT_DIR / name, destination / name)
    return destination


def _edit_seed(path: Path, key: dict[str, str], column: str, value: str) -> str:
    """Set one cell of the row matching key; returns the old value."""
    with path.open(newline="") as handle:
        reader = csv.DictReader(handle)
        fields = list(reader.fieldnames or [])
        rows = list(reader)
    matches = [row for row in rows if all(row[k] == v for k, v in key.items())]
    assert len(matches) == 1, f"{path.name}: no single row for {key}"
    old = matches[0][column]
    matches[0][column] = value
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return old


@dataclass(frozen=True)
class Run:
    exit_code: int
    output: str
    report: dict[str, Any]
    markdown: str
    work_dir: Path

    @property
    def base_db(self) -> Path:
        return self.work_dir / "base" / "warehouse.duckdb"

    @property
    def head_db(self) -> Path:
        return self.work_dir / "head" / "warehouse.duckdb"

    def model(self, model_id: str) -> dict[str, Any]:
        models = {m["model_id"]: m for m in self.report["scores"]["models"]}
        return dict(models[model_id])


@dataclass(frozen=True)
class Setup:
    repo: Path
    raw_dir: Path
    main_commit: str
    change: Run
    noop: Run


def _score_diff(root: Path, name: str, *args: str) -> Run:
    work, report, markdown = root / name, root / f"{name}.json", root / f"{name}.md"
    result = CliRunner().invoke(
        app,
        [
            "score-diff",
            *args,
            "--work-dir",
            str(work),
            "--json",
            str(report),
            "--markdown",
            str(markdown),
        ],
    )
    assert report.exists(), result.output
    return Run(
        result.exit_code,
        result.output,
        json.loads(report.read_text()),
        markdown.read_text(),
        work,
    )


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Setup:
    root = tmp_path_factory.mktemp("score_diff")
    repo = copy_project(root / "repo")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "scoring as on main")
    main_commit = _git(repo, "rev-parse", "HEAD")
    _git(repo, "checkout", "-q", "-b", "weights")
    seeds = repo / "seeds" / "scoring"
    old_points = _edit_seed(
        seeds / "engagement_rules.csv",
        {"model_id": "default", "rule_id": "eng_demo_request"},
        "points",
        "30",
    )
    old_threshold = _edit_seed(
        seeds / "scoring_models.csv", {"model_id": "default"}, "mql_threshold", "70"
    )
    # The scenario this test describes; fails loudly if the seeds moved on.
    assert (old_points, old_threshold) == ("20", "75")
    _git(repo, "commit", "-q", "-am", "demo request 30 points, MQL at 70")
    raw_dir = root / "raw"
    # 10 contacts per company so that accounts roll up several leads; seed 4 gives
    # MQLs gained, grade changes and leads entering and leaving the routing feed.
    generate(
        GenerateConfig(
            out_dir=raw_dir, contacts=300, companies=30, days=120, as_of=SCORE_DATE, seed=4
        )
    )
    common = ("--project-dir", str(repo), "--raw-dir", str(raw_dir), "--top", "5")
    # Default base and default score date here; the no-op pins both explicitly.
    change = _score_diff(root, "change", *common, "--fail-on-mql-change", "1")
    noop = _score_diff(
        root,
        "noop",
        *common,
        "--base",
        "HEAD",
        "--score-date",
        SCORE_DATE.isoformat(),
        "--fail-on-mql-change",
        "0",
    )
    return Setup(repo, raw_dir, main_commit, change, noop)


# ------------------------------------------------------------- independent computation


@dataclass(frozen=True)
class Lead:
    total_score: float
    lead_grade: str
    is_mql: bool


def _leads(database: Path) -> dict[tuple[str, str], Lead]:
    with duckdb.connect(str(database), read_only=True) as con:
        rows = con.execute(
            "select model_id, contact_id, total_score::double, lead_grade, is_mql "
            "from fct_lead_scores"
        ).fetchall()
    return {(str(m), str(c)): Lead(float(s), str(g), bool(q)) for m, c, s, g, q in rows}


def _keys(database: Path, sql: str) -> set[tuple[str, str]]:
    with duckdb.connect(str(database), read_only=True) as con:
        return {(str(a), str(b)) for a, b in con.execute(sql).fetchall()}


def _ids(pairs: set[tuple[str, str]], model_id: str) -> list[str]:
    return sorted(key for model, key in pairs if model == model_id)


@pytest.fixture(scope="module")
def leads(setup: Setup) -> tuple[dict[tuple[str, str], Lead], dict[tuple[str, str], Lead]]:
    return _leads(setup.change.base_db), _leads(setup.change.head_db)


MODELS = ("default", "upsell", "blended")


# ------------------------------------------------------------------------- the change


def _moved_more_than(before: int, after: int, pct: float) -> bool:
    if before == 0:
        return after > 0
    return abs(after - before) / before * 100 > pct


def test_run_exits_3_because_mqls_moved_more_than_1_percent(setup: Setup, leads: Any) -> None:
    base, head = leads
    moved = [
        _moved_more_than(
            sum(lead.is_mql for (m, _), lead in base.items() if m == model_id),
            sum(lead.is_mql for (m, _), lead in head.items() if m == model_id),
            1,
        )
        for model_id in MODELS
    ]
    assert any(moved), "the scenario must move MQLs, or this test proves nothing"
    assert setup.change.exit_code == 3, setup.change.output
    assert "MQL count changed by more than 1%" in setup.change.output


def test_rule_changes_are_the_two_edits(setup: Setup) -> None:
    changes = {
        (diff["file"], tuple(sorted(edit["key"].items())), change["column"]): (
            change["old"],
            change["new"],
        )
        for diff in setup.change.report["rule_changes"]
        for edit in diff["edited"]
        for change in edit["changes"]
    }
    assert changes == {
        (
            "seeds/scoring/engagement_rules.csv",
            (("model_id", "default"), ("rule_id", "eng_demo_request")),
            "points",
        ): ("20", "30"),
        ("seeds/scoring/scoring_models.csv", (("model_id", "default"),), "mql_threshold"): (
            "75",
            "70",
        ),
    }
    assert all(not d["added"] and not d["removed"] for d in setup.change.report["rule_changes"])


def test_default_base_is_the_merge_base_with_main(setup: Setup) -> None:
    assert setup.change.report["base_commit"] == setup.main_commit
    assert setup.change.report["base_ref"] == "merge-base of HEAD and main"


def test_default_score_date_is_the_latest_raw_activity(setup: Setup) -> None:
    with duckdb.connect() as con:
        row = con.execute(
            "select max(occurred_at)::date from read_parquet(?)",
            [str(setup.raw_dir / "activities*.parquet")],
        ).fetchone()
    assert row is not None
    assert setup.change.report["score_date"] == row[0].isoformat()


@pytest.mark.parametrize("model_id", MODELS)
def test_mqls_gained_and_lost_match_the_marts(setup: Setup, leads: Any, model_id: str) -> None:
    base, head = leads
    base_mqls = {c for (m, c), lead in base.items() if m == model_id and lead.is_mql}
    head_mqls = {c for (m, c), lead in head.items() if m == model_id and lead.is_mql}
    model = setup.change.model(model_id)
    assert model["mqls_before"] == len(base_mqls)
    assert model["mqls_after"] == len(head_mqls)
    assert model["mqls_gained"] == sorted(head_mqls - base_mqls)
    assert model["mqls_lost"] == sorted(base_mqls - head_mqls)


@pytest.mark.parametrize("model_id", MODELS)
def test_grade_transition_matrix_matches_the_marts(setup: Setup, leads: Any, model_id: str) -> None:
    base, head = leads
    expected = Counter(
        (base[key].lead_grade, head[key].lead_grade)
        for key in base.keys() & head.keys()
        if key[0] == model_id
    )
    cells = setup.change.model(model_id)["grade_transitions"]
    assert {(c["old_grade"], c["new_grade"]): c["leads"] for c in cells} == expected
    assert all(c["leads"] > 0 for c in cells)


@pytest.mark.parametrize("model_id", MODELS)
def test_changed_leads_and_quantiles_match_the_marts(
    setup: Setup, leads: Any, model_id: str
) -> None:
    base, head = leads
    keys = [key for key in base.keys() & head.keys() if key[0] == model_id]
    changed = sum(base[key].total_score != head[key].total_score for key in keys)
    model = setup.change.model(model_id)
    assert model["leads_changed"] == changed
    for side, scores in (("before", base), ("after", head)):
        values = [lead.total_score for (m, _), lead in scores.items() if m == model_id]
        # "inclusive" is linear interpolation between order statistics (numpy's default)
        cuts = statistics.quantiles(values, n=20, method="inclusive")
        expected = {
            "p10": cuts[1],
            "p25": cuts[4],
            "p50": cuts[9],
            "p75": cuts[14],
            "p90": cuts[17],
            "mean": statistics.fmean(values),
        }
        for name, value in expected.items():
            assert model[side][name] == pytest.approx(value, abs=1e-4), (side, name)


def test_only_what_the_seeds_touch_moves(setup: Setup) -> None:
    # upsell shares no rule with the edits; more points and a lower threshold never
    # take an MQL away; blended is 70% default, so it moves with it.
    assert setup.change.model("upsell")["leads_changed"] == 0
    assert setup.change.model("default")["leads_changed"] > 0
    assert setup.change.model("blended")["leads_changed"] > 0
    assert all(not setup.change.model(m)["mqls_lost"] for m in MODELS)


@pytest.mark.parametrize(
    ("model_id", "rule_id", "old", "new"),
    [
        ("default", "eng_demo_request", 20.0, 30.0),
        ("blended", "default.eng_demo_request", 14.0, 21.0),  # weight 0.7
    ],
)
def test_top_movers_are_explained_by_the_demo_request_rule(
    setup: Setup, leads: Any, model_id: str, rule_id: str, old: float, new: float
) -> None:
    base, head = leads
    movers = setup.change.model(model_id)["top_movers"]
    changed = sorted(
        abs(head[key].total_score - base[key].total_score)
        for key in base.keys() & head.keys()
        if key[0] == model_id and head[key].total_score != base[key].total_score
    )
    assert len(movers) == min(5, len(changed))
    assert [abs(m["delta"]) for m in movers] == pytest.approx(changed[::-1][: len(movers)])
    for mover in movers:
        key = (model_id, mover["contact_id"])
        assert (mover["old_score"], mover["new_score"]) == pytest.approx(
            (base[key].total_score, head[key].total_score)
        )
        rules = {r["rule_id"]: (r["old_points"], r["new_points"]) for r in mover["rules"]}
        assert rules[rule_id] == (old, new)


def test_account_mqls_match_the_marts(setup: Setup) -> None:
    sql = "select model_id, company_id from fct_account_scores where is_account_mql"
    before, after = _keys(setup.change.base_db, sql), _keys(setup.change.head_db, sql)
    accounts = {a["model_id"]: a for a in setup.change.report["scores"]["accounts"]}
    every_account = "select model_id, company_id from fct_account_scores"
    assert set(accounts) == {m for m, _ in _keys(setup.change.head_db, every_account)}
    scores = "select model_id, company_id || ':' || account_score from fct_account_scores"
    changed = _keys(setup.change.head_db, scores) - _keys(setup.change.base_db, scores)
    for model_id, account in accounts.items():
        assert account["accounts_changed"] == len(_ids(changed, model_id))
        assert account["became_mql"] == _ids(after - before, model_id)
        assert account["stopped_being_mql"] == _ids(before - after, model_id)
        assert account["account_mqls_before"] == len(_ids(before, model_id))


def test_routing_feed_changes_match_the_marts(setup: Setup) -> None:
    sql = "select model_id, contact_id from rpt_leads_to_route"
    before, after = _keys(setup.change.base_db, sql), _keys(setup.change.head_db, sql)
    routing = {r["model_id"]: r for r in setup.change.report["scores"]["routing"]}
    assert set(routing) == set(MODELS)
    for model_id, feed in routing.items():
        assert feed["entering"] == _ids(after - before, model_id)
        assert feed["leaving"] == _ids(before - after, model_id)
        assert (feed["routed_before"], feed["routed_after"]) == (
            len(_ids(before, model_id)),
            len(_ids(after, model_id)),
        )


def test_markdown_is_a_pr_comment(setup: Setup) -> None:
    text = setup.change.markdown
    assert text.startswith("## Lead score diff: merge-base of HEAD and main → working tree")
    assert (
        "| seeds/scoring/engagement_rules.csv | edited | default / eng_demo_request "
        "| points | 20 | 30 |" in text
    )
    default = setup.change.model("default")
    summary = (
        f"| default | {default['leads_after']:,} | {default['leads_changed']:,} "
        f"| {default['mqls_before']:,} | {default['mqls_after']:,} |"
    )
    assert summary in text
    for heading in ("Rule changes", "Score distribution", "Grade transitions", "Top movers"):
        assert f"### {heading}" in text


def test_user_project_is_left_alone(setup: Setup) -> None:
    # Every build lives in --work-dir: no database, target or log dir in the project.
    leftovers = {"target", "logs", "lead_scoring.duckdb"} & {p.name for p in setup.repo.iterdir()}
    assert not leftovers
    assert _git(setup.repo, "status", "--porcelain") == ""


def test_python_fit_attributes_equal_the_dbt_list(setup: Setup) -> None:
    with duckdb.connect(str(setup.change.head_db), read_only=True) as con:
        listed = {
            str(r[0])
            for r in con.execute("select attribute from int_contact_attributes_listed").fetchall()
        }
    assert fit_attributes(setup.raw_dir) == listed


# -------------------------------------------------------------------------- the no-op


def test_noop_reports_nothing(setup: Setup) -> None:
    run = setup.noop
    assert run.exit_code == 0, run.output  # --fail-on-mql-change 0 must not trip
    assert run.report["rule_changes"] == []
    assert run.report["scores"]["leads_changed"] == 0
    for model in run.report["scores"]["models"]:
        assert model["mqls_gained"] == model["mqls_lost"] == []
        assert model["top_movers"] == []
        assert model["before"] == model["after"]
        assert all(c["old_grade"] == c["new_grade"] for c in model["grade_transitions"])
        assert sum(c["leads"] for c in model["grade_transitions"]) == model["leads_before"]
    for feed in run.report["scores"]["routing"]:
        assert feed["entering"] == feed["leaving"] == []
    assert "No seed row changed." in run.markdown
    assert "No lead changed grade." in run.markdown


# ------------------------------------------------------------- pure parts, no dbt or git


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_diff_seeds_keys_rows_by_natural_key(tmp_path: Path) -> None:
    base, head = tmp_path / "base", tmp_path / "head"
    header = "model_id,inactive_days,points_subtracted,resets_score\n"
    _write(
        base / "scoring" / "decay_schedule.csv",
        header + "default,30,10,false\ndefault,60,10,false\n",
    )
    # 60 edited (whitespace and case in the key do not matter), 30 removed, 90 added
    _write(
        head / "scoring" / "decay_schedule.csv",
        header + " Default ,60,15,false\ndefault,90,20,false\n",
    )
    _write(base / "scoring" / "scoring_lists.csv", "list_name,value\nfree,gmail.com\n")
    _write(head / "scoring" / "scoring_lists.csv", "list_name,value\nfree,gmail.com\n")
    (diff,) = diff_seeds(base, head)
    assert diff.file == "seeds/scoring/decay_schedule.csv"
    [edit] = diff.edited
    assert edit.key == {"model_id": "Default", "inactive_days": "60"}
    assert [(c.column, c.old, c.new) for c in edit.changes] == [
        ("model_id", "default", "Default"),
        ("points_subtracted", "10", "15"),
    ]
    assert diff.removed == [
        {
            "model_id": "default",
            "inactive_days": "30",
            "points_subtracted": "10",
            "resets_score": "false",
        }
    ]
    assert [row["inactive_days"] for row in diff.added] == ["90"]


def test_diff_seeds_reports_an_added_column_as_edits(tmp_path: Path) -> None:
    base, head = tmp_path / "base", tmp_path / "head"
    _write(base / "scoring_models.csv", "model_id,mql_threshold\ndefault,75\n")
    _write(head / "scoring_models.csv", "model_id,mql_threshold,is_active\ndefault,75,false\n")
    (diff,) = diff_seeds(base, head)
    [edit] = diff.edited
    assert [(c.column, c.old, c.new) for c in edit.changes] == [("is_active", None, "false")]


def _scores_db(path: Path, leads: list[tuple[str, str, float, str, bool]]) -> Path:
    """A warehouse reduced to the columns compare() reads, filled by hand."""
    with duckdb.connect(str(path)) as con:
        con.execute(
            "create table fct_lead_scores (score_date date, contact_id varchar, "
            "model_id varchar, total_score decimal(18,4), lead_grade varchar, is_mql boolean)"
        )
        con.executemany("insert into fct_lead_scores values ('2026-10-31', ?, ?, ?, ?, ?)", leads)
        con.execute(
            "create table fct_lead_score_contributions as select contact_id, model_id, "
            "'rule_a' as rule_id, total_score as points from fct_lead_scores"
        )
        con.execute(
            "create table fct_account_scores (company_id varchar, model_id varchar, "
            "account_score decimal(18,4), is_account_mql boolean)"
        )
        con.execute(
            "create table rpt_leads_to_route as select model_id, contact_id "
            "from fct_lead_scores where is_mql"
        )
    return path


def test_compare_on_hand_made_warehouses(tmp_path: Path) -> None:
    base = _scores_db(
        tmp_path / "base.duckdb",
        [("c1", "m", 10, "B2", False), ("c2", "m", 80, "A1", True), ("c3", "m", 50, "B1", False)],
    )
    head = _scores_db(
        tmp_path / "head.duckdb",
        [("c1", "m", 10, "B2", False), ("c2", "m", 60, "A2", False), ("c3", "m", 90, "A1", True)],
    )
    diff = compare(base, head, top=1)
    (model,) = diff.models
    assert (model.leads_changed, model.mqls_before, model.mqls_after) == (2, 1, 1)
    assert (model.mqls_gained, model.mqls_lost) == (["c3"], ["c2"])
    assert {(t.old_grade, t.new_grade, t.leads) for t in model.grade_transitions} == {
        ("B2", "B2", 1),
        ("A1", "A2", 1),
        ("B1", "A1", 1),
    }
    # c3 moved 40, c2 moved 20: top 1 is c3, explained by its one rule
    (mover,) = model.top_movers
    assert (mover.contact_id, mover.delta) == ("c3", 40)
    assert [(r.rule_id, r.old_points, r.new_points) for r in mover.rules] == [("rule_a", 50, 90)]
    assert model.before == Distribution(
        p10=18.0, p25=30.0, p50=50.0, p75=65.0, p90=74.0, mean=round(140 / 3, 4)
    )
    (routing,) = diff.routing
    assert (routing.entering, routing.leaving) == (["c3"], ["c2"])


def _model(before: int, after: int) -> ModelDiff:
    empty = Distribution(None, None, None, None, None, None)
    return ModelDiff("m", 10, 10, 0, before, after, [], [], empty, empty, [], [])


@pytest.mark.parametrize(
    ("before", "after", "max_pct", "trips"),
    [
        (100, 101, 1, False),  # exactly 1% is allowed
        (100, 102, 1, True),
        (100, 98, 1, True),  # a drop counts too
        (0, 0, 0, False),
        (0, 1, 1000, True),  # from zero is an infinite change
    ],
)
def test_mql_gate(before: int, after: int, max_pct: float, trips: bool) -> None:
    scores = ScoreDiff("2026-10-31", [_model(before, after)], [], [])
    failures = mql_gate(scores, max_pct)
    assert bool(failures) is trips
    if trips:
        assert failures[0].startswith(f"m: MQLs {before} -> {after}")


# ------------------------------------------------------------------------ failures


def test_unknown_base_ref_exits_1(setup: Setup, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        [
            "score-diff",
            "--project-dir",
            str(setup.repo),
            "--raw-dir",
            str(setup.raw_dir),
            "--base",
            "no-such-branch",
            "--work-dir",
            str(tmp_path / "work"),
        ],
    )
    assert result.exit_code == 1
    assert "--base 'no-such-branch' is not a commit" in result.output


def test_bad_working_tree_seed_fails_with_dbt_message(setup: Setup, tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    _git(setup.repo, "worktree", "add", "-q", "--detach", str(tree), "HEAD")
    try:
        _edit_seed(
            tree / "seeds" / "scoring" / "fit_rules.csv",
            {"model_id": "default", "rule_id": "fit_department_it"},
            "operator",
            "like",
        )
        result = CliRunner().invoke(
            app,
            [
                "score-diff",
                "--project-dir",
                str(tree),
                "--raw-dir",
                str(setup.raw_dir),
                "--base",
                "HEAD",
                "--score-date",
                SCORE_DATE.isoformat(),
                "--work-dir",
                str(tmp_path / "work"),
            ],
        )
    finally:
        _git(setup.repo, "worktree", "remove", "--force", str(tree))
    assert result.exit_code == 1, result.output
    assert "dbt build with the working tree seeds failed" in result.output
    assert "unknown operator 'like'" in result.output
    assert not (tmp_path / "work" / "base" / "warehouse.duckdb").exists()  # stopped first
