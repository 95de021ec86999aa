"""SCENARIO=hostile: the attacker zone beside the sentinel, one attack (or all the harmless
ones, or a fuzz seed) per boot, and a verdict on each boot.

The attacker's selector (guests/hostile/layout.h) is written into its RAM before boot by
QEMU's loader device, so one image serves every run. An escape is anything the isolation
promises against: a change to the sentinel's memory or interrupt state, a heartbeat or tick
missed beyond the bounds below, an IPI reaching it, a hypervisor panic or hang, output from
a zone after its stop line (or from anyone after "all zones are off"), a stopped zone
running again, a zone's output passing for the hypervisor's. A wrong answer (an attack
answered otherwise than it should, or not stopped when it must be) is not an escape, but
fails the tests all the same.

Used by tests/test_hostile.py; by hand (with a python3 that has pytest, as Debian's):
    /usr/bin/python3 tests/hostile.py --arch riscv64              # the whole suite
    /usr/bin/python3 tests/hostile.py --arch aarch64 --attack 25  # one attack, its output
    /usr/bin/python3 tests/hostile.py --arch aarch64 --fuzz 1234  # the fuzzing guest, a seed
"""
import argparse
import re
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from qemu_util import REPO, _kill_group, build, qemu_command  # noqa: E402

SCENARIO = "hostile"
ZONE_RAM_PA = {"aarch64": 0x50000000, "riscv64": 0x90000000}  # ZONE_RAM_BASE(0)
ZONE_RAM_STRIDE = 0x08000000
SELECTOR_OFF = 0x3ff0000  # guests/hostile/layout.h
SEL_LIST, SEL_FUZZ = 0xffff, 0x10000  # guests/hostile/main.c
SENTINEL, ATTACKER = 0, 1

# What the sentinel's counts must keep to (guests/sentinel/main.c: a 100 Hz timer). Bounds on
# counts, generous enough for a slow, busy host: QEMU's timers and the vCPU threads share its
# cores, and an attacker hammering QEMU's emulated GIC or PLIC slows the others' interrupts
# too (its big lock), which is the emulator's doing, not the hypervisor's.
MAX_GAP_PERIODS = 200  # the longest wait between two ticks: 2 s
TICK_SLACK, TICK_GRACE = 10, 100  # elapsed periods <= TICK_SLACK * ticks + TICK_GRACE

TIMEOUT = 300  # seconds for a whole boot; a busy machine runs a harmless one in ~10
IDLE = 30  # seconds without a byte of output: hung (the sentinel beats 10 times a second)
RACE_TRIES = 10  # boots of a racy defect's attack until it shows (2 on riscv64: 6 in 10)
RACY_DEFECTS = (2, 13)
DEFECT4_BEATS = 20  # the sentinel's wait for a zone that never says it is off
DEFECT4_IDLE = 15  # after the sentinel's last line the machine is off at once, or never


def selector_device(arch, zone, words):
    """QEMU loader devices writing @words (64-bit each) at zone @zone's selector."""
    base = ZONE_RAM_PA[arch] + zone * ZONE_RAM_STRIDE + SELECTOR_OFF
    args = []
    for i, w in enumerate(words):
        args += ["-device", f"loader,addr={base + 8 * i:#x},data={w:#x},data-len=8"]
    return args


@dataclass
class Boot:
    """One QEMU run: its output (\\r\\n made \\n) and how it ended."""
    what: str
    rc: int = None  # None: killed
    killed: str = ""  # why: "timeout", "no output for 30 s", "panic"
    out: str = ""
    seconds: float = 0.0

    @property
    def lines(self):
        return self.out.split("\n")


def run_watched(cmd, what, timeout=TIMEOUT, idle=IDLE):
    """Run QEMU in its own process group; kill it at @timeout, after @idle seconds without
    output, or as soon as the hypervisor panics (its CPU is gone: the run cannot end)."""
    start = time.monotonic()
    p = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         stdin=subprocess.DEVNULL, start_new_session=True)
    chunks, last = [], [time.monotonic()]
    panicked = threading.Event()

    def read():
        tail = b""
        for chunk in iter(lambda: p.stdout.read1(65536), b""):
            chunks.append(chunk)
            last[0] = time.monotonic()
            if b"minivisor: PANIC" in tail + chunk:
                panicked.set()
            tail = chunk[-64:]

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    boot = Boot(what)
    try:
        while p.poll() is None:
            now = time.monotonic()
            if panicked.is_set():
                boot.killed = "panic"
            elif now - start > timeout:
                boot.killed = f"timeout ({timeout} s)"
            elif now - last[0] > idle:
                boot.killed = f"no output for {idle} s"
            if boot.killed:
                break
            time.sleep(0.05)
    finally:
        if p.poll() is None:
            _kill_group(p)
        reader.join(10)
    boot.rc = None if boot.killed else p.returncode
    boot.out = b"".join(chunks).decode(errors="replace").replace("\r\n", "\n")
    boot.seconds = time.monotonic() - start
    return boot


