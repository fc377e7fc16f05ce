"""Fixtures that today's compiler gets wrong (issue 8), each with its divergence in one line.

Found by the differential fuzzer and the torture pass. The fixture test and the torture pass
mark these cases as strict xfails: a run fails as soon as one passes, so whoever fixes one
removes its entry here.
"""

from __future__ import annotations

# Case → the divergence, one line. Remove an entry once its case passes.
KNOWN_DIVERGENCES: dict[str, str] = {}


# The torture pass (tests/python/torture): (case, variant) → why the variant diverges.
R_FIXTURE = "the fixture diverges unrewritten too (KNOWN_DIVERGENCES)"

KNOWN_TORTURE_FAILURES: dict[tuple[str, str], str] = {}
