#!/usr/bin/env bash
# Mutation testing: break the code one small change at a time and count the changes the tests
# catch. mutmut 3 for Python (nbbundle/…), Stryker with its command runner driving `node --test`
# for the JS runtime (js/…). Not part of the test command (too slow); run it on the folders a
# change touches, and look at what survived.
#
#   bash scripts/mutation.sh                     # the folders of issue 24 (bundle/ takes hours)
#   NBB_MUTATION_TESTS="tests/python/bundle/test_load.py" NBB_MUTATION_SLOW_TESTS="" \
#     bash scripts/mutation.sh nbbundle/bundle/load.py   # other tests, no second pass
#   bash scripts/mutation.sh nbbundle/kernel/protocol.py js/widget.js
#
# Each PATH is mutated in a copy of this checkout under tests/.cache/mutation/ (the work tree is
# never touched), with the tests that cover it (the table in `tests_for` below; mutmut then runs,
# for each mutant, only the tests that reached the mutated function, fastest first). Each file
# of nbbundle/bundle/ has its own tests; for link.py, build.py and the folder as a whole the
# fixtures against node (92 programs, two minutes) are a second pass, on the mutants the other
# bundle tests let survive (`slow_tests_for`). Score bundle/ file by file. One worker:
# the machine is shared. Prints one score per PATH: mutants killed (or timed out) out of all,
# less those listed as equivalent in scripts/mutation-survivors.md, and names every survivor
# that is not listed there. The tools are dev-only: mutmut goes into .venv, Stryker into
# tests/.cache/mutation/node (pinned versions), on first use.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"
CACHE="${NBB_MUTATION_CACHE:-$ROOT/tests/.cache/mutation}"
MUTMUT_VERSION=3.8.1
STRYKER_VERSION=9.6.1  # the last that runs on Node 20 (10.x wants 22)
PY="$ROOT/.venv/bin/python"
# One worker: no build may fork compile workers of its own (nbbundle/bundle/workers.py).
export NBBUNDLE_WORKERS=0

