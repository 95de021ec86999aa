/*
 * gen_dts, aarch64 half: the CPUs, GICv3, timer, PSCI and PL011 of QEMU virt as a zone
 * sees them (aarch64/platform.h has the addresses).
 */
#include "gen_dts.h"
#include "platform.h"
#include "vgic_regs.h"

#define GICR_FRAMES  0x20000 /* per vCPU: RD_base + SGI_base, 64 KiB each (IHI 0069 12.10) */
#define IRQ_SPI      0       /* GIC interrupt specifier: <type number flags> */
#define IRQ_PPI      1
#define IRQ_LEVEL_HI 4
#define PL011_CLOCK  24000000 /* QEMU virt's apb_pclk */

const char dts_compatible[] = "linux,dummy-virt";
const char dts_console[] = "ttyAMA0";

void dts_arch_root(const struct dts_zone *z)
{
	fprintf(z->f, "\tinterrupt-parent = <&gic>;\n");
}

/* vCPU i: MPIDR_EL1.Aff0 = i (the hypervisor's VMPIDR_EL2), started through PSCI CPU_ON. */
void dts_arch_cpus(const struct dts_zone *z)
{
	fprintf(z->f, "\n\tcpus {\n\t\t#address-cells = <1>;\n\t\t#size-cells = <0>;\n");
	for (u32 i = 0; i < z->nr_vcpus; i++)
		fprintf(z->f,
			"\n\t\tcpu@%u {\n\t\t\tdevice_type = \"cpu\";\n"
			"\t\t\tcompatible = \"arm,cortex-a72\"; /* QEMU -cpu, aarch64/arch.mk */\n"
			"\t\t\treg = <%u>;\n\t\t\tenable-method = \"psci\";\n\t\t};\n",
			i, i);
	fprintf(z->f, "\t};\n");
}

static void write_psci(const struct dts_zone *z)
{
	/* The hypervisor is the zone's PSCI firmware: it answers hvc (and a trapped smc). */
	fprintf(z->f, "\n\tpsci {\n\t\tcompatible = \"arm,psci-1.0\", \"arm,psci-0.2\";\n"
		      "\t\tmethod = \"hvc\";\n\t};\n");
}

/* Both halves emulated: the distributor shows only the zone's SPIs, and the zone has one
 * redistributor per vCPU (GICR_TYPER.Last on the last); nothing beyond them answers. */
static void write_gic(const struct dts_zone *z)
{
	fprintf(z->f,
		"\n\tgic: interrupt-controller@%lx {\n\t\tcompatible = \"arm,gic-v3\";\n"
		"\t\t#interrupt-cells = <3>;\n\t\tinterrupt-controller;\n"
		"\t\t/* distributor; redistributors of vCPUs 0..%u */\n\t\treg = ",
		GICD_BASE, z->nr_vcpus - 1);
	dts_reg(z->f, GICD_BASE, GICD_SIZE);
	fprintf(z->f, ", ");
	dts_reg(z->f, GICR_BASE, (u64)z->nr_vcpus * GICR_FRAMES);
	fprintf(z->f, ";\n\t};\n");
}

static void write_timer(const struct dts_zone *z)
{
	/* Linux at EL1 uses the virtual timer, the PPI the hypervisor passes through. */
	fprintf(z->f,
		"\n\ttimer {\n\t\tcompatible = \"arm,armv8-timer\";\n"
		"\t\t/* PPIs: secure physical 13, physical 14, virtual 11, hypervisor 10 */\n"
		"\t\tinterrupts = <%d 13 %d>, <%d 14 %d>, <%d 11 %d>, <%d 10 %d>;\n"
		"\t\talways-on;\n\t};\n",
		IRQ_PPI, IRQ_LEVEL_HI, IRQ_PPI, IRQ_LEVEL_HI, IRQ_PPI, IRQ_LEVEL_HI, IRQ_PPI,
		IRQ_LEVEL_HI);
}

static void write_uart(const struct dts_zone *z)
{
	fprintf(z->f,
		"\n\tapb_pclk: clock {\n\t\tcompatible = \"fixed-clock\";\n"
		"\t\t#clock-cells = <0>;\n\t\tclock-frequency = <%d>;\n\t};\n",
		PL011_CLOCK);
	fprintf(z->f,
		"\n\tuart: pl011@%lx {\n\t\tcompatible = \"arm,pl011\", \"arm,primecell\";\n"
		"\t\treg = ",
		UART_BASE);
	dts_reg(z->f, UART_BASE, UART_SIZE);
	fprintf(z->f, ";\n");
	if (z->uart_irq) /* SPIs are numbered from INTID 32 */
		fprintf(z->f, "\t\tinterrupts = <%d %d %d>;\n", IRQ_SPI, UART_IRQ - 32,
			IRQ_LEVEL_HI);
	else
		fprintf(z->f, "\t\t/* no interrupt: the zone does not own it */\n");
	fprintf(z->f, "\t\tclocks = <&apb_pclk>, <&apb_pclk>;\n"
		      "\t\tclock-names = \"uartclk\", \"apb_pclk\";\n\t};\n");
}

void dts_arch_devices(const struct dts_zone *z)
{
	write_psci(z);
	write_gic(z);
	write_timer(z);
	write_uart(z);
}
