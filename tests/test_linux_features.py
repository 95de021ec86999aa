"""SCENARIO=linux beyond the shell: other CPU models, the timer on both vCPUs, CPU hotplug.

The console is driven as in tests/test_linux.py (its Console and limits, imported): every
wait is for text at the shell's prompt, with a generous limit, never for a time.
"""
import contextlib
import re
import shlex

import pytest

from qemu_util import REPO, make
from test_linux import (BOOT_TIMEOUT, END_TIMEOUT, LINUX_BUILD_TIMEOUT, PROMPT, Console)


def linux_qemu_command(arch, make_vars=()):
    """`make run`'s QEMU command for SCENARIO=linux, built first (@make_vars given to make
    for both, e.g. CPU=max)."""
    r = make(arch, "linux", *make_vars, "build", timeout=LINUX_BUILD_TIMEOUT)
    if r.returncode != 0:
        pytest.fail(f"make SCENARIO=linux {' '.join(make_vars)} build failed:\n{r.stdout}",
                    pytrace=False)
    r = make(arch, "linux", *make_vars, "print-qemu")
    lines = r.stdout.strip().splitlines()
    if r.returncode != 0 or not lines:
        pytest.fail(f"make print-qemu failed:\n{r.stdout}", pytrace=False)
    return shlex.split(lines[-1])


@contextlib.contextmanager
def linux(arch, make_vars=(), extra_args=()):
    """SCENARIO=linux booted to its shell: the Console, with `make run`'s QEMU command
    (linux_qemu_command; @extra_args appended). Killed on the way out unless it powered
    off."""
    con = Console(linux_qemu_command(arch, make_vars) + list(extra_args))
    try:
        # The banner could be torn by a heartbeat: either it or the prompt says Linux is up.
        if not con.wait_for(r"minivisor-linux: init running|" + PROMPT, 0, BOOT_TIMEOUT,
                            "the init banner"):
            con.fail(f"Linux did not reach its shell within {BOOT_TIMEOUT} s")
        con.ask("echo ready$((2+3))", r"^\[linux\] ready5\n", "answer from the shell")
        yield con
    finally:
        con.kill()


def power_off(con):
    """`poweroff` at the shell: QEMU exits 0 once the beat zone follows, and nothing
    stopped a zone on the way."""
    con.child.send("poweroff\r")
    rc = con.wait_end(END_TIMEOUT)
    if rc is None:
        con.fail(f"QEMU still ran {END_TIMEOUT} s after 'poweroff'")
    assert rc == 0, f"QEMU exited with {rc}:\n{con.text[-4000:]}"
    assert "minivisor: all zones are off" in con.text, con.text[-4000:]
    assert "zone stopped" not in con.text, con.text[-4000:]
    assert "unexpected exit" not in con.text, con.text[-4000:]


def test_aarch64_cpu_max():
    """-cpu max (make run-aarch64 CPU=max): SVE and pointer authentication are the guest's,
    and the zone's kernel (CONFIG_ARM64_SVE, CONFIG_ARM64_PTR_AUTH) uses them."""
    with linux("aarch64", make_vars=["CPU=max"]) as con:
        for feature in ("sve", "paca"):
            m = con.ask(f"grep -qw {feature} /proc/cpuinfo && echo {feature}=yes || "
                        f"echo {feature}=no", rf"^\[linux\] {feature}=(yes|no)\n", f"{feature} in cpuinfo")
            assert m.group(1) == "yes", f"Linux does not list {feature}:\n{con.text[-4000:]}"
        con.ask("echo $((6*7))", r"^\[linux\] 42\n", "the shell's arithmetic")
        power_off(con)


def test_riscv64_without_sstc():
    """A hart without Sstc: Linux's timer goes through SBI set_timer (the hypervisor's
    vtimer_*), so its device tree must not offer Sstc."""
    with linux("riscv64", extra_args=["-cpu", "rv64,sstc=false"]) as con:
        con.ask("sleep 1; echo slept", r"^\[linux\] slept\n", "the end of a 1 s sleep")
        power_off(con)


TIMER = {"aarch64": "arch_timer", "riscv64": "riscv-timer"}


def timer_counts(con, arch):
    """The timer line of /proc/interrupts: its count on each of the 2 CPUs."""
    m = con.ask(f"grep {TIMER[arch]} /proc/interrupts",
                rf"^\[linux\]\s+\d+:\s+(\d+)\s+(\d+)\s+.*{TIMER[arch]}\s*\n", "the timer's counts")
    return int(m.group(1)), int(m.group(2))


