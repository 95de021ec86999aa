"""Boot each scenario under QEMU, on both architectures, and check what it prints.

Every run has a timeout and ends by itself: the hypervisor powers the machine off when the
last zone is off, so a returncode of None (killed at the timeout) is always a failure. The
timeouts are generous (a busy 2-core machine runs QEMU slowly) and nothing here asserts on
time: guests report events and counts, and what a test types waits for the guest's prompt.
"""
import re

import pytest

from qemu_util import build, qemu_command, run_command, run_qemu

# The firmware's own names for the codes the smp guest expects (PSCI / SBI).
FW = {
    "aarch64": {"ok": "SUCCESS (0)", "already": "ALREADY_ON (-4)",
                "invalid": "INVALID_PARAMETERS (-2)"},
    "riscv64": {"ok": "SBI_SUCCESS (0)", "already": "SBI_ERR_ALREADY_AVAILABLE (-6)",
                "invalid": "SBI_ERR_INVALID_PARAM (-3)"},
}


def boot(arch, scenario, timeout=60, **kw):
    rc, out = run_qemu(arch, scenario, timeout=timeout, **kw)
    assert rc is not None, f"QEMU hung (killed after {timeout} s):\n{out}"
    assert rc == 0, f"QEMU exited with {rc}:\n{out}"
    return out.replace("\r\n", "\n")


def lines_of(out):
    return out.splitlines()


def index_of(lines, pattern):
    """Index of the first line matching regex @pattern (the test fails if there is none)."""
    for i, line in enumerate(lines):
        if re.search(pattern, line):
            return i
    pytest.fail(f"no line matches {pattern!r} in:\n" + "\n".join(lines), pytrace=False)


def test_hello(arch):
    out = boot(arch, "hello")
    lines = lines_of(out)
    banner = index_of(lines, rf"^minivisor: {arch} hypervisor, scenario 'hello', boot CPU")
    boot_cpu = int(re.search(r"boot CPU ([0-9]+)", lines[banner]).group(1))
    for c in range(4):  # every other CPU woken exactly once (riscv64: the boot hart varies)
        ups = sum(l == f"minivisor: CPU {c} up" for l in lines)
        assert ups == (0 if c == boot_cpu else 1), f"CPU {c} up {ups} times:\n{out}"
    # The guest's first line, after the whole boot log (all CPUs were up first).
    first = index_of(lines, r"hello from zone")
    assert lines[first] == "hello from zone 0, vcpu 0"
    assert all(l.startswith("minivisor:") for l in lines[banner:first]), "boot log not whole"
    index_of(lines, r"^hello: (PSCI|SBI) version [0-9]+\.[0-9]+$")
    index_of(lines, r"^hello: this line went through HC_PUTCHAR$")
    index_of(lines, r"^hello: zone 0: state 1, 1 vCPU\(s\)$")
    index_of(lines, r"^hello: unknown hypercall -> -1$")
    index_of(lines, r"^hello: FP registers intact across 100 hypercalls: yes$")
    off = index_of(lines, r"^minivisor: zone 0 \(hello\): powered off by vCPU 0$")
    summary = index_of(lines, r"^minivisor: zone 0 \(hello\): powered off; exits: "
                              r"hypercall ([0-9]+) firmware ([0-9]+) mmio 0 .* fault 0")
    assert off < summary
    # 2 id calls + 41 characters + 1 count + 1 info + 1 unknown + 100 FP-test calls
    assert re.search(r"hypercall 146 firmware 2 ", lines[summary]), lines[summary]


def test_faulty_zones_stopped_others_run(arch):
    out = boot(arch, "faults")
    lines = lines_of(out)
    oob = index_of(lines, r"^minivisor: zone 1 \(oob\) vcpu 0: .*(abort|fault).* "
                          r"(IPA|guest-physical|GPA)[^,]*0x[59]0000000.*write.*not mapped.* - zone stopped$")
    undef = index_of(lines, r"^minivisor: zone 2 \(undef\) vcpu 0: .*(undefined|illegal) "
                            r"instruction.* - zone stopped$")
    # Each diagnostic names the registers a student needs.
    if arch == "aarch64":
        for i in (oob, undef):
            assert re.search(r"ESR 0x[0-9a-f]+ ELR 0x[0-9a-f]+ FAR 0x[0-9a-f]+", lines[i])
        # No vector table: the guest's own exception is named, the line whole to the end.
        assert re.search(r"ESR_EL1 0x2000000 \(unknown reason: undefined instruction\).*"
                         r"FAR 0x200 - zone stopped$", lines[undef]), lines[undef]
    else:
        for i in (oob, undef):
            assert re.search(r"sepc 0x[0-9a-f]+.*stval 0x[0-9a-f]+.*htval 0x[0-9a-f]+",
                             lines[i]), lines[i]
    # hello ran to the end on its own CPU, whenever the others stopped.
    index_of(lines, r"^\[hello\] hello: FP registers intact across 100 hypercalls: yes$")
    index_of(lines, r"^\[hello\] hello: done, powering off$")
    assert not any("still running" in l for l in lines)
    index_of(lines, r"^minivisor: zone 0 \(hello\): powered off; exits:")
    index_of(lines, r"^minivisor: zone 1 \(oob\): stopped by a fault; exits: .* fault 1")
    index_of(lines, r"^minivisor: zone 2 \(undef\): stopped by a fault; exits: .* fault 1")