BANNER = re.compile(r"^minivisor: \w+ hypervisor, scenario ", re.M)
DOUBLE_BOOTS = []  # the boots that hit defect 14, retried (see boot_hostile)


def boot_hostile(arch, attacker=(0,), sentinel=(), what="", idle=IDLE):
    """Boot SCENARIO=hostile with these selector words for the attacker and the sentinel.

    A boot in which the hypervisor starts twice is not the attack's doing: defect 14, found
    by this suite. On riscv64, OpenSBI 1.1's hart_start marks a hart START_PENDING before it
    writes the hart's start address, so a hart woken in between jumps to the old one, the
    hypervisor's _start: a second primary_main clears .bss under the first and the run
    hangs. Seen in about 1 boot of 60 on a busy host. Such a boot is kept (DOUBLE_BOOTS)
    and run again, twice at most."""
    build(arch, SCENARIO)
    cmd = (qemu_command(arch, SCENARIO) + selector_device(arch, ATTACKER, attacker) +
           selector_device(arch, SENTINEL, sentinel))
    for _ in range(3):
        boot = run_watched(cmd, what or f"selector {attacker}", idle=idle)
        if len(BANNER.findall(boot.out)) < 2:
            break
        DOUBLE_BOOTS.append((arch, boot))
    return boot


# ---- the attack table, as the attacker lists it ----

@dataclass
class Attack:
    number: int
    name: str
    defect: int  # 0, or the known defect it shows (tests/test_hostile.py)
    stops: str  # None: the zone carries on; else text the "zone stopped" line must contain

    @property
    def harmless(self):
        return self.stops is None and not self.defect


def list_attacks(arch):
    b = boot_hostile(arch, (SEL_LIST,), what="the attack list")
    table = []
    for m in re.finditer(r"^\[attacker\] attacker: list (\d+) (\w+) (\d+) (.*)$", b.out, re.M):
        stops = None if m[4] == "-" else m[4]
        table.append(Attack(int(m[1]), m[2], int(m[3]), stops))
    if not table:
        raise RuntimeError(f"{arch}: the attacker listed no attacks:\n{b.out}")
    return table


# ---- the verdict on one boot ----

ZONE_LINE = re.compile(r"^\[(\w+)\] ")
STOP_LINE = re.compile(r"^minivisor: zone (\d+) \((\w+)\) vcpu \d+: (.*) - zone stopped$")
SUMMARY_LINE = re.compile(r"^minivisor: zone \d+ \(\w+\): (powered off|stopped by a fault); ")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass
class Verdict:
    boot: Boot
    escapes: list = field(default_factory=list)  # what broke isolation
    wrong: list = field(default_factory=list)  # answers and outcomes other than expected
    panic: bool = False
    stopped: dict = field(default_factory=dict)  # zone name -> index of its stop line

    @property
    def clean(self):
        return not self.escapes and not self.wrong

    def report(self):
        out = [f"{self.boot.what}: " + ("clean" if self.clean else "")]
        out += [f"  escape: {e}" for e in self.escapes]
        out += [f"  wrong: {w}" for w in self.wrong]
        return "\n".join(out)


def rendered(line):
    """@line as a terminal shows it: escape sequences act, backspaces erase, the rest of a
    line after a carriage return overwrites its start."""
    screen, col = [], 0
    i = 0
    while i < len(line):
        c = line[i]
        m = re.match(r"\x1b\[(\d*)([A-Za-z])", line[i:])
        if m:
            n = int(m[1] or 1)
            if m[2] == "K":
                screen = [] if m[1] == "2" else screen[:col]
            elif m[2] == "G":
                col = n - 1
            i += len(m[0])
            continue
        if c == "\b":
            col = max(0, col - 1)
        elif c == "\r":
            col = 0
        elif c >= " ":
            screen[col:col + 1] = [c]
            col += 1
        i += 1
    return "".join(screen)


