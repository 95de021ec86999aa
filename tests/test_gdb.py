"""`make debug-<arch>` + `make gdb-<arch>`: gdb attaches with symbols and stops in an exit.

QEMU waits for gdb on localhost:GDBPORT, a port free at the time (two runs of the suite, or a
student's own `make debug`, must not collide); gdb reads the commands a student would type
from stdin.
"""
import os
import re
import signal
import socket
import struct
import subprocess
import time

from qemu_util import REPO, build, make, run_command

# The register holding the hypercall at the first exit, HC_ZONE_ID, as LAB.md's Lab 0 shows it.
FIRST_EXIT = {
    "aarch64": ("p/x cpu->x[0]", "0xc6000002"),  # hvc: x0 = HC_FN(HC_ZONE_ID)
    "riscv64": ("p/x cpu->x[16]", "0x2"),  # ecall: a6 = HC_ZONE_ID (a7 = HC_SBI_EXT)
}


def free_port():
    """A TCP port nothing listens on now (the kernel picks it)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, seconds):
    """True once something listens on localhost:@port."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return True
        time.sleep(0.1)
    return False


def gdb_session(arch, cmds, scenario="hello"):
    """Run `make debug` (QEMU waiting on a free port) and `make gdb` with @cmds typed in;
    returns gdb's output. QEMU is killed by its process group whatever happens."""
    build(arch, scenario)
    port = free_port()
    qemu = subprocess.Popen(["make", "-s", f"ARCH={arch}", f"SCENARIO={scenario}",
                             f"GDBPORT={port}", "debug"],
                            cwd=REPO, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.STDOUT, start_new_session=True)
    try:
        assert wait_for_port(port, 60), f"QEMU never listened on localhost:{port}"
        rc, out = run_command(["make", "-s", f"ARCH={arch}", f"SCENARIO={scenario}",
                               f"GDBPORT={port}", "gdb"], timeout=300, stdin=cmds)
    finally:
        os.killpg(qemu.pid, signal.SIGKILL)
        qemu.wait()
    assert rc is not None, f"gdb hung:\n{out}"
    return out


def elf_entry_bytes(path, n):
    """The ELF's entry point and the @n bytes of the file there (its first instruction)."""
    data = path.read_bytes()
    entry, phoff = struct.unpack_from("<QQ", data, 24)
    phentsize, phnum = struct.unpack_from("<HH", data, 54)
    for i in range(phnum):
        ptype, _, offset, vaddr, _, filesz = struct.unpack_from("<IIQQQQ", data,
                                                                 phoff + i * phentsize)
        if ptype == 1 and vaddr <= entry < vaddr + filesz:
            return entry, data[offset + entry - vaddr:offset + entry - vaddr + n]
    raise AssertionError(f"{path}: entry 0x{entry:x} in no PT_LOAD segment")


# At the hello guest's first exit, its HC_ZONE_ID hypercall: what mv-cpu and mv-exit show.
FIRST_EXIT_WORDS = {
    "aarch64": (r"x0\s+0x0*c6000002\b", r"EC 0x16, HVC from AArch64", r"elr\s+0x([0-9a-f]+)", 0),
    "riscv64": (r"a6\s+0x0*2\b", r"ecall from VS-mode", r"sepc\s+0x([0-9a-f]+)", 4),
}


def test_gdb_commands(arch):
    """Each command of tools/gdb/minivisor.py, at the hello guest's first hypercall."""
    build(arch, "hello")  # hello.elf is read below: a clean tree has none yet
    entry, first = elf_entry_bytes(REPO / "build" / arch / "guests" / "hello.elf", 4)
    cmds = (f"info address handle_vmexit\ninfo address vmreturn\nbreak handle_vmexit\n"
            f"break vmreturn\ndelete 2\ncontinue\nmv-cpu\nmv-exit\nmv-zones\n"
            f"mv-gpa 0x{entry:x}\nmv-x/4xb 0x{entry:x}\ninfo symbol 0x{entry:x}\n"
            f"mv-enter\np/x $pc\nkill\nquit\n")
    out = gdb_session(arch, cmds)
    # Breakpoints land on the functions' first instructions.
    for fn in ("handle_vmexit", "vmreturn"):
        at = re.search(rf'Symbol "{fn}" is .*at (?:address )?(0x[0-9a-f]+)', out)
        assert at, out
        assert re.search(rf"Breakpoint \d+ at {at.group(1)}: file ", out), (fn, out)
    reg, exit_words, resume_reg, resume_step = FIRST_EXIT_WORDS[arch]
    assert "CPU 0: zone 0 (hello) vcpu 0, power_on 1" in out, out
    assert re.search(reg, out), out
    assert exit_words in out and "minivisor hypercall 2 (HC_ZONE_ID)" in out, out
    assert re.search(r"zone 0 \(hello\): running; vcpu 0 on CPU 0 \(on\)", out, re.M), out
    assert re.search(r"-> PA 0x[0-9a-f]+$", out, re.M), out
    # The guest's first instruction, read by guest address, is the ELF's.
    dump = re.search(rf"is PA 0x[0-9a-f]+\n0x[0-9a-f]+:((?:\s+0x[0-9a-f]{{2}}){{4}})", out)
    assert dump, out
    assert bytes(int(b, 16) for b in dump.group(1).split()) == first, out
    assert re.search(r"in section \.text of \S*/guests/hello\.elf", out), out
    # mv-enter stops at the guest instruction the vCPU resumes at.
    resume = int(re.search(resume_reg, out).group(1), 16) + resume_step
    assert f"in the guest at 0x{resume:x}" in out, out
    assert re.search(rf"\$\d+ = 0x{resume:x}$", out, re.M), out


