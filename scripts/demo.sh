#!/usr/bin/env bash
# Set up and run the main job: JupyterLab with nbbundle installed, on the first teaching notebook.
. "$(dirname "${BASH_SOURCE[0]}")/_venv.sh" dev
extra=()
if [ "$(id -u)" = "0" ]; then extra+=(--ServerApp.allow_root=True); fi
exec python -m jupyterlab notebooks/01-first-module.ipynb "${extra[@]}" "$@"
