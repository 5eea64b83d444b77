/*
 * tmpl: a template file into a tree of plain structs (see tmpl.h). The
 * file is parsed with libxml2's tree API (no DTD, no entities, no network)
 * and validated against templates/template.xsd; a template that fails
 * either is reported at its line and never reaches the binder. Text in
 * inline content keeps its words and loses its layout: each run of XML
 * white space becomes one space.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>

#include <glib.h>
#include <libxml/parser.h>
#include <libxml/SAX2.h>
#include <libxml/xmlschemas.h>

#include "diag.h"
#include "tmpl.h"
#include "xmlsafe.h"

#define TEMPLATE_NS "urn:briefgen:template:1"

static const char *const type_names[] = {
	[TMPL_ROOT] = "briefing",
	[TMPL_META] = "meta",
	[TMPL_PARAM] = "param",
	[TMPL_QUERY] = "query",
	[TMPL_LABELS] = "labels",
	[TMPL_LABEL] = "label",
	[TMPL_FIGURE_ALT] = "figure-alt",
	[TMPL_COVER] = "cover",
	[TMPL_PACK] = "pack",
	[TMPL_PART_NAME] = "part-name",
	[TMPL_LINE] = "line",
	[TMPL_CONTENTS] = "contents",
	[TMPL_SECTION] = "section",
	[TMPL_ANNEX] = "annex",
	[TMPL_HEADING] = "heading",
	[TMPL_PARA] = "p",
	[TMPL_LIST] = "list",
	[TMPL_ITEM] = "item",
	[TMPL_TABLE] = "table",
	[TMPL_COLUMN] = "column",
	[TMPL_ROW] = "row",
	[TMPL_CELL] = "cell",
	[TMPL_CHART] = "chart",
	[TMPL_CHART_TITLE] = "title",
	[TMPL_SERIES] = "series",
	[TMPL_CAPTION] = "caption",
	[TMPL_EMPTY] = "empty",
	[TMPL_PAGE_BREAK] = "page-break",
	[TMPL_IF] = "if",
	[TMPL_EACH] = "each",
	[TMPL_TEXT] = "text",
	[TMPL_EM] = "em",
	[TMPL_STRONG] = "strong",
	[TMPL_VALUE] = "value",
	[TMPL_PLURAL] = "plural",
	[TMPL_PERIOD] = "period",
	[TMPL_PAGE] = "page",
	[TMPL_PAGES] = "pages",
	[TMPL_PARTS] = "parts",
};
_Static_assert(sizeof(type_names) / sizeof(type_names[0]) == TMPL_MAX,
    "every template node type has a name");

static const char *const alt_names[] = {
	[TMPL_ALT_MONTHS] = "months",
	[TMPL_ALT_LARGEST] = "largest",
	[TMPL_ALT_EMPTY] = "empty",
	[TMPL_ALT_TIES] = "ties",
	[TMPL_ALT_EVEN] = "even",
};
_Static_assert(sizeof(alt_names) / sizeof(alt_names[0]) == TMPL_ALT_MAX,
    "every alternate text pattern has a name");

static const char *const format_names[] = {
	[TMPL_FMT_TEXT] = "text",
	[TMPL_FMT_INTEGER] = "integer",
	[TMPL_FMT_NUMBER] = "number",
	[TMPL_FMT_PERCENT] = "percent",
	[TMPL_FMT_CHANGE] = "change",
	[TMPL_FMT_DAYS] = "days",
	[TMPL_FMT_DATE] = "date",
	[TMPL_FMT_DATE_SHORT] = "date-short",
	[TMPL_FMT_MONTH] = "month",
	[TMPL_FMT_MONTH_SHORT] = "month-short",
	[TMPL_FMT_YEAR] = "year",
};
_Static_assert(sizeof(format_names) / sizeof(format_names[0]) ==
    TMPL_FMT_MAX, "every format has a name");

static const char *const align_names[] = {
	[TMPL_ALIGN_START] = "start",
	[TMPL_ALIGN_CENTER] = "center",
	[TMPL_ALIGN_END] = "end",
};
_Static_assert(sizeof(align_names) / sizeof(align_names[0]) ==
    TMPL_ALIGN_MAX, "every alignment has a name");

static const char *const chart_names[] = {
	[TMPL_CHART_COLUMNS] = "columns",
	[TMPL_CHART_BARS] = "bars",
	[TMPL_CHART_STACKED] = "stacked",
	[TMPL_CHART_DONUT] = "donut",
	[TMPL_CHART_LINE] = "line",
};
_Static_assert(sizeof(chart_names) / sizeof(chart_names[0]) ==
    TMPL_CHART_MAX, "every chart kind has a name");

/* The state of one parse. */
struct parse {
	const char	*file;		/* for messages; borrowed */
	long		 doctype_line;	/* where a DOCTYPE was met, or 0 */
	int		 fatal;		/* not well-formed: one message only */
	internalSubsetSAXFunc default_subset;
};

