#!/usr/bin/env bash
# Rebuild nbbundle's JupyterLab extension: labextension/ (sources) → nbbundle/labextension/
# (committed, shipped in the wheel as share/jupyter/labextensions/nbbundle-labextension).
# Needs Node.js ≥ 20 and npm; users and the test command never do (they use the committed build).
#
# `npm ci` installs exactly the lockfile's packages (the builder, @jupyterlab/core-meta: the
# JupyterLab whose shared packages the build expects), the builder writes the output, and
# labextension_record.py records the hashes of inputs and outputs, which the tests check.
# Then `pip install -e .` again (or `bash scripts/test.sh`) copies the new build into .venv.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
(cd labextension && npm ci --no-audit --no-fund && npm run build)
python3 scripts/labextension_record.py write
python3 scripts/labextension_record.py check
