/*
 * dump: text dumps for tests (see dump.h). The format is stable: a change
 * to it changes every expected file in tests/bind/, so change it only on
 * purpose.
 */
#include <string.h>

#include "doc.h"
#include "dump.h"
#include "layout.h"
#include "tmpl.h"

/* s between open and close, with those, the backslash and controls escaped. */
static void
quoted(FILE *f, const char *s, char open, char close)
{
	fputc(open, f);
	for (; s != NULL && *s != '\0'; s++) {
		if (*s == close || *s == '\\')
			fprintf(f, "\\%c", *s);
		else if (*s == '\n')
			fputs("\\n", f);
		else if ((unsigned char)*s < 0x20)
			fprintf(f, "\\x%02x", (unsigned char)*s);
		else
			fputc(*s, f);
	}
	fputc(close, f);
}

static void
runs(FILE *f, const struct doc_node *n)
{
	const struct doc_run	*r;
	guint			 i;

	for (i = 0; n->runs != NULL && i < n->runs->len; i++) {
		r = &g_array_index(n->runs, struct doc_run, i);
		fputc(' ', f);
		if (r->style & DOC_EM)
			fputs("em", f);
		if (r->style & DOC_STRONG)
			fputs("strong", f);
		if (r->style & DOC_PAGE)
			fputs("page", f);
		if (r->style & DOC_PAGES)
			fputs("pages", f);
		if (r->style & DOC_VALUE)
			quoted(f, r->text, '{', '}');
		else
			quoted(f, r->text, '"', '"');
	}
}

static void
meta(FILE *f, const char *name, const char *value)
{
	if (value == NULL)
		return;
	fprintf(f, "%s ", name);
	quoted(f, value, '"', '"');
	fputc('\n', f);
}

static void
node(FILE *f, const struct doc_node *n, int depth)
{
	const struct doc_node	*c;
	int			 i, rows = 0, points = 0;

	fprintf(f, "%*s%s", depth * 2, "", doc_type_name(n->type));
	switch (n->type) {
	case DOC_LINE:
		fprintf(f, " %s", n->id);
		break;
	case DOC_SECTION:
	case DOC_ENTRY:
		if (n->label != NULL) {
			fputc(' ', f);
			quoted(f, n->label, '"', '"');
		}
		if (n->number != NULL)
			fprintf(f, " %s", n->number);
		fprintf(f, " #%s", n->id);
		break;
	case DOC_PART:
		fprintf(f, " #%s ", n->id);
		quoted(f, n->text, '"', '"');
		break;
	case DOC_TABLE:
		for (c = n->first; c != NULL; c = c->next)
			rows += c->type == DOC_ROW;
		fprintf(f, " columns=%d rows=%d", n->ncols, rows);
		break;
	case DOC_COLUMN:
		fprintf(f, " %s %g ", tmpl_align_name(n->align), n->width);
		quoted(f, n->text, '"', '"');
		break;
	case DOC_ROW:
		for (i = 0; i < n->ncols; i++) {
			fputs(i == 0 ? " " : " | ", f);
			quoted(f, n->cells[i], '{', '}');
		}
		break;
	case DOC_CHART:
		for (c = n->first; c != NULL; c = c->next)
			points += c->type == DOC_POINT;
		fprintf(f, " %s series=%d points=%d",
		    tmpl_chart_name(n->kind), n->ncols, points);
		if (n->text != NULL) {
			fputs(" empty ", f);
			quoted(f, n->text, '"', '"');
		}
		break;
	case DOC_SERIES:
		fputc(' ', f);
		quoted(f, n->text, '"', '"');
		break;
	case DOC_POINT:
		if (n->id != NULL)
			fprintf(f, " @%s", n->id);
		fputc(' ', f);
		quoted(f, n->text, '{', '}');
		for (i = 0; i < n->ncols; i++)
			fprintf(f, " %g", n->values[i]);
		break;
	case DOC_CAPTION:
		if (n->title)
			fputs(" title", f);
		break;
	default:
		break;
	}
	runs(f, n);
	fputc('\n', f);
	for (c = n->first; c != NULL; c = c->next)
		node(f, c, depth + 1);
}

/* Print doc to f. 1, or 0 if writing failed. */
int
dump_tree(FILE *f, const struct doc *d)
{
	const struct doc_node	*c;

	fprintf(f, "briefing lang=%s locale=%s issued=%s\n", d->lang,
	    d->locale, d->issued);
	meta(f, "title", d->title);
	meta(f, "short-title", d->short_title);
	meta(f, "subject", d->subject);
	meta(f, "marking", d->marking);
	meta(f, "author", d->author);
	meta(f, "keywords", d->keywords);
	meta(f, "footer", d->footer);
	if (d->folio != NULL) {
		fputs("folio", f);
		runs(f, d->folio);
		fputc('\n', f);
	}
	for (c = d->root->first; c != NULL; c = c->next)
		node(f, c, 0);
	return fflush(f) == 0 && !ferror(f);
}

/* One item of the display list. */
static void
item(FILE *f, const struct lay_item *it)
{
	const char	*text;
	char		*s;

	switch (it->kind) {
	case LAY_TEXT:
		if (it->words != NULL)
			s = g_strndup(it->words->text, it->words->len);
		else {
			text = pango_layout_get_text(it->line->layout);
			s = g_strndup(text + it->line->start_index,
			    it->line->length);
		}
		fprintf(f, "  text %.1f %.1f ", it->x, it->y);
		quoted(f, s, '"', '"');
		g_free(s);
		break;
	case LAY_RULE:
		fprintf(f, "  rule %.1f %.1f %+.1f %+.1f width %.1f", it->x,
		    it->y, it->w, it->h, it->lw);
		break;
	case LAY_DOTS:
		fprintf(f, "  dots %.1f %.1f %+.1f", it->x, it->y, it->w);
		break;
	case LAY_FILL:
		fprintf(f, "  fill %.1f %.1f %.1fx%.1f grey %.2f", it->x, it->y,
		    it->w, it->h, it->grey);
		break;
	case LAY_CHART:
		fprintf(f, "  chart %.1f %.1f %.1fx%.1f %s", it->x, it->y,
		    it->w, it->h, tmpl_chart_name(it->node->kind));
		break;
	case LAY_TAG:
		fprintf(f, "  tag %s", it->tag);
		if (it->attrs != NULL && *it->attrs != '\0') {
			fputc(' ', f);
			quoted(f, it->attrs, '"', '"');
		}
		break;
	case LAY_END:
		fputs("  end", f);
		break;
	default:
		fputs("  ?", f);
		break;
	}
	fputc('\n', f);
}

/* Print the display list ld to f. 1, or 0 if writing failed. */
int
dump_layout(FILE *f, const struct lay_doc *ld)
{
	const struct lay_outline	*o;
	const struct lay_page		*p;
	guint				 i, j;

	fprintf(f, "layout %.1fx%.1f pages=%u\n", ld->width, ld->height,
	    ld->pages->len);
	for (i = 0; i < ld->outline->len; i++) {
		o = &g_array_index(ld->outline, struct lay_outline, i);
		fprintf(f, "outline %d #%s ", o->level, o->dest);
		quoted(f, o->title, '"', '"');
		fputc('\n', f);
	}
	for (i = 0; i < ld->pages->len; i++) {
		p = g_ptr_array_index(ld->pages, i);
		fprintf(f, "page %u\n", i + 1);
		for (j = 0; j < p->items->len; j++)
			item(f, &g_array_index(p->items, struct lay_item, j));
	}
	return fflush(f) == 0 && !ferror(f);
}
