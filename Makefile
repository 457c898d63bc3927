# Miz: `make demo` serves a demo on http://127.0.0.1:8000 ; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in SMS and email follow the address the demo serves on (`make demo PORT=8123` → :8123),
# unless MIZ_SITE_URL is given.
MIZ_SITE_URL ?= http://$(HOST):$(PORT)
RUN := DEBUG=1 MIZ_SITE_URL=$(MIZ_SITE_URL) $(PY)

.PHONY: demo test install lint format migrate serve worker scheduler client clean

$(PY):
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Miz needs Python 3.11 or newer"'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): $(PY) requirements.txt requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

migrate: install
	DEBUG=1 $(PY) manage.py migrate --noinput

demo: migrate
	$(RUN) manage.py seed_demo
	@echo "Task worker and scheduler in the background (logs: var/worker.log, var/scheduler.log); site on http://$(HOST):$(PORT)/"
	$(RUN) manage.py miz_worker --queue-name '*' > var/worker.log 2>&1 & \
	  worker=$$!; \
	  $(RUN) manage.py miz_scheduler > var/scheduler.log 2>&1 & \
	  scheduler=$$!; trap "kill $$worker $$scheduler 2>/dev/null" EXIT INT TERM; \
	  $(RUN) manage.py runserver $(HOST):$(PORT)

serve: migrate
	$(RUN) manage.py runserver $(HOST):$(PORT)

worker: install
	$(RUN) manage.py miz_worker --queue-name '*'

scheduler: install
	$(RUN) manage.py miz_scheduler

# pytest hands two tests at a time to each xdist worker, in the suite's order: the slow browser
# tests spread over the workers instead of reaching one in a single chunk (decision 0129).
test: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run > /dev/null
	$(VENV)/bin/pytest -n $${PYTEST_WORKERS:-auto} --maxschedchunk=2 $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# The Python client of the API (clients/python, package miz_client), regenerated from the schema.
client: install
	DEBUG=1 $(PY) manage.py api_client_code

clean:
	rm -rf $(VENV) var