const char *
tmpl_type_name(enum tmpl_type t)
{
	return t < TMPL_MAX ? type_names[t] : "?";
}

const char *
tmpl_format_name(enum tmpl_format f)
{
	return f < TMPL_FMT_MAX ? format_names[f] : "?";
}

const char *
tmpl_align_name(enum tmpl_align a)
{
	return a < TMPL_ALIGN_MAX ? align_names[a] : "?";
}

const char *
tmpl_chart_name(enum tmpl_chart k)
{
	return k < TMPL_CHART_MAX ? chart_names[k] : "?";
}

/* The index of s in a table of n names, or -1. */
static int
lookup(const char *const *names, int n, const char *s)
{
	int	i;

	for (i = 0; s != NULL && i < n; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

/*
 * libxml2's parser and validator messages, as diagnostics on the file.
 * A file that is not well-formed gets one message: what follows the first
 * fault is a cascade.
 */
static void
xml_error(void *arg, xmlErrorPtr e)
{
	struct parse	*p = arg;
	char		*msg;

	if (e->level == XML_ERR_WARNING || p->doctype_line != 0)
		return;
	if (e->domain == XML_FROM_PARSER) {
		if (p->fatal)
			return;
		p->fatal = 1;
	}
	msg = xmlsafe_message(e, TEMPLATE_NS);
	diag_msg(e->domain == XML_FROM_SCHEMASV ? DIAG_SCHEMA :
	    e->code == XML_ERR_DOCUMENT_EMPTY ? DIAG_NO_ELEMENT : DIAG_XML,
	    p->file, e->line, "%s", msg);
	g_free(msg);
}

/*
 * The parser met "<!DOCTYPE": note where, and let it go on so that the
 * message comes at that line and nothing of the DTD is used.
 */
static void
doctype(void *ctx, const xmlChar *name, const xmlChar *eid,
    const xmlChar *sid)
{
	xmlParserCtxtPtr	 ctxt = ctx;
	struct parse		*p = ctxt->_private;

	(void)name;
	(void)eid;
	(void)sid;
	if (p->doctype_line == 0)
		p->doctype_line = xmlSAX2GetLineNumber(ctx);
}

/* The attribute name of n (no namespace), or NULL. Borrowed. */
static const char *
attr(const xmlNode *n, const char *name)
{
	const xmlAttr	*a;

	a = xmlHasNsProp(n, BAD_CAST name, NULL);
	if (a == NULL || a->children == NULL)
		return a == NULL ? NULL : "";
	return (const char *)a->children->content;
}

static char *
dup_attr(const xmlNode *n, const char *name)
{
	return g_strdup(attr(n, name));
}

/* s with each run of XML white space made one space. Caller frees. */
static char *
collapse(const char *s)
{
	GString	*out = g_string_sized_new(strlen(s));
	int	 space = 0;

	for (; *s != '\0'; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
			if (!space)
				g_string_append_c(out, ' ');
			space = 1;
		} else {
			g_string_append_c(out, *s);
			space = 0;
		}
	}
	return g_string_free(out, FALSE);
}

/* The text content of n; collapsed and trimmed unless raw. Caller frees. */
static char *
content(const xmlNode *n, int raw)
{
	xmlChar	*c = xmlNodeGetContent(n);
	char	*s;

	s = raw ? g_strdup((const char *)c) : g_strstrip(collapse((char *)c));
	xmlFree(c);
	return s;
}

static struct tmpl_node *
node_new(enum tmpl_type type, long line, struct tmpl_node *parent)
{
	struct tmpl_node	*n = g_new0(struct tmpl_node, 1);

	n->type = type;
	n->line = line;
	n->parent = parent;
	n->ref.qidx = n->ref.cidx = n->label_cidx = -1;
	if (parent != NULL) {
		if (parent->last != NULL)
			parent->last->next = n;
		else
			parent->first = n;
		parent->last = n;
	}
	return n;
}

/* Whether text children of an element of type t are inline content. */
static int
is_inline_parent(enum tmpl_type t)
{
	switch (t) {
	case TMPL_META:
	case TMPL_LINE:
	case TMPL_PART_NAME:
	case TMPL_HEADING:
	case TMPL_PARA:
	case TMPL_ITEM:
	case TMPL_COLUMN:
	case TMPL_CELL:
	case TMPL_CHART_TITLE:
	case TMPL_CAPTION:
	case TMPL_EMPTY:
	case TMPL_EM:
	case TMPL_STRONG:
		return 1;
	case TMPL_IF:
		return -1;	/* as its parent */
	default:
		return 0;
	}
}

static int
inline_context(const struct tmpl_node *n)
{
	int	r;

	for (; n != NULL; n = n->parent)
		if ((r = is_inline_parent(n->type)) >= 0)
			return r;
	return 0;
}

/* The node type of element x under parent. */
static enum tmpl_type
element_type(const xmlNode *x, const struct tmpl_node *parent)
{
	const char	*name = (const char *)x->name;
	static const char *const meta[] = { "title", "short-title",
	    "subject", "marking", "author", "keywords", "footer", "folio" };
	int		 i;

	if (parent == NULL)
		return TMPL_ROOT;
	if (parent->type == TMPL_ROOT &&
	    lookup(meta, G_N_ELEMENTS(meta), name) >= 0)
		return TMPL_META;
	if (strcmp(name, "title") == 0)
		return TMPL_CHART_TITLE;
	for (i = TMPL_PARAM; i < TMPL_MAX; i++)
		if (i != TMPL_META && i != TMPL_CHART_TITLE &&
		    strcmp(type_names[i], name) == 0)
			return i;
	/* The schema admits no other element. */
	g_assert_not_reached();
	return TMPL_MAX;
}

/* Read the attributes of element x into n. */
static void
attributes(struct tmpl_node *n, const xmlNode *x)
{
	const char	*s;
	int		 i;

	n->ref.query = dup_attr(x, "query");
	n->ref.column = dup_attr(x, "column");
	n->ref.param = dup_attr(x, "param");
	n->labels = dup_attr(x, "labels");
	n->null = dup_attr(x, "null");
	n->id = dup_attr(x, n->type == TMPL_LINE ? "role" : "id");
	n->label = dup_attr(x, "label");
	n->key = dup_attr(x, "key");
	if (n->type == TMPL_META)
		n->name = g_strdup((const char *)x->name);
	else
		n->name = dup_attr(x, "name");
	if (n->type == TMPL_PERIOD) {
		n->from = g_strdup((s = attr(x, "from")) ? s : "from");
		n->to = g_strdup((s = attr(x, "to")) ? s : "to");
	}
	if (n->type == TMPL_CHART) {
		/* label names the column of point labels, not a word. */
		g_free(n->label);
		n->label = NULL;
		n->label_column = dup_attr(x, "label");
		n->kind = lookup(chart_names, TMPL_CHART_MAX,
		    attr(x, "kind"));
		s = attr(x, "label-format");
	} else
		s = attr(x, "format");
	if (s != NULL)
		n->format = lookup(format_names, TMPL_FMT_MAX, s);
	if ((s = attr(x, "digits")) != NULL)
		n->digits = (int)g_ascii_strtoll(s, NULL, 10);
	n->negate = g_strcmp0(attr(x, "not"), "yes") == 0;
	if ((s = attr(x, "align")) != NULL)
		n->align = lookup(align_names, TMPL_ALIGN_MAX, s);
	n->width = (s = attr(x, "width")) != NULL ?
	    g_ascii_strtod(s, NULL) : 1.0;
	if (n->type == TMPL_PLURAL)
		for (i = 0; i < FMT_PLURAL_MAX; i++)
			n->forms[i] = dup_attr(x, fmt_plural_name(i));
	if (n->type == TMPL_FIGURE_ALT)
		for (i = 0; i < TMPL_ALT_MAX; i++)
			n->alt[i] = dup_attr(x, alt_names[i]);
}

/*
 * Build the node for element x under parent, and its subtree. Iterative
 * over siblings, recursive over depth (which the schema bounds by the
 * nesting of sections, ifs and eaches a person writes).
 */
static struct tmpl_node *
build(const xmlNode *x, struct tmpl_node *parent)
{
	struct tmpl_node	*n, *t;
	const xmlNode		*c;
	enum tmpl_type		 type = element_type(x, parent);

	n = node_new(type, xmlGetLineNo(x), parent);
	attributes(n, x);
	switch (type) {
	case TMPL_PARAM:
	case TMPL_QUERY:
		n->text = content(x, 1);
		return n;
	case TMPL_LABEL:
	case TMPL_SERIES:
		n->text = content(x, 0);
		return n;
	default:
		break;
	}
	for (c = x->children; c != NULL; c = c->next) {
		if (c->type == XML_ELEMENT_NODE)
			build(c, n);
		else if ((c->type == XML_TEXT_NODE ||
		    c->type == XML_CDATA_SECTION_NODE) && inline_context(n)) {
			t = node_new(TMPL_TEXT, xmlGetLineNo(c), n);
			t->text = collapse((const char *)c->content);
		}
	}
	return n;
}

/*
 * Parse and validate the template at path. Returns the tree, or NULL
 * after diagnostics naming path and the line of each fault. Caller frees
 * with tmpl_free.
 */
struct tmpl *
tmpl_parse(const char *path)
{
	struct tmpl	*t;
	struct stat	 sb;
	GError		*err = NULL;
	char		*text;
	gsize		 len;

	if (stat(path, &sb) == -1) {
		diag_msg(DIAG_NO_FILE, path, 0, "%s", g_strerror(errno));
		return NULL;
	}
	if (!S_ISREG(sb.st_mode)) {
		diag_msg(DIAG_NO_FILE, path, 0, "not a regular file");
		return NULL;
	}
	/* Read here: the entity loader lets libxml2 open no file itself. */
	if (!g_file_get_contents(path, &text, &len, &err)) {
		diag_msg(DIAG_NO_FILE, path, 0, "%s", err->message);
		g_error_free(err);
		return NULL;
	}
	t = tmpl_parse_memory(path, text, len);
	g_free(text);
	return t;
}

/*
 * As tmpl_parse, of the len bytes at text; name is the file name for
 * messages (borrowed).
 */
struct tmpl *
tmpl_parse_memory(const char *name, const char *text, size_t len)
{
	const char		*path = name;
	struct parse		 p;
	struct tmpl		*t = NULL;
	xmlSchemaPtr		 schema = NULL;
	xmlSchemaValidCtxtPtr	 vc = NULL;
	xmlParserCtxtPtr	 ctxt = NULL;
	xmlDocPtr		 doc = NULL;
	xmlNodePtr		 root;
	unsigned		 before = diag_count();

	memset(&p, 0, sizeof(p));
	p.file = path;
	if (len > INT_MAX) {
		diag_msg(DIAG_XML, path, 0, "file too large");
		return NULL;
	}
	if ((schema = xmlsafe_schema("templates/template.xsd")) == NULL)
		goto out;
	if ((ctxt = xmlNewParserCtxt()) == NULL) {
		diag_msg(DIAG_LIBXML, path, 0, "cannot create a parser");
		goto out;
	}
	ctxt->_private = &p;
	ctxt->sax->internalSubset = doctype;
	xmlSetStructuredErrorFunc(&p, xml_error);
	/* NOCDATA: SQL in a CDATA section reads as the text it is. */
	doc = xmlCtxtReadMemory(ctxt, text, (int)len, path, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_BIG_LINES);
	if (p.doctype_line != 0) {
		diag_msg(DIAG_TMPL_DOCTYPE, path, p.doctype_line, NULL);
		goto out;
	}
	if (doc == NULL || diag_count() != before) {
		if (diag_count() == before)
			diag_msg(DIAG_XML, path, 0, "cannot parse");
		goto out;
	}
	root = xmlDocGetRootElement(doc);
	if (root == NULL) {
		diag_msg(DIAG_NO_ELEMENT, path, 0, NULL);
		goto out;
	}
	if (strcmp((const char *)root->name, "briefing") != 0 ||
	    root->ns == NULL ||
	    strcmp((const char *)root->ns->href, TEMPLATE_NS) != 0) {
		diag_msg(DIAG_TMPL_ROOT, path, xmlGetLineNo(root), NULL);
		goto out;
	}
	vc = xmlSchemaNewValidCtxt(schema);
	xmlSchemaSetValidStructuredErrors(vc, xml_error, &p);
	if (xmlSchemaValidateDoc(vc, doc) != 0 || diag_count() != before) {
		if (diag_count() == before)
			diag_msg(DIAG_SCHEMA, path, 0, "does not validate");
		goto out;
	}

	t = g_new0(struct tmpl, 1);
	t->file = g_strdup(path);
	t->sha256 = g_compute_checksum_for_data(G_CHECKSUM_SHA256,
	    (const guchar *)text, len);
	t->lang = dup_attr(root, "lang");
	t->locale = attr(root, "locale") != NULL ? dup_attr(root, "locale") :
	    g_strdup(t->lang);
	t->root = build(root, NULL);
out:
	xmlSetStructuredErrorFunc(NULL, xmlsafe_stray_error);
	xmlSchemaFreeValidCtxt(vc);
	xmlFreeDoc(doc);
	xmlFreeParserCtxt(ctxt);
	xmlSchemaFree(schema);
	return t;
}

static void
node_free(struct tmpl_node *n)
{
	int	i;

	g_free(n->text);
	g_free(n->name);
	g_free(n->id);
	g_free(n->label);
	g_free(n->key);
	g_free(n->labels);
	g_free(n->null);
	g_free(n->ref.query);
	g_free(n->ref.column);
	g_free(n->ref.param);
	g_free(n->from);
	g_free(n->to);
	g_free(n->label_column);
	for (i = 0; i < FMT_PLURAL_MAX; i++)
		g_free(n->forms[i]);
	for (i = 0; i < TMPL_ALT_MAX; i++)
		g_free(n->alt[i]);
	g_free(n);
}

/*
 * Free the template and its tree. The tree is freed without recursion:
 * each node's children are spliced in after it before it goes (cmark).
 */
void
tmpl_free(struct tmpl *t)
{
	struct tmpl_node	*n, *next;

	if (t == NULL)
		return;
	for (n = t->root; n != NULL; n = next) {
		if (n->first != NULL) {
			n->last->next = n->next;
			n->next = n->first;
		}
		next = n->next;
		node_free(n);
	}
	g_free(t->file);
	g_free(t->lang);
	g_free(t->locale);
	g_free(t->sha256);
	g_free(t);
}
