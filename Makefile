# The two commands a newcomer needs: `make run` and `make test`. Both build .venv when missing.
PYTHON ?= python3.11
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test test-fast bench index fit-ranker system-deps lint clean

$(STAMP): pyproject.toml constraints.txt
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) not found: install Python 3.11 or run make PYTHON=python3"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	# constraints.txt pins torch to the CPU wheel; an unpinned torch pulls a multi-GB CUDA build.
	$(PY) -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

## run: set up .venv and serve the embedded graph on http://127.0.0.1:7860
run: $(STAMP)
	$(VENV)/bin/kgqa serve

## system-deps: Debian packages the tests need (chromium, virtuoso-opensource); installs what is missing
system-deps:
	bash scripts/system-deps.sh

## test: set up .venv, install system-deps and run the whole suite (browser and Virtuoso tests included)
test: $(STAMP) system-deps
	$(PY) -m pytest -ra

## test-fast: the suite without the browser and W3C tests
test-fast: $(STAMP)
	$(PY) -m pytest -ra -m "not browser and not w3c"

## bench: print the speed and memory tables (see bench/README.md)
bench: $(STAMP)
	$(PY) bench/run_all.py

## index: rebuild the embedded graph's shipped QA index (after changing ontology/ or qa/ wording)
index: $(STAMP)
	$(PY) scripts/build_index.py

## fit-ranker: refit the QA pipeline's ranking weights (qa/pipeline/weights.json); needs ../shared
fit-ranker: $(STAMP)
	$(PY) scripts/fit_ranker.py --per-graph 500 --risk 0.10 --graph qa/data/domains/orchestra/graph.ttl \
	  $(foreach s,pq-2h pq-3h pql-2h pql-3h,--graph ../shared/benchmarks/pathquestion/$(s)/graph.ttl) \
	  $(foreach s,dev heldout heldout2 heldout3 heldout4 heldout5 heldout6,--questions qa/data/$(s)_questions.jsonl)

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info
