# The two commands of the README:
#   make build   generate demo data, build and test the warehouse on DuckDB, print a summary
#   make test    every test: lint (ruff, mypy, sqlfluff), dbt build with unit + data tests, pytest
# Both install what they need into .venv first (pinned in pyproject.toml + constraints.txt).

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# The demo data ends on this date and the demo build scores as of it, so the demo is
# the same on every machine and every day. Unset SCORE_DATE for "today".
SCORE_DATE ?= 2026-10-31
DEMO_DIR ?= data/demo
DEMO_CONTACTS ?= 2000
DUCKDB_PATH ?= lead_scoring.duckdb
# Month ends before the score date also go into the score history, so that the
# evaluation reports (is the score working?) have past scores with known outcomes.
HISTORY_DATES ?= [2026-03-31, 2026-04-30, 2026-05-31, 2026-06-30, 2026-07-31]
BUILD_VARS = {score_date: "$(SCORE_DATE)", history_dates: $(HISTORY_DATES)}
# The test build has its own data, database and target directory: it never touches
# (or locks) the dev database.
TEST_DIR ?= target/test-run

export DBT_SEND_ANONYMOUS_USAGE_STATS := False
export DBT_PROFILES_DIR := $(CURDIR)

.PHONY: build build-spark spark-up spark-down test test-fast install lint-fixture lint-python lint-sql test-dbt test-python report metrics desk browser clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev,spark]'
	touch $@

build: install
	$(BIN)/leadscore generate --out $(DEMO_DIR) --contacts $(DEMO_CONTACTS) --as-of $(SCORE_DATE)
	LEAD_SCORING_RAW_DIR=$(DEMO_DIR) LEAD_SCORING_DUCKDB_PATH=$(DUCKDB_PATH) \
		$(BIN)/dbt build --vars '$(BUILD_VARS)'
	$(BIN)/leadscore summary --database $(DUCKDB_PATH)

# The same demo build on a local Apache Spark started inside dbt (README: Running on
# Spark). Spark's warehouse and metastore live in SPARK_DIR; its own target path.
SPARK_DIR ?= .spark
build-spark: install
	$(BIN)/leadscore generate --out $(DEMO_DIR) --contacts $(DEMO_CONTACTS) --as-of $(SCORE_DATE)
	LEAD_SCORING_TARGET=spark LEAD_SCORING_SPARK_DIR=$(abspath $(SPARK_DIR)) LEAD_SCORING_RAW_DIR=$(DEMO_DIR) \
		$(BIN)/dbt build --vars '$(BUILD_VARS)' --target-path target/spark

# A local Spark cluster for the spark_thrift target (docs/spark.md): a standalone
# master, two workers and a Thrift server on 127.0.0.1, from the pinned pyspark.
# spark-up returns once the server answers SQL; spark-down stops the processes
# spark-up recorded in SPARK_CLUSTER_DIR. make test starts and stops its own.
SPARK_CLUSTER_DIR ?= .spark-cluster
spark-up: install
	$(BIN)/leadscore spark-cluster up --dir $(SPARK_CLUSTER_DIR)

spark-down:
	@if [ -x $(BIN)/leadscore ]; then $(BIN)/leadscore spark-cluster down --dir $(SPARK_CLUSTER_DIR); fi

test: install browser lint-python test-dbt lint-sql test-python

# The quick loop while editing (about 2 minutes, docs/testing.md): Python lint and
# types, the dbt build with every unit and data test, and the pytest suites that
# build at most one small warehouse. `make test` (CI) runs everything.
FAST_MARKERS = not (spark or crash or benchmark or browser or slow)
test-fast: install lint-python test-dbt
	$(BIN)/pytest -m '$(FAST_MARKERS)'

# The browser tests (pytests/test_desk.py) drive Debian's chromium: Playwright's own
# browser download is not reachable. Installed when missing (CI runs as root; elsewhere
# run `sudo apt-get install -y chromium` once). `make build` does not need it.
CHROMIUM ?= /usr/bin/chromium
browser:
	@test -x $(CHROMIUM) || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }
	@test -x $(CHROMIUM) || { echo "chromium not found at $(CHROMIUM)" >&2; exit 1; }

