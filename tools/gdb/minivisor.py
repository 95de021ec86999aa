"""gdb commands that show minivisor, in the way Linux's scripts/gdb helpers do.

`make gdb-aarch64` / `make gdb-riscv` sources this file. `help mv` lists the commands:

  mv-cpu [N]          the ArchCpu of CPU N (default: the CPU gdb has selected): the guest's
                      saved registers by name
  mv-exit             the last exit of the selected CPU, in words (ESR_EL2 / scause, htval)
  mv-zones            every zone: its CPUs, vCPUs, state, entry, page-table root
  mv-gpa GPA [ZONE]   walk ZONE's stage-2 / G-stage table for GPA, level by level
  mv-x/FMT [-z ZONE] GPA   gdb's x/FMT at a guest-physical address (default zone: the
                      selected CPU's): the guest's memory as the guest sees it
  mv-guest-symbols [DIR]   load the symbols of the scenario's guest ELFs from DIR
  mv-enter            run the selected CPU on into its guest and stop at the guest
                      instruction it resumes at (riscv64's stepi over sret would run on)

The hypervisor maps RAM at its physical address (aarch64/mmu.c; riscv64 HS-mode runs bare),
so a host-physical address the walk finds is one gdb can read.
"""
import os
import re

import gdb

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def arch():
    """'aarch64' or 'riscv64', from the program gdb debugs."""
    name = gdb.selected_inferior().architecture().name()
    return "aarch64" if "aarch64" in name else "riscv64"


def reg(name):
    """A register of the selected CPU (system registers and CSRs included), as an int."""
    return int(gdb.parse_and_eval("$" + name)) & (2**64 - 1)


def read_u64(addr):
    data = gdb.selected_inferior().read_memory(addr, 8)
    return int.from_bytes(bytes(data), "little")


def cpu_index():
    """The physical CPU gdb has selected: QEMU numbers its threads from 1, CPU 0 first."""
    thread = gdb.selected_thread()
    if thread is None:
        raise gdb.GdbError("no CPU selected: is gdb attached (target remote)?")
    lwp = thread.ptid[1]
    return (lwp if lwp > 0 else thread.num) - 1


def hypercall_names():
    """HC_* numbers -> names, read from common/hypercall_abi.h (so they never disagree)."""
    names = {}
    path = os.path.join(REPO, "common", "hypercall_abi.h")
    for m in re.finditer(r"#define (HC_[A-Z_]+)\s+(\d+)\b", open(path).read()):
        names.setdefault(int(m.group(2)), m.group(1))
    return names


def zone_of_cpu(i):
    """The zone index CPU @i runs, or None (parked, not in a zone)."""
    z = gdb.parse_and_eval("per_cpus[%d].zone" % i)
    if int(z) == 0:
        return None
    return int((z - gdb.parse_and_eval("&zones[0]")))


def hypervisor_view(invoke):
    """A command reads the hypervisor's memory: say so when the CPU is in its guest, whose
    address space (through its stage-2) is all gdb sees then."""
    def wrapped(self, arg, from_tty):
        try:
            invoke(self, arg, from_tty)
        except gdb.MemoryError as e:
            raise gdb.GdbError("%s: the selected CPU is in its guest, where gdb sees the guest's "
                               "memory only: select a CPU in the hypervisor (or `break "
                               "handle_vmexit`, `continue`)" % e)
    return wrapped


class MvPrefix(gdb.Command):
    """minivisor's commands: mv-cpu, mv-exit, mv-zones, mv-gpa, mv-x, mv-guest-symbols,
mv-enter. `help mv-cpu` and so on say more; LAB.md ("gdb commands") shows them at work."""

    def __init__(self):
        super().__init__("mv", gdb.COMMAND_USER, prefix=True)


A64_NAMES = ["x%d" % i for i in range(29)] + ["x29 (fp)", "x30 (lr)"]
RV_NAMES = ["zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1"] + \
    ["a%d" % i for i in range(8)] + ["s%d" % i for i in range(2, 12)] + \
    ["t%d" % i for i in range(3, 7)]


