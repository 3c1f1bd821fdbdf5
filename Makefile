# Two commands on a fresh machine: `make run` and `make test`. Everything else is optional.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
export DAGSTER_HOME := $(CURDIR)/.dagster_home
export GX_ANALYTICS_ENABLED := false
export DBT_SEND_ANONYMOUS_USAGE_STATS := false

.PHONY: help install run report docs screenshot test audit dev demo summary rollback holidays bench clean spark-setup test-spark

help:
	@echo "make run       set up, ingest data/raw (demo data if empty), build, validate, print the channel summary"
	@echo "make report    write the service report of the published warehouse (ARGS='--lang zh --period month')"
	@echo "make docs      the dbt docs site (lineage, models, columns) as static files"
	@echo "make screenshot  retake docs/report-screenshot.png from the demo warehouse (needs chromium)"
	@echo "make test      set up and run the whole test suite"
	@echo "make audit     pip-audit the pins in requirements.lock (own venv .venv-audit; STRICT=1 fails on unaudited pins)"
	@echo "make dev       the Dagster UI on http://127.0.0.1:3000"
	@echo "make rollback  TO=1: put back the warehouse published before the current one (TO=2 the one before...)"
	@echo "make holidays  COUNTRY=DE YEARS=2025-2027 SCHEDULE=emea: write public holidays into dbt/seeds/holidays.csv"
	@echo "make bench     benchmark the full refresh at 100k and 1M tickets (figures in data/bench/results.json)"
	@echo "make spark-setup  add the Spark path to .venv: pip extras .[spark] (dbt-spark, pyspark), Java 17 via apt if missing"
	@echo "make test-spark   the engine-equality test and the cross-engine macro tests on both engines (after spark-setup)"
	@echo "make clean     remove the venv, the warehouse and dbt's target/"

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

$(DAGSTER_HOME):
	mkdir -p $(DAGSTER_HOME)

run: $(STAMP) | $(DAGSTER_HOME)
	$(BIN)/helpdesk-metrics run

summary: $(STAMP)
	$(BIN)/helpdesk-metrics summary

report: $(STAMP)
	$(BIN)/helpdesk-metrics report $(ARGS)

docs: $(STAMP)
	$(BIN)/python -m dagster_project.tools.dbt_docs

screenshot: $(STAMP)
	$(BIN)/python -m dagster_project.tools.screenshot docs/report-screenshot.png

demo: $(STAMP)
	$(BIN)/helpdesk-metrics demo

TO ?= 1
rollback: $(STAMP)
	$(BIN)/helpdesk-metrics rollback --to $(TO)

test: $(STAMP)
	$(BIN)/python -m pytest

# pip-audit lives in its own venv so that its dependencies never move the project's pins.
AUDIT_VENV := .venv-audit
$(AUDIT_VENV)/.installed-stamp: .ci/audit-requirements.txt
	$(PYTHON) -m venv $(AUDIT_VENV)
	$(AUDIT_VENV)/bin/python -m pip install --quiet -r .ci/audit-requirements.txt
	touch $@

audit: $(AUDIT_VENV)/.installed-stamp
	$(AUDIT_VENV)/bin/python .ci/audit.py requirements.lock $(if $(filter 1,$(STRICT)),--strict)

dev: $(STAMP) | $(DAGSTER_HOME)
	$(BIN)/dagster dev --host 127.0.0.1 --port 3000

bench: $(STAMP)
	$(BIN)/python -m dagster_project.tools.bench $(BENCH_ARGS)

holidays: $(STAMP)
	$(BIN)/python -m dagster_project.tools.holidays --country $(COUNTRY) --years $(YEARS) --schedule-id $(SCHEDULE)

# The Spark path (docs/scaling.md): optional, so the DuckDB venv never carries pyspark (about 400 MB).
SPARK_STAMP := $(VENV)/.spark-stamp
$(SPARK_STAMP): $(STAMP) pyproject.toml
	@if ! command -v java >/dev/null 2>&1; then \
		echo "spark-setup: no java on PATH: installing the Debian package openjdk-17-jre-headless (apt-get, needs root)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null; \
	else \
		echo "spark-setup: java found: $$(java -version 2>&1 | head -1)"; \
	fi
	@echo "spark-setup: installing the pip extras .[spark] (dbt-spark[session], pyspark) into $(VENV)"
	$(BIN)/python -m pip install --quiet --constraint requirements.lock -e ".[spark]"
	touch $(SPARK_STAMP)

spark-setup: $(SPARK_STAMP)

test-spark: $(SPARK_STAMP)
	$(BIN)/python -m pytest -n 0 tests/spark tests/dbt/cross_engine

clean:
	rm -rf $(VENV) .venv-audit dbt/target dbt/logs .dagster_home data/warehouse.duckdb data/warehouse.duckdb.wal data/warehouse.building.duckdb* data/published data/*.lock data/*.dbt-target data/reports data/logs data/docs