def check_sentinel(v, lines, may_give_up=False):
    """The sentinel's own account: it came up intact, beat steadily, finished, saw nothing."""
    text = "\n".join(lines)
    if not re.search(r"^\[sentinel\] sentinel: preloaded pattern intact: yes, irq state at "
                     r"reset: yes$", text, re.M):
        v.escapes.append("the sentinel did not find its memory and interrupt at reset values")
    beats = [int(m[1]) for m in re.finditer(r"^\[sentinel\] sentinel: beat (\d+) ", text, re.M)]
    if beats != list(range(1, len(beats) + 1)):
        v.escapes.append(f"sentinel heartbeats missing or out of order: {beats[:50]}")
    for what in ("memory", "irq state"):
        if re.search(rf"^\[sentinel\] sentinel: {what} intact: NO", text, re.M) or \
                re.search(r"^\[sentinel\] sentinel: .*CHANGED", text, re.M):
            v.escapes.append(f"the sentinel's {what} changed")
    if re.search(r"^\[sentinel\] sentinel: (irq|source) \d+ not as set", text, re.M):
        v.escapes.append("the sentinel's interrupt state changed")
    done = re.search(r"^\[sentinel\] sentinel: done: beats (\d+) ticks (\d+) periods (\d+) "
                     r"longest gap (\d+) ipis (\d+) attacker (\w+) ran again: (\w+)$", text, re.M)
    if not done:
        v.escapes.append("the sentinel did not finish")
        return
    nbeats, ticks, periods, gap, ipis = (int(done[i]) for i in range(1, 6))
    if nbeats != len(beats):
        v.escapes.append(f"the sentinel says {nbeats} beats, {len(beats)} were printed")
    if gap > MAX_GAP_PERIODS:
        v.escapes.append(f"a tick came {gap} periods after the last (bound {MAX_GAP_PERIODS})")
    if periods > TICK_SLACK * ticks + TICK_GRACE:
        v.escapes.append(f"{ticks} ticks in {periods} periods (bound: periods <= "
                         f"{TICK_SLACK} * ticks + {TICK_GRACE})")
    if ipis:
        v.escapes.append(f"the sentinel took {ipis} IPIs it never asked for")
    if done[7] != "no":
        v.escapes.append("the attacker zone ran again after it had stopped")
    if re.search(r"^\[sentinel\] sentinel: gave up waiting", text, re.M) and not may_give_up:
        v.escapes.append("the attacker zone never stopped (the sentinel gave up on it)")
    if not re.search(r"^minivisor: zone 0 \(sentinel\): powered off by vCPU 0$", text, re.M):
        v.escapes.append("the sentinel did not power off by itself")


def check_console(v, lines):
    """Zones' lines after their stop line, anyone's after "all zones are off", zombie vCPUs,
    control bytes, a zone's line passing for the hypervisor's. Returns the stop lines' index
    by zone name."""
    stopped, late, all_off = {}, set(), False

    def escape(kind, line):
        if kind not in late:  # one of each kind is enough to say it
            late.add(kind)
            v.escapes.append(f"{kind}: {line[:100]!r}")

    for i, line in enumerate(lines):
        m, zone = STOP_LINE.match(line), ZONE_LINE.match(line)
        if m and m[2] not in stopped:
            stopped[m[2]] = i
        elif zone and zone[1] in stopped:
            escape(f"output from zone {zone[1]} after its stop line", line)
        if all_off and line and not SUMMARY_LINE.match(line):
            escape("output after all zones are off", line)
        all_off |= line == "minivisor: all zones are off"
        if "zombie: a vCPU runs in a stopped zone" in line:
            escape("a vCPU of a stopped zone was started again (zombie)", line)
        if CONTROL.search(line):
            escape("control bytes from a zone reach the console", line)
        if rendered(line).startswith("minivisor:") and not line.startswith("minivisor:"):
            escape("a zone's line shows as the hypervisor's", line)
    return stopped


def invariants(boot, may_give_up=False):
    """What every boot keeps, whatever the attacker did: the escapes and panics in it."""
    v = Verdict(boot)
    lines = boot.lines
    panics = [l for l in lines if l.startswith("minivisor: PANIC")]
    if panics:
        v.panic = True
        v.escapes.append(f"hypervisor panic: {panics[0]}")
    elif boot.rc is None:
        v.escapes.append(f"hang: killed, {boot.killed}")
    elif boot.rc != 0:
        v.escapes.append(f"QEMU exited with status {boot.rc}")
    check_sentinel(v, lines, may_give_up)
    v.stopped = check_console(v, lines)
    if "sentinel" in v.stopped:
        v.escapes.append("the sentinel was stopped")
    return v


PIECE = 116  # common/vuart.c prints a long line in pieces of VUART_LINE - 4


