#!/usr/bin/env bash
# Set up and run every test: Python (pytest, including browser tests in Chromium), the import
# contracts between the package's folders (lint-imports) and the JS runtime (node --test).
# Browser tests need /usr/bin/chromium (apt-get install chromium); without it they are skipped
# with that reason.
. "$(dirname "${BASH_SOURCE[0]}")/_venv.sh" test
status=0
python -m pytest "$@" || status=$?
lint-imports --no-cache || status=$?
node --test tests/js/ || status=$?
exit $status