class MvCpu(gdb.Command):
    """mv-cpu [N]: the ArchCpu of CPU N (default: the CPU gdb has selected).

Prints the guest registers the last exit saved, by name (aarch64: x0-x30, ELR_EL2, SPSR_EL2;
riscv64: zero, ra, sp, ... a0-a7 ..., sepc, sstatus, hstatus), the CPU's zone and vCPU.
Works anywhere, also where `cpu` is out of scope (after `finish`)."""

    def __init__(self):
        super().__init__("mv-cpu", gdb.COMMAND_USER)

    @hypervisor_view
    def invoke(self, arg, from_tty):
        i = int(gdb.parse_and_eval(arg)) if arg.strip() else cpu_index()
        pcpu = gdb.parse_and_eval("per_cpus[%d]" % i)
        cpu = pcpu["arch"]
        z = zone_of_cpu(i)
        where = "no zone (parked)" if z is None else "zone %d (%s) vcpu %d" % (
            z, gdb.parse_and_eval("zones[%d].cfg->name" % z).string(), int(pcpu["vcpu_id"]))
        print("CPU %d: %s, power_on %d" % (i, where, int(cpu["power_on"])))
        names = A64_NAMES if arch() == "aarch64" else RV_NAMES
        cells = ["%-8s 0x%016x" % (n, int(cpu["x"][k]) & (2**64 - 1)) for k, n in enumerate(names)]
        for k in range(0, len(cells), 4):
            print("  " + "  ".join(cells[k:k + 4]))
        if arch() == "aarch64":
            spsr = int(cpu["spsr"])
            mode = {0x5: "EL1h", 0x4: "EL1t", 0x0: "EL0t"}.get(spsr & 0xf, "mode 0x%x" % (spsr & 0xf))
            print("  elr      0x%016x (the guest PC the exit saved: past an hvc, on a fault)" % int(cpu["elr"]))
            print("  spsr     0x%016x (%s, DAIF %s)" % (spsr, mode, "masked" if spsr & 0x3c0 == 0x3c0
                                                        else "0x%x" % ((spsr >> 6) & 0xf)))
        else:
            hstatus = int(cpu["hstatus"])
            print("  sepc     0x%016x (the guest PC the exit saved: on the ecall or the fault; a handler moves it on)" % int(cpu["sepc"]))
            print("  sstatus  0x%016x" % int(cpu["sstatus"]))
            print("  hstatus  0x%016x (SPV %d: sret goes to %s)" % (
                hstatus, (hstatus >> 7) & 1, "VS-mode" if hstatus & (1 << 7) else "HS-mode"))


A64_EC = {
    0x00: "unknown reason (undefined instruction)", 0x01: "WFI/WFE", 0x07: "FP/SIMD access",
    0x16: "HVC from AArch64", 0x17: "SMC from AArch64", 0x18: "MSR/MRS/system instruction",
    0x20: "instruction abort from a lower EL (stage-2)", 0x21: "instruction abort at EL2",
    0x22: "PC alignment fault", 0x24: "data abort from a lower EL (stage-2)",
    0x25: "data abort at EL2", 0x26: "SP alignment fault", 0x2f: "SError", 0x3c: "BRK",
}


def a64_fsc(fsc):
    """A data/instruction fault status code (Arm ARM, ESR_ELx.ISS DFSC/IFSC) in words."""
    kind = {0x0: "address size fault", 0x1: "translation fault", 0x2: "access flag fault",
            0x3: "permission fault"}
    if fsc >> 4 == 0 and (fsc >> 2) in kind:
        return "%s, level %d" % (kind[fsc >> 2], fsc & 3)
    return {0x10: "synchronous external abort", 0x21: "alignment fault"}.get(fsc, "FSC 0x%x" % fsc)


def call_words(nr):
    """What a guest call asks, from the hypercall number."""
    name = hypercall_names().get(nr, "unknown")
    return "minivisor hypercall %d (%s)" % (nr, name)