def has_alphabet(lines, n):
    """Whether the zone's lines hold a line of @n characters 'abc...zab...' cut into pieces
    of PIECE, one after the other (the sentinel's lines may come in between)."""
    text = "".join(chr(ord("a") + i % 26) for i in range(n))
    want = [f"[attacker] {text[i:i + PIECE]}" for i in range(0, n, PIECE)]
    got = [l for l in lines if l.startswith("[attacker] ")]
    return any(got[i:i + len(want)] == want for i in range(len(got)))


def expectations(v, lines, attack):
    """What @attack was to do, from its part of the output (@lines): its own checks passed
    (or the zone stopped with the expected words), the lines it announced were printed."""
    text = "\n".join(lines)
    stop = next((l for l in lines if (m := STOP_LINE.match(l)) and m[2] == "attacker"), None)
    for expected in re.findall(r"^\[attacker\] attacker: expect-line (.*)$", text, re.M):
        if f"[attacker] {expected}" not in lines:
            v.wrong.append(f"{attack.name}: no line {'[attacker] ' + expected!r}")
    for n in re.findall(r"^\[attacker\] attacker: expect-alphabet (\d+)$", text, re.M):
        if not has_alphabet(lines, int(n)):
            v.wrong.append(f"{attack.name}: the {n}-character line did not come out whole, "
                           f"in pieces of {PIECE}")
    if attack.defect == 1:  # stopped or emulated: either is right, a panic is not
        return
    if attack.defect == 4:
        if "minivisor: all zones are off" not in lines:
            v.wrong.append(f"{attack.name}: the hypervisor never saw every zone off")
        return
    if attack.defect == 6 and "hidden-after-nul" not in text:
        v.escapes.append("a NUL from a zone hid the rest of its line")
    if attack.stops is None:
        m = re.search(rf"^\[attacker\] attacker: attack \d+ {attack.name}: (ok|FAILED|NOT STOPPED)$",
                      text, re.M)
        if not m:
            v.wrong.append(f"{attack.name}: it never finished" +
                           (f"; the zone was stopped: {stop}" if stop else ""))
        elif m[1] != "ok":
            why = re.findall(rf"^\[attacker\] attacker: {attack.name}: (.*)$", text, re.M)
            v.wrong.append(f"{attack.name}: {m[1]}: " + "; ".join(why))
    elif stop is None:
        v.wrong.append(f"{attack.name}: the zone was not stopped (expected: {attack.stops})")
    elif attack.stops not in stop:
        v.wrong.append(f"{attack.name}: stopped otherwise than expected ({attack.stops}): {stop}")


def judge(boot, attack=None, fuzz=False, may_give_up=False):
    """The verdict on a boot of @attack alone, or of the fuzzer."""
    v = invariants(boot, may_give_up)
    if fuzz:
        if "attacker" in v.stopped or "[attacker] attacker: fuzz: done" not in boot.out:
            v.wrong.append("the fuzzing attacker did not run to its end")
    elif attack is not None:
        expectations(v, boot.lines, attack)
    return v


def sections(lines):
    """The output of a boot of all the harmless attacks, cut per attack: name -> lines."""
    parts, name = {}, None
    for line in lines:
        m = re.match(r"^\[attacker\] attacker: attack \d+ (\w+): begin$", line)
        if m:
            name = m[1]
        if name:
            parts.setdefault(name, []).append(line)
    return parts


# ---- a whole suite, per arch ----

@dataclass
class Suite:
    arch: str
    attacks: list
    verdicts: dict = field(default_factory=dict)  # attack name -> Verdict
    fuzz: dict = field(default_factory=dict)  # seed -> Verdict
    seconds: float = 0.0

    def failed(self, defect=0):
        """(attack, verdict) of the attacks showing known defect @defect (0: none) whose
        verdict is not clean."""
        return [(a, self.verdicts[a.name]) for a in self.attacks
                if a.defect == defect and not self.verdicts[a.name].clean]

    def summary(self):
        escapes = sum(1 for a in self.attacks if self.verdicts[a.name].escapes)
        panics = sum(1 for a in self.attacks if self.verdicts[a.name].panic)
        return f"hostile {self.arch}: {len(self.attacks)} attacks, {escapes} escapes, {panics} panics"


def run_attack(arch, attack):
    """Boot @attack alone and judge it. A racy known defect gets RACE_TRIES boots, until one
    shows it; the zone whose vCPUs all stop (defect 4) a sentinel that stops waiting
    for it after DEFECT4_BEATS beats."""
    what = f"attack {attack.number} {attack.name}"
    if attack.defect == 4:
        return judge(boot_hostile(arch, (attack.number,), (DEFECT4_BEATS,), what,
                                  idle=DEFECT4_IDLE), attack, may_give_up=True)
    for _ in range(RACE_TRIES if attack.defect in RACY_DEFECTS else 1):
        v = judge(boot_hostile(arch, (attack.number,), what=what), attack)
        if not v.clean:
            break
    return v


