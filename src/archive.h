/*
 * archive: the archive directory that scheduled runs fill and
 * archivists keep. One month is DIR/YYYY/MM/: a briefing per counterpart
 * and language (DE-en.pdf), the files later renderings replaced
 * (superseded/DE-en.2020-06-01.pdf), manifest.xml (data/archive.xsd:
 * what each file was rendered from) and SHA256SUMS (what `sha256sum -c`
 * reads; manifest.xml is in it). The register's render table holds the
 * same record. This module decides what a run renders and records it;
 * brief renders. It never writes a file but through outfile, and never
 * leaves a month's files and its record disagreeing.
 */
#ifndef ARCHIVE_H
#define ARCHIVE_H

#include "layout.h"

/* What `briefgen monthly` is asked to do. Strings borrowed. */
struct archive_run {
	const char		*dbpath;	/* the register */
	const char		*dir;		/* the archive */
	const char		*month;		/* YYYY-MM */
	const char *const	*countries;	/* CC; NULL: every counterpart
						   with an incident that month */
	const char *const	*langs;		/* en, ru */
	enum lay_paper		 paper;
	const char		*issued;	/* YYYY-MM-DD, the date of issue */
	const char		*stamp;		/* 2020-06-01T06:00:00Z */
	int			 force;		/* re-render what is up to date */
};

/*
 * Render into r->dir what r asks for that the archive does not hold yet,
 * or holds from other inputs (register content read, template, briefgen
 * version, parameters), each briefing on its own: one that fails is
 * reported and the others go on. Prints a line per briefing and a
 * summary on standard output; diagnostics for the rest. 1 when every
 * briefing is in the archive, 0 otherwise.
 */
int	archive_monthly(const struct archive_run *);

/*
 * Check the archive at dir (its top or one month of it): every file
 * SHA256SUMS lists is there with that hash, manifest.xml agrees, nothing
 * else is there. With rerender set, render each current file again from
 * the register at dbpath and compare the bytes. Each fault is a
 * diagnostic naming the file. 1 when all holds, 0 otherwise.
 */
int	archive_verify(const char *dir, int rerender, const char *dbpath);

#endif /* ARCHIVE_H */
