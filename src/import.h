/*
 * import: reads register exchange files (urn:briefgen:register:1) into the
 * register. Streams the XML, validates it against data/register.xsd as it
 * goes, checks what the schema cannot (dates, order of dates, references,
 * repeats) and writes each file in one transaction: all of it or nothing.
 * While a file is imported, a second thread checks and writes what the
 * calling thread has read. It does not open the register (db does) and
 * prints only diagnostics.
 */
#ifndef IMPORT_H
#define IMPORT_H

#include <stddef.h>
#include <stdint.h>

struct db;

/* What one file held; filled only when the file was imported. */
struct import_stats {
	unsigned long	 countries;
	unsigned long	 organisations;
	unsigned long	 incidents;
	unsigned long	 notifications;
	unsigned long	 replies;
	unsigned long	 events;
	int64_t		 rows_changed;	/* rows inserted or updated */
};

struct import;

struct import	*import_new(struct db *);
void		 import_free(struct import *);
int		 import_file(struct import *, const char *path,
		    struct import_stats *);
int		 import_memory(struct import *, const char *name,
		    const char *buf, size_t len, struct import_stats *);

#endif /* IMPORT_H */