class MvExit(gdb.Command):
    """mv-exit: the last exit of the selected CPU, in words.

aarch64: ESR_EL2's exception class and syndrome (the hypercall in x0, the data abort's
access size, register, direction and IPA from HPFAR_EL2/FAR_EL2). riscv64: scause, and for
an ecall the SBI extension (a7) and function or hypercall (a6), for a guest-page fault the
guest-physical address (htval << 2 | stval's low bits). Use it in handle_vmexit or anywhere
until the CPU's next exit. (An aarch64 IRQ exit leaves ESR_EL2 as the last synchronous
exit left it: handle_vmexit's `vector` tells them apart.)"""

    def __init__(self):
        super().__init__("mv-exit", gdb.COMMAND_USER)

    @hypervisor_view
    def invoke(self, arg, from_tty):
        cpu = gdb.parse_and_eval("per_cpus[%d].arch" % cpu_index())
        if arch() == "aarch64":
            self.aarch64(cpu)
        else:
            self.riscv64(cpu)

    def aarch64(self, cpu):
        esr = reg("ESR_EL2")
        ec, iss = esr >> 26 & 0x3f, esr & 0x1ffffff
        print("ESR_EL2 0x%x: EC 0x%x, %s; IL %d; ISS 0x%x" % (
            esr, ec, A64_EC.get(ec, "class not decoded here"), esr >> 25 & 1, iss))
        x0 = int(cpu["x"][0]) & (2**64 - 1)
        if ec in (0x16, 0x17):
            owner = x0 >> 24 & 0x3f
            print("  %s #%d, x0 0x%x: %s" % ("HVC" if ec == 0x16 else "SMC", iss & 0xffff, x0,
                                            call_words(x0 & 0xffff) if owner == 6 else
                                            "PSCI function 0x%x" % x0 if owner == 4 else
                                            "SMCCC owner %d" % owner))
        elif ec in (0x20, 0x24):
            ipa = (reg("HPFAR_EL2") >> 4 << 12) | (reg("FAR_EL2") & 0xfff)
            words = "%s at IPA 0x%x (FAR_EL2 0x%x)" % (a64_fsc(iss & 0x3f), ipa, reg("FAR_EL2"))
            if ec == 0x24 and iss >> 24 & 1:  # ISV: the syndrome describes the access
                words += ", %s of %d bytes, register x%d" % (
                    "write" if iss >> 6 & 1 else "read", 1 << (iss >> 22 & 3), iss >> 16 & 0x1f)
            print("  " + words)
        elif ec == 0x18:
            print("  %s op0 %d op1 %d CRn %d CRm %d op2 %d, register x%d" % (
                "MRS (read)" if iss & 1 else "MSR (write)", iss >> 20 & 3, iss >> 14 & 7,
                iss >> 10 & 0xf, iss >> 1 & 0xf, iss >> 17 & 7, iss >> 5 & 0x1f))
        print("  guest PC (ELR) 0x%x" % int(cpu["elr"]))

    def riscv64(self, cpu):
        scause = reg("scause")
        code = scause & ~(1 << 63)
        if scause >> 63:
            name = {1: "supervisor software interrupt", 2: "VS software interrupt",
                    5: "supervisor timer interrupt", 6: "VS timer interrupt",
                    9: "supervisor external interrupt", 10: "VS external interrupt"}
            print("scause 0x%x: interrupt %d, %s" % (scause, code, name.get(code, "unexpected")))
            return
        name = {0: "instruction address misaligned", 1: "instruction access fault",
                2: "illegal instruction", 3: "breakpoint", 8: "ecall from U-mode",
                9: "ecall from HS-mode", 10: "ecall from VS-mode", 20: "instruction guest-page fault",
                21: "load guest-page fault", 22: "virtual instruction",
                23: "store/AMO guest-page fault"}
        print("scause 0x%x: exception %d, %s" % (scause, code, name.get(code, "not decoded here")))
        x = cpu["x"]
        if code == 10:
            a6, a7 = int(x[16]), int(x[17])
            if a7 == int(gdb.parse_and_eval("0x0A4D5649")):
                print("  a7 0x%x: SBI extension HC_SBI_EXT; a6 %d: %s" % (a7, a6, call_words(a6)))
            else:
                print("  a7 0x%x: SBI extension, a6 %d: its function" % (a7, a6))
        elif code in (20, 21, 23):
            stval, htval = reg("stval"), reg("htval")
            print("  at GPA 0x%x (htval 0x%x << 2 | stval's low 2 bits), guest address 0x%x" % (
                htval << 2 | (stval & 3), htval, stval))
        print("  guest PC (sepc) 0x%x" % int(cpu["sepc"]))


class MvZones(gdb.Command):
    """mv-zones: every zone of the scenario: name, state, vCPUs on which CPUs (on/off),
entry, and the root of its stage-2 / G-stage table."""

    def __init__(self):
        super().__init__("mv-zones", gdb.COMMAND_USER)

    @hypervisor_view
    def invoke(self, arg, from_tty):
        states = {0: "off", 1: "running", 2: "stopped (fault)"}
        for i in range(int(gdb.parse_and_eval("nr_zone_configs"))):
            z = gdb.parse_and_eval("zones[%d]" % i)
            if int(z["cfg"]) == 0:
                print("zone %d: not built yet (the boot CPU builds them in zones_init)" % i)
                continue
            vcpus = []
            for v in range(int(z["nr_vcpus"])):
                arch_cpu = z["vcpus"][v].dereference()["arch"]
                vcpus.append("vcpu %d on CPU %d (%s)" % (v, int(arch_cpu["cpuid"]),
                                                          "on" if int(arch_cpu["power_on"]) else "off"))
            print("zone %d (%s): %s; %s; entry 0x%x; %s root 0x%x" % (
                int(z["cfg"]["id"]), z["cfg"]["name"].string(), states.get(int(z["state"]), "?"),
                ", ".join(vcpus), int(z["entry"]), z["gpm"]["pt"]["fmt"]["name"].string(),
                int(z["gpm"]["pt"]["root"])))


