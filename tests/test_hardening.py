"""The hypervisor's own hardening, from the issue "Isolation under attack": defects no guest
can show on QEMU, checked in the code, the image or a gdb session instead.

- 7: aarch64/gic.c read-modify-writes a GICD word (whose fields may be two zones' SPIs)
  only under its lock;
- 10: cache maintenance after the zone images are loaded: aarch64 cleans what the loader
  wrote to PoC and invalidates the I-caches (arch_guest_written, from the loader's
  loader_wrote for each ELF segment it copies), riscv64 runs
  fence.i before entering a freshly reset vCPU (arch_cpu_run). QEMU has no caches that
  would show it, so the image is checked for the instructions;
- 11: aarch64's EL2 map: text read-only and executable, everything else execute-never,
  and SCTLR_EL2.WXN on (a writable page never executes; with it on, a hypervisor that
  runs at all has read-only text);
- 12: the stack guard: a canary at the bottom of each CPU's stack, checked on every exit;
  gdb overwrites it and the next exit panics saying so.
"""
import re
import subprocess

import pytest

from qemu_util import REPO, _kill_group, build, qemu_command, run_command
from test_gdb import free_port, wait_for_port
from test_image import disassemble

MAX_CPUS = 8  # common/percpu.h
SCTLR_WXN = 1 << 19  # Arm ARM: SCTLR_EL2.WXN


def functions(disasm):
    """objdump -d output cut into function name -> its text."""
    return {m[1]: m[2] for m in re.finditer(r"^[0-9a-f]+ <(\w+)>:\n(.*?)(?=\n\n|\Z)", disasm,
                                            re.M | re.S)}


def test_gicd_read_modify_writes_hold_the_lock():
    """Defect 7: every read-modify-write of a distributor word in aarch64/gic.c (the
    redistributor's, `rd + ...`, are one CPU's own) is inside spin_lock/spin_unlock."""
    src = (REPO / "aarch64" / "gic.c").read_text()
    rmw = re.compile(r"write32\((?!rd\b)([^,]+), .*read32\(\1\)")
    found = 0
    for fn in re.finditer(r"^\w[^\n]*\)\n\{\n(.*?)^\}", src, re.M | re.S):
        before = ""
        for line in fn[1].split("\n"):
            if rmw.search(line):
                found += 1
                held = before.count("spin_lock(") - before.count("spin_unlock(")
                assert held > 0, f"GICD read-modify-write without the lock: {line.strip()}"
            before += line + "\n"
    assert found >= 2, "no GICD read-modify-write found: IGROUPR and ICFGR have one each"


def test_cache_maintenance_after_loading(arch):
    """Defect 10: the instructions that make loaded images visible to a guest."""
    fns = functions(disassemble(arch))
    if arch == "aarch64":
        assert re.search(r"\bbl?\s+[0-9a-f]+ <arch_guest_written>", fns["loader_wrote"])  # a tail call
        assert any(re.search(r"\bbl\s+[0-9a-f]+ <loader_wrote>", body)
                   for name, body in fns.items() if name != "loader_wrote")
        body = fns["arch_guest_written"]
        assert re.search(r"\tdc\tcvac", body), body
        assert re.search(r"\tic\tialluis", body), body
    else:
        assert re.search(r"\tfence\.i", fns["arch_cpu_run"]), fns["arch_cpu_run"]


def gdb_session(arch, commands, wait_for, timeout=120):
    """Boot SCENARIO=hello stopped for gdb, run gdb's @commands (which end by letting the
    machine go on), then read QEMU's output until it matches @wait_for or @timeout
    seconds pass. Returns (gdb's output, QEMU's)."""
    build(arch, "hello")
    port = free_port()
    cmd = qemu_command(arch, "hello") + ["-gdb", f"tcp:localhost:{port}", "-S"]
    qemu = subprocess.Popen(cmd, cwd=REPO, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, start_new_session=True)
    try:
        assert wait_for_port(port, 60), f"QEMU never listened on localhost:{port}"
        rc, gdb_out = run_command(["make", "-s", f"ARCH={arch}", "SCENARIO=hello",
                                   f"GDBPORT={port}", "gdb"], timeout=timeout, stdin=commands)
        assert rc is not None, f"gdb hung:\n{gdb_out}"
        out = read_until(qemu, wait_for, timeout)
    finally:
        _kill_group(qemu)
    return gdb_out, out


def read_until(p, pattern, timeout):
    """@p's output until a line matches @pattern, it ends, or @timeout seconds pass."""
    import selectors
    import time

    sel, data = selectors.DefaultSelector(), b""
    sel.register(p.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not re.search(pattern, data.decode(errors="replace")):
        if sel.select(timeout=1):
            chunk = p.stdout.read1(65536)
            if not chunk:
                break
            data += chunk
    return data.decode(errors="replace")


def test_el2_wxn_and_stack_guard(arch):
    """Defects 11 and 12, in one gdb session: stopped in the first exit, SCTLR_EL2.WXN is
    on (aarch64); every CPU's stack canary is overwritten, and the next exit panics with
    "hypervisor stack overflow"."""
    sctlr = "p/x $SCTLR_EL2\n" if arch == "aarch64" else ""
    smash = "".join(f"set var *(unsigned long *)per_cpus[{c}].stack = 0\n"
                    for c in range(MAX_CPUS))
    cmds = f"break handle_vmexit\ncontinue\n{sctlr}{smash}delete\ndetach\nquit\n"
    gdb_out, out = gdb_session(arch, cmds, r"minivisor: PANIC")
    assert "Breakpoint 1, handle_vmexit" in gdb_out, gdb_out
    if arch == "aarch64":
        m = re.search(r"\$1 = (0x[0-9a-f]+)$", gdb_out, re.M)
        assert m, gdb_out
        assert int(m[1], 16) & SCTLR_WXN, f"SCTLR_EL2 = {m[1]}: WXN is off"
    assert re.search(r"^minivisor: PANIC on CPU \d+: CPU \d+: hypervisor stack overflow", out,
                     re.M), out