def check_smp_zone(arch, lines, name, zone_id):
    fw = FW[arch]
    p = rf"^\[{name}\] "
    index_of(lines, p + rf"hello from zone {zone_id}: smp test on vcpu 0$")
    index_of(lines, p + r"smp: start vcpu 1 -> " + re.escape(fw["ok"]) + "$")
    index_of(lines, p + r"smp: vcpu 1 up \(the hypervisor says vcpu 1\)$")
    index_of(lines, p + r"smp: start vcpu 1 again -> " + re.escape(fw["already"]) + "$")
    index_of(lines, p + r"smp: start vcpu 2, not in this zone -> " +
             re.escape(fw["invalid"]) + "$")
    index_of(lines, p + r"smp: message exchanged: sent 0x[0-9a-f]+, got 0x[0-9a-f]+: ok$")
    index_of(lines, p + r"smp: vcpu 1 is off again$")


def test_twozones(arch):
    out = boot(arch, "twozones")
    lines = lines_of(out)
    for name, zid in (("alpha", 0), ("beta", 1)):
        check_smp_zone(arch, lines, name, zid)
        for beat in range(1, 7):
            index_of(lines, rf"^\[{name}\] smp: zone {zid} heartbeat {beat}$")
        index_of(lines, rf"^\[{name}\] smp: memory intact: yes$")
        index_of(lines, rf"^minivisor: zone {zid} \({name}\): powered off; exits:")
    # Emulated consoles print whole lines: nothing of a zone's output lands mid-line.
    for l in lines:
        if "smp:" in l or "hello from" in l:
            assert re.match(r"^\[(alpha|beta)\] (smp: |hello from )", l), f"torn line: {l!r}"


def test_containment(arch):
    out = boot(arch, "containment")
    lines = lines_of(out)
    check_smp_zone(arch, lines, "victim", 0)
    check_smp_zone(arch, lines, "intruder", 1)
    stop = index_of(lines, r"^minivisor: zone 1 \(intruder\) vcpu 0: .*write.*not mapped.*"
                           r" - zone stopped$")
    # The victim beats only after the intruder is stopped (it asks the hypervisor), and all
    # six beats come, memory intact. (The zone is marked stopped before its stop line is
    # printed, so that it prints nothing after it: the victim may see the stop first.)
    seen = index_of(lines, r"^\[victim\] victim: zone 1 has been stopped$")
    for beat in range(1, 7):
        assert index_of(lines, rf"^\[victim\] smp: zone 0 heartbeat {beat}$") > seen
    assert index_of(lines, r"^\[victim\] smp: memory intact: yes$") > stop
    assert not any("isolation is broken" in l for l in lines)
    # The intruder's second vCPU was spinning: it was taken down with its zone.
    index_of(lines, r"^\[intruder\] intruder: vcpu 1 started again")
    index_of(lines, r"^minivisor: zone 1 \(intruder\): stopped by a fault; exits:")
    index_of(lines, r"^minivisor: zone 0 \(victim\): powered off; exits:")


@pytest.mark.parametrize("scenario, message", [
    ("bad-overlap", r"zone 1 \(second\): ram\[0\] .* overlaps zone 0 \(first\) ram\[0\]"),
    ("bad-image", r"zone 0 \(broken\): broken.dtb: not an ELF file"),
])
def test_bad_scenario_refused(arch, scenario, message):
    out = boot(arch, scenario, timeout=60)
    lines = lines_of(out)
    index_of(lines, r"^minivisor: scenario refused: " + message)
    assert not any("hello from" in l for l in lines)


