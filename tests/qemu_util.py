"""Building minivisor and booting it under QEMU, for the tests.

Every QEMU runs in its own session (process group) and is killed by that group's id when
it overstays its timeout or the test is interrupted: a test never leaves a QEMU behind.
"""
import os
import shlex
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
ARCHES = ("aarch64", "riscv64")
BUILD_TIMEOUT = 600  # seconds; a cold build of both guests and the hypervisor takes ~10 s


def make(arch, scenario, *targets):
    """Run make in the repository; returns the CompletedProcess (stdout and stderr merged)."""
    cmd = ["make", "-s", f"ARCH={arch}", f"SCENARIO={scenario}", *targets]
    return subprocess.run(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          stdin=subprocess.DEVNULL, text=True, timeout=BUILD_TIMEOUT)


def hyp_elf(arch, scenario):
    """The hypervisor ELF the Makefile builds (its HYP_ELF)."""
    return REPO / "build" / arch / scenario / "minivisor.elf"


def build(arch, scenario):
    """Build the hypervisor for @scenario; fail the test with make's output if it breaks."""
    r = make(arch, scenario, "build")
    if r.returncode != 0:
        pytest.fail(f"make ARCH={arch} SCENARIO={scenario} build failed "
                    f"(status {r.returncode}):\n{r.stdout}", pytrace=False)
    return hyp_elf(arch, scenario)


def qemu_command(arch, scenario):
    """The QEMU command line of `make run`, as the Makefile's print-qemu target says it."""
    r = make(arch, scenario, "print-qemu")
    lines = r.stdout.strip().splitlines()
    if r.returncode != 0 or not lines:
        pytest.fail(f"make print-qemu failed:\n{r.stdout}", pytrace=False)
    return shlex.split(lines[-1])


def _kill_group(p):
    """SIGKILL the process group QEMU leads (its pid: start_new_session), then reap it."""
    try:
        os.killpg(p.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass  # already gone
    p.wait()


def run_command(cmd, timeout, stdin=None, stdin_delay=0):
    """Run @cmd with output captured to a file; returns (returncode, output).
    returncode is None if it was killed after @timeout seconds. @stdin is written after
    @stdin_delay seconds (riscv64: OpenSBI's UART setup drops what arrives before it)."""
    data = stdin.encode() if isinstance(stdin, str) else stdin
    with tempfile.TemporaryFile() as out:
        p = subprocess.Popen(cmd, cwd=REPO, stdout=out, stderr=subprocess.STDOUT,
                             stdin=subprocess.DEVNULL if data is None else subprocess.PIPE,
                             start_new_session=True)
        try:
            if data is not None and stdin_delay:
                time.sleep(stdin_delay)
            # communicate() feeds stdin (if any) without blocking past the timeout.
            p.communicate(input=data, timeout=timeout)
            rc = p.returncode
        except subprocess.TimeoutExpired:
            rc = None
        finally:
            if p.poll() is None:  # timed out, or the test was interrupted
                _kill_group(p)
        out.seek(0)
        return rc, out.read().decode(errors="replace")


def run_qemu(arch, scenario, timeout=60, extra_args=(), stdin=None, stdin_delay=0):
    """Build @scenario for @arch and boot it as `make run` would.
    Returns (returncode, output); returncode is None if QEMU was killed at the timeout."""
    build(arch, scenario)
    return run_command(qemu_command(arch, scenario) + list(extra_args), timeout, stdin,
                       stdin_delay)
