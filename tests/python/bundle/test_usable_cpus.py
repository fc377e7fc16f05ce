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


@pytest.mark.parametrize("path", [
    # containerd under the systemd driver (Kubernetes): the cgroup's name has colons of its own.
    "/kubepods.slice/kubepods-pod1.slice:cri-containerd:abc",
    "/X11.slice/app",  # a name is kept whole, whatever its first characters
])
def test_the_cgroup_path_is_read_whole(tmp_path: Path, path: str) -> None:
    membership = cgroup_v2(tmp_path, "300000 100000", path=path)
    assert cgroup_cpu_quota(tmp_path / "fs", membership) == 3.0


def test_the_tightest_of_a_v2_and_a_v1_quota_wins_in_any_order(tmp_path: Path) -> None:
    (tmp_path / "fs").mkdir()
    (tmp_path / "fs" / "cpu.max").write_text("50000 100000\n")  # v2: half a CPU
    v1 = tmp_path / "fs" / "cpu" / "app"
    v1.mkdir(parents=True)
    (v1 / "cpu.cfs_quota_us").write_text("400000\n")  # v1: four CPUs
    (v1 / "cpu.cfs_period_us").write_text("100000\n")
    membership = tmp_path / "cgroup"
    membership.write_text("0::/\n3:cpu:/app\n")
    assert cgroup_cpu_quota(tmp_path / "fs", membership) == 0.5


@pytest.mark.parametrize(("cpu_max", "quota"), [
    ("0 100000", None),  # no time at all is no usable limit: the affinity decides
    ("100000 0", None),  # a zero period is no quota, not a ZeroDivisionError
    ("1 1", 1.0),  # any positive ratio counts, however small its numbers
    ("garbage", None),
])
def test_a_quota_counts_only_when_both_numbers_are_positive(tmp_path: Path, cpu_max: str,
                                                            quota: float | None) -> None:
    assert cgroup_cpu_quota(tmp_path / "fs", cgroup_v2(tmp_path, cpu_max)) == quota


@pytest.mark.parametrize(("cpu_count", "expected"), [(3, 3), (None, 1)])
def test_without_an_affinity_mask_the_cpu_count_decides(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                         cpu_count: int | None, expected: int) -> None:
    def no_affinity(_pid: int) -> set[int]:
        raise OSError("not supported")

    monkeypatch.setattr(os, "sched_getaffinity", no_affinity)
    monkeypatch.setattr(os, "cpu_count", lambda: cpu_count)
    assert usable_cpus(tmp_path / "fs", tmp_path / "missing") == expected
