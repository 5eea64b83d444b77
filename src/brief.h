/*
 * brief: one briefing, the steps that render, monthly, verify and pack
 * share: a template parsed, bound to the register for a counterpart and
 * a period, and written as a PDF. What the archive records of it (the
 * template's hash, the hash of the register content it read, its pages)
 * comes from here.
 */
#ifndef BRIEF_H
#define BRIEF_H

#include "layout.h"

struct db;
struct doc;
struct fmt;
struct tmpl;

/* What a briefing is made of; strings borrowed. */
struct brief_req {
	const char	*template;	/* the template's path */
	const char	*lang;		/* the language it must be in, or NULL */
	const char	*country;	/* CC, known to the register */
	const char	*from;		/* YYYY-MM-DD, first day */
	const char	*to;		/* YYYY-MM-DD, last day */
	const char	*issued;	/* YYYY-MM-DD, the date of issue */
};

/* A briefing: its template, then bound. */
struct brief {
	struct brief_req req;		/* its strings borrowed */
	struct tmpl	*t;
	struct fmt	*fmt;		/* the template's locale */
	struct doc	*doc;		/* once bound; data_sha256 set */
};

/*
 * brief_new parses r->template: NULL after diagnostics (a template
 * fault, a language other than r->lang, which is a usage error).
 * brief_bind binds it to db (opened DB_READ) for r: 1, or 0 after
 * diagnostics (a country not in the register, a query or data fault).
 */
struct brief	*brief_new(const struct brief_req *);
int		 brief_bind(struct brief *, struct db *);
void		 brief_free(struct brief *);

/* How a briefing is written as a PDF; strings borrowed. */
struct brief_pdf {
	enum lay_paper	 paper;
	const char	*author;	/* instead of the template's, or NULL */
	const char	*stamp;		/* creation: 2020-06-01T00:00:00Z */
};

/*
 * Lay b out and write it to out as a PDF, each page as soon as it is
 * laid out; *pages (may be NULL) gets the page count. 1, or 0 after a
 * diagnostic with nothing left at out.
 */
int		 brief_write_pdf(const struct brief *, const struct brief_pdf *,
		    const char *out, unsigned *pages);

/*
 * The same for a document of another making (a pack: pack.h), its
 * charts' numbers formatted with fmt; both borrowed.
 */
int		 brief_write_doc(const struct doc *, const struct fmt *,
		    const struct brief_pdf *, const char *out,
		    unsigned *pages);

#endif /* BRIEF_H */
