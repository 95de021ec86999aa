"""SCENARIO=linux: Linux 6.1 in a zone beside a bare-metal one, used as a person would.

The first build makes the kernel and initramfs from Debian packages (minutes; tools/linux.sh
caches them). QEMU runs on a pseudo-terminal (pexpect): the test waits for what Linux
prints, types at its shell and reads the answers. Every wait is for text, with a generous
limit, never for a time.

Both zones have emulated consoles: the hypervisor prints their lines whole, "[linux] "
and "[beat] " first; Linux's zone has the focus, so its unfinished line (the prompt, what
is typed) shows at once, and is ended and shown again whole when a heartbeat comes in
between (common/vuart.c). The test checks that no line is torn.
"""
import os
import re
import signal
import time

import pexpect
import pytest

from qemu_util import build, qemu_command

LINUX_BUILD_TIMEOUT = 3600  # a first build: ~3-7 min per arch on 2 cores
BOOT_TIMEOUT = 600          # hypervisor + Linux to its shell: seconds when idle
ANSWER_TIMEOUT = 60         # one command's answer at the shell: milliseconds when idle
END_TIMEOUT = 120           # from poweroff to QEMU's exit: milliseconds when idle
PROMPT = r"\[linux\] linux:/# "  # guests/linux/init's PS1, as the hypervisor shows it
HEARTBEAT = re.compile(r"\[beat\] heartbeat (\d+)\n")


class Console:
    """The machine's serial console on a pseudo-terminal: everything it printed (less
    carriage returns: lines end in \\r\\n, or \\r\\r\\n through the pty), and waits for text."""

    def __init__(self, cmd):
        self.child = pexpect.spawn(cmd[0], cmd[1:], encoding="utf-8", codec_errors="replace",
                                   timeout=None, echo=False)
        self.text = ""
        self.pos = 0  # where the output after the last answer begins

    def read(self, deadline):
        """Take what QEMU prints within the next second; False once it has ended."""
        try:
            chunk = self.child.read_nonblocking(4096, timeout=max(0, min(1, deadline -
                                                                           time.monotonic())))
            self.text += chunk.replace("\r", "")
        except pexpect.TIMEOUT:
            pass
        except pexpect.EOF:
            return False
        return True

    def wait_for(self, pattern, start, timeout, what):
        """The first match of regex @pattern in the output from offset @start on, or None
        after @timeout seconds; the test fails if QEMU ends first."""
        deadline = time.monotonic() + timeout
        regex = re.compile(pattern, re.M)
        while True:
            m = regex.search(self.text, start)
            if m:
                return m
            if time.monotonic() >= deadline:
                return None
            if not self.read(deadline):
                self.fail(f"QEMU ended while waiting for {what}")

    def ask(self, command, answer, what):
        """At the shell's prompt, type @command and return the match of regex @answer in
        what it printed after. Typed once: a lost character is a defect, never retried."""
        # As a person would, type at the prompt.
        self.wait_for(PROMPT, self.pos, ANSWER_TIMEOUT, "the prompt")
        start = len(self.text)
        self.child.send(command + "\r")
        m = self.wait_for(answer, start, ANSWER_TIMEOUT, what)
        if not m:
            self.fail(f"no {what} after typing {command!r}")
        self.pos = m.end()
        return m

    def wait_end(self, timeout):
        """QEMU's exit status once it has ended by itself (None: still running)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.read(deadline):
                self.child.close()
                return self.child.exitstatus
        return None

    def kill(self):
        """End QEMU and its process group (it leads its own session) if it still runs."""
        if self.child.isalive():
            try:
                os.killpg(self.child.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.child.close(force=True)

    def fail(self, message):
        pytest.fail(f"{message}; the console showed (last 4000 characters):\n"
                    f"{self.text[-4000:]}", pytrace=False)


def test_linux_shell_beside_a_bare_metal_zone(arch):
    build(arch, "linux", timeout=LINUX_BUILD_TIMEOUT)
    con = Console(qemu_command(arch, "linux"))
    try:
        # Linux boots in its zone and /init starts the shell. The banner could be torn by
        # a heartbeat: the boot is over once either it or the prompt is seen.
        if not con.wait_for(r"minivisor-linux: init running|" + PROMPT, 0, BOOT_TIMEOUT,
                            "the init banner"):
            con.fail(f"Linux did not reach its shell within {BOOT_TIMEOUT} s")
        # The shell answers (typed input waits in the tty until the shell reads it).
        ready = con.ask("echo ready$((2+3))", r"ready5\n", "answer from the shell")

        # The beat zone ran beside Linux: it printed heartbeat 1 as it started, and beats
        # on while the shell waits. Linux is quiet now, so the next heartbeat comes whole:
        # if it is not the first, at least one came while Linux was booting.
        beat = con.wait_for(HEARTBEAT.pattern, ready.end(), ANSWER_TIMEOUT,
                            "a heartbeat while the shell waits")
        if not beat:
            con.fail("no heartbeat of the beat zone while the Linux shell waits")
        if int(beat.group(1)) < 2:
            con.fail("the first heartbeat came after Linux had booted")

        nproc = con.ask("echo cpus=$(nproc)", r"^\[linux\] cpus=(\d+)\n", "nproc's answer")
        assert nproc.group(1) == "2", f"Linux sees {nproc.group(1)} CPUs, not its zone's 2"
        con.ask("echo $((6*7))", r"^\[linux\] 42\n", "the shell's arithmetic")
        # A long line typed at once (as pasted) reaches the shell whole: it waits in the
        # zone's UART while Linux reads it a character at a time.
        con.ask(f"echo {'x' * 1000} | wc -c", r"^\[linux\] 1001\n", "the long line's length")

        end = len(con.text)
        con.child.send("poweroff\r")
        rc = con.wait_end(END_TIMEOUT)
    finally:
        con.kill()
    if rc is None:
        con.fail(f"QEMU still ran {END_TIMEOUT} s after 'poweroff'")
    assert rc == 0, f"QEMU exited with {rc}:\n{con.text}"

    # Linux powered its zone off; the beat zone saw it and followed; the machine went off.
    # (The hypervisor prints these lines whole, and Linux prints nothing after its own.)
    after = con.text[end:].splitlines()
    for line in (r"minivisor: zone 0 \(linux\): powered off by vCPU \d",
                 r"\[beat\] beat: every other zone is off, powering off",
                 r"minivisor: all zones are off"):
        assert any(re.fullmatch(line, l) for l in after), f"no line {line!r}:\n{con.text}"
    assert "zone stopped" not in con.text, con.text
    assert "input lost" not in con.text, con.text
    # No line torn: after the hypervisor's banner, each line is one zone's, whole, or the
    # hypervisor's own; no prefix and no heartbeat inside another line.
    lines = con.text.splitlines()
    first = next(i for i, l in enumerate(lines) if l.startswith("[linux] "))
    for line in lines[first:]:
        assert re.match(r"\[linux\] |\[beat\] |minivisor: ", line), f"torn: {line!r}"
        assert "[linux] " not in line[1:] and "[beat] " not in line[1:], f"torn: {line!r}"
        if line.startswith("[beat] "):
            assert re.fullmatch(r"\[beat\] (heartbeat \d+|beat: .*)", line), f"torn: {line!r}"
    beats = [int(n) for n in HEARTBEAT.findall(con.text)]
    assert beats == sorted(set(beats)), f"heartbeats out of order: {beats}"
