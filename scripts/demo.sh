#!/usr/bin/env bash
# Set up and run the main job: JupyterLab with nbbundle installed, on the first teaching notebook.
# Prints that notebook's URL (with the token) once JupyterLab is up: JupyterLab's own banner
# names only the launcher's. Arguments go to JupyterLab (e.g. --no-browser --port=8899).
. "$(dirname "${BASH_SOURCE[0]}")/_venv.sh" dev
notebook=notebooks/01-first-module.ipynb
extra=()
if [ "$(id -u)" = "0" ]; then extra+=(--ServerApp.allow_root=True); fi
# `exec` keeps the process id: JupyterLab will run as $$, which the helper waits for.
python scripts/_notebook_url.py $$ "$notebook" &
exec python -m jupyterlab "$notebook" "${extra[@]}" "$@"
