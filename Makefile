# Linli — the two commands of the quick start are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
LINLI := $(BIN)/linli
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?= -n 2

.PHONY: run test lint serve-prod bench bench-import bench-scale vendor messages demo clean

$(BIN)/linli: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Linli needs Python 3.11 or newer ($(PYTHON) is older)."; exit 1; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(BIN)/linli

run: $(BIN)/linli
	$(LINLI) migrate --no-input -v0
	$(LINLI) demo --if-empty
	$(LINLI) demo --logins
	$(LINLI) runserver $(HOST):$(PORT)

test: $(BIN)/linli
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(LINLI) compilemessages -v0 --ignore='.venv/*'
	$(LINLI) i18n_check
	$(LINLI) makemigrations --check --dry-run -v1
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(BIN)/linli
	$(BIN)/ruff check --fix src tests bench
	$(BIN)/ruff format src tests bench

messages: $(BIN)/linli
	cd src/linli && ../../$(LINLI) makemessages -l zh_Hans -l en --no-obsolete --ignore='static/*'
	$(LINLI) compilemessages -v0 --ignore='.venv/*'

serve-prod: $(BIN)/linli
	LINLI_PRODUCTION=1 $(LINLI) collectstatic --no-input -v0
	LINLI_PRODUCTION=1 $(LINLI) migrate --no-input -v0
	LINLI_PRODUCTION=1 $(BIN)/gunicorn linli.wsgi --bind $(HOST):$(PORT) --workers 3 --access-logfile -

demo: $(BIN)/linli
	$(LINLI) migrate --no-input -v0
	$(LINLI) demo

bench: $(BIN)/linli
	$(BIN)/python bench/pages.py
	$(BIN)/python bench/followups.py
	$(BIN)/python bench/risk.py
	$(BIN)/python bench/assessments.py
	$(BIN)/python bench/casework.py

bench-import: $(BIN)/linli
	$(BIN)/python bench/import_roster.py

# PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth); builds and drops a scratch database.
bench-scale: $(BIN)/linli
	$(BIN)/python bench/scale.py

# The dashboards for a region of 100 stations and 1,000,000 elders (same PostgreSQL as bench-scale).
bench-dashboards: $(BIN)/linli
	$(BIN)/python bench/dashboards.py

vendor:
	bash scripts/vendor.sh

clean:
	rm -rf $(VENV) var
