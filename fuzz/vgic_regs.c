/*
 * The virtual GIC's register model (aarch64/vgic_regs.c) on any input, against the GICv3
 * spec (IHI 0069) restated here:
 *   - gicd_decode: which distributor register an access at any offset and size hits, and
 *     exactly the interrupts its bytes cover (IGROUPR/ISENABLER/ICENABLER 1 bit each,
 *     IPRIORITYR 8, ICFGR 2, IROUTER 64 from SPI 32 on; the pending and active state
 *     registers, set and clear forms, 1 bit each);
 *   - sgi1r_targets: an SGI of vCPU @self in a zone of @nr vCPUs reaches only the zone's
 *     vCPUs: the other ones for IRM, the target list's own for Aff3.Aff2.Aff1 = 0 and RS
 *     = 0, none otherwise; "outside" says when it named any other;
 *   - ich_lr_make and gicr_typer: the fields where the spec puts them.
 */
#include "input.h"
#include "vgic_regs.h"

static void check_decode(u64 off, u32 size)
{
	static const struct {
		u64 base, end;
		enum gicd_kind kind;
		u32 width;
	} map[] = {
		{ 0x0080, 0x0100, GICD_REG_GROUP, 1 },
		{ 0x0100, 0x0180, GICD_REG_SETENABLE, 1 },
		{ 0x0180, 0x0200, GICD_REG_CLRENABLE, 1 },
		{ 0x0200, 0x0280, GICD_REG_SETPEND, 1 },
		{ 0x0280, 0x0300, GICD_REG_CLRPEND, 1 },
		{ 0x0300, 0x0380, GICD_REG_SETACTIVE, 1 },
		{ 0x0380, 0x0400, GICD_REG_CLRACTIVE, 1 },
		{ 0x0400, 0x0800, GICD_REG_PRIORITY, 8 },
		{ 0x0c00, 0x0d00, GICD_REG_CONFIG, 2 },
	};
	struct gicd_reg r = gicd_decode(off, size);

	for (unsigned i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (off >= map[i].base && off < map[i].end) {
			CHECK(r.kind == map[i].kind && r.width == map[i].width);
			CHECK(r.irq == (off - map[i].base) * 8 / map[i].width);
			CHECK(r.count == size * 8 / map[i].width);
			return;
		}
	if (off >= 0x6000 + 8 * 32 && off < 0x6000 + 8 * 1020) {
		CHECK(r.kind == GICD_REG_ROUTE && r.width == 64 && r.count == 1);
		CHECK(r.irq == (off - 0x6000) / 8 && r.irq >= 32 && r.irq < 1020);
		return;
	}
	CHECK(r.kind == GICD_REG_OTHER);
}

static void check_sgi(u64 val, u32 self, u32 nr)
{
	u32 all = (1U << nr) - 1, list = val & 0xffff;
	u64 affs = (val >> 16 & 0xff) | (val >> 32 & 0xff) | (val >> 48 & 0xff) | (val >> 44 & 0xf);
	bool outside;
	u32 t = sgi1r_targets(val, self, nr, &outside);

	CHECK(!(t & ~all)); /* never a vCPU the zone does not have */
	if (val & (1UL << 40)) {
		CHECK(t == (all & ~(1U << self)) && !outside);
	} else if (affs) {
		CHECK(t == 0 && outside == (list != 0));
	} else {
		CHECK(t == (list & all) && outside == ((list & ~all) != 0));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = { data, size };
	u64 off = take(&in, 1) & 1 ? take(&in, 2) : take(&in, 8);
	u32 width = 1U << (take(&in, 1) % 4);
	u64 sgi = take(&in, 8);
	u32 nr = 1 + take(&in, 1) % 8, self = take(&in, 1) % nr;
	u32 intid = take(&in, 2) % 1020, prio = take(&in, 1), hw = take(&in, 1) & 1; /* INTIDs */
	u64 lr;

	check_decode(off, width);
	check_sgi(sgi, self, nr);
	lr = ich_lr_make(intid, prio, hw);
	CHECK(ICH_LR_VINTID(lr) == intid && (!hw || (lr >> 32 & 0x3ff) == intid));
	CHECK((lr >> 48 & 0xff) == prio && (lr >> 60 & 1) && (lr >> 62 & 3) == 1);
	CHECK(((lr >> 61) & 1) == hw);
	u64 typer = gicr_typer(self, nr);
	CHECK(typer >> 32 == self && (typer >> 8 & 0xffff) == self);
	CHECK(!!(typer & GICR_TYPER_LAST) == (self == nr - 1));
	return 0;
}
