/*
 * brief: one briefing from a template and the register to a PDF (see
 * brief.h). The command line's render, the archive's monthly run and
 * its re-render all go through here, so an archived file and a file
 * rendered by hand with the same parameters are the same bytes.
 */
#include <string.h>

#include <glib.h>

#include "bind.h"
#include "brief.h"
#include "db.h"
#include "diag.h"
#include "doc.h"
#include "fmt.h"
#include "fonts.h"
#include "pdf.h"
#include "tmpl.h"

struct brief *
brief_new(const struct brief_req *r)
{
	struct brief	*b;

	b = g_new0(struct brief, 1);
	b->req = *r;
	if ((b->t = tmpl_parse(r->template)) == NULL)
		goto fail;
	if (r->lang != NULL && strcmp(r->lang, b->t->lang) != 0) {
		diag_msg(DIAG_USAGE, NULL, 0, "--lang %s, but %s is in %s",
		    r->lang, r->template, b->t->lang);
		goto fail;
	}
	/* Values and charts alike, in the template's locale. */
	b->fmt = fmt_new(b->t->locale);
	return b;
fail:
	brief_free(b);
	return NULL;
}

int
brief_bind(struct brief *b, struct db *db)
{
	struct bind_params	 bp;

	if (!db_known_country(db, b->req.country))
		return 0;
	bp.country = b->req.country;
	bp.from = b->req.from;
	bp.to = b->req.to;
	bp.issued = b->req.issued;
	doc_free(b->doc);
	b->doc = bind_doc(db, b->t, b->fmt, &bp);
	return b->doc != NULL;
}

void
brief_free(struct brief *b)
{
	if (b == NULL)
		return;
	doc_free(b->doc);
	fmt_free(b->fmt);
	tmpl_free(b->t);
	g_free(b);
}

int
brief_write_pdf(const struct brief *b, const struct brief_pdf *o,
    const char *out, unsigned *pages)
{
	return brief_write_doc(b->doc, b->fmt, o, out, pages);
}

int
brief_write_doc(const struct doc *doc, const struct fmt *fmt,
    const struct brief_pdf *o, const char *out, unsigned *pages)
{
	struct fonts		*fonts;
	struct pdf_out		*po;
	struct pdf_info		 info;
	struct lay_sink		 sink;
	struct lay_doc		*ld;
	double			 w, h;
	char			*creator;
	int			 ok = 0;

	if ((fonts = fonts_new(doc->lang)) == NULL)
		return 0;
	creator = g_strdup_printf("briefgen %s", VERSION);
	info.title = doc->title;
	info.subject = doc->subject;
	info.author = o->author != NULL ? o->author : doc->author;
	info.keywords = doc->keywords;
	info.creator = creator;
	info.date = o->stamp;
	layout_paper_size(o->paper, &w, &h);
	if ((po = pdf_open(fonts, fmt, &info, w, h, doc->lang,
	    out)) != NULL) {
		sink.page = pdf_page;
		sink.over = pdf_over;
		sink.arg = po;
		ld = layout_stream(doc, fonts, o->paper, &sink);
		if ((ok = pdf_close(po, ld)) && ld != NULL && pages != NULL)
			*pages = ld->pages->len;
		layout_free(ld);
	}
	g_free(creator);
	fonts_free(fonts);
	return ok;
}
