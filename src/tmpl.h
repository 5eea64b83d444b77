/*
 * tmpl: briefing templates. The only module that sees libxml2's xmlDoc:
 * it parses a template, validates it against templates/template.xsd and
 * hands back a tree of plain structs with every attribute already parsed
 * into enums and numbers. It knows nothing of SQL or of the register;
 * checking that the queries and columns a template names exist is bind's
 * job, which has the prepared queries.
 */
#ifndef TMPL_H
#define TMPL_H

#include <stddef.h>

#include "fmt.h"

enum tmpl_type {
	/* The document */
	TMPL_ROOT,		/* briefing */
	TMPL_META,		/* title, short-title, subject, ...: role */
	TMPL_PARAM,		/* name, text = SQL expression */
	TMPL_QUERY,		/* name, text = SQL */
	TMPL_LABELS,		/* name; children TMPL_LABEL */
	TMPL_LABEL,		/* key, text */
	TMPL_FIGURE_ALT,	/* alt: patterns of a chart's alternate text */
	/* Blocks */
	TMPL_COVER,
	TMPL_PACK,		/* a pack's cover: TMPL_PART_NAME, TMPL_LINEs */
	TMPL_PART_NAME,		/* how a part is named in a pack; inline */
	TMPL_LINE,		/* a cover line: role; inline children */
	TMPL_CONTENTS,		/* its heading is the first child */
	TMPL_SECTION,		/* id; heading first, then blocks */
	TMPL_ANNEX,		/* id, label; as a section */
	TMPL_HEADING,
	TMPL_PARA,
	TMPL_LIST,
	TMPL_ITEM,
	TMPL_TABLE,		/* query, or TMPL_ROWs; TMPL_COLUMNs */
	TMPL_COLUMN,		/* column, align, width, format; header */
	TMPL_ROW,		/* a row written in the template */
	TMPL_CELL,		/* inline */
	TMPL_CHART,		/* kind, query, label column and format */
	TMPL_CHART_TITLE,
	TMPL_SERIES,		/* column; text is the legend */
	TMPL_CAPTION,
	TMPL_EMPTY,		/* a chart's words for no data */
	TMPL_PAGE_BREAK,
	/* Blocks, list items or inline content, after their parent */
	TMPL_IF,		/* query/column or param; negate */
	TMPL_EACH,		/* query */
	/* Inline */
	TMPL_TEXT,		/* text */
	TMPL_EM,
	TMPL_STRONG,
	TMPL_VALUE,		/* query/column or param; format */
	TMPL_PLURAL,		/* query/column or param; forms */
	TMPL_PERIOD,		/* from, to: parameter names */
	TMPL_PAGE,		/* in a folio: this page's number */
	TMPL_PAGES,		/* in a folio: the number of pages */
	TMPL_PARTS,		/* in a pack's line: the parts' names */
	TMPL_MAX
};

/* How a value is written. */
enum tmpl_format {
	TMPL_FMT_TEXT,		/* as it is (a number in the integer form) */
	TMPL_FMT_INTEGER,
	TMPL_FMT_NUMBER,	/* digits after the point */
	TMPL_FMT_PERCENT,	/* of a fraction: 0.5 is 50% */
	TMPL_FMT_CHANGE,	/* signed: +3, −2, 0 */
	TMPL_FMT_DAYS,		/* 54 days */
	TMPL_FMT_DATE,
	TMPL_FMT_DATE_SHORT,
	TMPL_FMT_MONTH,
	TMPL_FMT_MONTH_SHORT,
	TMPL_FMT_YEAR,
	TMPL_FMT_MAX
};

enum tmpl_align {
	TMPL_ALIGN_START,
	TMPL_ALIGN_CENTER,
	TMPL_ALIGN_END,
	TMPL_ALIGN_MAX
};

enum tmpl_chart {
	TMPL_CHART_COLUMNS,	/* vertical bars */
	TMPL_CHART_BARS,	/* horizontal bars */
	TMPL_CHART_STACKED,	/* vertical bars, series stacked */
	TMPL_CHART_DONUT,
	TMPL_CHART_LINE,
	TMPL_CHART_MAX
};

/*
 * The patterns of a chart's alternate text (<figure-alt>), each words
 * with {title}, {first}, {last}, {label}, {value}, {share}, {empty}.
 */
enum tmpl_alt {
	TMPL_ALT_MONTHS,	/* a chart over months: its range and peak */
	TMPL_ALT_LARGEST,	/* any other: its largest point */
	TMPL_ALT_EMPTY,		/* no rows: its <empty> words */
	TMPL_ALT_TIES,		/* several points share the largest value */
	TMPL_ALT_EVEN,		/* every point has the same value */
	TMPL_ALT_MAX
};

/* Where a value comes from: a query's column, or a parameter. */
struct tmpl_ref {
	char		*query;		/* NULL: the enclosing each's row */
	char		*column;	/* NULL when param is set */
	char		*param;
	/* Filled in by bind's check: */
	int		 qidx;		/* index of the query, -1 for row */
	int		 cidx;		/* column number in that query */
};

struct tmpl_node {
	enum tmpl_type	  type;
	long		  line;		/* in the template file */
	struct tmpl_node *parent;
	struct tmpl_node *first;	/* children */
	struct tmpl_node *last;
	struct tmpl_node *next;		/* sibling */
	char		 *text;		/* TEXT, PARAM, QUERY, LABEL, SERIES */
	char		 *name;		/* PARAM, QUERY, LABELS; META role */
	char		 *id;		/* SECTION, ANNEX; LINE role */
	char		 *label;	/* ANNEX: its word ("Annex") */
	char		 *key;		/* LABEL */
	char		 *labels;	/* VALUE, COLUMN, CHART: labels name */
	char		 *null;		/* VALUE, COLUMN: text for NULL */
	struct tmpl_ref	  ref;		/* VALUE, PLURAL, IF, COLUMN, SERIES;
					   EACH, TABLE, CHART: ref.query */
	char		 *from;		/* PERIOD: parameter names */
	char		 *to;
	char		 *forms[FMT_PLURAL_MAX]; /* PLURAL, "#" = the number */
	char		 *alt[TMPL_ALT_MAX]; /* FIGURE_ALT, or NULL */
	enum tmpl_format  format;
	int		  digits;	/* NUMBER, PERCENT */
	int		  negate;	/* IF: shown when the value is false */
	enum tmpl_align	  align;	/* COLUMN */
	double		  width;	/* COLUMN: relative */
	enum tmpl_chart	  kind;		/* CHART */
	char		 *label_column;	/* CHART: the column naming points */
	int		  label_cidx;	/* ... its number (bind's check) */
};

struct tmpl {
	char		 *file;		/* as given, for messages */
	char		 *lang;		/* xml:lang of the root: en, ru */
	char		 *locale;	/* ICU locale: en_GB */
	char		 *sha256;	/* of the file's bytes, hex */
	struct tmpl_node *root;
};

struct tmpl	*tmpl_parse(const char *path);
struct tmpl	*tmpl_parse_memory(const char *name, const char *text,
		    size_t len);
void		 tmpl_free(struct tmpl *);
const char	*tmpl_type_name(enum tmpl_type);
const char	*tmpl_format_name(enum tmpl_format);
const char	*tmpl_align_name(enum tmpl_align);
const char	*tmpl_chart_name(enum tmpl_chart);

#endif /* TMPL_H */
