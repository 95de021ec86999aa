"""Building minivisor and booting it under QEMU, for the tests.

Every QEMU runs in its own session (process group) and is killed by that group's id when
it overstays its timeout or the test is interrupted: a test never leaves a QEMU behind.
"""
import os
import re
import shlex
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
ARCHES = ("aarch64", "riscv64")
BUILD_TIMEOUT = 600  # seconds; a cold build of both guests and the hypervisor takes ~10 s


def make(arch, scenario, *targets, timeout=BUILD_TIMEOUT):
    """Run make in the repository; returns the CompletedProcess (stdout and stderr merged)."""
    cmd = ["make", "-s", f"ARCH={arch}", f"SCENARIO={scenario}", *targets]
    return subprocess.run(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          stdin=subprocess.DEVNULL, text=True, timeout=timeout)


def hyp_elf(arch, scenario):
    """The hypervisor ELF the Makefile builds (its HYP_ELF)."""
    return REPO / "build" / arch / scenario / "minivisor.elf"


def build(arch, scenario, timeout=BUILD_TIMEOUT):
    """Build the hypervisor for @scenario; fail the test with make's output if it breaks."""
    r = make(arch, scenario, "build", timeout=timeout)
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


def run_command(cmd, timeout, stdin=None, after=None):
    """Run @cmd with its output captured; returns (returncode, output).
    returncode is None if it was killed after @timeout seconds. @stdin, if given, is typed
    once the output has a line matching regex @after (at once if @after is None): typing
    what a prompt asks for when it is shown, as a user would, whatever the host's speed."""
    data = stdin.encode() if isinstance(stdin, str) else stdin
    p = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         stdin=subprocess.DEVNULL if data is None else subprocess.PIPE,
                         start_new_session=True)
    chunks, seen = [], threading.Event()
    prompt = re.compile(after.encode(), re.M) if after else None

    def read():  # the output, as it comes; @seen is set once the prompt is in it
        for chunk in iter(lambda: p.stdout.read1(4096), b""):
            chunks.append(chunk)
            if prompt and not seen.is_set() and prompt.search(b"".join(chunks)):
                seen.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    deadline = time.monotonic() + timeout
    try:
        if prompt is not None:  # until the prompt, the end, or the timeout
            while not seen.wait(0.1) and p.poll() is None and time.monotonic() < deadline:
                pass
        if data is not None and (prompt is None or seen.is_set()):
            try:
                p.stdin.write(data)
                p.stdin.close()
            except BrokenPipeError:
                pass  # it ended before reading: the output says why
        rc = p.wait(max(0, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        rc = None
    finally:
        if p.poll() is None:  # timed out, or the test was interrupted
            _kill_group(p)
        reader.join(10)
    return rc, b"".join(chunks).decode(errors="replace")


def run_qemu(arch, scenario, timeout=60, extra_args=(), stdin=None, after=None):
    """Build @scenario for @arch and boot it as `make run` would.
    Returns (returncode, output); returncode is None if QEMU was killed at the timeout."""
    build(arch, scenario)
    return run_command(qemu_command(arch, scenario) + list(extra_args), timeout, stdin, after)