# The lead desk over the last `make build` (docs/desk.md), at http://localhost:8501.
# LEADSCORE_DESK_ROLE=routing shows the routed leads' contact details; ids only otherwise.
DESK_PORT ?= 8501
desk: install
	$(BIN)/leadscore desk --database $(DUCKDB_PATH) --port $(DESK_PORT)

# The evaluation reports of the last `make build`, as one HTML file with charts.
report: install
	$(BIN)/leadscore report --database $(DUCKDB_PATH) --out reports/scoring_report.html

# The semantic layer (MetricFlow, docs/semantic_layer.md) on the dev build of `make build`:
# dbt parse writes target/semantic_manifest.json, which mf reads; then the metrics are
# listed and a few queried.
DEV_ENV = LEAD_SCORING_RAW_DIR=$(DEMO_DIR) LEAD_SCORING_DUCKDB_PATH=$(DUCKDB_PATH)
metrics: install
	@test -f $(DUCKDB_PATH) || { echo "$(DUCKDB_PATH) not found: run make build first"; exit 1; }
	$(DEV_ENV) $(BIN)/dbt parse --quiet --vars '$(BUILD_VARS)'
	$(DEV_ENV) $(BIN)/mf list metrics
	$(DEV_ENV) $(BIN)/mf query --metrics lead_count,mql_count,mql_rate,average_score \
		--group-by scoring_model --order scoring_model
	$(DEV_ENV) $(BIN)/mf query --metrics evaluated_leads,converted_leads_90d,conversion_rate_90d \
		--group-by scoring_model,lead_score_outcome__lead_grade \
		--order scoring_model,lead_score_outcome__lead_grade --decimals 3

lint-python: install
	$(BIN)/ruff check src pytests examples
	$(BIN)/ruff format --check src pytests examples
	$(BIN)/mypy

# dbt build runs every unit test and data test of the project on generated data.
test-dbt: install
	rm -rf $(TEST_DIR)
	$(BIN)/leadscore generate --out $(TEST_DIR)/raw --contacts 500 --days 365 --as-of $(SCORE_DATE) --seed 7
	LEAD_SCORING_RAW_DIR=$(TEST_DIR)/raw LEAD_SCORING_DUCKDB_PATH=$(TEST_DIR)/warehouse.duckdb \
		$(BIN)/dbt build --vars '$(BUILD_VARS)' --target-path $(TEST_DIR)/target

# sqlfluff's dbt templater compiles against the test build's database (after it).
lint-sql: test-dbt
	LEAD_SCORING_RAW_DIR=$(TEST_DIR)/raw LEAD_SCORING_DUCKDB_PATH=$(TEST_DIR)/warehouse.duckdb \
		$(BIN)/sqlfluff lint models tests analyses

test-python: install
	$(BIN)/pytest

# The pre-commit sqlfluff hook on a fresh clone: the dbt templater reads the raw files'
# columns and some models introspect tables they ref, so the hook lints against a tiny
# warehouse of its own (50 generated contacts, models only, about a minute, made once;
# `rm -rf target/lint` remakes it), never the dev or the test build.
LINT_DIR ?= target/lint
lint-fixture: $(LINT_DIR)/.built

$(LINT_DIR)/.built: $(VENV)/.installed
	rm -rf $(LINT_DIR)
	$(BIN)/leadscore generate --out $(LINT_DIR)/raw --contacts 50 --days 30 --as-of $(SCORE_DATE) --seed 7 > /dev/null
	LEAD_SCORING_RAW_DIR=$(LINT_DIR)/raw LEAD_SCORING_DUCKDB_PATH=$(LINT_DIR)/warehouse.duckdb \
		$(BIN)/dbt --quiet build --exclude-resource-type test unit_test --vars '$(BUILD_VARS)' \
		--target-path $(LINT_DIR)/target --log-path $(LINT_DIR)/logs
	touch $@

clean:
	rm -rf target logs $(DUCKDB_PATH) $(DEMO_DIR) $(SPARK_DIR)
