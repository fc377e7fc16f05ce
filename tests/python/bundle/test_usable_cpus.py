"""A build sizes its worker pool from the CPUs the process may use: affinity and cgroup quota."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

import pytest

from nbbundle.bundle import usable_cpus as cpus_module
from nbbundle.bundle import workers
from nbbundle.bundle.usable_cpus import cgroup_cpu_quota, usable_cpus

if TYPE_CHECKING:
    from pathlib import Path


def cgroup_v2(root: Path, cpu_max: str, *, path: str = "/", parent_cpu_max: str | None = None) -> Path:
    """A fake /sys/fs/cgroup (v2) and /proc/self/cgroup naming the process's cgroup."""
    directory = root / "fs" / path.strip("/")
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "cpu.max").write_text(cpu_max + "\n")
    if parent_cpu_max is not None:
        (directory.parent / "cpu.max").write_text(parent_cpu_max + "\n")
    membership = root / "cgroup"
    membership.write_text(f"0::{path}\n")
    return membership


def cgroup_v1(root: Path, quota: int, period: int, *, path: str = "/docker/abc") -> Path:
    directory = root / "fs" / "cpu,cpuacct" / path.strip("/")
    directory.mkdir(parents=True)
    (directory / "cpu.cfs_quota_us").write_text(f"{quota}\n")
    (directory / "cpu.cfs_period_us").write_text(f"{period}\n")
    membership = root / "cgroup"
    membership.write_text(f"12:memory:{path}\n4:cpu,cpuacct:{path}\n0::/\n")
    return membership


def test_a_v2_quota_caps_the_cpus(tmp_path: Path) -> None:
    membership = cgroup_v2(tmp_path, "150000 100000", path="/user.slice/app")
    assert cgroup_cpu_quota(tmp_path / "fs", membership) == 1.5
    # 1.5 CPUs of time is worth two workers' share, never more than the affinity allows.
    assert usable_cpus(tmp_path / "fs", membership) == min(2, len(os.sched_getaffinity(0)))


def test_no_v2_quota_leaves_the_affinity(tmp_path: Path) -> None:
    membership = cgroup_v2(tmp_path, "max 100000")
    assert cgroup_cpu_quota(tmp_path / "fs", membership) is None
    assert usable_cpus(tmp_path / "fs", membership) == len(os.sched_getaffinity(0))


def test_a_parent_cgroup_quota_binds_its_children(tmp_path: Path) -> None:
    membership = cgroup_v2(tmp_path, "max 100000", path="/kubepods/pod1", parent_cpu_max="100000 100000")
    assert cgroup_cpu_quota(tmp_path / "fs", membership) == 1.0
    assert usable_cpus(tmp_path / "fs", membership) == 1


def test_a_v1_quota_caps_the_cpus(tmp_path: Path) -> None:
    membership = cgroup_v1(tmp_path, 50000, 100000)
    assert cgroup_cpu_quota(tmp_path / "fs", membership) == 0.5
    assert usable_cpus(tmp_path / "fs", membership) == 1


def test_a_v1_quota_of_minus_one_is_no_quota(tmp_path: Path) -> None:
    membership = cgroup_v1(tmp_path, -1, 100000)
    assert cgroup_cpu_quota(tmp_path / "fs", membership) is None


def test_a_container_path_absent_from_the_mount_reads_the_mount_root(tmp_path: Path) -> None:
    # The container's mount shows only its own cgroup, at the root, while the path names the host's.
    (tmp_path / "fs").mkdir()
    (tmp_path / "fs" / "cpu.max").write_text("200000 100000\n")
    membership = tmp_path / "cgroup"
    membership.write_text("0::/system.slice/docker-abc.scope\n")
    assert cgroup_cpu_quota(tmp_path / "fs", membership) == 2.0


def test_no_cgroups_at_all_is_no_quota(tmp_path: Path) -> None:
    assert cgroup_cpu_quota(tmp_path / "fs", tmp_path / "missing") is None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="worker processes are forked (Linux only)")
def test_the_worker_count_follows_the_affinity_not_the_load_average(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NBBUNDLE_WORKERS", raising=False)
    monkeypatch.setattr(os, "getloadavg", lambda: (64.0, 64.0, 64.0))  # a busy host, as a container sees it
    monkeypatch.setattr(cpus_module, "cgroup_cpu_quota", lambda *_: None)
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0, 1, 2})
    assert workers.worker_count() == 3
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: set(range(32)))
    assert workers.worker_count() == 8
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {5})
    assert workers.worker_count() == 0


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="worker processes are forked (Linux only)")
def test_the_worker_count_follows_the_quota_and_the_variable_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NBBUNDLE_WORKERS", raising=False)
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: set(range(16)))
    monkeypatch.setattr(cpus_module, "cgroup_cpu_quota", lambda *_: 2.5)
    assert workers.worker_count() == 3
    monkeypatch.setenv("NBBUNDLE_WORKERS", "5")
    assert workers.worker_count() == 5
    monkeypatch.setenv("NBBUNDLE_WORKERS", "0")
    assert workers.worker_count() == 0
