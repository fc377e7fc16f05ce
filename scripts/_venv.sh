# Sourced by demo.sh and test.sh: make .venv (once) and install nbbundle into it, editable.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
. .venv/bin/activate
python -m pip install --quiet --disable-pip-version-check -e ".[$1]"
