# ITU-T Catalogue: the two commands README starts with, and a few helpers.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DATA_DIR ?= var
MIRROR_PORT ?= 8765
REFERENCE ?= ../shared/itu-reference
SERIES ?=

.PHONY: install demo test lint bench serve translations clean lock

$(BIN)/itucat: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

install: $(BIN)/itucat

# Start the offline mirror of www.itu.int (from ../shared), harvest it, build the search
# index and serve the site on http://127.0.0.1:$(PORT)/ until Ctrl-C.
PORT ?= 5000
demo: install
	@mkdir -p $(DATA_DIR); \
	$(BIN)/python -m tests.mirror --port $(MIRROR_PORT) --reference $(REFERENCE) \
		$(if $(SERIES),--series $(SERIES)) & echo $$! > $(DATA_DIR)/mirror.pid; \
	trap 'kill $$(cat $(DATA_DIR)/mirror.pid) 2>/dev/null; rm -f $(DATA_DIR)/mirror.pid' EXIT; \
	trap 'exit 130' INT TERM; \
	for i in $$(seq 1 60); do curl -fs http://127.0.0.1:$(MIRROR_PORT)/robots.txt >/dev/null && break; sleep 0.5; done; \
	$(BIN)/itucat --data-dir $(DATA_DIR) crawl --base-url http://127.0.0.1:$(MIRROR_PORT) --delay 0; \
	status=$$?; [ $$status -le 1 ] || exit $$status; \
	$(BIN)/itucat --data-dir $(DATA_DIR) export --format jsonl -o $(DATA_DIR)/catalogue.jsonl && \
	echo "catalogue: $(DATA_DIR)/catalogue.jsonl ($$(wc -l < $(DATA_DIR)/catalogue.jsonl) documents)" && \
	$(BIN)/itucat --data-dir $(DATA_DIR) index rebuild && \
	echo "site: http://127.0.0.1:$(PORT)/ (Ctrl-C stops it)" && \
	$(BIN)/itucat --data-dir $(DATA_DIR) serve --port $(PORT)

test: install
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy

bench: install
	$(BIN)/python benchmarks/crawl.py
	$(BIN)/python benchmarks/search.py

# The public site on the development server (production: gunicorn -c gunicorn.conf.py "app:create_app()").
serve: install
	$(BIN)/itucat --data-dir $(DATA_DIR) serve --port $(PORT)

# After changing a user-visible string: extract, merge into every language, compile.
# Translate the new entries in app/translations/*/LC_MESSAGES/messages.po, then run it again.
translations: install
	$(BIN)/pybabel extract -F babel.cfg -k N_ --no-location --sort-output \
		--project="ITU-T Catalogue" -o app/translations/messages.pot .
	$(BIN)/pybabel update -i app/translations/messages.pot -d app/translations -D messages \
		--no-fuzzy-matching --ignore-obsolete
	$(BIN)/pybabel compile -d app/translations -D messages --statistics
	$(BIN)/pybabel extract -F app/curate/babel.cfg -k _c -k _cn:1,2 -k lazy --no-default-keywords \
		--no-location --sort-output -o app/translations/curate.pot .
	$(BIN)/pybabel update -D curate -i app/translations/curate.pot -d app/translations \
		--no-fuzzy-matching --ignore-obsolete
	$(BIN)/pybabel compile -D curate -d app/translations --statistics

# Pin the whole dependency set again (after changing pyproject.toml): a fresh venv with the
# newest versions allowed, frozen into constraints.txt. Review the diff before committing.
lock:
	rm -rf build/lock-venv && $(PYTHON) -m venv build/lock-venv
	build/lock-venv/bin/pip install --quiet --upgrade pip
	build/lock-venv/bin/pip install --quiet -e '.[test,postgresql]'
	{ head -3 constraints.txt; build/lock-venv/bin/pip freeze --exclude-editable \
		| grep -v '^itucat'; } > constraints.txt.new && mv constraints.txt.new constraints.txt
	rm -rf build/lock-venv

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
