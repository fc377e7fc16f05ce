#!/usr/bin/env bash
# Set up and run every test: Python (pytest, including browser tests in Chromium and TypeScript's
# `tsc` over the JSDoc types of js/ and of the extension's sources, tests/python/test_runtime_types.py),
# the import contracts between the package's folders (lint-imports) and the JS runtime (node --test).
# Browser tests need /usr/bin/chromium (apt-get install chromium); without it, or without node,
# npm, marimo or Voila, those tests are skipped with that reason, and the summary counts what did
# not run and why (with CI=true, as .ci/run sets, they are errors instead). Arguments go to
# pytest (e.g. -k name). Ends with one summary of the three
# suites (scripts/test_summary.py) and exits non-zero if any of them failed.
. "$(dirname "${BASH_SOURCE[0]}")/_venv.sh" test
results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT
set +e
python -m pytest --junitxml="$results/pytest.xml" "$@"
echo $? > "$results/pytest.rc"
lint-imports --no-cache 2>&1 | tee "$results/lint-imports.txt"
echo "${PIPESTATUS[0]}" > "$results/lint-imports.rc"
# Dots on the screen (failures in full), TAP to a file for the summary.
node --test --test-reporter=dot --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$results/node.tap" tests/js/
echo $? > "$results/node.rc"
set -e
python scripts/test_summary.py "$results"