def test_timer_interrupts_on_both_cpus(arch):
    """The tick reaches both vCPUs: the timer counts of /proc/interrupts grow on each
    while the guest sleeps a second."""
    with linux(arch) as con:
        before = timer_counts(con, arch)
        con.ask("sleep 1; echo slept", r"^\[linux\] slept\n", "the end of a 1 s sleep")
        after = timer_counts(con, arch)
        assert after[0] > before[0] and after[1] > before[1], (before, after)
        power_off(con)


def test_cpu_hotplug(arch):
    """cpu1 offline and back: PSCI CPU_OFF/CPU_ON (aarch64), SBI HSM hart_stop/hart_start
    (riscv64)."""
    cpu1 = "/sys/devices/system/cpu/cpu1/online"
    with linux(arch) as con:
        con.ask(f"echo 0 > {cpu1}; echo off=$(cat {cpu1})", r"^\[linux\] off=0\n", "cpu1 offline")
        m = con.ask("echo online=$(cat /sys/devices/system/cpu/online) n=$(nproc)",
                    r"^\[linux\] online=(\S+) n=(\d+)\n", "the online CPUs")
        assert m.groups() == ("0", "1"), m.groups()
        con.ask(f"echo 1 > {cpu1}; echo on=$(cat {cpu1})", r"^\[linux\] on=1\n", "cpu1 online")
        m = con.ask("echo online=$(cat /sys/devices/system/cpu/online) n=$(nproc)",
                    r"^\[linux\] online=(\S+) n=(\d+)\n", "the online CPUs")
        assert m.groups() == ("0-1", "2"), m.groups()
        # cpu1 runs again: its tick counts on.
        before = timer_counts(con, arch)
        con.ask("sleep 1; echo slept", r"^\[linux\] slept\n", "the end of a 1 s sleep")
        assert timer_counts(con, arch)[1] > before[1]
        power_off(con)


ICOUNT = ["-icount", "shift=0,align=off,sleep=off"]  # virtual time = instructions
BOOT_BUDGET_US = 2000  # the hypervisor's own boot: 2 M instructions, whatever the kernel


def zones_built_in(arch, make_vars=()):
    """The hypervisor's "zones built in N us" under -icount: N thousand instructions from
    its C entry to its zones built (images checked, memory mapped). QEMU is killed then."""
    con = Console(linux_qemu_command(arch, make_vars) + ICOUNT)
    try:
        m = con.wait_for(r"minivisor: zones built in (\d+) us", 0, BOOT_TIMEOUT, "the count")
        if not m:
            con.fail("no 'zones built in' line")
    finally:
        con.kill()
    return int(m.group(1))


def test_linux_image_of_ones_own(arch, tmp_path):
    """LINUX_IMAGE=/path/to/Image boots that kernel in place of tools/linux.sh's: here the
    cached one padded to over 40 MB, as big as a distribution's. QEMU places it; the
    hypervisor checks it in place: its boot costs under 2 M instructions either way, no
    more for the big one. Without LINUX_IMAGE the build goes back."""
    r = make(arch, "linux", "build", timeout=LINUX_BUILD_TIMEOUT)  # the cached kernel
    assert r.returncode == 0, r.stdout
    image = tmp_path / "Image"
    built = (REPO / "build" / arch / "guests" / "linux-Image").read_bytes()
    image.write_bytes(built + bytes(40 * 2**20 - len(built) % 4096))
    user = REPO / "build" / arch / "linux" / "user"
    own = [f"LINUX_IMAGE={image}"]

    small, big = zones_built_in(arch), zones_built_in(arch, own)
    assert small < BOOT_BUDGET_US and big < BOOT_BUDGET_US, (small, big)
    assert big <= small + 20, f"{small} us with the built kernel, {big} us with 40 MB more"
    print(f"{arch}: zones built in {small} us (built kernel), {big} us (40 MB kernel)")

    with linux(arch, make_vars=own) as con:
        assert (user / "path").read_text().strip() == str(image)
        assert (user / "linux-Image").read_bytes() == image.read_bytes()
        # QEMU places the user's kernel (its copy in user/) in the zone's RAM.
        assert any(f"file={user / 'linux-Image'}," in a.decode() for a in con.child.args)
        con.ask("echo $((6*7))", r"^\[linux\] 42\n", "the shell's arithmetic")
        power_off(con)
    r = make(arch, "linux", "build")
    assert r.returncode == 0, r.stdout
    assert not (user / "linux-Image").exists() and (user / "path").read_text().strip() == ""