def walk(zone, gpa, show=None):
    """Host-physical address of @gpa in zone @zone's guest-physical map, or None.
    @show(line) is told each level's entry."""
    pt = gdb.parse_and_eval("zones[%d].gpm.pt" % zone)
    fmt = pt["fmt"].dereference()
    levels, root_bits = int(fmt["levels"]), int(fmt["root_bits"])
    table = int(pt["root"])
    for lvl in range(levels):
        shift = 12 + 9 * (levels - 1 - lvl)
        bits = root_bits if lvl == 0 else 9
        index = gpa >> shift & ((1 << bits) - 1)
        pte = read_u64(table + 8 * index)
        if arch() == "aarch64":  # stage-2 starts at the Arm ARM's level 1 (VTCR_EL2.SL0 = 1)
            spec = "Arm ARM level %d" % (lvl + 1)
            valid, is_table = pte & 1, pte & 3 == 3 and lvl < levels - 1
            out = pte & 0x0000fffffffff000
        else:  # Sv39x4: the root is the spec's level 2
            spec = "Sv39x4 level %d" % (levels - 1 - lvl)
            valid, is_table = pte & 1, pte & 0xf == 1
            out = (pte >> 10 & ((1 << 44) - 1)) << 12
        what = "invalid" if not valid else "table" if is_table else \
            "leaf, %s of %d KiB" % ("page" if lvl == levels - 1 else "block", (1 << shift) >> 10)
        if show:
            show("  lvl %d (%s): table 0x%x [%d] = 0x%016x: %s" % (lvl, spec, table, index, pte, what))
        if not valid:
            return None
        if not is_table:
            return out + (gpa & ((1 << shift) - 1))
        table = out
    return None


def current_zone():
    z = zone_of_cpu(cpu_index())
    if z is None:
        raise gdb.GdbError("CPU %d runs no zone: name one (-z ZONE)" % cpu_index())
    return z


class MvGpa(gdb.Command):
    """mv-gpa GPA [ZONE]: walk ZONE's stage-2 (aarch64) / G-stage (riscv64) table for
guest-physical address GPA, level by level (minivisor's lvl, as common/pt.c counts from
the root, and the spec's name for it), and print the host-physical address.
ZONE defaults to the selected CPU's."""

    def __init__(self):
        super().__init__("mv-gpa", gdb.COMMAND_USER)

    @hypervisor_view
    def invoke(self, arg, from_tty):
        argv = gdb.string_to_argv(arg)
        if not argv:
            raise gdb.GdbError("usage: mv-gpa GPA [ZONE]")
        gpa = int(gdb.parse_and_eval(argv[0])) & (2**64 - 1)
        zone = int(gdb.parse_and_eval(argv[1])) if len(argv) > 1 else current_zone()
        print("zone %d: GPA 0x%x" % (zone, gpa))
        pa = walk(zone, gpa, print)
        print("  -> " + ("not mapped" if pa is None else "PA 0x%x" % pa))


class MvX(gdb.Command):
    """mv-x/FMT [-z ZONE] GPA: examine guest memory by guest-physical address, as `x/FMT`
does by the hypervisor's own: e.g. `mv-x/3i $pc_of_guest` or `mv-x/4gx -z 1 0x40200000`.
The address goes through ZONE's stage-2 / G-stage table (default: the selected CPU's
zone). A plain `x` from the hypervisor reads its own address space, where the guest's
address is other memory (aarch64 shows `udf #0`)."""

    def __init__(self):
        super().__init__("mv-x", gdb.COMMAND_DATA)

    @hypervisor_view
    def invoke(self, arg, from_tty):
        fmt = ""
        arg = arg.strip()
        if arg.startswith("/"):
            fmt, _, arg = arg.partition(" ")
        zone = None
        m = re.match(r"-z\s+(\S+)\s+(.*)", arg)
        if m:
            zone, arg = int(gdb.parse_and_eval(m.group(1))), m.group(2)
        if not arg:
            raise gdb.GdbError("usage: mv-x/FMT [-z ZONE] GPA")
        zone = current_zone() if zone is None else zone
        gpa = int(gdb.parse_and_eval(arg)) & (2**64 - 1)
        pa = walk(zone, gpa)
        if pa is None:
            raise gdb.GdbError("zone %d: GPA 0x%x is not mapped" % (zone, gpa))
        print("zone %d: GPA 0x%x is PA 0x%x" % (zone, gpa, pa))
        gdb.execute("x%s 0x%x" % (fmt, pa))


