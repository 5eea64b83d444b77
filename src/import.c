/*
 * import: register exchange files into the register (see import.h).
 *
 * A file is read with libxml2's streaming reader, validated against the
 * XSD while it is parsed, and handled one top-level element (country,
 * organisation, incident, event) at a time, so memory stays flat however
 * large the file. The whole file is one write transaction; the first
 * error stops the writing but not the reading, so that one run reports
 * every fault in the file, and then the transaction is rolled back.
 *
 * External entities, DTDs and the network are never touched: no
 * XML_PARSE_NOENT, no XML_PARSE_DTDLOAD, XML_PARSE_NONET always, a
 * document type declaration is refused, and the entity loader refuses
 * everything but the schema's own files.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlschemas.h>

#include "db.h"
#include "diag.h"
#include "import.h"
#include "isodate.h"
#include "xmlsafe.h"

#define REGISTER_NS "urn:briefgen:register:1"

/*
 * libxml2 reader options for register files; see the file comment. Not
 * XML_PARSE_NOCDATA: with the reader and a schema it loses CDATA text.
 */
#define READ_OPTIONS (XML_PARSE_NONET | XML_PARSE_BIG_LINES)

struct import {
	struct db	*db;		/* borrowed */
	xmlSchemaPtr	 schema;	/* data/register.xsd */
};

/* The state of one file's import. */
struct file {
	struct import	*im;
	const char	*name;		/* for messages; borrowed */
	unsigned	 diag_start;	/* diag_count() when the file began */
	long		 doctype_line;	/* where a DOCTYPE was met, or 0 */
	int		 fatal;		/* not well-formed: the parser gave up */
	enum diag_id	 fatal_id;	/* its message, printed alone */
	long		 fatal_line;
	char		*fatal_msg;
	GHashTable	*refs;		/* incident ref -> line, this file */
	GHashTable	*countries;	/* code -> line, defined in this file */
	GHashTable	*orgs;		/* id -> line, defined in this file */
	GHashTable	*events;	/* "CC YYYY-MM-DD" -> line */
	GHashTable	*in_countries;	/* codes found in the register */
	GHashTable	*in_orgs;	/* ids found in the register */
	/* Reused for each element rather than made anew per row: */
	GHashTable	*notes;		/* one incident's notifications */
	GHashTable	*replies;	/* one notification's replies */
	GHashTable	*langs;		/* one element's texts */
	struct import_stats stats;
};

/*
 * The import under way, for node_created(), which libxml2 calls whenever
 * it creates a node: while the parser is at that node's line. A DTD node
 * is created as the parser meets "<!DOCTYPE", the one moment its line is
 * known: the reader hands the node over only after parsing well ahead.
 */
static xmlTextReaderPtr	 current_reader;
static struct file	*current_file;

static void
node_created(xmlNodePtr n)
{
	long	line;

	if (current_file == NULL)
		return;
	line = xmlTextReaderGetParserLineNumber(current_reader);
	if (n->type == XML_DTD_NODE && current_file->doctype_line == 0)
		current_file->doctype_line = line;
	/*
	 * libxml2 keeps an element's line in 16 bits (65535 at most, even
	 * with XML_PARSE_BIG_LINES); beyond, it goes in _private, the field
	 * libxml2 leaves to applications.
	 */
	if (n->type == XML_ELEMENT_NODE && line >= 65535)
		n->_private = GSIZE_TO_POINTER((gsize)line);
}

/* The line of element n, also past line 65535. */
static long
line_of(const xmlNode *n)
{
	if (n->type == XML_ELEMENT_NODE && n->_private != NULL)
		return (long)GPOINTER_TO_SIZE(n->_private);
	return xmlGetLineNo(n);
}

/*
 * Load the register schema and make an importer writing into db
 * (borrowed; it must outlive the importer). Returns NULL after a
 * diagnostic. Caller frees with import_free.
 */
struct import *
import_new(struct db *db)
{
	struct import	*im;
	xmlSchemaPtr	 schema;

	if ((schema = xmlsafe_schema("data/register.xsd")) == NULL)
		return NULL;
	im = g_new0(struct import, 1);
	im->db = db;
	im->schema = schema;
	return im;
}

/* Free the importer (not the register). NULL is a no-op. */
void
import_free(struct import *im)
{
	if (im == NULL)
		return;
	xmlSchemaFree(im->schema);
	g_free(im);
}