def run_harmless_together(arch, suite):
    """All the harmless attacks in one boot; each gets the boot's escapes and the wrong
    answers of its own part. If the boot has escapes, each runs alone again to say whose."""
    boot = boot_hostile(arch, (0,), what="all harmless attacks in one boot")
    whole = invariants(boot)
    parts = sections(boot.lines)
    for a in suite.attacks:
        if not a.harmless:
            continue
        v = Verdict(boot, list(whole.escapes), [], whole.panic)
        if a.name in parts:
            expectations(v, parts[a.name], a)
        else:
            v.wrong.append(f"{a.name}: it never ran")
        suite.verdicts[a.name] = v
    if "[attacker] attacker: done" not in boot.lines or \
            "minivisor: zone 1 (attacker): powered off by vCPU 0" not in boot.lines:
        suite.verdicts[next(a.name for a in suite.attacks if a.harmless)].wrong.append(
            "the attacker did not get to the end of the harmless attacks and power off")
    if whole.escapes:
        for a in suite.attacks:
            if a.harmless:
                suite.verdicts[a.name] = run_attack(arch, a)


def run_suite(arch, seeds=(1,), log=None):
    """Every attack and fuzz seed on @arch. build/hostile/<arch>.txt gets the report, and
    build/hostile/<arch>/ the whole output of each boot that was not clean."""
    start = time.monotonic()
    out = REPO / "build" / "hostile"
    shutil.rmtree(out / arch, ignore_errors=True)
    (out / arch).mkdir(parents=True)
    suite = Suite(arch, list_attacks(arch))
    run_harmless_together(arch, suite)
    for a in suite.attacks:
        if not a.harmless:
            suite.verdicts[a.name] = run_attack(arch, a)
            if log:
                log(f"{arch} attack {a.number} {a.name}: " +
                    ("clean" if suite.verdicts[a.name].clean else "NOT CLEAN"))
    for seed in seeds:
        suite.fuzz[seed] = judge(boot_hostile(arch, (SEL_FUZZ, seed), what=f"fuzz seed {seed}"),
                                 fuzz=True)
    suite.seconds = time.monotonic() - start
    boots = [v.boot for v in list(suite.verdicts.values()) + list(suite.fuzz.values())
             if not v.clean] + [b for a, b in DOUBLE_BOOTS if a == arch]
    for i, boot in enumerate(boots):
        name = re.sub(r"\W+", "-", boot.what)
        (out / arch / f"{i:02}-{name}.log").write_text(boot.out)
    (out / f"{arch}.txt").write_text(report(suite))
    return suite


def report(suite):
    lines = [f"{suite.arch}: {len(suite.attacks)} attacks in {suite.seconds:.0f} s"]
    for a in suite.attacks:
        v = suite.verdicts.get(a.name)
        state = "clean" if v and v.clean else "ESCAPE" if v and v.escapes else "WRONG"
        tag = f" (known defect {a.defect})" if a.defect else ""
        lines.append(f"  {a.number:3} {a.name}{tag}: {state} ({v.boot.seconds:.1f} s)")
        if v and not v.clean:
            lines += ["      " + l for l in v.report().split("\n")[1:]]
    for seed, v in suite.fuzz.items():
        lines.append(f"  fuzz seed {seed}: " + ("clean" if v.clean else v.report()) +
                     f" ({v.boot.seconds:.1f} s)")
    double = [b.what for a, b in DOUBLE_BOOTS if a == suite.arch]
    if double:
        lines.append(f"  boots run again because the hypervisor started twice (defect 14): "
                     f"{', '.join(double)}")
    lines.append(suite.summary())
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--arch", choices=("aarch64", "riscv64"), required=True)
    ap.add_argument("--attack", type=int, help="run this attack alone (its number)")
    ap.add_argument("--fuzz", type=int, metavar="SEED", help="run the fuzzing guest")
    args = ap.parse_args()
    if args.attack is not None or args.fuzz is not None:
        if args.fuzz is not None:
            v = judge(boot_hostile(args.arch, (SEL_FUZZ, args.fuzz), what=f"fuzz {args.fuzz}"),
                      fuzz=True)
        else:
            table = {a.number: a for a in list_attacks(args.arch)}
            v = run_attack(args.arch, table[args.attack])
        print(v.boot.out)
        print(v.report())
        return 0 if v.clean else 1
    suite = run_suite(args.arch, log=print)
    print(report(suite), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
