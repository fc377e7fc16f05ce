#!/usr/bin/env bash
# Set up and run every test: Python (pytest, including browser tests in Chromium) and the
# JS runtime (node --test). Browser tests need /usr/bin/chromium (apt-get install chromium);
# without it they are skipped with that reason.
. "$(dirname "${BASH_SOURCE[0]}")/_venv.sh" test
status=0
python -m pytest "$@" || status=$?
node --test tests/js/ || status=$?
exit $status
