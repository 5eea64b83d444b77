/*
 * libFuzzer target for templates: any bytes, as a template, parsed and,
 * when valid, bound to an in-memory register holding tests/import/
 * base.xml. Finds crashes, leaks and undefined behaviour; the corpus in
 * tests/bind/ is for messages. `make fuzz` builds and runs it.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <glib.h>

#include "bind.h"
#include "db.h"
#include "diag.h"
#include "doc.h"
#include "fmt.h"
#include "import.h"
#include "tmpl.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct db	*db;

static void
setup(void)
{
	FILE		*devnull = fopen("/dev/null", "w");
	struct import	*im;
	char		*base;
	int		 from;

	diag_set_output(devnull);
	db = db_open(":memory:", DB_CREATE);
	if (db == NULL || !db_init(db, &from) || (im = import_new(db)) == NULL)
		abort();
	base = g_build_filename(g_getenv("BRIEFGEN_DATADIR"), "tests",
	    "import", "base.xml", NULL);
	if (!import_file(im, base, NULL))
		abort();
	import_free(im);
	g_free(base);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bind_params	 p = { "DE", "2019-01-01", "2020-05-31",
	    "2020-06-01" };
	struct tmpl		*t;
	struct fmt		*fmt;

	if (db == NULL)
		setup();
	if ((t = tmpl_parse_memory("fuzz.xml", (const char *)data, size))) {
		fmt = fmt_new(t->locale);
		doc_free(bind_doc(db, t, fmt, &p));
		fmt_free(fmt);
	}
	tmpl_free(t);
	diag_reset();
	return 0;
}
