# Two commands do all the set-up: `make run` and `make test`.
VENV := .venv
PY := $(VENV)/bin/python
# Django 6.1 needs Python 3.12 or newer: take the first one found.
PYTHON ?= $(shell for p in python3.13 python3.12 python3 $$HOME/.pyenv/versions/3.13*/bin/python3 $$HOME/.pyenv/versions/3.12*/bin/python3; do \
	if $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then echo $$p; break; fi; done)
PYTEST_ARGS ?=

.PHONY: run test install install-dev lint messages clean

$(PY):
	@test -n "$(PYTHON)" || { echo "Kist needs Python 3.12 or newer (Django 6.1); none was found."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(VENV)/.installed: $(PY) pyproject.toml
	$(PY) -m pip install -q -e .
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install -q -e '.[dev]'
	@touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# Trying Kist and testing it run with DEBUG on; production leaves it off (the default).
run test lint: export DEBUG ?= true

run: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py demo
	@echo "Serving the demo on http://127.0.0.1:8000/, with a worker for counts beside it"
	@trap 'kill 0' EXIT INT TERM; \
	$(PY) manage.py worker & \
	$(PY) manage.py runserver 127.0.0.1:8000

test: install-dev
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run

# After changing any text: gather it into each language's catalogue, translate what is new
# (msgattrib --untranslated --only-fuzzy shows it), then compile. Needs GNU gettext.
messages: install
	cd $(CURDIR) && DEBUG=true $(PY) manage.py makemessages --all --no-location \
		--ignore=.venv --ignore=tests --ignore=bench --ignore=staticfiles
	DEBUG=true $(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) kist.sqlite3 staticfiles