class MvGuestSymbols(gdb.Command):
    """mv-guest-symbols [DIR]: load the symbols of the scenario's guest ELFs, at the
addresses they are linked at (their guest-physical ones). The names come from the
hypervisor's zone_configs[] (the scenario being debugged), the files from DIR (default:
build/<arch>/guests). `make gdb-*` runs it. Zones that run ELFs linked at the same address
share it: gdb shows the first one's names."""

    def __init__(self):
        super().__init__("mv-guest-symbols", gdb.COMMAND_FILES)

    @hypervisor_view
    def invoke(self, arg, from_tty):
        directory = arg.strip() or os.path.join("build", arch(), "guests")
        loaded = set()
        image_elf = int(gdb.parse_and_eval("IMAGE_ELF"))
        for i in range(int(gdb.parse_and_eval("nr_zone_configs"))):
            cfg = gdb.parse_and_eval("zone_configs[%d]" % i)
            kernel = cfg["kernel"]
            if int(kernel["format"]) != image_elf:
                print("zone %d (%s): %s is a raw image, no symbols" % (
                    i, cfg["name"].string(), kernel["name"].string()))
                continue
            path = os.path.join(directory, kernel["name"].string())
            if path not in loaded:
                gdb.execute("add-symbol-file %s" % path, to_string=True)
                loaded.add(path)
            print("zone %d (%s): symbols of %s" % (i, cfg["name"].string(), path))


def before_return():
    """The address of the last instruction before the eret (aarch64) / sret (riscv64) by
    which vmreturn enters the guest, the one every way back into a guest ends in. Not the
    eret / sret itself: a CPU stopped there would have to be stepped over it, and a step
    over sret runs on to the next exit (a parked CPU's never comes)."""
    start = int(gdb.parse_and_eval("(unsigned long)&vmreturn"))
    insn = "eret" if arch() == "aarch64" else "sret"
    prev = None
    for d in gdb.selected_inferior().architecture().disassemble(start, count=128):
        if d["asm"].split()[0] == insn:
            return prev
        prev = d["addr"]
    raise gdb.GdbError("no %s after vmreturn" % insn)


def run_to(addr, thread, hardware=False):
    """Continue until @thread reaches @addr (other CPUs passing it go on). A breakpoint of
    gdb's own, not a thread-specific one: with QEMU's stub those sometimes never stop."""
    bp = gdb.Breakpoint("*0x%x" % addr, internal=True,
                        type=gdb.BP_HARDWARE_BREAKPOINT if hardware else gdb.BP_BREAKPOINT)
    try:
        while True:
            gdb.execute("continue", to_string=True)
            if gdb.selected_thread().num == thread and int(gdb.parse_and_eval("$pc")) == addr:
                return
    finally:
        bp.delete()


class MvEnter(gdb.Command):
    """mv-enter: run the selected CPU on into its guest; stop at the guest instruction where
it resumes. From anywhere in an exit (handle_vmexit, a handler, vmreturn): it runs to
just before the vCPU's eret / sret (other CPUs run meanwhile), reads where it returns to (ELR_EL2 /
sepc), and stops there with a hardware breakpoint. On riscv64 `stepi` over `sret` would
run on to the next exit. An exit after which the vCPU never returns to its guest (it
stops, its zone stops) never gets there: interrupt with Ctrl-C."""

    def __init__(self):
        super().__init__("mv-enter", gdb.COMMAND_RUNNING)

    def invoke(self, arg, from_tty):
        thread = gdb.selected_thread().num
        ret = before_return()
        if int(gdb.parse_and_eval("$pc")) != ret:
            run_to(ret, thread)  # ELR_EL2 / sepc are final there
        run_to(reg("ELR_EL2" if arch() == "aarch64" else "sepc"), thread, hardware=True)
        print("in the guest at 0x%x" % int(gdb.parse_and_eval("$pc")))
        gdb.execute("frame")
        gdb.execute("x/i $pc")


MvPrefix()
MvCpu()
MvExit()
MvZones()
MvGpa()
MvX()
MvGuestSymbols()
MvEnter()
