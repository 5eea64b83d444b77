/*
 * libFuzzer target for the register import: any bytes, as a register
 * file, into an in-memory register that already holds tests/import/
 * base.xml. Finds crashes, leaks and undefined behaviour, not wrong
 * messages (the corpus in tests/import/ is for those). `make fuzz`
 * builds and runs it; see the README.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <glib.h>

#include "db.h"
#include "diag.h"
#include "import.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct db	*db;
static struct import	*im;

static void
setup(void)
{
	FILE	*devnull = fopen("/dev/null", "w");
	char	*base;
	int	 from;

	diag_set_output(devnull);
	db = db_open(":memory:", DB_CREATE);
	if (db == NULL || !db_init(db, &from) || (im = import_new(db)) == NULL)
		abort();
	base = g_build_filename(g_getenv("BRIEFGEN_DATADIR"), "tests",
	    "import", "base.xml", NULL);
	if (!import_file(im, base, NULL))
		abort();
	g_free(base);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (db == NULL)
		setup();
	import_memory(im, "fuzz.xml", (const char *)data, size, NULL);
	diag_reset();
	return 0;
}
