/*
 * archive: the archive directory, its record and its checks (see
 * archive.h). A month's record is manifest.xml, SHA256SUMS and the rows
 * of the register's render table; each briefing a run renders goes in
 * whole, with its record, or not at all, and a file the archive holds is
 * never overwritten: a later rendering moves it to superseded/, and a
 * file whose bytes are not the recorded ones is left alone and reported.
 * It must not lay out or draw anything itself (brief does) nor touch
 * SQL (db does).
 */
#define _DEFAULT_SOURCE		/* flock(2) */

#include <sys/file.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "archive.h"
#include "brief.h"
#include "datadir.h"
#include "db.h"
#include "diag.h"
#include "doc.h"
#include "isodate.h"
#include "outfile.h"
#include "tmpl.h"
#include "xmlsafe.h"

#define ARCHIVE_NS	"urn:briefgen:archive:1"
#define MANIFEST	"manifest.xml"
#define SUMS		"SHA256SUMS"
#define LOCK		".lock"		/* at the top of the archive */
#define SUPERSEDED	"superseded"

/* What the manifest says of one file. */
struct entry {
	char		*name;		/* under the month: DE-en.pdf */
	char		*sha256;	/* hex */
	gint64		 bytes;
	unsigned	 pages;
	char		*country, *from, *to, *lang, *paper;
	char		*template;	/* templates/briefing.en.xml */
	char		*template_sha256, *data_sha256;
	char		*version;	/* briefgen's */
	char		*issued;	/* YYYY-MM-DD */
	char		*created;	/* the PDF's creation date */
	char		*superseded;	/* the day it was replaced, or NULL */
};

/* One month's manifest. */
struct manifest {
	char		*month;		/* YYYY-MM */
	GPtrArray	*files;		/* of struct entry */
};

static void
entry_free(gpointer p)
{
	struct entry	*e = p;

	if (e == NULL)
		return;
	g_free(e->name);
	g_free(e->sha256);
	g_free(e->country);
	g_free(e->from);
	g_free(e->to);
	g_free(e->lang);
	g_free(e->paper);
	g_free(e->template);
	g_free(e->template_sha256);
	g_free(e->data_sha256);
	g_free(e->version);
	g_free(e->issued);
	g_free(e->created);
	g_free(e->superseded);
	g_free(e);
}

static struct manifest *
manifest_new(const char *month)
{
	struct manifest	*m = g_new0(struct manifest, 1);

	m->month = g_strdup(month);
	m->files = g_ptr_array_new_with_free_func(entry_free);
	return m;
}

static void
manifest_free(struct manifest *m)
{
	if (m == NULL)
		return;
	g_free(m->month);
	g_ptr_array_free(m->files, TRUE);
	g_free(m);
}

/* The entry of m called name, or NULL. Borrowed. */
static struct entry *
manifest_find(const struct manifest *m, const char *name)
{
	struct entry	*e;
	guint		 i;

	for (i = 0; i < m->files->len; i++) {
		e = g_ptr_array_index(m->files, i);
		if (strcmp(e->name, name) == 0)
			return e;
	}
	return NULL;
}

/* libxml2's errors while a manifest is read, as diagnostics at its line. */
static void
manifest_error(void *arg, xmlErrorPtr e)
{
	char	*msg;

	if (e->level == XML_ERR_WARNING)
		return;
	msg = xmlsafe_message(e, ARCHIVE_NS);
	diag_msg(DIAG_MANIFEST, arg, e->line, "%s", msg);
	g_free(msg);
}

static char *
prop(xmlNodePtr n, const char *name)
{
	xmlChar	*v = xmlGetProp(n, (const xmlChar *)name);
	char	*s = v != NULL ? g_strdup((const char *)v) : NULL;

	xmlFree(v);
	return s;
}

/*
 * The manifest at path (shown as show in messages), for month (YYYY-MM;
 * NULL: any). A file that is
 * not there is an empty manifest when may_lack is set, else
 * DIAG_ARCHIVE_MISSING. NULL after diagnostics: not well-formed, a
 * document type, not valid by data/archive.xsd, another month. Caller
 * frees.
 */
static struct manifest *
manifest_read(const char *path, const char *show, const char *month,
    int may_lack)
{
	struct manifest		*m = NULL, *r = NULL;
	struct entry		*e;
	xmlSchemaPtr		 schema = NULL;
	xmlSchemaValidCtxtPtr	 vc = NULL;
	xmlDocPtr		 doc = NULL;
	xmlNodePtr		 root, n;
	GError			*err = NULL;
	char			*v, *text = NULL;
	gsize			 len;
	unsigned		 before = diag_count();

	if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
		if (may_lack)
			return manifest_new(month);
		diag_msg(DIAG_ARCHIVE_MISSING, show, 0, NULL);
		return NULL;
	}
	/* Read here: xmlsafe's entity loader lets libxml2 open no file. */
	if (!g_file_get_contents(path, &text, &len, &err)) {
		diag_msg(DIAG_IO, show, 0, "%s", err->message);
		g_error_free(err);
		return NULL;
	}
	if (len > INT_MAX || (schema = xmlsafe_schema("data/archive.xsd")) ==
	    NULL) {
		if (len > INT_MAX)
			diag_msg(DIAG_MANIFEST, show, 0, "file too large");
		g_free(text);
		return NULL;
	}
	xmlSetStructuredErrorFunc((void *)show, manifest_error);
	doc = xmlReadMemory(text, (int)len, path, NULL, XML_PARSE_NONET |
	    XML_PARSE_BIG_LINES);
	if (doc == NULL || diag_count() != before) {
		if (diag_count() == before)
			diag_msg(DIAG_MANIFEST, show, 0, "cannot parse");
		goto out;
	}
	if (doc->intSubset != NULL) {
		diag_msg(DIAG_MANIFEST, show, xmlGetLineNo((xmlNodePtr)
		    doc->intSubset), "document type declarations are not "
		    "allowed");
		goto out;
	}
	root = xmlDocGetRootElement(doc);
	if (root == NULL || strcmp((const char *)root->name, "archive") != 0 ||
	    root->ns == NULL ||
	    strcmp((const char *)root->ns->href, ARCHIVE_NS) != 0) {
		diag_msg(DIAG_MANIFEST, show, root != NULL ?
		    xmlGetLineNo(root) : 0, "the root must be archive in "
		    ARCHIVE_NS);
		goto out;
	}
	vc = xmlSchemaNewValidCtxt(schema);
	xmlSchemaSetValidStructuredErrors(vc, manifest_error, (void *)show);
	if (xmlSchemaValidateDoc(vc, doc) != 0 || diag_count() != before) {
		if (diag_count() == before)
			diag_msg(DIAG_MANIFEST, show, 0, "does not validate");
		goto out;
	}
	v = prop(root, "month");
	if (month != NULL && strcmp(v, month) != 0) {
		diag_msg(DIAG_MANIFEST, show, xmlGetLineNo(root), "it is for "
		    "%s, in the directory of %s", v, month);
		g_free(v);
		goto out;
	}
	m = manifest_new(v);
	g_free(v);
	for (n = root->children; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		e = g_new0(struct entry, 1);
		e->name = prop(n, "name");
		e->sha256 = prop(n, "sha256");
		v = prop(n, "bytes");
		e->bytes = g_ascii_strtoll(v, NULL, 10);
		g_free(v);
		v = prop(n, "pages");
		e->pages = (unsigned)MIN(g_ascii_strtoull(v, NULL, 10),
		    UINT_MAX);
		g_free(v);
		e->country = prop(n, "country");
		e->from = prop(n, "from");
		e->to = prop(n, "to");
		e->lang = prop(n, "lang");
		e->paper = prop(n, "paper");
		e->template = prop(n, "template");
		e->template_sha256 = prop(n, "template-sha256");
		e->data_sha256 = prop(n, "data-sha256");
		e->version = prop(n, "version");
		e->issued = prop(n, "issued");
		e->created = prop(n, "created");
		e->superseded = prop(n, "superseded");
		g_ptr_array_add(m->files, e);
		/* What the schema cannot say. */
		if ((e->superseded != NULL) != g_str_has_prefix(e->name,
		    SUPERSEDED "/"))
			diag_msg(DIAG_MANIFEST, show, xmlGetLineNo(n), "%s: "
			    "a file is superseded if and only if it is kept "
			    "in " SUPERSEDED "/", e->name);
	}
	if (diag_count() == before) {
		r = m;
		m = NULL;
	}
