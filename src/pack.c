/*
 * pack: a pack of briefings as one document (see pack.h). Each part is
 * a briefing bound as render binds it (brief.c), each in its own
 * document with its own strings; the pack's document holds the pack's
 * cover, its contents and a DOC_PART per briefing, to which the
 * briefing's blocks are moved. It never lays out or writes anything,
 * and it holds no wording of its own: the cover's lines, the contents
 * heading, the running lines and the folio all come from the template.
 */
#include <string.h>

#include <glib.h>

#include "brief.h"
#include "db.h"
#include "diag.h"
#include "doc.h"
#include "fmt.h"
#include "pack.h"
#include "tmpl.h"

static void
part_free(gpointer p)
{
	brief_free(p);
}

/* Whether template t has a cover for a pack. */
static int
has_pack(const struct tmpl *t)
{
	const struct tmpl_node	*n;

	for (n = t->root->first; n != NULL; n = n->next)
		if (n->type == TMPL_PACK)
			return 1;
	return 0;
}

struct pack *
pack_new(const struct pack_req *r)
{
	struct pack		*pk;
	struct brief_req	 br;
	struct brief		*b;
	guint			 i;
	int			 ok = 0;

	pk = g_new0(struct pack, 1);
	pk->parts = g_ptr_array_new_with_free_func(part_free);
	for (i = 0; i < r->ncountries; i++) {
		br.template = r->template;
		br.lang = r->lang;
		br.country = r->countries[i];
		br.from = r->from;
		br.to = r->to;
		br.issued = r->issued;
		if ((b = brief_new(&br)) == NULL)
			goto out;
		g_ptr_array_add(pk->parts, b);
		if (i == 0 && !has_pack(b->t)) {
			diag_msg(DIAG_TMPL_NO_PACK, b->t->file,
			    b->t->root->line, NULL);
			goto out;
		}
	}
	ok = r->ncountries > 0;
out:
	if (!ok) {
		pack_free(pk);
		pk = NULL;
	}
	return pk;
}

void
pack_free(struct pack *pk)
{
	if (pk == NULL)
		return;
	/* The pack's tree first: it holds the parts' nodes. */
	doc_free(pk->doc);
	g_ptr_array_free(pk->parts, TRUE);
	g_free(pk);
}

const struct fmt *
pack_fmt(const struct pack *pk)
{
	const struct brief	*b = g_ptr_array_index(pk->parts, 0);

	return b->fmt;
}

/*
 * Append the runs of from (a node of another document) to n, in d; a
 * DOC_PARTS run becomes names, as a value. n's runs are tidied.
 */
static void
copy_runs(struct doc *d, struct doc_node *n, const struct doc_node *from,
    const char *names)
{
	const struct doc_run	*r;
	guint			 i;

	for (i = 0; from->runs != NULL && i < from->runs->len; i++) {
		r = &g_array_index(from->runs, struct doc_run, i);
		if (r->style & DOC_PARTS)
			doc_add_run(d, n, names,
			    (r->style & ~(unsigned)DOC_PARTS) | DOC_VALUE);
		else
			doc_add_run(d, n, r->text, r->style);
	}
	doc_tidy_runs(d, n);
}

/* "CC-id", interned in d. */
static const char *
prefixed(struct doc *d, const char *cc, const char *id)
{
	const char	*s;
	char		*p;

	p = g_strdup_printf("%s-%s", cc, id);
	s = doc_intern(d, p);
	g_free(p);
	return s;
}

/*
 * Prefix the id of every section of d with "CC-", so that the parts'
 * destinations differ. The tree is walked without recursion.
 */
static void
prefix_ids(struct doc *d, const char *cc)
{
	struct doc_node	*n = d->root->first;

	while (n != NULL) {
		if (n->type == DOC_SECTION && n->id != NULL)
			n->id = prefixed(d, cc, n->id);
		if (n->first != NULL) {
			n = n->first;
			continue;
		}
		while (n != NULL && n->next == NULL)
			n = n->parent != d->root ? n->parent : NULL;
		if (n != NULL)
			n = n->next;
	}
}

/* The first child of n of type t, or NULL. */
static struct doc_node *
child(const struct doc_node *n, enum doc_type t)
{
	struct doc_node	*c;

	for (c = n->first; c != NULL; c = c->next)
		if (c->type == t)
			return c;
	return NULL;
}

/*
 * The pack's contents: the first part's contents heading, then per part
 * an entry for the part (level 1, to its title page) and its own
 * contents' entries a level down, their ids prefixed.
 */
