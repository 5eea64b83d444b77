/*
 * testutil: helpers for the Check suites (see testutil.h). Test code
 * only; everything it builds on is the library under test.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <glib.h>

#include "db.h"
#include "diag.h"
#include "import.h"
#include "testutil.h"

static FILE	*cap;
static char	*cap_buf;
static size_t	 cap_len;

/* A new empty directory under $TMPDIR; caller frees the name. */
char *
tu_tmpdir(void)
{
	GError	*err = NULL;
	char	*dir;

	dir = g_dir_make_tmp("briefgen-test-XXXXXX", &err);
	ck_assert_msg(dir != NULL, "tmpdir: %s", err ? err->message : "");
	return dir;
}

/*
 * A new register file "register.db" in dir, initialised; *path (may be
 * NULL) gets its name. Caller frees both.
 */
struct db *
tu_register(const char *dir, char **path)
{
	struct db	*db;
	char		*p;
	int		 from;

	p = g_build_filename(dir, "register.db", NULL);
	db = db_open(p, DB_CREATE);
	ck_assert_ptr_nonnull(db);
	ck_assert_int_eq(db_init(db, &from), 1);
	ck_assert_int_eq(from, 0);
	if (path != NULL)
		*path = p;
	else
		g_free(p);
	return db;
}

/* Import xml (a string) as the file called name. 1 or 0. */
int
tu_import(struct db *db, const char *name, const char *xml)
{
	struct import	*im;
	int		 ok;

	im = import_new(db);
	ck_assert_ptr_nonnull(im);
	ok = import_memory(im, name, xml, strlen(xml), NULL);
	import_free(im);
	return ok;
}

/* Start capturing diagnostics (and reset the count and status). */
void
tu_capture(void)
{
	ck_assert_ptr_null(cap);
	cap = open_memstream(&cap_buf, &cap_len);
	ck_assert_ptr_nonnull(cap);
	diag_reset();
	diag_set_output(cap);
}

/* Stop capturing; the text printed since tu_capture. Caller frees. */
char *
tu_captured(void)
{
	char	*s;

	ck_assert_ptr_nonnull(cap);
	diag_set_output(NULL);
	fclose(cap);
	cap = NULL;
	s = cap_buf;
	cap_buf = NULL;
	return s;
}

/* The SHA-256 of a file's bytes, in hex. Caller frees. */
char *
tu_sha256(const char *path)
{
	gchar	*data;
	gsize	 len;
	char	*sum;

	ck_assert_msg(g_file_get_contents(path, &data, &len, NULL),
	    "cannot read %s", path);
	sum = g_compute_checksum_for_data(G_CHECKSUM_SHA256,
	    (const guchar *)data, len);
	g_free(data);
	return sum;
}

/* relpath under the source tree ($BRIEFGEN_DATADIR). Caller frees. */
char *
tu_srcpath(const char *relpath)
{
	const char	*top = g_getenv("BRIEFGEN_DATADIR");

	return g_build_filename(top != NULL ? top : ".", relpath, NULL);
}

/* Run the suite (freed here); the exit status for main. */
int
tu_run(Suite *s)
{
	SRunner	*sr = srunner_create(s);
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
