# Two commands on a fresh machine with Python 3.11+ and make:
#   make serve   build and serve the site at http://127.0.0.1:8000 (live reload)
#   make test    run the whole test suite

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
# Another site to build or serve, e.g. make build CONFIG=tests/fixtures/corpus/mkdocs.yml
CONFIG ?= mkdocs.yml
# Same input, same bytes: MkDocs stamps the sitemap with this date.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)

.PHONY: serve build test check diff linkcheck schema bench fuzz golden clean

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

# --dirty: after an edit only the pages it changed are built again (annals/preview.py).
# exec: make's child is mkdocs itself, so the SIGTERM make passes on when it is
# stopped reaches the server. Another address: make serve DEV_ADDR=127.0.0.1:8001
serve: $(INSTALLED)
	exec $(BIN)/mkdocs serve --dirty --config-file $(CONFIG) --dev-addr $(or $(DEV_ADDR),127.0.0.1:8000)

# Builds into a temporary folder and swaps it in only on success: a failed build
# leaves the previous site/ as it was.
build: $(INSTALLED)
	$(BIN)/annals build --config-file $(CONFIG) --site-dir $(CURDIR)/site

test: $(INSTALLED)
	$(BIN)/python -m pytest

# A step of the pull-request check (.github/workflows/pull-request.yml): warnings fail too. SINCE is the git revision the
# edit started from (default: where this branch left main), for warnings about changed dates.
check: $(INSTALLED)
	$(BIN)/annals check --strict $(if $(SINCE),--since $(SINCE))

# What the edit changes for readers, as Markdown for its reviewer (annals diff). BASE is the git
# revision to compare with (default: where this branch left main). It reaches annals as one argument
# after --, never spliced into the command by make: the pull-request check takes it from the base branch's name.
diff: $(INSTALLED)
	@$(BIN)/annals diff $${BASE:+-- "$$BASE"}

# Every source url and archive_url over the network; skipped (not failed) without one.
linkcheck: $(INSTALLED)
	$(BIN)/python scripts/linkcheck.py

schema: $(INSTALLED)
	$(BIN)/annals schema

# Every part runs even when one fails (a flagged pattern must not hide the page weights); the status says if any did.
bench: $(INSTALLED)
	@failed=""; \
	for part in "bench.py" "bench.py --hubs" "bench_hostile.py" "bench_bytes.py"; do \
		echo "$(BIN)/python scripts/$$part"; \
		$(BIN)/python scripts/$$part || failed="$$failed, $$part"; \
	done; \
	if [ -n "$$failed" ]; then echo "make bench: failed: $${failed#, }" >&2; exit 1; fi

# Property-based tests for as long as asked: make fuzz FUZZ_MINUTES=30
FUZZ_MINUTES ?= 5
fuzz: $(INSTALLED)
	ANNALS_FUZZ_SECONDS=$$(( $(FUZZ_MINUTES) * 60 )) $(BIN)/python -m pytest tests/test_fuzz.py tests/test_check_builds.py::test_whenever_the_strict_check_is_clean_the_strict_build_succeeds -p no:cacheprovider -q

golden: $(INSTALLED)
	$(BIN)/python scripts/update_golden.py

clean:
	rm -rf site .pytest_cache
