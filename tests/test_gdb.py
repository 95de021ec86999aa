"""`make debug-<arch>` + `make gdb-<arch>`: gdb attaches with symbols and stops in an exit.

QEMU waits for gdb on localhost:GDBPORT, a port free at the time (two runs of the suite, or a
student's own `make debug`, must not collide); gdb reads the commands a student would type
from stdin.
"""
import os
import re
import signal
import socket
import subprocess
import time

from qemu_util import REPO, build, run_command

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
