/*
 * doc: building and freeing the bound document tree (see doc.h). Strings
 * are interned, so that a body's name or a date repeated over thousands
 * of rows is stored, and later measured, once.
 */
#include <string.h>

#include "doc.h"

static const char *const type_names[] = {
	[DOC_ROOT] = "briefing",
	[DOC_COVER] = "cover",
	[DOC_LINE] = "line",
	[DOC_CONTENTS] = "contents",
	[DOC_ENTRY] = "entry",
	[DOC_SECTION] = "section",
	[DOC_HEADING] = "heading",
	[DOC_PARA] = "p",
	[DOC_LIST] = "list",
	[DOC_ITEM] = "item",
	[DOC_TABLE] = "table",
	[DOC_COLUMN] = "column",
	[DOC_ROW] = "row",
	[DOC_CHART] = "chart",
	[DOC_SERIES] = "series",
	[DOC_POINT] = "point",
	[DOC_CAPTION] = "caption",
	[DOC_PAGE_BREAK] = "page-break",
	[DOC_PART] = "part",
};
_Static_assert(sizeof(type_names) / sizeof(type_names[0]) == DOC_MAX,
    "every document node type has a name");

const char *
doc_type_name(enum doc_type t)
{
	return t < DOC_MAX ? type_names[t] : "?";
}

/* An empty document with its root. Caller frees with doc_free. */
struct doc *
doc_new(void)
{
	struct doc	*d = g_new0(struct doc, 1);

	d->strings = g_string_chunk_new(16384);
	d->root = doc_append(d, NULL, DOC_ROOT);
	return d;
}

/* s stored once in the document. Borrowed from it; NULL stays NULL. */
const char *
doc_intern(struct doc *d, const char *s)
{
	return s == NULL ? NULL : g_string_chunk_insert_const(d->strings, s);
}

/* A new node of type t, the last child of parent (NULL: none). */
struct doc_node *
doc_append(struct doc *d, struct doc_node *parent, enum doc_type t)
{
	struct doc_node	*n = g_new0(struct doc_node, 1);

	(void)d;
	n->type = t;
	n->parent = parent;
	if (parent != NULL) {
		if (parent->last != NULL)
			parent->last->next = n;
		else
			parent->first = n;
		parent->last = n;
	}
	return n;
}

/*
 * Move n, with its subtree, from under its parent (if any) to the end of
 * parent's children. The subtree then belongs to parent's document: its
 * strings stay where they are, so their document must outlive it.
 */
void
doc_move(struct doc_node *n, struct doc_node *parent)
{
	struct doc_node	*up = n->parent, *prev = NULL, *c;

	if (up != NULL) {
		for (c = up->first; c != n; c = c->next)
			prev = c;
		if (prev != NULL)
			prev->next = n->next;
		else
			up->first = n->next;
		if (up->last == n)
			up->last = prev;
	}
	n->next = NULL;
	n->parent = parent;
	if (parent->last != NULL)
		parent->last->next = n;
	else
		parent->first = n;
	parent->last = n;
}

/*
 * Append a run of text in style to n. Adjacent runs of one style merge,
 * and a space where one run ends and the next begins is kept once (as
 * when a condition between them left nothing).
 */
void
doc_add_run(struct doc *d, struct doc_node *n, const char *text,
    unsigned style)
{
	struct doc_run	 r, *last = NULL;
	size_t		 len;
	char		*joined;

	if (text == NULL)
		return;
	if (n->runs == NULL)
		n->runs = g_array_new(FALSE, FALSE, sizeof(struct doc_run));
	if (n->runs->len > 0)
		last = &g_array_index(n->runs, struct doc_run, n->runs->len - 1);
	/* No space at the start, none twice. */
	if (*text == ' ' && (last == NULL ||
	    ((len = strlen(last->text)) > 0 && last->text[len - 1] == ' ')))
		text++;
	if (*text == '\0')
		return;
	if (last != NULL && last->style == style) {
		joined = g_strconcat(last->text, text, NULL);
		last->text = doc_intern(d, joined);
		g_free(joined);
		return;
	}
	r.text = doc_intern(d, text);
	r.style = style;
	g_array_append_val(n->runs, r);
}

/* Drop the space the runs of n end with, if any, and a run it empties. */
void
doc_tidy_runs(struct doc *d, struct doc_node *n)
{
	struct doc_run	*r;
	char		*s;

	if (n->runs == NULL || n->runs->len == 0)
		return;
	r = &g_array_index(n->runs, struct doc_run, n->runs->len - 1);
	s = g_strchomp(g_strdup(r->text));
	if (*s == '\0')
		g_array_remove_index(n->runs, n->runs->len - 1);
	else
		r->text = doc_intern(d, s);
	g_free(s);
}

/* n's runs as one plain string. Caller frees. */
char *
doc_runs_text(const struct doc_node *n)
{
	GString	*s = g_string_new(NULL);
	guint	 i;

	for (i = 0; n->runs != NULL && i < n->runs->len; i++)
		g_string_append(s, g_array_index(n->runs, struct doc_run,
		    i).text);
	return g_string_free(s, FALSE);
}

/* Free the tree under n, n included, without recursion. */
static void
tree_free(struct doc_node *n)
{
	struct doc_node	*next;

	for (; n != NULL; n = next) {
		if (n->first != NULL) {
			n->last->next = n->next;
			n->next = n->first;
		}
		next = n->next;
		if (n->runs != NULL)
			g_array_free(n->runs, TRUE);
		g_free(n->cells);
		g_free(n->values);
		g_free(n);
	}
}

/* Free the document; the tree without recursion. NULL is a no-op. */
void
doc_free(struct doc *d)
{
	if (d == NULL)
		return;
	if (d->folio != NULL) {
		g_array_free(d->folio->runs, TRUE);
		g_free(d->folio);
	}
	tree_free(d->pack);
	tree_free(d->root);
	g_string_chunk_free(d->strings);
	g_free(d);
}