out:
	xmlSetStructuredErrorFunc(NULL, xmlsafe_stray_error);
	manifest_free(m);
	xmlSchemaFreeValidCtxt(vc);
	xmlFreeDoc(doc);
	xmlSchemaFree(schema);
	g_free(text);
	return r;
}

/* For g_ptr_array_sort over strings. */
static gint
str_cmp(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static gint
entry_cmp(gconstpointer a, gconstpointer b)
{
	const struct entry *x = *(struct entry *const *)a;
	const struct entry *y = *(struct entry *const *)b;

	return strcmp(x->name, y->name);
}

/* Append name="value" to s, the value escaped. */
static void
attr(GString *s, const char *name, const char *value)
{
	char	*v = g_markup_escape_text(value, -1);

	g_string_append_printf(s, " %s=\"%s\"", name, v);
	g_free(v);
}

/* The manifest as its file says it, its files in name order. */
static GString *
manifest_text(struct manifest *m)
{
	GString		*s = g_string_new(NULL);
	struct entry	*e;
	guint		 i;
	char		 n[32];

	g_ptr_array_sort(m->files, entry_cmp);
	g_string_append(s, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<archive xmlns=\"" ARCHIVE_NS "\"");
	attr(s, "month", m->month);
	g_string_append(s, ">\n");
	for (i = 0; i < m->files->len; i++) {
		e = g_ptr_array_index(m->files, i);
		g_string_append(s, "  <file");
		attr(s, "name", e->name);
		attr(s, "sha256", e->sha256);
		g_snprintf(n, sizeof(n), "%" G_GINT64_FORMAT, e->bytes);
		attr(s, "bytes", n);
		g_snprintf(n, sizeof(n), "%u", e->pages);
		attr(s, "pages", n);
		g_string_append(s, "\n       ");
		attr(s, "country", e->country);
		attr(s, "from", e->from);
		attr(s, "to", e->to);
		attr(s, "lang", e->lang);
		attr(s, "paper", e->paper);
		g_string_append(s, "\n       ");
		attr(s, "template", e->template);
		attr(s, "template-sha256", e->template_sha256);
		g_string_append(s, "\n       ");
		attr(s, "data-sha256", e->data_sha256);
		g_string_append(s, "\n       ");
		attr(s, "version", e->version);
		attr(s, "issued", e->issued);
		attr(s, "created", e->created);
		if (e->superseded != NULL)
			attr(s, "superseded", e->superseded);
		g_string_append(s, "/>\n");
	}
	g_string_append(s, "</archive>\n");
	return s;
}

/*
 * Write the month's record into monthdir: manifest.xml, then SHA256SUMS
 * (every file of m and manifest.xml, as sha256sum prints them), each
 * through a temporary file, renamed once both are written. 1, or 0
 * after a diagnostic with both files as they were.
 *
 * XXX: Should the second rename fail after the first succeeded, the two
 * disagree until the next run writes them; verify says so.
 */
static int
record_write(const char *monthdir, struct manifest *m)
{
	GString		*x, *s;
	GPtrArray	*lines = g_ptr_array_new_with_free_func(g_free);
	struct outfile	*om = NULL, *os = NULL;
	struct entry	*e;
	char		*sha, *path, *l, *n;
	guint		 i;
	int		 ok = 0;

	x = manifest_text(m);
	sha = g_compute_checksum_for_data(G_CHECKSUM_SHA256,
	    (const guchar *)x->str, x->len);
	/* Name first, to sort by it; sha256sum's order written. */
	for (i = 0; i < m->files->len; i++) {
		e = g_ptr_array_index(m->files, i);
		g_ptr_array_add(lines, g_strdup_printf("%s %s", e->name,
		    e->sha256));
	}
	g_ptr_array_add(lines, g_strdup_printf(MANIFEST " %s", sha));
	g_ptr_array_sort(lines, str_cmp);
	s = g_string_new(NULL);
	for (i = 0; i < lines->len; i++) {
		l = g_ptr_array_index(lines, i);
		n = strrchr(l, ' ');
		g_string_append_printf(s, "%s  %.*s\n", n + 1, (int)(n - l), l);
	}

	path = g_build_filename(monthdir, MANIFEST, NULL);
	om = outfile_new(path);
	g_free(path);
	path = g_build_filename(monthdir, SUMS, NULL);
	os = outfile_new(path);
	g_free(path);
	if (om == NULL || os == NULL ||
	    !outfile_write(om, x->str, x->len) || !outfile_close(om) ||
	    !outfile_write(os, s->str, s->len) || !outfile_close(os))
		goto out;
	ok = outfile_commit(om);
	om = NULL;
	if (ok)
		ok = outfile_commit(os);
	else
		outfile_abort(os);
	os = NULL;
out:
	outfile_abort(om);
	outfile_abort(os);
	g_ptr_array_free(lines, TRUE);
	g_string_free(x, TRUE);
	g_string_free(s, TRUE);
	g_free(sha);
	return ok;
}

/*
 * The SHA-256 of the file at path, in hex (65 bytes), and its size. 1;
 * 0 when there is no such file; -1 after a diagnostic (it cannot be
 * read).
 */
static int
hash_file(const char *path, char hex[65], gint64 *bytes)
{
	GMappedFile	*mf;
	GError		*err = NULL;
	struct stat	 st;
	char		*sum;
	gsize		 len;

	if (g_lstat(path, &st) == -1 && errno == ENOENT)
		return 0;
	if ((mf = g_mapped_file_new(path, FALSE, &err)) == NULL) {
		diag_msg(DIAG_IO, path, 0, "%s", err->message);
		g_error_free(err);
		return -1;
	}
	len = g_mapped_file_get_length(mf);
	sum = g_compute_checksum_for_data(G_CHECKSUM_SHA256, len > 0 ?
	    (const guchar *)g_mapped_file_get_contents(mf) :
	    (const guchar *)"", len);
	g_strlcpy(hex, sum, 65);
	g_free(sum);
	if (bytes != NULL)
		*bytes = (gint64)len;
	g_mapped_file_unref(mf);
	return 1;
}

/*
 * Lock the archive at dir (shown as show): exclusive for a run that
 * writes it, shared
 * for one that reads it. The lock goes with the process, however it
 * ends. The descriptor to close when done; -2 when a reader finds no
 * lock file, which means no writer has ever run there (a copy on
 * read-only media); -1 after a diagnostic (DIAG_ARCHIVE_LOCKED when
 * another run holds it).
 */
static int
lock_take(const char *dir, const char *show, int exclusive)
{
	char	*path = g_build_filename(dir, LOCK, NULL);
	int	 fd;

	fd = open(path, exclusive ? O_RDWR | O_CREAT | O_CLOEXEC :
	    O_RDONLY | O_CLOEXEC, 0666);
	if (fd == -1) {
		if (!exclusive && errno == ENOENT)
			fd = -2;
		else
			diag_msg(exclusive ? DIAG_CANTCREAT : DIAG_IO, path, 0,
			    "%s", g_strerror(errno));
		g_free(path);
		return fd;
	}
	if (flock(fd, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) == -1) {
		if (errno == EWOULDBLOCK)
			diag_msg(DIAG_ARCHIVE_LOCKED, show, 0, NULL);
		else
			diag_msg(DIAG_IO, path, 0, "%s", g_strerror(errno));
		close(fd);
		fd = -1;
	}
	g_free(path);
	return fd;
}

/* The shipped template for lang, as the archive records it. */
static char *
template_name(const char *lang)
{
	return g_strdup_printf("templates/briefing.%s.xml", lang);
}

/*
 * A briefing of e's (or r's) parameters, bound: NULL after diagnostics.
 * The template is the shipped one for lang, found through datadir.
 */
static struct brief *
bind_one(struct db *db, const char *template, const char *country,
    const char *from, const char *to, const char *issued)
{
	struct brief_req	 req;
	struct brief		*b;
	char			*path;

	if ((path = datadir_find(template)) == NULL) {
		diag_msg(DIAG_NO_DATAFILE, template, 0, NULL);
		return NULL;
	}
	req.template = path;
	req.lang = NULL;
	req.country = country;
	req.from = from;
	req.to = to;
	req.issued = issued;
	b = brief_new(&req);
	g_free(path);
	if (b != NULL) {
		/* brief_new keeps req's strings: they are the caller's now. */
		b->req.template = NULL;
		if (!brief_bind(b, db)) {
			brief_free(b);
			b = NULL;
		}
	}
	return b;
}

/*
 * Write b as a PDF at path: 1 with its hash, size and pages, or 0 after
 * a diagnostic with nothing at path.
 */
static int
write_one(const struct brief *b, enum lay_paper paper, const char *stamp,
    const char *path, char sha[65], gint64 *bytes, unsigned *pages)
{
	struct brief_pdf	 po;

	po.paper = paper;
	po.author = NULL;
	po.stamp = stamp;
	*pages = 0;
	if (!brief_write_pdf(b, &po, path, pages))
		return 0;
	if (hash_file(path, sha, bytes) == 1)
		return 1;
	g_unlink(path);
	return 0;
}

/* The state of a monthly run. */
struct run {
	const struct archive_run *r;
	char		*top;		/* the archive, absolute */
	char		*monthdir;	/* top/YYYY/MM */
	char		*rel;		/* YYYY/MM */
	char		*from, *to;	/* the month's first and last day */
	struct manifest	*m;
	struct db	*rd;		/* the register, to bind */
	struct db	*wd;		/* the register, to record */
	unsigned	 rendered, restored, current, failed;
};

/* Whether b, bound for r, is what e was rendered from. */
static int
same_inputs(const struct run *run, const struct entry *e,
    const struct brief *b)
{
	return strcmp(e->template_sha256, b->t->sha256) == 0 &&
	    strcmp(e->data_sha256, b->doc->data_sha256) == 0 &&
	    strcmp(e->version, VERSION) == 0 &&
	    strcmp(e->paper, layout_paper_name(run->r->paper)) == 0 &&
	    strcmp(e->from, run->from) == 0 && strcmp(e->to, run->to) == 0;
}

/* A free name under superseded/ for name issued on day. Caller frees. */
static char *
superseded_name(const struct run *run, const char *name, const char *day)
{
	char	*stem = g_strndup(name, strlen(name) - 4), *s, *path;
	int	 k;

	for (k = 1; ; k++) {
		s = k == 1 ? g_strdup_printf(SUPERSEDED "/%s.%s.pdf", stem,
		    day) : g_strdup_printf(SUPERSEDED "/%s.%s-%d.pdf", stem,
		    day, k);
		path = g_build_filename(run->monthdir, s, NULL);
		if (!g_file_test(path, G_FILE_TEST_EXISTS) &&
		    manifest_find(run->m, s) == NULL) {
			g_free(path);
			break;
		}
		g_free(path);
		g_free(s);
	}
	g_free(stem);
	return s;
}

static void
rec_of(struct db_render *d, const struct run *run, const struct entry *e,
    const char *file)
{
	d->archive = run->top;
	d->file = file;
	d->sha256 = e->sha256;
	d->bytes = e->bytes;
	d->pages = e->pages;
	d->country = e->country;
	d->from = e->from;
	d->to = e->to;
	d->lang = e->lang;
	d->paper = e->paper;
	d->template = e->template;
	d->template_sha256 = e->template_sha256;
	d->data_sha256 = e->data_sha256;
	d->version = e->version;
	d->issued = e->issued;
	d->created = e->created;
	d->superseded = e->superseded;
}

/* SIGINT, SIGTERM and SIGHUP held (how), or let through again. */
static void
hold_signals(int how, sigset_t *old)
{
	sigset_t	 set;

	if (how == SIG_BLOCK) {
		sigemptyset(&set);
		sigaddset(&set, SIGINT);
		sigaddset(&set, SIGTERM);
		sigaddset(&set, SIGHUP);
		sigprocmask(SIG_BLOCK, &set, old);
	} else
		sigprocmask(SIG_SETMASK, old, NULL);
}

/*
 * Put the file rendered at pending in the archive as e (its record,
 * taken over), superseding old (the entry the name had, or NULL; its
 * file is moved to superseded/ when present): the register's rows, the
 * renames and the month's record, all or none. From the first rename
 * to the end, SIGINT, SIGTERM and SIGHUP wait: a run stopped by
 * systemctl or a terminal finishes the briefing first. 1, or 0 after a
 * diagnostic with the archive and the register as they were and
 * pending removed.
 *
 * XXX: SIGKILL or a power cut between the renames can still leave the
 * file replaced in superseded/ with the record unchanged; the next run
 * puts it back (recover).
 */
static int
commit_one(struct run *run, struct entry *e, struct entry *old,
    int old_present, const char *pending)
{
	struct db_render	 d;
	sigset_t		 sigs;
	char			*final, *sname = NULL, *spath = NULL, *dir;
	char			*file, *sfile = NULL, *oldname = NULL;
	int			 ok = 0, moved = 0, placed = 0, began = 0;
	int			 recorded = 0;
	guint			 i = 0;

	final = g_build_filename(run->monthdir, e->name, NULL);
	file = g_strdup_printf("%s/%s", run->rel, e->name);
	if (old != NULL) {
		sname = superseded_name(run, old->name, old->issued);
		spath = g_build_filename(run->monthdir, sname, NULL);
		sfile = g_strdup_printf("%s/%s", run->rel, sname);
	}
	hold_signals(SIG_BLOCK, &sigs);
	if (!(began = db_begin_write(run->wd)))
		goto out;
	if (old != NULL) {
		/* The old record, whole, under the name it moves to. */
		old->superseded = g_strdup(run->r->issued);
		rec_of(&d, run, old, sfile);
		ok = db_put_render(run->wd, &d);
		g_free(old->superseded);
		old->superseded = NULL;
		if (!ok)
			goto out;
		ok = 0;
	}
	rec_of(&d, run, e, file);
	if (!db_put_render(run->wd, &d))
		goto out;
	if (old != NULL && old_present) {
		dir = g_path_get_dirname(spath);
		if (g_mkdir_with_parents(dir, 0777) == -1 ||
		    g_rename(final, spath) == -1) {
			diag_msg(DIAG_CANTCREAT, spath, 0, "%s",
			    g_strerror(errno));
			g_free(dir);
			goto out;
		}
		g_free(dir);
		moved = 1;
	}
	if (g_rename(pending, final) == -1) {
		diag_msg(DIAG_CANTCREAT, final, 0, "%s", g_strerror(errno));
		goto out;
	}
	placed = 1;
	if (old != NULL) {
		oldname = old->name;
		old->name = g_strdup(sname);
		old->superseded = g_strdup(run->r->issued);
	}
	g_ptr_array_add(run->m->files, e);
	if (!record_write(run->monthdir, run->m)) {
		/* Writing the record sorted the files: e is anywhere. */
		g_ptr_array_find(run->m->files, e, &i);
		g_ptr_array_steal_index(run->m->files, i);
		if (old != NULL) {
			g_free(old->name);
			old->name = oldname;
			oldname = NULL;
			g_free(old->superseded);
			old->superseded = NULL;
		}
		goto out;
	}
	/* The archive holds it now, with its record: the manifest owns e. */
	recorded = 1;
	e = NULL;
	began = 0;
	/* XXX: A failed COMMIT leaves the register short of these rows. */
	ok = db_commit(run->wd);
out:
	if (began)
		db_rollback(run->wd);
	if (!recorded) {
		if (placed)
			g_rename(final, pending);
		if (moved)
			g_rename(spath, final);
		g_unlink(pending);
	}
	hold_signals(SIG_SETMASK, &sigs);
	entry_free(e);
	g_free(oldname);
	g_free(final);
	g_free(file);
	g_free(sname);
	g_free(spath);
	g_free(sfile);
	return ok;
}

/* A new record of b rendered as name: hash, size and pages of it. */
static struct entry *
entry_of(const struct run *run, const struct brief *b, const char *name,
    const char *lang, const char *issued, const char *stamp,
    const char *sha, gint64 bytes, unsigned pages)
{
	struct entry	*e = g_new0(struct entry, 1);

	e->name = g_strdup(name);
	e->sha256 = g_strdup(sha);
	e->bytes = bytes;
	e->pages = pages;
	e->country = g_strdup(b->req.country);
	e->from = g_strdup(run->from);
	e->to = g_strdup(run->to);
	e->lang = g_strdup(lang);
	e->paper = g_strdup(layout_paper_name(run->r->paper));
	e->template = template_name(lang);
	e->template_sha256 = g_strdup(b->t->sha256);
	e->data_sha256 = g_strdup(b->doc->data_sha256);
	e->version = g_strdup(VERSION);
	e->issued = g_strdup(issued);
	e->created = g_strdup(stamp);
	return e;
}

/*
 * The briefing on country cc in lang for the run's month: rendered when
 * the archive lacks it or holds it from other inputs, restored when its
 * file is missing, left alone when it is up to date. The archive's own
 * inputs are compared at the date of issue it recorded, so that a run on
 * another day finds an unchanged briefing up to date. 1, or 0 after a
 * diagnostic with the archive as it was.
 */
static int
one(struct run *run, const char *cc, const char *lang)
{
	const struct archive_run *r = run->r;
	struct brief	*b = NULL;
	struct entry	*e, *cur;
	char		*name, *final, *pending, *tname, *shown, *base, *disp;
	char		 sha[65], old[65];
	gint64		 bytes;
	unsigned	 pages;
	int		 ok = 0, state;

	name = g_strdup_printf("%s-%s.pdf", cc, lang);
	shown = g_strdup_printf("%s/%s", run->rel, name);
	final = g_build_filename(run->monthdir, name, NULL);
	/* Messages name it as the user named the archive. */
	disp = g_build_filename(r->dir, run->rel, name, NULL);
	base = g_strdup_printf(".%s.pending", name);
	pending = g_build_filename(run->monthdir, base, NULL);
	tname = template_name(lang);
	cur = manifest_find(run->m, name);

	/* 1: as archived, 0: missing, -1: unreadable (reported). */
	if ((state = hash_file(final, old, NULL)) < 0)
		goto out;
	if (cur == NULL && state == 1) {
		diag_msg(DIAG_ARCHIVE_UNLISTED, disp, 0, "not overwritten; "
		    "move it away and run again");
		goto out;
	}
	if (cur != NULL && state == 1 && strcmp(old, cur->sha256) != 0) {
		diag_msg(DIAG_ARCHIVE_CHANGED, disp, 0, "sha256 %s, archived "
		    "%s; not overwritten: remove it and run again to restore "
		    "the issued file", old, cur->sha256);
		goto out;
	}
	if ((b = bind_one(run->rd, tname, cc, run->from, run->to, cur != NULL ?
	    cur->issued : r->issued)) == NULL)
		goto out;
	if (cur != NULL && same_inputs(run, cur, b) && state == 1 &&
	    !r->force) {
		printf("%s: up to date\n", shown);
		run->current++;
		ok = 1;
		goto out;
	}
	if (cur != NULL && same_inputs(run, cur, b) && state == 0) {
		/* Missing: the same inputs give the very file issued. */
		if (!write_one(b, r->paper, cur->created, pending, sha,
		    &bytes, &pages))
			goto out;
		if (strcmp(sha, cur->sha256) != 0) {
			diag_msg(DIAG_RERENDER, disp, 0, "it was missing, and "
			    "rendering it from what it was rendered from gives "
			    "sha256 %s, not %s; nothing restored", sha,
			    cur->sha256);
			g_unlink(pending);
			goto out;
		}
		if (g_rename(pending, final) == -1) {
			diag_msg(DIAG_CANTCREAT, disp, 0, "%s",
			    g_strerror(errno));
			g_unlink(pending);
			goto out;
		}
		printf("%s: restored, the same bytes as issued\n", shown);
		run->restored++;
		ok = 1;
		goto out;
	}
	if (cur != NULL && state == 0 && !r->force) {
		diag_msg(DIAG_ARCHIVE_MISSING, disp, 0, "what it was rendered "
		    "from has changed since, so the issued file cannot be "
		    "rendered again; put it back from a copy, or run with "
		    "--force to issue a new one (the record of the lost one "
		    "stays)");
		goto out;
	}
	/* Inputs changed, or --force: a new rendering, issued today. */
	if (cur != NULL && strcmp(cur->issued, r->issued) != 0) {
		brief_free(b);
		if ((b = bind_one(run->rd, tname, cc, run->from, run->to,
		    r->issued)) == NULL)
			goto out;
	}
	if (!write_one(b, r->paper, r->stamp, pending, sha, &bytes, &pages))
		goto out;
	if (cur != NULL && state == 1 && strcmp(sha, cur->sha256) == 0) {
		g_unlink(pending);
		printf("%s: rendered again, the same bytes as archived\n",
		    shown);
		run->current++;
		ok = 1;
		goto out;
	}
	e = entry_of(run, b, name, lang, r->issued, r->stamp, sha, bytes,
	    pages);
	if (!commit_one(run, e, cur, state == 1, pending))
		goto out;
	if (cur != NULL && state == 0)
		printf("%s: rendered again, %u pages; the file it replaces was "
		    "missing, its record is %s/%s\n", shown, pages, run->rel,
		    cur->name);
	else if (cur != NULL)
		printf("%s: rendered again, %u pages; the file it replaces is "
		    "%s/%s\n", shown, pages, run->rel, cur->name);
	else
		printf("%s: rendered, %u pages\n", shown, pages);
	run->rendered++;
	ok = 1;
out:
	if (!ok) {
		printf("%s: failed; the archive keeps what it had\n", shown);
		run->failed++;
	}
	brief_free(b);
	g_free(name);
	g_free(shown);
	g_free(final);
	g_free(disp);
	g_free(base);
	g_free(pending);
	g_free(tname);
	return ok;
}

/*
 * The archive's top as an absolute path, made if missing (its parent
 * must exist: a mistyped path should not grow a tree). NULL after a
 * diagnostic. Caller frees.
 */
static char *
archive_top(const char *dir, int create)
{
	char	*abs;

	if (create && !g_file_test(dir, G_FILE_TEST_EXISTS) &&
	    g_mkdir(dir, 0777) == -1) {
		diag_msg(DIAG_CANTCREAT, dir, 0, "%s", g_strerror(errno));
		return NULL;
	}
	if ((abs = realpath(dir, NULL)) == NULL) {
		diag_msg(create ? DIAG_CANTCREAT : DIAG_NO_FILE, dir, 0, "%s",
		    g_strerror(errno));
		return NULL;
	}
	if (!g_file_test(abs, G_FILE_TEST_IS_DIR)) {
		diag_msg(create ? DIAG_CANTCREAT : DIAG_NO_FILE, dir, 0,
		    "not a directory");
		free(abs);
		return NULL;
	}
	return abs;
}

/*
 * Remove what a killed run left in monthdir: a briefing rendered but
 * not put in place (.NAME.pending), and the temporary files of outfile
 * that its signal handler could not remove (..NAME.pending.XXXXXX,
 * .manifest.xml.XXXXXX, .SHA256SUMS.XXXXXX). Only a run holding the lock
 * may: no other is writing there.
 */
static void
sweep(const char *monthdir)
{
	GDir		*d;
	const char	*n;
	char		*path;

	if ((d = g_dir_open(monthdir, 0, NULL)) == NULL)
		return;
	while ((n = g_dir_read_name(d)) != NULL)
		if (n[0] == '.' && (g_str_has_suffix(n, ".pdf.pending") ||
		    g_str_has_prefix(n, "..") ||
		    g_str_has_prefix(n, "." MANIFEST ".") ||
		    g_str_has_prefix(n, "." SUMS "."))) {
			path = g_build_filename(monthdir, n, NULL);
			g_unlink(path);
			g_free(path);
		}
	g_dir_close(d);
}

/*
 * SHA256SUMS at path (shown as show in messages): name -> hex, as
 * `sha256sum` writes it (two spaces, or " *" for binary mode; a line
 * may end in CR, as `sha256sum -c` allows). A line that is not such,
 * blank ones included, is reported at its number and left out; the rest
 * still count. NULL after a diagnostic when there is no such file
 * (DIAG_ARCHIVE_MISSING) or it cannot be read.
 */
static GHashTable *
sums_read(const char *path, const char *show)
{
	GHashTable	*h;
	GError		*err = NULL;
	char		*text, **lines, *l, *name;
	size_t		 n;
	int		 i, k;

	if (!g_file_get_contents(path, &text, NULL, &err)) {
		if (g_error_matches(err, G_FILE_ERROR, G_FILE_ERROR_NOENT))
			diag_msg(DIAG_ARCHIVE_MISSING, show, 0, NULL);
		else
			diag_msg(DIAG_IO, show, 0, "%s", err->message);
		g_error_free(err);
		return NULL;
	}
	h = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	lines = g_strsplit(text, "\n", -1);
	for (i = 0; lines[i] != NULL; i++) {
		l = lines[i];
		if (*l == '\0' && lines[i + 1] == NULL)
			break;
		if ((n = strlen(l)) > 0 && l[n - 1] == '\r')
			l[n - 1] = '\0';
		if (*l == '\0') {
			diag_msg(DIAG_SUMS, show, i + 1, "a blank line");
			continue;
		}
		for (k = 0; k < 64 && g_ascii_isxdigit(l[k]) &&
		    !g_ascii_isupper(l[k]); k++)
			continue;
		if (k != 64 || l[64] != ' ' || (l[65] != ' ' && l[65] != '*') ||
		    l[66] == '\0' || l[66] == '/' || strstr(l + 66, "..") != NULL) {
			diag_msg(DIAG_SUMS, show, i + 1, "%.60s", l);
			continue;
		}
		name = l + 66;
		if (g_hash_table_contains(h, name)) {
			diag_msg(DIAG_SUMS, show, i + 1, "%s listed twice",
			    name);
			continue;
		}
		g_hash_table_insert(h, g_strdup(name), g_strndup(l, 64));
	}
	g_strfreev(lines);
	g_free(text);
	return h;
}

/*
 * Report, as DIAG_ARCHIVE_DISAGREE naming each file under showdir, where
 * manifest m and SHA256SUMS (listed: name -> hex) disagree: a file in
 * one only, or with two hashes. The manifest's own line is not checked
 * here. 1 if they agree.
 */
static int
agree(const struct manifest *m, GHashTable *listed, const char *showdir)
{
	struct entry	*e;
	const char	*want;
	char		**keys, *sp;
	unsigned	 before = diag_count();
	guint		 i, n;

	for (i = 0; i < m->files->len; i++) {
		e = g_ptr_array_index(m->files, i);
		want = g_hash_table_lookup(listed, e->name);
		sp = g_build_filename(showdir, e->name, NULL);
		if (want == NULL)
			diag_msg(DIAG_ARCHIVE_DISAGREE, sp, 0, "in " MANIFEST
			    " only");
		else if (strcmp(want, e->sha256) != 0)
			diag_msg(DIAG_ARCHIVE_DISAGREE, sp, 0, "sha256 %s in "
			    MANIFEST ", %s in " SUMS, e->sha256, want);
		g_free(sp);
	}
	keys = (char **)g_hash_table_get_keys_as_array(listed, &n);
	qsort(keys, n, sizeof(*keys), str_cmp);
	for (i = 0; i < n; i++)
		if (strcmp(keys[i], MANIFEST) != 0 &&
		    manifest_find(m, keys[i]) == NULL) {
			sp = g_build_filename(showdir, keys[i], NULL);
			diag_msg(DIAG_ARCHIVE_DISAGREE, sp, 0, "in " SUMS
			    " only");
			g_free(sp);
		}
	g_free(keys);
	return diag_count() == before;
}

/*
 * Whether the month's record holds together before a run adds to it:
 * manifest.xml and SHA256SUMS both there or both absent, SHA256SUMS
 * listing the manifest as it is and every file with the manifest's
 * hash. A run must not build on a record that contradicts itself (a
 * manifest edited by hand, a SHA256SUMS lost): `briefgen verify` says
 * what is wrong. 1, or 0 after diagnostics.
 */
static int
record_holds(const struct run *run, const struct manifest *m)
{
	GHashTable	*h;
	const char	*want;
	char		*mpath, *spath, *show, *dir, hex[65];
	unsigned	 before = diag_count();
	int		 has_m, has_s;

	mpath = g_build_filename(run->monthdir, MANIFEST, NULL);
	spath = g_build_filename(run->monthdir, SUMS, NULL);
	show = g_build_filename(run->r->dir, run->rel, SUMS, NULL);
	has_m = g_file_test(mpath, G_FILE_TEST_EXISTS);
	has_s = g_file_test(spath, G_FILE_TEST_EXISTS);
	if (has_m != has_s) {
		g_free(show);
		show = g_build_filename(run->r->dir, run->rel, has_m ? SUMS :
		    MANIFEST, NULL);
		diag_msg(DIAG_ARCHIVE_MISSING, show, 0, "the month's record is "
		    "incomplete; nothing rendered for %s (see 'briefgen "
		    "verify')", run->rel);
	} else if (has_m && (h = sums_read(spath, show)) != NULL) {
		want = g_hash_table_lookup(h, MANIFEST);
		if (hash_file(mpath, hex, NULL) == 1 && (want == NULL ||
		    strcmp(want, hex) != 0))
			diag_msg(DIAG_ARCHIVE_DISAGREE, show, 0, "it does not "
			    "list " MANIFEST " as it is");
		dir = g_path_get_dirname(show);
		agree(m, h, dir);
		g_free(dir);
		g_hash_table_destroy(h);
		if (diag_count() != before)
			diag_msg(DIAG_ARCHIVE_DISAGREE, show, 0, "nothing "
			    "rendered for %s (see 'briefgen verify')",
			    run->rel);
	}
	g_free(mpath);
	g_free(spath);
	g_free(show);
	return diag_count() == before;
}

/*
 * Put back what a run killed between its renames left in superseded/:
 * a current file of the manifest that is missing, when an unlisted file
 * under superseded/ has its recorded hash. Prints what it put back.
 */
static void
recover(struct run *run)
{
	struct entry	*e;
	GDir		*d;
	const char	*n;
	char		*sdir, *path, *final, *stem, *sub, hex[65];
	guint		 i;

	sdir = g_build_filename(run->monthdir, SUPERSEDED, NULL);
	for (i = 0; i < run->m->files->len; i++) {
		e = g_ptr_array_index(run->m->files, i);
		final = g_build_filename(run->monthdir, e->name, NULL);
		if (e->superseded != NULL || g_file_test(final,
		    G_FILE_TEST_EXISTS) || (d = g_dir_open(sdir, 0,
		    NULL)) == NULL) {
			g_free(final);
			continue;
		}
		stem = g_strndup(e->name, strlen(e->name) - 4);
		while ((n = g_dir_read_name(d)) != NULL) {
			sub = g_strdup_printf(SUPERSEDED "/%s", n);
			path = g_build_filename(sdir, n, NULL);
			if (g_str_has_prefix(n, stem) && n[strlen(stem)] == '.' &&
			    manifest_find(run->m, sub) == NULL &&
			    hash_file(path, hex, NULL) == 1 &&
			    strcmp(hex, e->sha256) == 0 &&
			    g_rename(path, final) == 0) {
				printf("%s/%s: put back from %s/%s, where a run "
				    "stopped midway left it\n", run->rel,
				    e->name, run->rel, sub);
				g_free(sub);
				g_free(path);
				break;
			}
			g_free(sub);
			g_free(path);
		}
		g_dir_close(d);
		g_free(stem);
		g_free(final);
	}
	g_free(sdir);
}

int
archive_monthly(const struct archive_run *r)
{
	struct run	 run;
	GPtrArray	*codes = g_ptr_array_new_with_free_func(g_free);
	char		*top = NULL, *path, *shown;
	guint		 i, j;
	int		 lock = -1, ok = 0, found;

	memset(&run, 0, sizeof(run));
	run.r = r;
	if ((top = archive_top(r->dir, 1)) == NULL)
		goto out;
	run.top = g_strdup(top);
	if ((lock = lock_take(top, r->dir, 1)) < 0)
		goto out;
	run.from = isodate_period_start(r->month);
	run.to = isodate_period_end(r->month);
	run.rel = g_strdup_printf("%.4s/%.2s", r->month, r->month + 5);
	run.monthdir = g_build_filename(top, run.rel, NULL);
	path = g_build_filename(run.monthdir, MANIFEST, NULL);
	shown = g_build_filename(r->dir, run.rel, MANIFEST, NULL);
	run.m = manifest_read(path, shown, r->month, 1);
	g_free(path);
	g_free(shown);
	if (run.m == NULL || !record_holds(&run, run.m))
		goto out;
	if ((run.rd = db_open(r->dbpath, DB_READ)) == NULL ||
	    (run.wd = db_open(r->dbpath, DB_WRITE)) == NULL)
		goto out;
	if (r->countries != NULL)
		for (i = 0; r->countries[i] != NULL; i++)
			g_ptr_array_add(codes, g_strdup(r->countries[i]));
	else {
		if (!db_begin_read(run.rd))
			goto out;
		found = db_countries_between(run.rd, run.from, run.to, codes);
		if (!db_commit(run.rd) || !found)
			goto out;
	}
	if (codes->len == 0) {
		printf("%s: no incidents in %s; nothing to render\n", run.rel,
		    r->month);
		ok = 1;
		goto out;
	}
	if (g_mkdir_with_parents(run.monthdir, 0777) == -1) {
		diag_msg(DIAG_CANTCREAT, run.monthdir, 0, "%s",
		    g_strerror(errno));
		goto out;
	}
	sweep(run.monthdir);
	recover(&run);
	for (i = 0; i < codes->len; i++)
		for (j = 0; r->langs[j] != NULL; j++)
			one(&run, g_ptr_array_index(codes, i), r->langs[j]);
	if (run.rendered + run.restored == 0 && run.failed == 0)
		printf("%s: %u briefing%s up to date; nothing rendered\n",
		    run.rel, run.current, run.current == 1 ? "" : "s");
	else
		printf("%s: %u rendered, %u restored, %u up to date, %u "
		    "failed\n", run.rel, run.rendered, run.restored,
		    run.current, run.failed);
	ok = run.failed == 0;
out:
	if (lock >= 0)
		close(lock);
	db_free(run.rd);
	db_free(run.wd);
	manifest_free(run.m);
	g_ptr_array_free(codes, TRUE);
	g_free(run.top);
	g_free(run.monthdir);
	g_free(run.rel);
	g_free(run.from);
	g_free(run.to);
	free(top);
	return ok;
}

/* One month of an archive being verified. */
struct month {
	char		*rel;		/* under the top; "" for the top */
	struct manifest	*m;		/* NULL: none could be read */
	GHashTable	*listed;	/* name -> sha256 hex, from SHA256SUMS */
};

static void
month_free(gpointer p)
{
	struct month	*mo = p;

	g_free(mo->rel);
	manifest_free(mo->m);
	if (mo->listed != NULL)
		g_hash_table_destroy(mo->listed);
	g_free(mo);
}

/*
 * Every file under top/rel (regular files and anything else that is
 * not a directory), as paths under top, into files; each directory that
 * holds a manifest or a SHA256SUMS into months. Symbolic links are
 * files, never followed. 1, or 0 after a diagnostic.
 */
static int
walk(const char *top, const char *rel, GPtrArray *files, GPtrArray *months)
{
	GDir		*d;
	GError		*err = NULL;
	GPtrArray	*names = g_ptr_array_new_with_free_func(g_free);
	struct stat	 st;
	const char	*n;
	char		*dir, *path, *sub;
	guint		 i;
	int		 ok = 1, month = 0;

	dir = *rel != '\0' ? g_build_filename(top, rel, NULL) : g_strdup(top);
	if ((d = g_dir_open(dir, 0, &err)) == NULL) {
		diag_msg(DIAG_IO, dir, 0, "%s", err->message);
		g_error_free(err);
		g_free(dir);
		g_ptr_array_free(names, TRUE);
		return 0;
	}
	while ((n = g_dir_read_name(d)) != NULL)
		g_ptr_array_add(names, g_strdup(n));
	g_dir_close(d);
	/* Messages in name order, whatever the file system's. */
	g_ptr_array_sort(names, str_cmp);
	for (i = 0; i < names->len; i++) {
		n = *(char **)&g_ptr_array_index(names, i);
		sub = *rel != '\0' ? g_strdup_printf("%s/%s", rel, n) :
		    g_strdup(n);
		path = g_build_filename(dir, n, NULL);
		if (g_lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
			ok = walk(top, sub, files, months) && ok;
		else {
			if (strcmp(n, MANIFEST) == 0 || strcmp(n, SUMS) == 0)
				month = 1;
			g_ptr_array_add(files, sub);
			sub = NULL;
		}
		g_free(path);
		g_free(sub);
	}
	if (month)
		g_ptr_array_add(months, g_strdup(rel));
	g_free(dir);
	g_ptr_array_free(names, TRUE);
	return ok;
}

/* top/rel/name as a path, or top/name when rel is "". Caller frees. */
static char *
under(const char *top, const char *rel, const char *name)
{
	return *rel != '\0' ? g_build_filename(top, rel, name, NULL) :
	    g_build_filename(top, name, NULL);
}

/*
 * Check month mo of the archive shown as shown: SHA256SUMS against the
 * files, manifest.xml against SHA256SUMS. The count of files found as
 * archived goes to *good. 1 if all holds.
 */
static int
month_check(const char *top, const char *shown, struct month *mo,
    unsigned *good)
{
	char		**keys = NULL, *k, *v;
	guint		 n = 0;
	char		*path, *sp, *expect = NULL, hex[65];
	unsigned	 before = diag_count();
	guint		 i;
	int		 st;

	path = under(top, mo->rel, SUMS);
	sp = under(shown, mo->rel, SUMS);
	mo->listed = sums_read(path, sp);
	g_free(path);
	/* A month's directory is YYYY/MM: its manifest must say so. */
	if (strlen(mo->rel) >= 7 && g_ascii_isdigit(mo->rel[strlen(mo->rel) -
	    1]) && mo->rel[strlen(mo->rel) - 3] == '/')
		expect = g_strdup_printf("%.4s-%.2s", mo->rel + strlen(mo->rel)
		    - 7, mo->rel + strlen(mo->rel) - 2);
	path = under(top, mo->rel, MANIFEST);
	g_free(sp);
	sp = under(shown, mo->rel, MANIFEST);
	mo->m = manifest_read(path, sp, expect, 0);
	g_free(path);
	g_free(expect);
	if (mo->listed != NULL) {
		keys = (char **)g_hash_table_get_keys_as_array(mo->listed, &n);
		qsort(keys, n, sizeof(*keys), str_cmp);
		for (i = 0; i < n; i++) {
			k = keys[i];
			v = g_hash_table_lookup(mo->listed, k);
			path = under(top, mo->rel, k);
			g_free(sp);
			sp = under(shown, mo->rel, k);
			if ((st = hash_file(path, hex, NULL)) == 0)
				diag_msg(DIAG_ARCHIVE_MISSING, sp, 0, NULL);
			else if (st == 1 && strcmp(hex, v) != 0)
				diag_msg(DIAG_ARCHIVE_CHANGED, sp, 0, "sha256 "
				    "%s, " SUMS " says %s", hex, (char *)v);
			else if (st == 1)
				(*good)++;
			g_free(path);
		}
		if (!g_hash_table_contains(mo->listed, MANIFEST)) {
			g_free(sp);
			sp = under(shown, mo->rel, SUMS);
			diag_msg(DIAG_ARCHIVE_DISAGREE, sp, 0, SUMS " does not "
			    "list " MANIFEST);
		}
	}
	if (mo->listed != NULL && mo->m != NULL) {
		g_free(sp);
		sp = *mo->rel != '\0' ? g_build_filename(shown, mo->rel, NULL) :
		    g_strdup(shown);
		agree(mo->m, mo->listed, sp);
	}
	g_free(sp);
	g_free(keys);
	return diag_count() == before;
}

/*
 * Whether file (under top) is one the archive lists: its month's
 * SHA256SUMS names it, or it is that month's record; the top's lock is
 * the archive's own.
 */
static int
listed(GPtrArray *months, const char *file)
{
	struct month	*mo, *own = NULL;
	const char	*name;
	size_t		 n;
	guint		 i;

	if (strcmp(file, LOCK) == 0)
		return 1;
	for (i = 0; i < months->len; i++) {
		mo = g_ptr_array_index(months, i);
		n = strlen(mo->rel);
		if ((n == 0 || (strncmp(file, mo->rel, n) == 0 &&
		    file[n] == '/')) && (own == NULL ||
		    strlen(own->rel) < n))
			own = mo;
	}
	if (own == NULL)
		return 0;
	name = file + strlen(own->rel) + (*own->rel != '\0');
	return strcmp(name, SUMS) == 0 || strcmp(name, MANIFEST) == 0 ||
	    (own->listed != NULL && g_hash_table_contains(own->listed, name));
}

/*
 * Render e (a current file of month mo) again from the register db and
 * compare: the template and the register content first, then the bytes
 * with the file's, which must be as archived. 1 if identical.
 */
static int
rerender(struct db *db, const char *top, const char *shown,
    const struct month *mo, const struct entry *e, const char *tmpdir)
{
	struct brief	*b;
	enum lay_paper	 paper = LAY_A4;
	char		*sp, *out, *disk, sha[65];
	gint64		 bytes;
	unsigned	 pages;
	int		 ok = 0, st;

	sp = under(shown, mo->rel, e->name);
	out = g_build_filename(tmpdir, "again.pdf", NULL);
	/* A file not as archived is reported already: nothing to compare. */
	disk = under(top, mo->rel, e->name);
	st = hash_file(disk, sha, NULL);
	g_free(disk);
	if (st != 1 || strcmp(sha, e->sha256) != 0)
		goto out;
	if (!layout_paper_parse(e->paper, &paper) ||
	    (b = bind_one(db, e->template, e->country, e->from, e->to,
	    e->issued)) == NULL) {
		diag_msg(DIAG_RERENDER, sp, 0, "it could not be rendered");
		goto out;
	}
	if (strcmp(b->t->sha256, e->template_sha256) != 0)
		diag_msg(DIAG_RERENDER, sp, 0, "%s has changed since (sha256 "
		    "%s, then %s)", e->template, b->t->sha256,
		    e->template_sha256);
	else if (strcmp(b->doc->data_sha256, e->data_sha256) != 0)
		diag_msg(DIAG_RERENDER, sp, 0, "the register's content for it "
		    "has changed since (sha256 %s, then %s)",
		    b->doc->data_sha256, e->data_sha256);
	else if (strcmp(e->version, VERSION) != 0)
		diag_msg(DIAG_RERENDER, sp, 0, "it was rendered by briefgen "
		    "%s, this is %s", e->version, VERSION);
	else if (write_one(b, paper, e->created, out, sha, &bytes, &pages)) {
		if (strcmp(sha, e->sha256) != 0)
			diag_msg(DIAG_RERENDER, sp, 0, "sha256 %s, archived %s",
			    sha, e->sha256);
		else {
			printf("%s: rendered again, the same bytes\n", sp);
			ok = 1;
		}
		g_unlink(out);
	}
	brief_free(b);
out:
	g_free(sp);
	g_free(out);
	return ok;
}

int
archive_verify(const char *dir, int again, const char *dbpath)
{
	GPtrArray	*files = g_ptr_array_new_with_free_func(g_free);
	GPtrArray	*rels = g_ptr_array_new_with_free_func(g_free);
	GPtrArray	*months = g_ptr_array_new_with_free_func(month_free);
	struct month	*mo;
	struct entry	*e;
	struct db	*db = NULL;
	char		*top, *tmpdir = NULL, *sp;
	unsigned	 before = diag_count(), good = 0, same = 0;
	guint		 i, j;
	int		 lock = -1;

	if ((top = archive_top(dir, 0)) == NULL)
		goto out;
	if ((lock = lock_take(top, dir, 0)) == -1)
		goto out;
	if (!walk(top, "", files, rels))
		goto out;
	if (rels->len == 0) {
		diag_msg(DIAG_NO_ARCHIVE, dir, 0, NULL);
		goto out;
	}
	for (i = 0; i < rels->len; i++) {
		mo = g_new0(struct month, 1);
		mo->rel = g_strdup(g_ptr_array_index(rels, i));
		g_ptr_array_add(months, mo);
		month_check(top, dir, mo, &good);
	}
	for (i = 0; i < files->len; i++)
		if (!listed(months, g_ptr_array_index(files, i))) {
			sp = g_build_filename(dir, (char *)g_ptr_array_index(
			    files, i), NULL);
			diag_msg(DIAG_ARCHIVE_UNLISTED, sp, 0, NULL);
			g_free(sp);
		}
	printf("%s: %u files as archived, in %u month%s\n", dir, good,
	    months->len, months->len == 1 ? "" : "s");
	if (!again)
		goto out;
	if ((db = db_open(dbpath, DB_READ)) == NULL)
		goto out;
	if ((tmpdir = g_dir_make_tmp("briefgen-verify-XXXXXX", NULL)) == NULL) {
		diag_msg(DIAG_CANTCREAT, g_get_tmp_dir(), 0, "%s",
		    g_strerror(errno));
		goto out;
	}
	for (i = 0; i < months->len; i++) {
		mo = g_ptr_array_index(months, i);
		for (j = 0; mo->m != NULL && j < mo->m->files->len; j++) {
			e = g_ptr_array_index(mo->m->files, j);
			if (e->superseded == NULL)
				same += rerender(db, top, dir, mo, e, tmpdir);
		}
	}
	printf("%s: %u files rendered again, the same bytes\n", dir, same);
out:
	if (tmpdir != NULL)
		g_rmdir(tmpdir);
	g_free(tmpdir);
	if (lock >= 0)
		close(lock);
	db_free(db);
	g_ptr_array_free(files, TRUE);
	g_ptr_array_free(rels, TRUE);
	g_ptr_array_free(months, TRUE);
	free(top);
	return diag_count() == before;
}