def test_raw_image_not_placed(arch):
    """QEMU started without the loader device that places the zone's DTB (a raw image):
    the hypervisor finds it missing, says which option places it, and the run ends."""
    build(arch, "hello")
    cmd = qemu_command(arch, "hello")
    placed = [i for i, a in enumerate(cmd) if a.startswith("loader,file=")]
    assert placed, f"no loader device in {cmd}"
    for i in reversed(placed):
        del cmd[i - 1:i + 1]  # -device loader,...
    rc, out = run_command(cmd, timeout=60)
    assert re.search(r"^minivisor: scenario refused: zone 0 \(hello\): hello.dtb: not in "
                     r"place at IPA 0x[0-9a-f]+: QEMU puts it there with -device loader,file=\S+"
                     r"hello-\w+\.dtb,addr=0x", out, re.M), out
    assert "hello from zone" not in out
    assert rc == 0, f"the run should power off by itself, got {rc}:\n{out}"


def test_without_virtualization_extensions(arch):
    """No EL2 / no H extension: the hypervisor says why and the run still ends."""
    if arch == "aarch64":
        extra = ["-M", "virt,virtualization=off"]
        expect = r"entered below EL2.*virtualization=on"
    else:
        extra = ["-cpu", "rv64,h=false"]
        expect = r"H extension"
    rc, out = run_qemu(arch, "hello", timeout=60, extra_args=extra)
    assert re.search(expect, out, re.S), out
    assert "hello from zone" not in out
    assert rc == 0, f"the run should power off by itself, got {rc}:\n{out}"


def check_irq(arch, out, typed=None):
    lines = lines_of(out)
    index_of(lines, r"^hello from zone 0: irq test$")
    for v in (0, 1):
        last = 0
        for n in range(1, 21):  # ticks arrive in order, one line each, on both vCPUs
            i = index_of(lines, rf"^tick vcpu {v}: {n}$")
            assert i > last or n == 1, f"tick {n} of vcpu {v} out of order"
            last = i
    index_of(lines, r"^irq: ipi ping-pong: 10 round trips, vcpu 1 got 10, vcpu 0 got 10$")
    if typed is None:
        index_of(lines, r"^irq: no line typed$")
    else:
        index_of(lines, rf"^irq: echo: {typed}$")
    index_of(lines, r"^irq: done, powering off$")
    # The flooding zone really flooded, beside the ticks, and stopped by itself.
    m = re.search(r"^\[flood\] flood: ([0-9]+) IPIs taken on vcpu 0", out, re.M)
    assert m and int(m.group(1)) > 100, out
    # Injections are counted per zone, by source.
    ticker = lines[index_of(lines, r"^minivisor: zone 0 \(ticker\): powered off; exits:")]
    flood = lines[index_of(lines, r"^minivisor: zone 1 \(flood\): powered off; exits:")]
    assert re.search(r"injected: timer [0-9]+ ipi ([1-9][0-9]*) device ([0-9]+)", ticker), ticker
    assert re.search(r"injected: timer [0-9]+ ipi [1-9][0-9]{2,} ", flood), flood
    return lines


def exits_of(summary):
    return {k: int(v) for k, v in re.findall(r"([a-z]+) ([0-9]+)", summary.split(";")[0])}


def test_irq(arch):
    """Timer ticks on every vCPU, IPI ping-pong, a flooding neighbour; no input typed."""
    lines = check_irq(arch, boot(arch, "irq", timeout=120))
    ticker = lines[index_of(lines, r"^minivisor: zone 0 \(ticker\): powered off; exits:")]
    exits = sum(exits_of(ticker).values())
    if arch == "riscv64":
        # Sstc: the guest owns vstimecmp, so its 340 ticks cost no exit and no injection.
        assert re.search(r"injected: timer 0 ", ticker), ticker
        assert exits < 100, ticker
    else:
        # The virtual timer: one exit per tick, to inject it, and nothing more.
        assert re.search(r"injected: timer 3[0-9][0-9] ", ticker), ticker
        assert exits < 340 + 100, ticker


def test_irq_uart_receive(arch):
    """A typed line reaches the zone that owns the UART through its receive interrupt."""
    # Typed when the guest asks for it: earlier, riscv64's OpenSBI would drop it while it
    # sets the UART up (FIFO enable), and the guest could be anywhere in its run.
    out = boot(arch, "irq", timeout=120, stdin="hello\r", after=r"^irq: type a line")
    lines = check_irq(arch, out, typed="hello")
    ticker = lines[index_of(lines, r"^minivisor: zone 0 \(ticker\): powered off; exits:")]
    assert re.search(r"device [1-9]", ticker), ticker  # the UART's interrupts were injected


def test_irq_without_sstc():
    """riscv64 without Sstc: the guest's timer goes through SBI set_timer and VSTIP."""
    out = boot("riscv64", "irq", timeout=120, extra_args=["-cpu", "rv64,sstc=false"])
    lines = check_irq("riscv64", out)
    ticker = lines[index_of(lines, r"^minivisor: zone 0 \(ticker\): powered off; exits:")]
    assert re.search(r"injected: timer [1-9][0-9]+", ticker), ticker