static void
pack_contents(struct pack *pk, struct doc_node *toc)
{
	struct doc		*d = pk->doc;
	const struct brief	*b;
	const struct doc_node	*own, *h, *e;
	struct doc_node		*n;
	guint			 i;

	b = g_ptr_array_index(pk->parts, 0);
	own = child(b->doc->root, DOC_CONTENTS);
	if (own != NULL && (h = child(own, DOC_HEADING)) != NULL)
		copy_runs(d, doc_append(d, toc, DOC_HEADING), h, NULL);
	for (i = 0; i < pk->parts->len; i++) {
		b = g_ptr_array_index(pk->parts, i);
		n = doc_append(d, toc, DOC_ENTRY);
		n->id = doc_intern(d, b->req.country);
		n->level = 1;
		doc_add_run(d, n, b->doc->title, DOC_PLAIN);
		own = child(b->doc->root, DOC_CONTENTS);
		for (e = own != NULL ? own->first : NULL; e != NULL;
		    e = e->next) {
			if (e->type != DOC_ENTRY)
				continue;
			n = doc_append(d, toc, DOC_ENTRY);
			n->id = prefixed(d, b->req.country, e->id);
			n->number = doc_intern(d, e->number);
			n->label = doc_intern(d, e->label);
			n->level = e->level + 1;
			copy_runs(d, n, e, NULL);
		}
	}
}

/*
 * The pack's cover: the first part's binding of the template's <pack>
 * lines, <parts/> standing for the parts' names ("Germany and France").
 * Its title line is the pack's title. Returns the title (borrowed from
 * d), or NULL when the cover has none.
 */
static const char *
pack_cover(struct pack *pk, struct doc_node *cover)
{
	struct doc		*d = pk->doc;
	const struct brief	*b;
	const struct doc_node	*c;
	struct doc_node		*line;
	const char		*title = NULL, **v;
	char			*s, *names;
	guint			 i;

	v = g_new0(const char *, pk->parts->len + 1);
	for (i = 0; i < pk->parts->len; i++) {
		b = g_ptr_array_index(pk->parts, i);
		v[i] = b->doc->part_name != NULL ? b->doc->part_name :
		    b->doc->title;
	}
	b = g_ptr_array_index(pk->parts, 0);
	/* ICU joins them for the language; else commas will do. */
	if ((names = fmt_list(b->fmt, v, (int)pk->parts->len)) == NULL)
		names = g_strjoinv(", ", (char **)v);
	g_free(v);
	for (c = b->doc->pack->first; c != NULL; c = c->next) {
		line = doc_append(d, cover, DOC_LINE);
		line->id = doc_intern(d, c->id);
		copy_runs(d, line, c, names);
		if (title == NULL && g_strcmp0(c->id, "title") == 0) {
			s = doc_runs_text(line);
			title = doc_intern(d, s);
			g_free(s);
		}
	}
	g_free(names);
	return title;
}

/*
 * Build pk->doc from the bound parts. The document information, the
 * running lines and the folio of the pack's own pages (cover, contents)
 * are the first part's, but for the title and short title, which are
 * the pack cover's title.
 */
static void
assemble(struct pack *pk)
{
	struct doc		*d = doc_new();
	const struct doc	*first;
	const struct brief	*b;
	struct doc_node		*part, *c, *next;
	guint			 i;

	pk->doc = d;
	b = g_ptr_array_index(pk->parts, 0);
	first = b->doc;
	d->lang = doc_intern(d, first->lang);
	d->locale = doc_intern(d, first->locale);
	d->issued = doc_intern(d, first->issued);
	d->subject = doc_intern(d, first->subject);
	d->marking = doc_intern(d, first->marking);
	d->author = doc_intern(d, first->author);
	d->footer = doc_intern(d, first->footer);
	if (first->folio != NULL) {
		d->folio = doc_append(d, NULL, DOC_LINE);
		copy_runs(d, d->folio, first->folio, NULL);
	}
	d->title = pack_cover(pk, doc_append(d, d->root, DOC_COVER));
	if (d->title == NULL)
		d->title = doc_intern(d, first->title);
	d->short_title = d->title;
	pack_contents(pk, doc_append(d, d->root, DOC_CONTENTS));
	for (i = 0; i < pk->parts->len; i++) {
		b = g_ptr_array_index(pk->parts, i);
		prefix_ids(b->doc, b->req.country);
		part = doc_append(d, d->root, DOC_PART);
		part->id = doc_intern(d, b->req.country);
		part->text = doc_intern(d, b->doc->title);
		part->part = b->doc;
		/* Its own contents stays behind: the pack's replaces it. */
		for (c = b->doc->root->first; c != NULL; c = next) {
			next = c->next;
			if (c->type != DOC_CONTENTS)
				doc_move(c, part);
		}
	}
}

int
pack_bind(struct pack *pk, struct db *db)
{
	struct brief	*b;
	guint		 i;
	int		 known = 1, ok = 0;

	/* One snapshot: each part's read transaction nests in this one. */
	if (!db_begin_read(db))
		return 0;
	for (i = 0; i < pk->parts->len; i++) {
		b = g_ptr_array_index(pk->parts, i);
		if (!db_known_country(db, b->req.country))
			known = 0;
	}
	if (!known)
		goto out;
	for (i = 0; i < pk->parts->len; i++)
		if (!brief_bind(g_ptr_array_index(pk->parts, i), db))
			goto out;
	ok = 1;
out:
	if (ok)
		ok = db_commit(db);
	else
		db_rollback(db);
	if (ok)
		assemble(pk);
	return ok;
}
