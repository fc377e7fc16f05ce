#!/usr/bin/env bash
# Set up and run the main job: bundle the example app with the CLI and run it.
. "$(dirname "${BASH_SOURCE[0]}")/_venv.sh" dev
python -m nbbundle build examples/hello/main.js -o examples/hello/dist/hello.js
echo "--- node examples/hello/dist/hello.js"
node examples/hello/dist/hello.js
echo "--- open examples/hello/index.html in a browser to click the counter and load the chart"
