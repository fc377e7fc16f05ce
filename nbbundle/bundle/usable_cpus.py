"""How many CPUs this process may use: its affinity mask, capped by its cgroup's CPU quota.

A container sees the host's cores (``os.cpu_count``) and the host's load average, neither of
which says what it may run on: the affinity mask (``taskset``, ``docker --cpuset-cpus``) names
the cores it may be scheduled on, and the cgroup's CPU bandwidth quota (``docker --cpus``,
Kubernetes' CPU limit) caps the time it gets on them, so a quota of 1.5 CPUs is worth two
workers at most. esbuild (Go's ``GOMAXPROCS``) and Vite (``os.availableParallelism``) size their
pools the same way. Both cgroup versions are read: v2's ``cpu.max`` ("max 100000" or
"150000 100000"), v1's ``cpu.cfs_quota_us`` (-1: none) over ``cpu.cfs_period_us``, in the
process's own cgroup and every cgroup above it (a parent's limit binds its children too).
"""

from __future__ import annotations

import math
import os
from pathlib import Path

CGROUP_ROOT = Path("/sys/fs/cgroup")
PROC_SELF_CGROUP = Path("/proc/self/cgroup")


def usable_cpus(cgroup_root: Path = CGROUP_ROOT, proc_self_cgroup: Path = PROC_SELF_CGROUP) -> int:
    """The CPUs the process may use: at least 1."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    quota = cgroup_cpu_quota(cgroup_root, proc_self_cgroup)
    if quota is not None:
        cores = min(cores, math.ceil(quota))
    return max(cores, 1)


def cgroup_cpu_quota(cgroup_root: Path = CGROUP_ROOT, proc_self_cgroup: Path = PROC_SELF_CGROUP) -> float | None:
    """The tightest CPU quota of the process's cgroups, in CPUs (None: no quota, or no cgroups)."""
    try:
        memberships = proc_self_cgroup.read_text(encoding="ascii").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    quotas = []
    for line in memberships:  # "hierarchy-id:controllers:path"
        _, controllers, path = (line.split(":", 2) + ["", ""])[:3]
        if controllers == "":  # cgroup v2: one unified hierarchy
            quotas += _quotas(cgroup_root, path, _v2_quota)
        elif "cpu" in controllers.split(","):
            quotas += _quotas(cgroup_root / controllers, path, _v1_quota)
    return min(quotas, default=None)


def _quotas(mount: Path, path: str, read_quota) -> list[float]:
    """The quotas from the process's cgroup up to the mount's root.

    Inside a container the cgroup path names the host's hierarchy while the mount shows only
    the container's part of it, so a path that is not there is read from the mount's root.
    """
    directory = mount / path.lstrip("/")
    if not directory.is_dir():
        directory = mount
    quotas = []
    while True:
        quota = read_quota(directory)
        if quota is not None:
            quotas.append(quota)
        if directory == mount or mount not in directory.parents:
            return quotas
        directory = directory.parent


def _v2_quota(directory: Path) -> float | None:
    try:
        limit, period = (directory / "cpu.max").read_text(encoding="ascii").split()[:2]
        return None if limit == "max" else _ratio(int(limit), int(period))
    except (OSError, ValueError, UnicodeDecodeError):
        return None


def _v1_quota(directory: Path) -> float | None:
    try:
        limit = int((directory / "cpu.cfs_quota_us").read_text(encoding="ascii"))
        period = int((directory / "cpu.cfs_period_us").read_text(encoding="ascii"))
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    return _ratio(limit, period)


def _ratio(limit: int, period: int) -> float | None:
    return limit / period if limit > 0 and period > 0 else None