if [ $# -eq 0 ]; then
  set -- nbbundle/hmr/ nbbundle/kernel/protocol.py nbbundle/bundle/ js/hmr-client.js js/widget.js js/widget-view.js
fi

# The tests that exercise PATH (a test file or folder per word). NBB_MUTATION_TESTS overrides.
tests_for() {
  if [ -n "${NBB_MUTATION_TESTS:-}" ]; then echo "$NBB_MUTATION_TESTS"; return; fi
  local B=tests/python/bundle
  case "$1" in
    nbbundle/hmr*) echo "tests/python/hmr tests/python/kernel/test_hmr_rules.py" ;;
    nbbundle/kernel/protocol.py) echo "tests/python/kernel/test_protocol_messages.py tests/python/kernel/test_view_protocol.py" ;;
    nbbundle/bundle/workers.py) echo "$B/test_workers.py $B/test_errors.py $B/test_usable_cpus.py" ;;
    nbbundle/bundle/usable_cpus.py) echo "$B/test_usable_cpus.py" ;;
    nbbundle/bundle/output.py) echo "$B/test_output.py $B/test_build_output.py" ;;
    nbbundle/bundle/assets.py) echo "$B/test_runtime_prelude.py" ;;
    nbbundle/bundle/runtime_prelude.py) echo "$B/test_runtime_prelude.py" ;;
    nbbundle/bundle/tree_shake.py) echo "$B/test_tree_shake.py $B/test_shake_marking.py tests/python/minify/test_minified_maps.py" ;;
    nbbundle/bundle/side_effects.py) echo "$B/test_tree_shake.py" ;;
    nbbundle/bundle/hoisted_module.py) echo "$B/test_hoisted_module.py $B/test_scope_hoist.py" ;;
    nbbundle/bundle/statement_removal.py) echo "$B/test_tree_shake.py tests/python/minify/test_minified_maps.py" ;;
    nbbundle/bundle/build_record.py) echo "$B/test_build_record.py" ;;
    nbbundle/bundle/scope_hoist.py) echo "$B/test_scope_hoist.py $B/test_scope_hoist_renames.py" ;;
    nbbundle/bundle/css_imports.py) echo "$B/test_stylesheets.py" ;;
    nbbundle/bundle/esm.py) echo "$B/test_esm_format.py" ;;
    nbbundle/bundle/resources.py) echo "$B/test_resources.py $B/test_dynamic_and_hot.py $B/test_build_output.py $B/test_stylesheets.py" ;;
    nbbundle/bundle/load.py) echo "$B/test_load.py $B/test_errors.py $B/test_graph.py $B/test_dynamic_and_hot.py $B/test_workers.py $B/test_build_output.py" ;;
    nbbundle/bundle/render.py) echo "$B/test_render.py $B/test_source_maps.py tests/python/sourcemap/test_build_maps.py tests/python/sourcemap/test_columns.py $B/test_build_output.py $B/test_dynamic_and_hot.py $B/test_commonjs_names.py $B/test_type_reexports.py tests/python/compile/test_transform.py $B/test_load.py" ;;
    nbbundle/bundle/export_resolution.py) echo "$B/test_export_resolution.py $B/test_type_only_reexports.py $B/test_link_errors.py $B/test_errors.py $B/test_commonjs_names.py $B/test_type_reexports.py $B/test_dynamic_and_hot.py tests/python/compile/test_transform.py $B/test_tree_shake.py::test_no_side_effects_functions_are_known_across_modules" ;;
    nbbundle/bundle/build.py) echo "$B/test_write_bundle.py $B/test_classic_script.py $B/test_build_output.py $B/test_source_maps.py $B/test_output.py $B/test_errors.py $B/test_link_errors.py $B/test_build_record.py" ;;
    nbbundle/bundle/link.py) echo "$B/test_link_semantics.py $B/test_link_errors.py $B/test_errors.py $B/test_commonjs_names.py $B/test_type_reexports.py $B/test_type_only_reexports.py $B/test_dynamic_and_hot.py $B/test_build_output.py $B/test_stylesheets.py" ;;
    nbbundle/bundle/graph.py) echo "tests/python/bundle/test_graph.py tests/python/bundle/test_dynamic_and_hot.py tests/python/hmr tests/python/kernel/test_hmr_rules.py" ;;
    nbbundle/bundle*) echo "tests/python/bundle/test_output.py tests/python/bundle/test_build_output.py tests/python/bundle/test_dynamic_and_hot.py tests/python/bundle/test_errors.py tests/python/bundle/test_graph.py tests/python/bundle/test_workers.py" ;;
    nbbundle/*) d="${1#nbbundle/}"; echo "tests/python/${d%%/*}" ;;
    js/hmr-client.js) echo "tests/js/hmr-client.test.mjs tests/js/hmr-client-edges.test.mjs tests/js/widget.test.mjs" ;;
    js/widget.js | js/widget-view.js) echo "tests/js/widget.test.mjs tests/js/widget-lifecycle.test.mjs tests/js/widget-view.test.mjs tests/js/widget-view-app.test.mjs tests/js/widget-view-reports.test.mjs" ;;
    js/*) echo "tests/js" ;;
    *) echo "no tests known for $1" >&2; return 1 ;;
  esac
}

# A copy of the checkout's files (tracked and new, not ignored) in a fresh folder.
work_copy() {
  rm -rf "$1"
  mkdir -p "$1"
  git ls-files -co --exclude-standard -z | tar --null -T - -cf - | tar -xf - -C "$1"
}

slug() { echo "$1" | tr '/.' '__' | sed 's/_*$//'; }

# The slow tests of PATH (node against every fixture): a second pass runs them only on the
# mutants the fast tests let survive. Empty: one pass. NBB_MUTATION_SLOW_TESTS overrides (set
# and empty: no second pass).
slow_tests_for() {
  if [ -n "${NBB_MUTATION_SLOW_TESTS+set}" ]; then echo "$NBB_MUTATION_SLOW_TESTS"; return; fi
  case "$1" in
    nbbundle/bundle/link.py | nbbundle/bundle/build.py | nbbundle/bundle/) echo "tests/python/bundle/test_fixtures.py" ;;
    *) echo "" ;;
  esac
}

mutmut_config() {  # GLOB TESTS…: setup.cfg for one pass
  local glob="$1"
  shift
  echo "[mutmut]"
  echo "source_paths=nbbundle"
  echo "only_mutate=$glob"
  echo "pytest_add_cli_args_test_selection="
  for t in "$@"; do echo "    $t"; done
  echo "pytest_add_cli_args="
  printf '    %s\n' -p no:cacheprovider -q
  echo "also_copy="
  printf '    %s\n' js notebooks scripts labextension jupyter-config examples binder README.md ARCHITECTURE.md
}

# The survivors of the first pass against the fast and the slow tests, in a second copy:
# mutmut again, on those mutants only (it still runs, per mutant, only the tests that reach it).
# The fixtures build with the CLI in this process (NBB_CLI_IN_PROCESS, tests/python/node_programs.py):
# a child interpreter would run the mutated code where mutmut cannot see it.
second_pass() {  # PATH WORK GLOB SLOW_TESTS
  local path="$1" work="$2" glob="$3" slow="$4"
  local survivors
  survivors="$(grep -E ': (survived|no tests)$' "$work/results.txt" | sed 's/^ *//; s/: [a-z ]*$//' || true)"
  : > "$work/results-slow.txt"
  [ -n "$survivors" ] || return 0
  echo "── second pass: $(echo "$survivors" | wc -l) survivors of $path against $slow"
  work_copy "$work-slow"
  # shellcheck disable=SC2046
  mutmut_config "$glob" $(tests_for "$path") $slow > "$work-slow/setup.cfg"
  # shellcheck disable=SC2086
  (cd "$work-slow" && NBB_CLI_IN_PROCESS=1 "$PY" -m mutmut run --max-children 1 $survivors > mutmut.log 2>&1) || {
    tail -30 "$work-slow/mutmut.log"; echo "mutmut failed on $path (log: $work-slow/mutmut.log)"; return 1; }
  (cd "$work-slow" && "$PY" -m mutmut results --all true > "$work/results-slow.txt" 2>&1)
}

