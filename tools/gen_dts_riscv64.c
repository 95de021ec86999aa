/*
 * gen_dts, riscv64 half: the harts, PLIC and ns16550 of QEMU virt as a zone sees them
 * (riscv64/platform.h has the addresses). The SBI needs no node.
 */
#include "gen_dts.h"
#include "platform.h"
#include "vplic_regs.h"

#define TIMEBASE_HZ 10000000 /* QEMU virt's time CSR */
#define PLIC_NDEV   96       /* QEMU virt's riscv,ndev */
#define UART_CLOCK  3686400
#define IRQ_M_EXT   11 /* mcause/scause numbers of the hart's external interrupts */
#define IRQ_S_EXT   9

const char dts_compatible[] = "riscv-virtio";
const char dts_console[] = "ttyS0";

void dts_arch_root(const struct dts_zone *z)
{
	(void)z;
}

/* Hart i: hartid i (the hypervisor passes the vCPU index in a0), started through SBI HSM.
 * The ISA is what a VS-mode guest gets: no H, and Sstc (the guest owns its timer). */
void dts_arch_cpus(const struct dts_zone *z)
{
	fprintf(z->f,
		"\n\tcpus {\n\t\t#address-cells = <1>;\n\t\t#size-cells = <0>;\n"
		"\t\ttimebase-frequency = <%d>;\n",
		TIMEBASE_HZ);
	for (u32 i = 0; i < z->nr_vcpus; i++)
		fprintf(z->f,
			"\n\t\tcpu@%u {\n\t\t\tdevice_type = \"cpu\";\n\t\t\treg = <%u>;\n"
			"\t\t\tstatus = \"okay\";\n\t\t\tcompatible = \"riscv\";\n"
			"\t\t\triscv,isa = \"rv64imafdc_zicsr_zifencei_sstc\";\n"
			"\t\t\tmmu-type = \"riscv,sv39\";\n\n"
			"\t\t\tcpu%u_intc: interrupt-controller {\n"
			"\t\t\t\t#interrupt-cells = <1>;\n\t\t\t\tinterrupt-controller;\n"
			"\t\t\t\tcompatible = \"riscv,cpu-intc\";\n\t\t\t};\n\t\t};\n",
			i, i, i);
	fprintf(z->f, "\t};\n");
}

/* Emulated (vplic.c): the zone's own sources only. Contexts as on QEMU virt: 2i is hart
 * i's M-mode (absent, reads 0), 2i+1 its S-mode, the one the guest uses. */
static void write_plic(const struct dts_zone *z)
{
	fprintf(z->f,
		"\n\t\tplic: interrupt-controller@%lx {\n"
		"\t\t\tcompatible = \"sifive,plic-1.0.0\", \"riscv,plic0\";\n\t\t\treg = ",
		PLIC_BASE);
	dts_reg(z->f, PLIC_BASE, PLIC_CONTEXT_BASE + 2UL * z->nr_vcpus * PLIC_CONTEXT_STRIDE);
	fprintf(z->f, ";\n\t\t\tinterrupts-extended =");
	for (u32 i = 0; i < z->nr_vcpus; i++)
		fprintf(z->f, "%s <&cpu%u_intc %d>, <&cpu%u_intc %d>", i ? "," : "", i, IRQ_M_EXT,
			i, IRQ_S_EXT);
	fprintf(z->f,
		";\n\t\t\tinterrupt-controller;\n\t\t\t#interrupt-cells = <1>;\n"
		"\t\t\t#address-cells = <0>;\n\t\t\triscv,ndev = <%d>;\n\t\t};\n",
		PLIC_NDEV);
}

static void write_uart(const struct dts_zone *z)
{
	fprintf(z->f, "\n\t\tuart: serial@%lx {\n\t\t\tcompatible = \"ns16550a\";\n\t\t\treg = ",
		UART_BASE);
	dts_reg(z->f, UART_BASE, UART_SIZE);
	fprintf(z->f, ";\n\t\t\tclock-frequency = <%d>;\n", UART_CLOCK);
	if (z->uart_irq)
		fprintf(z->f, "\t\t\tinterrupt-parent = <&plic>;\n\t\t\tinterrupts = <%d>;\n",
			UART_IRQ);
	else
		fprintf(z->f, "\t\t\t/* no interrupt: the zone does not own it */\n");
	fprintf(z->f, "\t\t};\n");
}

void dts_arch_devices(const struct dts_zone *z)
{
	fprintf(z->f, "\n\tsoc {\n\t\t#address-cells = <2>;\n\t\t#size-cells = <2>;\n"
		      "\t\tcompatible = \"simple-bus\";\n\t\tranges;\n");
	write_plic(z);
	write_uart(z);
	fprintf(z->f, "\t};\n");
}
