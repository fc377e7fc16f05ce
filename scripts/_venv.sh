# Sourced by demo.sh and test.sh: make .venv (once) and install nbbundle into it, editable.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
quiet=--quiet
if [ ! -x .venv/bin/python ]; then
  # The first run installs JupyterLab and the rest: say so, and let pip show its progress.
  echo "nbbundle: first run: making .venv and installing nbbundle with JupyterLab (about a minute)..."
  python3 -m venv .venv
  quiet=
fi
. .venv/bin/activate
python -m pip install $quiet --disable-pip-version-check -e ".[$1]"
