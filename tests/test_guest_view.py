"""What a guest OS can observe of interrupts, timers and its firmware (issue 12).

Each behaviour has a bare-metal guest of its own (guests/gicv3/, guests/sbi/), booted as a
zone of SCENARIO=gic (aarch64) or SCENARIO=sbi (riscv64); each prints what it checked and
"ok" or "FAILED". The guests wait for events (a timer's ISTATUS, a count of exits), never
for an amount of time.
"""
import functools
import re

import pytest

from test_scenarios import boot, index_of, lines_of


@functools.lru_cache(maxsize=None)
def run(arch, scenario, cpu=None):
    """One boot of @scenario, shared by the tests that read its zones' lines."""
    extra = ["-cpu", cpu] if cpu else []
    return tuple(lines_of(boot(arch, scenario, timeout=120, extra_args=extra)))


def checks_of(lines, zone, expected, program=None):
    """The zone's check lines, each ending "ok"; exactly @expected of them, then
    "<program>: done" (@program: the name the guest prints, the zone's if None)."""
    mine = [l for l in lines if l.startswith(f"[{zone}] ")]
    text = "\n".join(lines)
    checks = [l for l in mine if re.search(r": (ok|FAILED)$", l)]
    failed = [l for l in checks if l.endswith("FAILED")]
    assert not failed, "failed checks:\n" + "\n".join(failed) + "\n\n" + text
    assert len(checks) == expected, f"{len(checks)} checks of {zone}, {expected} expected:\n{text}"
    index_of(list(lines), rf"^\[{zone}\] {program or zone}: done$")
    return checks


def test_timer_interrupt_is_level():
    """aarch64: a virtual timer interrupt whose line dropped is not delivered (item 1)."""
    lines = run("aarch64", "gic")
    checks = checks_of(lines, "timerlevel", 2)
    assert "1 interrupt(s) taken, 1 due" in checks[0]
    assert "0 interrupt(s) taken, 0 due" in checks[1]


def test_redistributor_pending_active_state():
    """aarch64: GICR_ISPENDR0 / ICPENDR0 / ISACTIVER0 reflect and change the state (item 2)."""
    checks_of(run("aarch64", "gic"), "gicstate", 8)


def test_el1_physical_timer():
    """aarch64: the EL1 physical timer's PPI 30 reaches the guest (item 3)."""
    checks = checks_of(run("aarch64", "gic"), "ptimer", 1)
    assert "interrupt taken" in checks[0]


@pytest.mark.parametrize("cpu", [None, "rv64,sstc=false"], ids=["sstc", "no-sstc"])
def test_sbi_hart_suspend(cpu):
    """riscv64: HSM hart_suspend, retentive and non-retentive, with and without Sstc (item 5)."""
    lines = run("riscv64", "sbi", cpu)
    checks = checks_of(lines, "suspend", 3, "sbi")
    assert "retentive suspend -> SBI_SUCCESS (0)" in checks[0]
    assert "non-retentive suspend resumed at its address" in checks[2]


def test_sbi_version_and_probes():
    """riscv64: the spec version and the probe answers agree with what answers (item 6)."""
    lines = run("riscv64", "sbi")
    checks_of(lines, "probe", 14, "sbi")
    index_of(list(lines), r"^\[probe\] sbi: spec version 2\.0$")
