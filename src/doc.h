/*
 * doc: the bound document tree, what a briefing says with every query
 * answered, every condition decided and every value formatted: headings,
 * paragraphs of text runs, lists, tables of strings and charts of numbers.
 * The layout walks it; dump prints it. It holds no SQL, no XML and no
 * page geometry.
 */
#ifndef DOC_H
#define DOC_H

#include <stddef.h>

#include <glib.h>

#include "tmpl.h"

enum doc_type {
	DOC_ROOT,
	DOC_COVER,
	DOC_LINE,		/* cover line: role in id; runs */
	DOC_CONTENTS,		/* heading runs; DOC_ENTRY children */
	DOC_ENTRY,		/* number, id; runs: the section heading */
	DOC_SECTION,		/* number, id, level; DOC_HEADING first */
	DOC_HEADING,		/* runs */
	DOC_PARA,		/* runs */
	DOC_LIST,		/* DOC_ITEM children */
	DOC_ITEM,		/* runs */
	DOC_TABLE,		/* DOC_COLUMN children, then rows */
	DOC_COLUMN,		/* header text, align, width */
	DOC_ROW,		/* cells: one string per column */
	DOC_CHART,		/* kind; text: words for no data, or NULL;
				   DOC_SERIES, DOC_POINT children */
	DOC_SERIES,		/* text: legend */
	DOC_POINT,		/* text: label; values: one per series;
				   id: the month (YYYY-MM-DD) of a label
				   formatted as a month, else NULL */
	DOC_CAPTION,		/* runs; a chart's title and caption */
	DOC_PAGE_BREAK,
	DOC_PART,		/* a briefing in a pack: id, text: its title;
				   part: its document; its blocks */
	DOC_MAX
};

/* A piece of inline text with one style. */
enum doc_style {
	DOC_PLAIN = 0,
	DOC_EM = 1 << 0,
	DOC_STRONG = 1 << 1,
	DOC_VALUE = 1 << 2,	/* came from the register, not the template */
	DOC_PAGE = 1 << 3,	/* folio: stands for the page's number */
	DOC_PAGES = 1 << 4,	/* folio: stands for the number of pages */
	DOC_PARTS = 1 << 5	/* pack cover: stands for the parts' names */
};

struct doc_run {
	const char	*text;		/* borrowed from the doc's strings */
	unsigned	 style;		/* enum doc_style bits */
};

struct doc;

struct doc_node {
	enum doc_type	  type;
	struct doc_node	 *parent;
	struct doc_node	 *first;	/* children */
	struct doc_node	 *last;
	struct doc_node	 *next;
	const char	 *text;		/* COLUMN, SERIES, POINT; borrowed */
	const char	 *id;		/* SECTION, ENTRY: link name; LINE role */
	const char	 *number;	/* SECTION, ENTRY: "2", "2.1", "A" */
	const char	 *label;	/* SECTION of an annex: "Annex" */
	int		  level;	/* SECTION: 1 for a top section */
	int		  title;	/* CAPTION: 1 for a chart's title */
	GArray		 *runs;		/* of struct doc_run, or NULL */
	const char	**cells;	/* ROW: ncols strings, borrowed */
	double		 *values;	/* POINT: one per series */
	int		  ncols;	/* TABLE, ROW; POINT: series */
	enum tmpl_align	  align;	/* COLUMN */
	double		  width;	/* COLUMN: relative */
	enum tmpl_chart	  kind;		/* CHART */
	const struct doc *part;		/* PART: borrowed; its strings, its
					   running lines and folio */
	const char	 *alt;		/* CHART: alternate text, or NULL */
};

struct doc {
	const char	*title;		/* document information, plain text */
	const char	*short_title;
	const char	*subject;
	const char	*marking;
	const char	*author;
	const char	*keywords;
	const char	*footer;	/* left of the page foot, or NULL */
	struct doc_node	*folio;		/* runs: "Page N of M", or NULL */
	const char	*lang;		/* en, ru */
	const char	*locale;	/* en_GB */
	const char	*issued;	/* YYYY-MM-DD */
	const char	*data_sha256;	/* what the queries read (bind.c) */
	struct doc_node	*pack;		/* a cover for a pack of such
					   briefings (DOC_LINE children), or
					   NULL; not in the tree */
	const char	*part_name;	/* the briefing's name in a pack */
	struct doc_node	*root;
	GStringChunk	*strings;	/* every string of the tree, once */
};

struct doc	*doc_new(void);
void		 doc_free(struct doc *);
struct doc_node	*doc_append(struct doc *, struct doc_node *parent,
		    enum doc_type);
void		 doc_move(struct doc_node *, struct doc_node *parent);
const char	*doc_intern(struct doc *, const char *);
void		 doc_add_run(struct doc *, struct doc_node *,
		    const char *text, unsigned style);
void		 doc_tidy_runs(struct doc *, struct doc_node *);
char		*doc_runs_text(const struct doc_node *);
const char	*doc_type_name(enum doc_type);

#endif /* DOC_H */