/* Whether the file is still free of errors, so that writing goes on. */
static int
clean(const struct file *f)
{
	return diag_count() == f->diag_start && !f->fatal;
}

/*
 * libxml2's parser and validator errors, as diagnostics on the file.
 * Their messages name elements as {urn:briefgen:register:1}incident;
 * the namespace is dropped, since every register element has it.
 */
static void
xml_error(void *arg, xmlErrorPtr e)
{
	struct file		*f = arg;
	const xmlParserCtxt	*ctxt = e->ctxt;
	char			*msg;

	if (e->level == XML_ERR_WARNING)
		return;
	/* A refused DOCTYPE is the whole story; its entities are not read. */
	if (f->doctype_line != 0)
		return;
	/* "No matching global declaration": the root check says it better. */
	if (e->domain == XML_FROM_SCHEMASV && e->code == XML_SCHEMAV_CVC_ELT_1)
		return;
	msg = xmlsafe_message(e, REGISTER_NS);
	/*
	 * A file that is not well-formed gets that one message: libxml2
	 * cascades, and what the schema and the checks said of a broken
	 * structure (an element left open swallows the next) misleads.
	 * Held until the file ends, it replaces everything else.
	 */
	if (e->domain == XML_FROM_PARSER) {
		if (!f->fatal) {
			f->fatal = 1;
			f->fatal_line = e->line;
			f->fatal_id = DIAG_XML;
			f->fatal_msg = msg;
			/* No element at all: blank, or another kind of file. */
			if (e->code == XML_ERR_DOCUMENT_EMPTY ||
			    (e->code == XML_ERR_DOCUMENT_END && (ctxt == NULL ||
			    ctxt->myDoc == NULL ||
			    xmlDocGetRootElement(ctxt->myDoc) == NULL)))
				f->fatal_id = DIAG_NO_ELEMENT;
			return;
		}
		g_free(msg);
		return;
	}
	diag_msg(e->domain == XML_FROM_SCHEMASV ? DIAG_SCHEMA : DIAG_XML,
	    f->name, e->line, "%s", msg);
	g_free(msg);
}

/*
 * The value of the attribute name (no namespace) of n, or NULL when it is
 * missing (the schema reports that). Borrowed from the node.
 */
static const char *
attr(const xmlNode *n, const char *name)
{
	const xmlAttr	*a;

	a = xmlHasNsProp(n, BAD_CAST name, NULL);
	if (a == NULL)
		return NULL;
	if (a->children == NULL)
		return "";
	return (const char *)a->children->content;
}

static int
is_element(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->ns != NULL &&
	    strcmp((const char *)n->ns->href, REGISTER_NS) == 0 &&
	    strcmp((const char *)n->name, name) == 0;
}

/* Report an attribute that holds a well-formed but impossible date. */
static int
check_date(struct file *f, const xmlNode *n, const char *name,
    const char *val)
{
	int	y, m, d;

	if (val == NULL)
		return 0;
	switch (isodate_parse(val, 0, &y, &m, &d)) {
	case ISODATE_DAY:
		return 1;
	case ISODATE_IMPOSSIBLE:
		diag_msg(DIAG_DATE_IMPOSSIBLE, f->name, line_of(n),
		    "%s=\"%s\"", name, val);
		return 0;
	default:
		return 0;	/* not of the form: the schema said so */
	}
}

/* A set or map keyed by strings it owns. */
static GHashTable *
strset(void)
{
	return g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
}

/*
 * Note key as defined at n's line in table; report a repeat with id.
 * Returns 1 for a first definition.
 */
static int
first_time(struct file *f, GHashTable *table, const char *key,
    const xmlNode *n, enum diag_id id, const char *shown)
{
	gpointer	 line;

	if (g_hash_table_lookup_extended(table, key, NULL, &line)) {
		diag_msg(id, f->name, line_of(n), "%s (first at line %ld)",
		    shown, (long)GPOINTER_TO_SIZE(line));
		return 0;
	}
	g_hash_table_insert(table, g_strdup(key),
	    GSIZE_TO_POINTER((gsize)line_of(n)));
	return 1;
}

/*
 * Whether a reference names a country or organisation defined earlier in
 * this file or already in the register; reports it when not. Register
 * hits are cached: thousands of incidents name the same few targets.
 */