run_mutmut() {  # PATH
  local path="$1" work glob="$1" slow
  work="$CACHE/work-$(slug "$path")"
  "$PY" -c "import mutmut" 2>/dev/null || "$PY" -m pip install --quiet --disable-pip-version-check "mutmut==$MUTMUT_VERSION"
  case "$path" in */) glob="${path}*" ;; esac
  work_copy "$work"
  # shellcheck disable=SC2046
  mutmut_config "$glob" $(tests_for "$path") > "$work/setup.cfg"
  echo "── mutmut: $path (tests: $(tests_for "$path"))"
  (cd "$work" && "$PY" -m mutmut run --max-children 1 > mutmut.log 2>&1) || {
    tail -30 "$work/mutmut.log"; echo "mutmut failed on $path (log: $work/mutmut.log)"; return 1; }
  (cd "$work" && "$PY" -m mutmut results --all true > results.txt 2>&1)
  slow="$(slow_tests_for "$path")"
  local results=("$work/results.txt")
  if [ -n "$slow" ]; then
    second_pass "$path" "$work" "$glob" "$slow" || return 1
    results+=("$work/results-slow.txt")
  fi
  "$PY" scripts/mutation_score.py mutmut "$path" "${results[@]}" | tee -a "$CACHE/scores.txt"
}

run_stryker() {  # PATH
  local path="$1" work stryker="$CACHE/node/node_modules/.bin/stryker"
  work="$CACHE/work-$(slug "$path")"
  if ! grep -qs "\"version\": \"$STRYKER_VERSION\"" "$CACHE/node/node_modules/@stryker-mutator/core/package.json"; then
    mkdir -p "$CACHE/node"
    echo "{\"private\": true, \"dependencies\": {\"@stryker-mutator/core\": \"$STRYKER_VERSION\"}}" > "$CACHE/node/package.json"
    (cd "$CACHE/node" && npm install --no-audit --no-fund --loglevel=error)
  fi
  rm -rf "$work"
  mkdir -p "$work/tests"
  cp -r js "$work/js"
  cp -r tests/js "$work/tests/js"
  cat > "$work/stryker.config.json" <<EOF
{
  "testRunner": "command",
  "commandRunner": { "command": "node --test $(tests_for "$path")" },
  "mutate": ["$path"],
  "concurrency": 1,
  "timeoutMS": 20000,
  "reporters": ["json", "clear-text"],
  "jsonReporter": { "fileName": "report.json" },
  "cleanTempDir": true
}
EOF
  echo "── Stryker: $path (tests: $(tests_for "$path"))"
  (cd "$work" && "$stryker" run stryker.config.json > stryker.log 2>&1) || {
    tail -30 "$work/stryker.log"; echo "Stryker failed on $path (log: $work/stryker.log)"; return 1; }
  "$PY" scripts/mutation_score.py stryker "$path" "$work/report.json" | tee -a "$CACHE/scores.txt"
}

mkdir -p "$CACHE"
: > "$CACHE/scores.txt"
status=0
for path in "$@"; do
  case "$path" in
    nbbundle/*) run_mutmut "$path" || status=1 ;;
    js/*) run_stryker "$path" || status=1 ;;
    *) echo "not a folder or file of nbbundle/ or js/: $path" >&2; status=1 ;;
  esac
done
echo "── scores (killed / mutants less equivalents; survivors not in scripts/mutation-survivors.md are named)"
grep '^score' "$CACHE/scores.txt" || true
exit $status
