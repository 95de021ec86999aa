/* Guest interrupt support: not written yet (the interrupt virtualization issue). */
#include "guest.h"