static int
known(struct file *f, char kind, const char *key, const xmlNode *n)
{
	GHashTable	*defined, *cache;
	int		 rc;

	defined = kind == 'c' ? f->countries : f->orgs;
	cache = kind == 'c' ? f->in_countries : f->in_orgs;
	if (g_hash_table_contains(defined, key) ||
	    g_hash_table_contains(cache, key))
		return 1;
	/* "de" is no code at all: the schema says so, once is enough. */
	if (kind == 'c' && !(g_ascii_isupper(key[0]) &&
	    g_ascii_isupper(key[1]) && key[2] == '\0'))
		return 0;
	rc = kind == 'c' ? db_country_exists(f->im->db, key) :
	    db_organisation_exists(f->im->db, key);
	if (rc == 1) {
		g_hash_table_add(cache, g_strdup(key));
		return 1;
	}
	if (rc == 0)
		diag_msg(kind == 'c' ? DIAG_UNKNOWN_COUNTRY : DIAG_UNKNOWN_ORG,
		    f->name, line_of(n), "%s", key);
	return 0;
}

/*
 * Whether s (UTF-8) holds nothing but white space, Unicode's included: a
 * name of one no-break space is as empty as "".
 */
static int
blank(const char *s)
{
	for (; *s != '\0'; s = g_utf8_next_char(s))
		if (!g_unichar_isspace(g_utf8_get_char(s)))
			return 0;
	return 1;
}

typedef int (*put_text_fn)(struct db *, const void *key, const char *lang,
    const char *text);

/*
 * Check the texts (children named elname, one per language) of parent
 * and, while the file is clean, store each with put(db, key, lang, text).
 */
static void
texts(struct file *f, const xmlNode *parent, const char *elname,
    put_text_fn put, const void *key)
{
	const xmlNode	*c;
	const xmlAttr	*a;
	xmlChar		*content;
	char		*lang, *text, *shown;

	g_hash_table_remove_all(f->langs);
	for (c = parent->children; c != NULL; c = c->next) {
		if (!is_element(c, elname))
			continue;
		a = xmlHasNsProp(c, BAD_CAST "lang", XML_XML_NAMESPACE);
		if (a == NULL || a->children == NULL)
			continue;	/* the schema reports it */
		/*
		 * Language tags are case-insensitive, and xs:language lets
		 * white space round them through: store "en" for " EN ".
		 */
		lang = g_strstrip(g_ascii_strdown(
		    (const char *)a->children->content, -1));
		content = xmlNodeGetContent(c);
		text = g_strstrip(g_strdup((const char *)content));
		xmlFree(content);
		if (blank(text))
			diag_msg(DIAG_EMPTY_TEXT, f->name, line_of(c),
			    "%s in language %s", elname, lang);
		else {
			shown = g_strdup_printf("<%s xml:lang=\"%s\">", elname,
			    lang);
			if (first_time(f, f->langs, lang, c, DIAG_DUP_LANG, shown) &&
			    clean(f))
				put(f->im->db, key, lang, text);
			g_free(shown);
		}
		g_free(text);
		g_free(lang);
	}
}

static int
put_country_name(struct db *db, const void *key, const char *lang,
    const char *text)
{
	return db_put_country_name(db, key, lang, text);
}

static int
put_org_name(struct db *db, const void *key, const char *lang,
    const char *text)
{
	return db_put_organisation_name(db, key, lang, text);
}

static int
put_summary(struct db *db, const void *key, const char *lang,
    const char *text)
{
	return db_put_incident_summary(db, *(const int64_t *)key, lang, text);
}

static int
put_event_text(struct db *db, const void *key, const char *lang,
    const char *text)
{
	return db_put_event_text(db, *(const int64_t *)key, lang, text);
}

static void
country(struct file *f, const xmlNode *n)
{
	const char	*code = attr(n, "code");

	if (code == NULL)
		return;
	f->stats.countries++;
	if (!first_time(f, f->countries, code, n, DIAG_DUP_COUNTRY, code))
		return;
	if (clean(f) && !db_put_country(f->im->db, code))
		return;
	texts(f, n, "name", put_country_name, code);
}

static void
organisation(struct file *f, const xmlNode *n)
{
	const char	*id = attr(n, "id"), *kind = attr(n, "kind");
	const char	*gov = attr(n, "government");

	if (id == NULL || kind == NULL || gov == NULL)
		return;
	f->stats.organisations++;
	if (!first_time(f, f->orgs, id, n, DIAG_DUP_ORG, id))
		return;
	if (clean(f) && !db_put_organisation(f->im->db, id, kind,
	    strcmp(gov, "yes") == 0))
		return;
	texts(f, n, "name", put_org_name, id);
}

