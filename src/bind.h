/*
 * bind: a template and the register into a document tree. It prepares the
 * template's queries, checks every name the template uses against them
 * before anything runs, runs them all on one snapshot of the register (on
 * two threads when it can), and then walks the template: conditions
 * decided, blocks repeated per row, values formatted in the template's
 * locale. Values from the register are text, never markup or SQL.
 */
#ifndef BIND_H
#define BIND_H

struct db;
struct doc;
struct fmt;
struct tmpl;

/* What a render is asked for; the strings are borrowed. */
struct bind_params {
	const char	*country;	/* CC */
	const char	*from;		/* YYYY-MM-DD, first day */
	const char	*to;		/* YYYY-MM-DD, last day */
	const char	*issued;	/* YYYY-MM-DD: date of issue */
};

struct doc	*bind_doc(struct db *, struct tmpl *, const struct fmt *,
		    const struct bind_params *);

#endif /* BIND_H */
