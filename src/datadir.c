/*
 * datadir: the search path for briefgen's data files (see datadir.h).
 *
 * Files are named relative to a tree root ("data/schema.sql"); the roots
 * are tried in order:
 *   1. $BRIEFGEN_DATADIR, when set (tests, unusual installs);
 *   2. DATADIR, where `make install` puts them;
 *   3. the directory holding the running executable, which is the source
 *      tree when briefgen runs from where it was built.
 * Nothing is compiled in, so editing a template needs no rebuild.
 */
#include <glib.h>

#include "datadir.h"

#ifndef DATADIR
#define DATADIR "/usr/local/share/briefgen"
#endif

static char *
try(const char *root, const char *relpath)
{
	char	*p;

	if (root == NULL || *root == '\0')
		return NULL;
	p = g_build_filename(root, relpath, NULL);
	if (g_file_test(p, G_FILE_TEST_IS_REGULAR))
		return p;
	g_free(p);
	return NULL;
}

/*
 * Return the path of relpath under the first root that has it, or NULL.
 * Caller frees. Prints nothing: the caller knows what the file was for.
 */
char *
datadir_find(const char *relpath)
{
	char	*p, *exe, *dir;

	if ((p = try(g_getenv("BRIEFGEN_DATADIR"), relpath)) != NULL)
		return p;
	if ((p = try(DATADIR, relpath)) != NULL)
		return p;
	exe = g_file_read_link("/proc/self/exe", NULL);
	if (exe == NULL)
		return NULL;
	dir = g_path_get_dirname(exe);
	p = try(dir, relpath);
	g_free(dir);
	g_free(exe);
	return p;
}