/*
 * A reply of a notification sent on sent (a valid date, or NULL when the
 * notification was refused).
 */
static void
reply(struct file *f, const xmlNode *n, const char *sent, int64_t notif)
{
	const char	*received = attr(n, "received");
	const char	*quality = attr(n, "quality");

	f->stats.replies++;
	if (!check_date(f, n, "received", received) || quality == NULL)
		return;
	if (!first_time(f, f->replies, received, n, DIAG_DUP_REPLY, received))
		return;
	if (sent != NULL && strcmp(received, sent) < 0) {
		diag_msg(DIAG_REPLY_EARLY, f->name, line_of(n),
		    "received %s, sent %s", received, sent);
		return;
	}
	if (notif != 0 && clean(f))
		db_put_reply(f->im->db, notif, received, quality);
}

/*
 * A notification of an incident detected on detected (or NULL when the
 * incident was refused).
 */
static void
notification(struct file *f, const xmlNode *n, const char *detected,
    int64_t incident)
{
	const char	*sent = attr(n, "sent");
	const char	*recipient = attr(n, "recipient");
	const xmlNode	*c;
	char		*to, *key;
	int64_t		 id = 0;
	int		 ok;

	f->stats.notifications++;
	ok = check_date(f, n, "sent", sent) && recipient != NULL;
	if (ok && detected != NULL && strcmp(sent, detected) < 0) {
		diag_msg(DIAG_NOTIFIED_EARLY, f->name, line_of(n),
		    "sent %s, detected %s", sent, detected);
		ok = 0;
	}
	to = g_strstrip(g_strdup(recipient != NULL ? recipient : ""));
	if (ok && blank(to)) {
		diag_msg(DIAG_EMPTY_TEXT, f->name, line_of(n), "recipient");
		ok = 0;
	}
	if (ok) {
		key = g_strdup_printf("%s to %s", sent, to);
		ok = first_time(f, f->notes, key, n, DIAG_DUP_NOTIFICATION,
		    key);
		g_free(key);
	}
	/* incident is 0 when it was not written: then neither is this. */
	if (ok && incident != 0 && clean(f) &&
	    !db_put_notification(f->im->db, incident, sent, to, &id))
		ok = 0;
	g_free(to);
	g_hash_table_remove_all(f->replies);
	for (c = n->children; c != NULL; c = c->next)
		if (is_element(c, "reply"))
			reply(f, c, ok ? sent : NULL, id);
}

static void
incident(struct file *f, const xmlNode *n)
{
	const char	*ref = attr(n, "ref"), *detected = attr(n, "detected");
	const char	*src = attr(n, "source-country"), *target = attr(n, "target");
	const char	*type = attr(n, "type"), *sev = attr(n, "severity");
	const xmlNode	*c;
	char		 first[11];
	int64_t		 id = 0, severity;
	int		 ok = 1;

	f->stats.incidents++;
	if (ref != NULL &&
	    !first_time(f, f->refs, ref, n, DIAG_DUP_REF, ref))
		ok = 0;
	if (!check_date(f, n, "detected", detected))
		ok = 0;
	if (src == NULL || !known(f, 'c', src, n))
		ok = 0;
	if (target == NULL || !known(f, 'o', target, n))
		ok = 0;
	severity = sev != NULL ? g_ascii_strtoll(sev, NULL, 10) : 0;
	if (ref == NULL || type == NULL || severity < 1 || severity > 4)
		ok = 0;		/* the schema reports these */
	if (ok && clean(f) && !db_put_incident(f->im->db, ref, detected, src,
	    target, type, (int)severity, &id))
		ok = 0;
	/*
	 * A file may correct the detection date of an incident registered
	 * before; not to a day after a notification already on record.
	 */
	if (ok && id != 0 && db_first_notification(f->im->db, id, first) == 1 &&
	    strcmp(first, detected) < 0) {
		diag_msg(DIAG_NOTIFIED_EARLY, f->name, line_of(n),
		    "the register has one sent %s, detected %s", first, detected);
		ok = 0;
	}
	/*
	 * Every refusal above was reported, here or by the schema; were one
	 * not, the file must still not go in without this incident.
	 */
	if (!ok && clean(f))
		diag_msg(DIAG_LIBXML, f->name, line_of(n),
		    "incident refused without a reason");
	if (ok)
		texts(f, n, "summary", put_summary, &id);
	g_hash_table_remove_all(f->notes);
	for (c = n->children; c != NULL; c = c->next)
		if (is_element(c, "notification"))
			notification(f, c, ok ? detected : NULL, id);
}

