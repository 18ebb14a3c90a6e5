# CivicGrid: `make run` serves the demo city, `make test` runs lint and the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck bench pytest

$(STAMP): requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || \
	  { echo "CivicGrid 需要 Python 3.11 或更高版本（当前：$$($(PYTHON) --version 2>&1)）。可用 PYTHON=python3.12 make run 指定。"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $(STAMP)

run: $(STAMP)
	$(PY) manage.py setup
	@echo "演示账号（密码均为 demo1234）：admin、dispatcher、dispatcher1、head1、grid1、sanitation1、leader"
	$(PY) manage.py serve

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

typecheck: $(STAMP)
	$(VENV)/bin/mypy

pytest: $(STAMP)
	$(VENV)/bin/pytest -q

test: lint typecheck pytest

bench: $(STAMP)
	$(PY) bench/run.py
	@for f in bench/bench_*.py; do test -f $$f || continue; echo; echo "== $$f"; $(PY) $$f || exit 1; done

# Translations: `messages` re-extracts the strings (needs GNU gettext: apt-get install gettext),
# `compilemessages` turns every django.po into the committed django.mo with polib (no gettext).
.PHONY: messages compilemessages
messages: $(STAMP)
	$(PY) manage.py makemessages -l en --no-obsolete --ignore 'var/*' --ignore 'static/*' --ignore 'bench/*'
	$(MAKE) compilemessages

compilemessages: $(STAMP)
	$(PY) -c 'import glob, polib; [polib.pofile(p).save_as_mofile(p[:-2] + "mo") for p in glob.glob("civicgrid/locale/*/LC_MESSAGES/django.po")]'