def test_gdb_loads_the_scenarios_guests(arch):
    """mv-guest-symbols (make gdb) loads the scenario's own guest ELFs, not hello.elf."""
    elf = build(arch, "twozones")
    entry, _ = elf_entry_bytes(REPO / "build" / arch / "guests" / "smp.elf", 4)
    rc, out = run_command(["gdb-multiarch", "-batch", "-ex", "source tools/gdb/minivisor.py",
                           "-ex", f"mv-guest-symbols build/{arch}/guests",
                           "-ex", f"info symbol 0x{entry:x}", str(elf)], timeout=120)
    assert rc == 0, out
    assert "zone 0 (alpha): symbols of" in out and "zone 1 (beta): symbols of" in out, out
    assert re.search(r"in section \.text of \S*/guests/smp\.elf", out), out
    assert "hello.elf" not in out, out


def test_trace_shows_the_hypercalls(arch):
    """make TRACE=1: one line per exit; the hello guest's hypercalls, each of them."""
    r = make(arch, "hello", "TRACE=1", "build")
    assert r.returncode == 0, r.stdout
    rc, out = run_command(["make", "-s", f"ARCH={arch}", "SCENARIO=hello", "TRACE=1", "run"],
                          timeout=300)
    assert rc == 0, out
    call = "HVC" if arch == "aarch64" else "ecall from VS-mode"
    regs = ("x0", "x1") if arch == "aarch64" else ("a0", "a1")
    lines = re.findall(rf"minivisor: trace: cpu 0 zone 0 \(hello\) vcpu 0: hypercall \({call}\) "
                       rf"at 0x[0-9a-f]+, {regs[0]} 0x[0-9a-f]+ {regs[1]} 0x[0-9a-f]+, "
                       rf"resumes at 0x[0-9a-f]+", out)
    counted = re.search(r"exits: hypercall (\d+) ", out)
    assert counted and len(lines) == int(counted.group(1)), out


def test_debug_build_boots(arch):
    """make DEBUG=1 (-Og) builds a hypervisor that runs the hello guest to its end."""
    r = make(arch, "hello", "DEBUG=1", "build")
    assert r.returncode == 0, r.stdout
    rc, out = run_command(["make", "-s", f"ARCH={arch}", "SCENARIO=hello", "DEBUG=1", "run"],
                          timeout=300)
    assert rc == 0 and "hello: done, powering off" in out, out


def test_gdb_stops_in_handle_vmexit(arch):
    build(arch, "hello")
    port = free_port()
    qemu = subprocess.Popen(["make", "-s", f"ARCH={arch}", "SCENARIO=hello", f"GDBPORT={port}",
                             "debug"],
                            cwd=REPO, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.STDOUT, start_new_session=True)
    try:
        assert wait_for_port(port, 60), f"QEMU never listened on localhost:{port}"
        show, value = FIRST_EXIT[arch]
        cmds = f"break handle_vmexit\ncontinue\n{show}\nbt\nkill\nquit\n"
        rc, out = run_command(["make", "-s", f"ARCH={arch}", "SCENARIO=hello",
                               f"GDBPORT={port}", "gdb"], timeout=120, stdin=cmds)
    finally:
        os.killpg(qemu.pid, signal.SIGKILL)
        qemu.wait()
    assert rc is not None, f"gdb hung (a backtrace that never ends?):\n{out}"
    assert "Breakpoint 1, handle_vmexit" in out, out
    assert re.search(rf"\$1 = {value}$", out, re.M), out
    assert "#0  handle_vmexit" in out, out