static void
event(struct file *f, const xmlNode *n)
{
	const char	*date = attr(n, "date"), *cc = attr(n, "country");
	char		*key;
	int64_t		 id = 0;
	int		 ok;

	f->stats.events++;
	if (!check_date(f, n, "date", date) || cc == NULL)
		return;
	key = g_strdup_printf("%s %s", cc, date);
	ok = first_time(f, f->events, key, n, DIAG_DUP_EVENT, key);
	g_free(key);
	if (!ok || !known(f, 'c', cc, n))
		return;
	if (clean(f) && !db_put_event(f->im->db, cc, date, &id))
		return;
	texts(f, n, "text", put_event_text, &id);
}

/*
 * The line of the reader's current node: its own line where libxml2 kept
 * one, else where the parser is (which may be ahead, reading).
 */
static long
node_line(xmlTextReaderPtr r)
{
	xmlNodePtr	n = xmlTextReaderCurrentNode(r);
	long		line = n != NULL ? line_of(n) : -1;

	return line > 0 ? line : xmlTextReaderGetParserLineNumber(r);
}

/* Check the root element; 0 (after a diagnostic) if it is no register. */
static int
root(struct file *f, xmlTextReaderPtr r)
{
	const char	*ns = (const char *)xmlTextReaderConstNamespaceUri(r);
	const char	*name = (const char *)xmlTextReaderConstLocalName(r);

	if (ns != NULL && strcmp(ns, REGISTER_NS) == 0 &&
	    strcmp(name, "register") == 0)
		return 1;
	if (ns == NULL)
		diag_msg(DIAG_NAMESPACE, f->name, node_line(r),
		    "found %s without a namespace", name);
	else
		diag_msg(DIAG_NAMESPACE, f->name, node_line(r),
		    "found %s in namespace %s", name, ns);
	return 0;
}

/* Hand one top-level element to its handler. */
static void
element(struct file *f, const xmlNode *n)
{
	if (is_element(n, "incident"))
		incident(f, n);
	else if (is_element(n, "organisation"))
		organisation(f, n);
	else if (is_element(n, "country"))
		country(f, n);
	else if (is_element(n, "event"))
		event(f, n);
	/* Anything else is a schema error, reported as such. */
}

/*
 * Read the whole file from r, validating and writing into the open
 * transaction. Returns when the file ends or can be read no further.
 */
static void
read_all(struct file *f, xmlTextReaderPtr r)
{
	xmlNodePtr	 n;
	int		 rc, type;

	rc = xmlTextReaderRead(r);
	while (rc == 1) {
		type = xmlTextReaderNodeType(r);
		if (type == XML_READER_TYPE_DOCUMENT_TYPE)
			break;
		if (type != XML_READER_TYPE_ELEMENT) {
			rc = xmlTextReaderRead(r);
			continue;
		}
		if (xmlTextReaderDepth(r) == 0) {
			if (!root(f, r))
				return;
			rc = xmlTextReaderRead(r);
			continue;
		}
		/* A top-level element: take it whole, then step past it. */
		if ((n = xmlTextReaderExpand(r)) == NULL)
			break;
		element(f, n);
		rc = xmlTextReaderNext(r);
	}
	/* Refused even when an entity bomb stopped the parser before it. */
	if (f->doctype_line != 0) {
		diag_msg(DIAG_DOCTYPE, f->name, f->doctype_line, NULL);
		return;
	}
	if (f->fatal) {
		diag_drop_held();
		if (f->fatal_id == DIAG_XML)
			diag_msg(DIAG_XML, f->name, f->fatal_line, "%s",
			    f->fatal_msg);
		else
			diag_msg(f->fatal_id, f->name, f->fatal_line, NULL);
		return;
	}
	if (rc != 0 && clean(f))
		diag_msg(DIAG_XML, f->name, xmlTextReaderGetParserLineNumber(r),
		    "cannot read further");
	else if (rc == 0 && xmlTextReaderIsValid(r) != 1 && clean(f))
		diag_msg(DIAG_SCHEMA, f->name, 0, "does not match the schema");
}

/*
 * Import from r (freed here) as the file called name: one transaction,
 * committed only if the file gave no diagnostic. 1 or 0.
 */
