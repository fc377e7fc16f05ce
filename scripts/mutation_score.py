"""The score line of ``scripts/mutation.sh`` for one PATH, from mutmut's or Stryker's results.

    python scripts/mutation_score.py mutmut PATH results.txt…    # `mutmut results --all true`, per pass
    python scripts/mutation_score.py stryker PATH report.json    # Stryker's JSON report

Prints ``score PATH: K/N killed = P % (E equivalent, S survived)`` where N leaves out the
mutants listed as equivalent in scripts/mutation-survivors.md (each with its reason), then one
line per survivor that is not listed there: a test to write, or an equivalent to explain.
A mutant that timed out counts as killed (the tests noticed), one no test reached as survived.
With several mutmut results (a second pass of slower tests on the first pass's survivors), a
mutant killed in any pass is killed.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

SURVIVORS_FILE = Path(__file__).with_name("mutation-survivors.md")
KILLED_MUTMUT = {"killed", "timeout", "caught by type check", "segfault"}
KILLED_STRYKER = {"Killed", "Timeout"}
NOT_RUN_STRYKER = {"CompileError", "RuntimeError", "Ignored"}


def listed_equivalents() -> set[str]:
    """The ids in backticks that start the list items of the survivors file."""
    if not SURVIVORS_FILE.exists():
        return set()
    return set(re.findall(r"^- `([^`]+)`", SURVIVORS_FILE.read_text(), re.MULTILINE))


def mutmut_outcomes(results: Path) -> dict[str, str]:
    outcomes = {}
    for line in results.read_text().splitlines():
        name, sep, status = line.strip().rpartition(": ")
        if sep and name.startswith("nbbundle."):
            outcomes[name] = status
    return outcomes


def stryker_outcomes(report: Path) -> dict[str, str]:
    """Stryker's mutants by a stable id: ``file:line:column-line:column Mutator replacement``."""
    outcomes = {}
    for file_name, file in json.loads(report.read_text())["files"].items():
        for mutant in file["mutants"]:
            start, end = mutant["location"]["start"], mutant["location"]["end"]
            replacement = " ".join(str(mutant.get("replacement", "")).split())[:60]
            place = f"{start['line']}:{start['column']}-{end['line']}:{end['column']}"
            key = f"{file_name}:{place} {mutant['mutatorName']} {replacement}".rstrip()
            status = mutant["status"]
            outcomes[key] = "killed" if status in KILLED_STRYKER else "not run" if status in NOT_RUN_STRYKER else status
    return outcomes


def _natural(name: str) -> list[object]:
    """Sort key: numbers (lines, mutant numbers) by value."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]


def main(argv: list[str]) -> int:
    tool, path = argv[1], argv[2]
    if tool == "mutmut":
        outcomes: dict[str, str] = {}
        for results in argv[3:]:
            for name, status in mutmut_outcomes(Path(results)).items():
                if status in KILLED_MUTMUT:
                    outcomes[name] = "killed"
                elif status != "not checked":
                    outcomes.setdefault(name, status)
    else:
        outcomes = stryker_outcomes(Path(argv[3]))
    equivalent = listed_equivalents()
    counted = {name: status for name, status in outcomes.items() if status != "not run" and name not in equivalent}
    killed = sum(status == "killed" for status in counted.values())
    survivors = sorted((name for name, status in counted.items() if status != "killed"), key=_natural)
    share = f"{100 * killed / len(counted):.1f} %" if counted else "no mutants"
    skipped = sum(status == "not run" for status in outcomes.values())
    extra = f", {skipped} not run (compile errors, ignored)" if skipped else ""
    print(f"score {path}: {killed}/{len(counted)} killed = {share} "
          f"({len(outcomes) - len(counted) - skipped} equivalent, {len(survivors)} survived{extra})")
    for name in survivors:
        print(f"  survived ({counted[name]}): {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
