/*
 * pack: several briefings from one template, one per counterpart, over
 * one period, as one document: the template's pack cover, one contents
 * over all parts, then each briefing as a part (its cover its title
 * page, its own contents dropped, its section ids prefixed with its
 * country code). It binds every part on one snapshot of the register
 * and builds the pack's document tree; layout and the PDF writer make
 * of it one file, as of any document.
 */
#ifndef PACK_H
#define PACK_H

#include <glib.h>

struct brief;
struct db;
struct doc;
struct fmt;

/* What a pack is made of; strings borrowed. */
struct pack_req {
	const char	*template;	/* the template's path */
	const char	*lang;		/* the language it must be in, or NULL */
	const char	*const *countries; /* CC, each once, in order */
	guint		 ncountries;	/* 1 or more */
	const char	*from;		/* YYYY-MM-DD, first day */
	const char	*to;		/* YYYY-MM-DD, last day */
	const char	*issued;	/* YYYY-MM-DD, the date of issue */
};

struct pack {
	GPtrArray	*parts;		/* of struct brief, in order */
	struct doc	*doc;		/* once bound: the pack's tree; it
					   borrows the parts' documents */
};

/*
 * pack_new parses the template for each part: NULL after diagnostics
 * (a template fault, a template without <pack>, a language other than
 * r->lang). pack_bind binds every part to db (opened DB_READ) inside
 * one read transaction, then builds pk->doc: 1, or 0 after diagnostics
 * (every country not in the register is reported).
 */
struct pack	*pack_new(const struct pack_req *);
int		 pack_bind(struct pack *, struct db *);
void		 pack_free(struct pack *);

/* The formatter of the pack's language (borrowed from its first part). */
const struct fmt *pack_fmt(const struct pack *);

#endif /* PACK_H */