static int
import_reader(struct import *im, xmlTextReaderPtr r, const char *name,
    struct import_stats *stats)
{
	struct file		 f;
	xmlRegisterNodeFunc	 old_hook = NULL;
	int64_t			 changes;
	int			 ok = 0;

	memset(&f, 0, sizeof(f));
	f.im = im;
	f.name = name;
	f.diag_start = diag_count();
	f.refs = strset();
	f.countries = strset();
	f.orgs = strset();
	f.events = strset();
	f.in_countries = strset();
	f.in_orgs = strset();
	f.notes = strset();
	f.replies = strset();
	f.langs = strset();

	if (r == NULL) {
		diag_msg(DIAG_LIBXML, name, 0, "cannot create an XML reader");
		goto out;
	}
	/*
	 * With a schema attached, libxml2 sends the parser's own errors to
	 * the global handler rather than the reader's: point both here.
	 */
	xmlTextReaderSetStructuredErrorHandler(r, xml_error, &f);
	xmlSetStructuredErrorFunc(&f, xml_error);
	old_hook = xmlRegisterNodeDefault(node_created);
	current_reader = r;
	current_file = &f;
	if (xmlTextReaderSetSchema(r, im->schema) != 0) {
		diag_msg(DIAG_LIBXML, name, 0, "cannot attach the schema");
		goto out;
	}
	if (!db_begin_write(im->db))
		goto out;
	changes = db_total_changes(im->db);

	diag_hold();
	read_all(&f, r);
	diag_release();

	if (!clean(&f)) {
		db_rollback(im->db);
		goto out;
	}
	f.stats.rows_changed = db_total_changes(im->db) - changes;
	if (!db_commit(im->db))
		goto out;
	if (stats != NULL)
		*stats = f.stats;
	ok = 1;
out:
	xmlFreeTextReader(r);
	xmlSetStructuredErrorFunc(NULL, xmlsafe_stray_error);
	xmlRegisterNodeDefault(old_hook);
	current_reader = NULL;
	current_file = NULL;
	g_hash_table_destroy(f.refs);
	g_hash_table_destroy(f.countries);
	g_hash_table_destroy(f.orgs);
	g_hash_table_destroy(f.events);
	g_hash_table_destroy(f.in_countries);
	g_hash_table_destroy(f.in_orgs);
	g_hash_table_destroy(f.notes);
	g_hash_table_destroy(f.replies);
	g_hash_table_destroy(f.langs);
	g_free(f.fatal_msg);
	return ok;
}

/*
 * Import the register file at path in one transaction. Diagnostics name
 * path. Returns 1 if the file was imported whole, 0 if nothing of it was.
 * stats (may be NULL) is filled on success.
 */
int
import_file(struct import *im, const char *path, struct import_stats *stats)
{
	struct stat	 sb;
	int		 fd, ok;

	if ((fd = g_open(path, O_RDONLY | O_CLOEXEC, 0)) == -1) {
		diag_msg(DIAG_NO_FILE, path, 0, "%s", g_strerror(errno));
		return 0;
	}
	if (fstat(fd, &sb) == -1) {
		diag_msg(DIAG_IO, path, 0, "%s", g_strerror(errno));
		close(fd);
		return 0;
	}
	if (!S_ISREG(sb.st_mode)) {
		diag_msg(DIAG_NO_FILE, path, 0, "not a regular file");
		close(fd);
		return 0;
	}
	if (sb.st_size == 0) {
		diag_msg(DIAG_EMPTY_FILE, path, 0, NULL);
		close(fd);
		return 0;
	}
	/* The reader does not own fd: it is closed here after the import. */
	ok = import_reader(im, xmlReaderForFd(fd, path, NULL, READ_OPTIONS),
	    path, stats);
	close(fd);
	return ok;
}

/*
 * Import a register held in memory (tests, and later a register shared
 * through another channel); name stands for the file in diagnostics.
 */
int
import_memory(struct import *im, const char *name, const char *buf,
    size_t len, struct import_stats *stats)
{
	if (len == 0) {
		diag_msg(DIAG_EMPTY_FILE, name, 0, NULL);
		return 0;
	}
	if (len > INT_MAX) {
		diag_msg(DIAG_IO, name, 0, "larger than 2 GiB");
		return 0;
	}
	return import_reader(im, xmlReaderForMemory(buf, (int)len, name, NULL,
	    READ_OPTIONS), name, stats);
}
