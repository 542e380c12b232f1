# Two commands matter: `make site` and `make test`. Both set themselves up first.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
DATA ?= data
OUT ?= site
STAMP := $(VENV)/.installed

.PHONY: site test check serve clean setup lint schema diff bench browser-deps import forms

# constraints.txt pins every package installed, the direct dependencies' own included.
$(STAMP): requirements.txt requirements-dev.txt constraints.txt
	@bash scripts/bootstrap-venv.sh $(PYTHON) $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt -c constraints.txt
	@touch $(STAMP)

setup: $(STAMP)

site: $(STAMP)
	$(PY) -m generator build --data $(DATA) --out $(OUT)

check: $(STAMP)
	$(PY) -m generator check --data $(DATA)

test: $(STAMP) browser-deps
	$(PY) -m ruff check generator tests tools
	$(PY) -m pytest -n 2 --dist loadgroup

# Read a county ledger into data/: a report only, unless WRITE=1.
# make import FILE=台账.xlsx [DATA=data] [WRITE=1] [MONTH=2025-10]
import: $(STAMP)
	@test -n "$(FILE)" || { echo "usage: make import FILE=台账.xlsx [DATA=data] [WRITE=1]"; exit 2; }
	$(PY) -m generator import "$(FILE)" --data $(DATA) $(if $(WRITE),--write) $(if $(MONTH),--month $(MONTH))

# Each responsible unit's monthly form: make forms [MONTH=2025-11] [FORMS=forms]
FORMS ?= forms
forms: $(STAMP)
	$(PY) -m generator forms --data $(DATA) --out $(FORMS) $(if $(MONTH),--month $(MONTH))

browser-deps:
	@bash scripts/ensure-chromium.sh

serve: site
	$(PY) -m properdocs serve -f $(OUT)/.work/internal/mkdocs.yml

schema: $(STAMP)
	$(PY) -m generator schema --out schema

lint: $(STAMP)
	$(PY) -m ruff check generator tests tools
	$(PY) -m ruff format --check generator tests tools

# A benchmark, not a test: N = 1,000, 5,000 and 10,000 projects (about 15 minutes).
# make bench SIZES=1000 NAIVE=1000 for a quick run; bench/README.md explains the columns.
SIZES ?= 1000,5000,10000
NAIVE ?= 1000
bench: $(STAMP)
	$(PY) -m tools.bench --sizes $(SIZES) --naive-sizes "$(NAIVE)"

BASE ?= origin/main
DIFF_OUT ?= build/data-diff.md
diff: $(STAMP)
	$(PY) -m generator diff --base $(BASE) $(if $(HEAD),--head $(HEAD)) --data $(DATA) --out $(DIFF_OUT)
	@cat $(DIFF_OUT)

clean:
	rm -rf $(OUT) build .pytest_cache .ruff_cache
