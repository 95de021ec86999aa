/* A zone with one fake device for the MMIO completion tests (host_mmio.c), either arch. */
#pragma once

#include "mmio.h"
#include "zone.h"

#define DEVICE 0x0a000000UL /* the fake device's address */

extern struct per_cpu cpu; /* the vCPU, in a running zone that owns its UART */
extern u64 device_reads;   /* what the device returns to a load */
extern u64 device_written; /* what a store gave the device */
