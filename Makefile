# Thin wrappers around tasks.py, which needs only Python 3.10+.
PYTHON ?= python3

.PHONY: lab test bench lint handout

lab:
	$(PYTHON) tasks.py lab

test:
	$(PYTHON) tasks.py test

bench:
	$(PYTHON) tasks.py bench

lint:
	$(PYTHON) tasks.py lint

handout:
	$(PYTHON) tasks.py handout
