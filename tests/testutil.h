/*
 * testutil: what the Check suites share: a scratch register file, the
 * diagnostics of a call captured as text, and a file's checksum for
 * "the register is byte for byte as before".
 */
#ifndef TESTUTIL_H
#define TESTUTIL_H

#include <stddef.h>

#include <check.h>

struct db;

char		*tu_tmpdir(void);
struct db	*tu_register(const char *dir, char **path);
int		 tu_import(struct db *, const char *name, const char *xml);
void		 tu_capture(void);
char		*tu_captured(void);
char		*tu_sha256(const char *path);
char		*tu_srcpath(const char *relpath);
int		 tu_run(Suite *);

#endif /* TESTUTIL_H */
