/*
 * import: register exchange files into the register (see import.h).
 *
 * A file is read with libxml2's streaming reader, validated against the
 * XSD while it is parsed, and handled one top-level element (country,
 * organisation, incident, event) at a time. Two threads share the work,
 * so that parsing and validating one stretch of the file overlaps with
 * checking and writing the stretch before it:
 *
 *   - the reader (the calling thread) runs libxml2. It copies what the
 *     checks need of each element (attribute values, texts, lines) into
 *     a batch, together with libxml2's messages in the order they came,
 *     and notes what depends on the file alone: whether a ref, code, id
 *     or event repeats one before it, and whether a reference names
 *     something the file defined before it. Those keys go to a scratch
 *     store on disk (db_seen), so that memory stays flat however large
 *     the file;
 *   - the checker (a second thread) takes the batches in order, makes
 *     every check that needs the register, writes, and is the only one
 *     to report anything until the file ends. It meets each element and
 *     message at the same point as a single thread would, so the same
 *     file gives the same messages.
 *
 * A few batches go round in turn, and the reader waits while all of them
 * are full. The whole file is one write transaction; the first error
 * stops the writing but not the reading, so that one run reports every
 * fault in the file, and then the transaction is rolled back.
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

/*
 * Batches going round between reader and checker, and when the reader
 * hands one over: after the element that brings it past either size.
 */
#define NBATCH		4
#define BATCH_ITEMS	512
#define BATCH_TEXT	(64 * 1024)

/* What one item of a batch is; the values it holds, in order. */
enum item_type {
	ITEM_COUNTRY,		/* code */
	ITEM_ORG,		/* id, kind, government */
	ITEM_INCIDENT,		/* ref, detected, source-country, target,
				   type, severity */
	ITEM_EVENT,		/* date, country */
	ITEM_NAME,		/* of a country or organisation: lang, text */
	ITEM_SUMMARY,		/* of an incident: lang, text */
	ITEM_NOTIFICATION,	/* of an incident: sent, recipient */
	ITEM_REPLY,		/* of the notification before it: received,
				   quality */
	ITEM_TEXT,		/* of an event: lang, text */
	ITEM_MESSAGE,		/* a diagnostic met while reading: text */
	ITEM_BROKEN,		/* the parser gave up here */
	ITEM_MAX
};

#define NVAL	6		/* values an item holds at most */
#define NOSTR	((size_t)-1)	/* a value that is missing */

/* The attributes (no namespace) each element item copies, in order. */
static const char *const attr_names[ITEM_MAX][NVAL] = {
	[ITEM_COUNTRY] = { "code" },
	[ITEM_ORG] = { "id", "kind", "government" },
	[ITEM_INCIDENT] = { "ref", "detected", "source-country", "target",
	    "type", "severity" },
	[ITEM_EVENT] = { "date", "country" },
	[ITEM_NOTIFICATION] = { "sent", "recipient" },
	[ITEM_REPLY] = { "received", "quality" },
};

/* item.flags: what the reader found out from the file alone. */
#define REPEATED	0x1	/* the key was defined before, at item.first */
#define DEF_COUNTRY	0x2	/* the country it names was defined before */
#define DEF_ORG		0x4	/* the organisation it names was, too */

/* One element (or message) of the file, as the checks see it. */
struct item {
	enum item_type	 type;
	long		 line;
	union {
		size_t	 off;	/* the reader's: offset in the text, NOSTR */
		char	*s;	/* the checker's: the value, or NULL */
	}		 v[NVAL];
	unsigned	 flags;	/* REPEATED, DEF_* */
	long		 first;	/* REPEATED: the first definition's line */
	enum diag_id	 diag;	/* ITEM_MESSAGE: what it reports */
};

/*
 * A stretch of the file: top-level elements, each followed by its
 * children, and messages, in the order the reader met them.
 */
struct batch {
	GArray		*items;		/* of struct item */
	GString		*text;		/* the values, each NUL-terminated */
	int		 last;		/* the file's final batch */
};

/* Kinds of key in the scratch store. */
enum key {
	KEY_REF,
	KEY_COUNTRY,
	KEY_ORG,
	KEY_EVENT
};

struct import {
	struct db	*db;		/* borrowed */
	xmlSchemaPtr	 schema;	/* data/register.xsd */
	struct db_seen	*seen;		/* the keys of the file being read */
	struct batch	 batch[NBATCH];
	xmlBufferPtr	 content;	/* reused: one element's text */
	GString		*key;		/* reused: one event's key */
};

/*
 * The state of one file's import. The reader's part is touched by the
 * reader only; the checker's by the checker only until it is done, and
 * after that by the reader again.
 */
struct file {
	struct import	*im;
	const char	*name;		/* for messages; borrowed */
	unsigned	 diag_start;	/* diag_count() when the file began */
	/* The reader's: */
	long		 doctype_line;	/* where a DOCTYPE was met, or 0 */
	int		 fatal;		/* not well-formed: the parser gave up */
	enum diag_id	 fatal_id;	/* its message, printed alone */
	long		 fatal_line;
	char		*fatal_msg;
	unsigned long	 ncountries;	/* defined in this file so far */
	unsigned long	 norgs;
	struct batch	*fill;		/* being filled; NULL once all sent */
	GAsyncQueue	*full;		/* batches for the checker, in order */
	GAsyncQueue	*empty;		/* batches back for the reader */
	GThread		*checker;	/* NULL: batches are checked inline */
	/* The checker's: */
	int		 broken;	/* met ITEM_BROKEN: write no more */
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
 * libxml2 calls it on the reader's thread, the one that set it.
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
	struct db_seen	*seen;
	int		 i;

	if ((schema = xmlsafe_schema("data/register.xsd")) == NULL)
		return NULL;
	if ((seen = db_seen_new()) == NULL) {
		xmlSchemaFree(schema);
		return NULL;
	}
	im = g_new0(struct import, 1);
	im->db = db;
	im->schema = schema;
	im->seen = seen;
	for (i = 0; i < NBATCH; i++) {
		im->batch[i].items = g_array_sized_new(FALSE, FALSE,
		    sizeof(struct item), BATCH_ITEMS + BATCH_ITEMS / 4);
		im->batch[i].text = g_string_sized_new(BATCH_TEXT +
		    BATCH_TEXT / 4);
	}
	im->content = xmlBufferCreate();
	im->key = g_string_new(NULL);
	return im;
}

/* Free the importer (not the register). NULL is a no-op. */
void
import_free(struct import *im)
{
	int	i;

	if (im == NULL)
		return;
	xmlSchemaFree(im->schema);
	db_seen_free(im->seen);
	for (i = 0; i < NBATCH; i++) {
		g_array_free(im->batch[i].items, TRUE);
		g_string_free(im->batch[i].text, TRUE);
	}
	xmlBufferFree(im->content);
	g_string_free(im->key, TRUE);
	g_free(im);
}

/*
 * The reader: from libxml2's tree of one element to items.
 */

/* Append s (may be NULL) to the text of b; its offset, or NOSTR. */
static size_t
put(struct batch *b, const char *s, size_t len)
{
	size_t	off = b->text->len;

	if (s == NULL)
		return NOSTR;
	g_string_append_len(b->text, s, (gssize)len);
	g_string_append_c(b->text, '\0');
	return off;
}

static size_t
put_str(struct batch *b, const char *s)
{
	return put(b, s, s != NULL ? strlen(s) : 0);
}

/*
 * A new item at the end of the batch being filled. Borrowed: valid
 * until the next item is added.
 */
static struct item *
add_item(struct file *f, enum item_type type, long line)
{
	struct item	 it;
	int		 i;

	memset(&it, 0, sizeof(it));
	it.type = type;
	it.line = line;
	for (i = 0; i < NVAL; i++)
		it.v[i].off = NOSTR;
	g_array_append_val(f->fill->items, it);
	return &g_array_index(f->fill->items, struct item,
	    f->fill->items->len - 1);
}

/*
 * A diagnostic found while reading (msg may be NULL), for the checker
 * to report in turn; once every batch is sent, reported at once.
 */
static void
add_message(struct file *f, enum diag_id id, long line, const char *msg)
{
	struct item	*it;

	if (f->fill == NULL) {
		if (msg != NULL)
			diag_msg(id, f->name, line, "%s", msg);
		else
			diag_msg(id, f->name, line, NULL);
		return;
	}
	it = add_item(f, ITEM_MESSAGE, line);
	it->diag = id;
	it->v[0].off = put_str(f->fill, msg);
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
			/* The checker writes nothing from here on. */
			if (f->fill != NULL)
				add_item(f, ITEM_BROKEN, e->line);
			return;
		}
		g_free(msg);
		return;
	}
	add_message(f, e->domain == XML_FROM_SCHEMASV ? DIAG_SCHEMA : DIAG_XML,
	    e->line, msg);
	g_free(msg);
}

static int
is_element(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->ns != NULL &&
	    strcmp((const char *)n->ns->href, REGISTER_NS) == 0 &&
	    strcmp((const char *)n->name, name) == 0;
}

/*
 * Copy element n as an item of type: its line and the values of the
 * attributes (no namespace) in attr_names, in that order; NOSTR for one
 * that is missing (the schema reports that). One walk over the
 * attributes rather than a search of them all for each name. A DOCTYPE
 * ends the reading before any element, so no default from a DTD is
 * missed.
 */
static void
copy_element(struct file *f, enum item_type type, const xmlNode *n)
{
	struct item		*it = add_item(f, type, line_of(n));
	const char *const	*names = attr_names[type];
	const xmlAttr		*a;
	const char		*val;
	int			 i;

	for (a = n->properties; a != NULL; a = a->next) {
		if (a->ns != NULL)
			continue;
		for (i = 0; i < NVAL && names[i] != NULL; i++)
			if (strcmp((const char *)a->name, names[i]) == 0)
				break;
		/* xmlHasNsProp finds the first: a name comes once anyway. */
		if (i == NVAL || names[i] == NULL || it->v[i].off != NOSTR)
			continue;
		val = a->children == NULL ? "" :
		    (const char *)a->children->content;
		it->v[i].off = put_str(f->fill, val);
	}
}

/*
 * Copy a text element (a name, summary or event text): its language and
 * its content. One without a language is left out; the schema reports it.
 */
static void
copy_text(struct file *f, enum item_type type, const xmlNode *n)
{
	const xmlAttr	*a;
	struct item	*it;
	xmlBufferPtr	 buf = f->im->content;

	a = xmlHasNsProp(n, BAD_CAST "lang", XML_XML_NAMESPACE);
	if (a == NULL || a->children == NULL)
		return;
	it = add_item(f, type, line_of(n));
	it->v[0].off = put_str(f->fill, (const char *)a->children->content);
	xmlBufferEmpty(buf);
	xmlNodeBufGetContent(buf, n);
	it->v[1].off = put(f->fill, (const char *)xmlBufferContent(buf),
	    (size_t)xmlBufferLength(buf));
}

/* Value i of the item at index idx of the batch being filled, or NULL. */
static const char *
value(const struct file *f, guint idx, int i)
{
	const struct item *it = &g_array_index(f->fill->items, struct item,
	    idx);

	return it->v[i].off == NOSTR ? NULL : f->fill->text->str +
	    it->v[i].off;
}

/* Note a failure of the scratch store, at line. */
static void
seen_failed(struct file *f, long line)
{
	const char	*msg;
	enum diag_id	 id = db_seen_error(f->im->seen, &msg);
	char		*text = g_strdup_printf("scratch store: %s", msg);

	add_message(f, id, line, text);
	g_free(text);
}

/*
 * Note key as defined at the line of item idx; flag the item REPEATED
 * when it was defined before. 1 for a first definition.
 */
static int
define(struct file *f, guint idx, enum key kind, const char *key)
{
	struct item	*it = &g_array_index(f->fill->items, struct item, idx);
	long		 first, line = it->line;
	int		 rc;

	rc = db_seen_add(f->im->seen, kind, key, line, &first);
	if (rc == 0) {
		it->flags |= REPEATED;
		it->first = first;
	} else if (rc < 0)
		seen_failed(f, line);
	return rc == 1;
}

/* Flag item idx with flag when key was defined before in the file. */
static void
defined(struct file *f, guint idx, enum key kind, const char *key,
    unsigned flag)
{
	struct item	*it = &g_array_index(f->fill->items, struct item, idx);
	int		 rc;

	rc = db_seen_has(f->im->seen, kind, key);
	if (rc == 1)
		it->flags |= flag;
	else if (rc < 0)
		seen_failed(f, it->line);
}

/*
 * What the checks of element item idx need to know of the file before
 * it: repeats, and definitions of what it refers to. The calls here
 * mirror the checker's: a key is noted under the same conditions as the
 * checker looks for a repeat of it.
 */
static void
note_keys(struct file *f, guint idx)
{
	const char	*a = value(f, idx, 0), *b = value(f, idx, 1);
	int		 y, m, d;

	switch (g_array_index(f->fill->items, struct item, idx).type) {
	case ITEM_COUNTRY:
		if (a != NULL && define(f, idx, KEY_COUNTRY, a))
			f->ncountries++;
		break;
	case ITEM_ORG:
		if (a != NULL && b != NULL && value(f, idx, 2) != NULL &&
		    define(f, idx, KEY_ORG, a))
			f->norgs++;
		break;
	case ITEM_INCIDENT:
		if (a != NULL)
			define(f, idx, KEY_REF, a);
		/* Nothing defined, nothing to look up: files of incidents. */
		if (f->ncountries > 0 && (a = value(f, idx, 2)) != NULL)
			defined(f, idx, KEY_COUNTRY, a, DEF_COUNTRY);
		if (f->norgs > 0 && (a = value(f, idx, 3)) != NULL)
			defined(f, idx, KEY_ORG, a, DEF_ORG);
		break;
	case ITEM_EVENT:
		if (a == NULL || b == NULL ||
		    isodate_parse(a, 0, &y, &m, &d) != ISODATE_DAY)
			break;
		g_string_printf(f->im->key, "%s %s", b, a);
		define(f, idx, KEY_EVENT, f->im->key->str);
		/* define() may have added a message, moving the text. */
		if (f->ncountries > 0)
			defined(f, idx, KEY_COUNTRY, value(f, idx, 1),
			    DEF_COUNTRY);
		break;
	default:
		break;
	}
}

/*
 * Copy one top-level element, with the children its checks look at, to
 * the batch being filled. Anything else is a schema error, reported as
 * such.
 */
static void
take(struct file *f, const xmlNode *n)
{
	const xmlNode	*c, *r;
	enum item_type	 type;
	guint		 idx = f->fill->items->len;

	if (is_element(n, "incident"))
		type = ITEM_INCIDENT;
	else if (is_element(n, "organisation"))
		type = ITEM_ORG;
	else if (is_element(n, "country"))
		type = ITEM_COUNTRY;
	else if (is_element(n, "event"))
		type = ITEM_EVENT;
	else
		return;
	copy_element(f, type, n);
	for (c = n->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		switch (type) {
		case ITEM_INCIDENT:
			if (is_element(c, "summary"))
				copy_text(f, ITEM_SUMMARY, c);
			else if (is_element(c, "notification")) {
				copy_element(f, ITEM_NOTIFICATION, c);
				for (r = c->children; r != NULL; r = r->next)
					if (is_element(r, "reply"))
						copy_element(f, ITEM_REPLY, r);
			}
			break;
		case ITEM_EVENT:
			if (is_element(c, "text"))
				copy_text(f, ITEM_TEXT, c);
			break;
		default:
			if (is_element(c, "name"))
				copy_text(f, ITEM_NAME, c);
			break;
		}
	}
	/* Last, so that a message of the store's follows the element. */
	note_keys(f, idx);
}

/*
 * The checker: from items to checks, diagnostics and rows.
 */

/* Whether the file is still free of errors, so that writing goes on. */
static int
clean(const struct file *f)
{
	return diag_count() == f->diag_start && !f->broken;
}

/* Report an attribute that holds a well-formed but impossible date. */
static int
check_date(struct file *f, long line, const char *name, const char *val)
{
	int	y, m, d;

	if (val == NULL)
		return 0;
	switch (isodate_parse(val, 0, &y, &m, &d)) {
	case ISODATE_DAY:
		return 1;
	case ISODATE_IMPOSSIBLE:
		diag_msg(DIAG_DATE_IMPOSSIBLE, f->name, line, "%s=\"%s\"",
		    name, val);
		return 0;
	default:
		return 0;	/* not of the form: the schema said so */
	}
}

/* Items as keys of a set: by their first value, or by both first two. */
static guint
hash_first(gconstpointer p)
{
	return g_str_hash(((const struct item *)p)->v[0].s);
}

static gboolean
equal_first(gconstpointer a, gconstpointer b)
{
	return strcmp(((const struct item *)a)->v[0].s,
	    ((const struct item *)b)->v[0].s) == 0;
}

static guint
hash_two(gconstpointer p)
{
	const struct item *it = p;

	return g_str_hash(it->v[0].s) * 31 + g_str_hash(it->v[1].s);
}

static gboolean
equal_two(gconstpointer a, gconstpointer b)
{
	const struct item *x = a, *y = b;

	return strcmp(x->v[0].s, y->v[0].s) == 0 &&
	    strcmp(x->v[1].s, y->v[1].s) == 0;
}

/*
 * Add item it to set (of one element's children, keyed as the set
 * hashes): 1 for the first of its key; 0 when one came before, with
 * *first set to that one's line. Callers skip this when an element has
 * one child of the kind, as most have: nothing to repeat, nothing to hash.
 */
static int
first_in(GHashTable *set, struct item *it, long *first)
{
	gpointer	 orig;

	if (g_hash_table_lookup_extended(set, it, &orig, NULL)) {
		*first = ((const struct item *)orig)->line;
		return 0;
	}
	g_hash_table_add(set, it);
	return 1;
}

/*
 * Whether a reference names a country or organisation defined earlier in
 * this file (the reader found that out: def) or already in the register;
 * reports it when not. Register hits are cached: thousands of incidents
 * name the same few targets.
 */
static int
known(struct file *f, char kind, const char *key, int def, long line)
{
	GHashTable	*cache;
	int		 rc;

	cache = kind == 'c' ? f->in_countries : f->in_orgs;
	if (def || g_hash_table_contains(cache, key))
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
		    f->name, line, "%s", key);
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
 * Check the texts (children of type, called elname, one per language) of
 * the element el with n items and, while the file is clean, store each
 * with put(db, key, lang, text).
 */
static void
texts(struct file *f, struct item *el, size_t n, enum item_type type,
    const char *elname, put_text_fn put_text, const void *key)
{
	struct item	*c;
	char		*lang, *text, *p;
	long		 first;
	size_t		 count = 0;

	for (c = el + 1; c < el + n; c++)
		count += c->type == type;
	if (count > 1)
		g_hash_table_remove_all(f->langs);
	for (c = el + 1; c < el + n; c++) {
		if (c->type != type)
			continue;
		/*
		 * Language tags are case-insensitive, and xs:language lets
		 * white space round them through: store "en" for " EN ".
		 * The batch is the checker's own: trimmed where it lies.
		 */
		for (p = c->v[0].s; *p != '\0'; p++)
			*p = g_ascii_tolower(*p);
		lang = c->v[0].s = g_strstrip(c->v[0].s);
		text = g_strstrip(c->v[1].s);
		if (blank(text))
			diag_msg(DIAG_EMPTY_TEXT, f->name, c->line,
			    "%s in language %s", elname, lang);
		else if (count > 1 && !first_in(f->langs, c, &first))
			diag_msg(DIAG_DUP_LANG, f->name, c->line,
			    "<%s xml:lang=\"%s\"> (first at line %ld)", elname,
			    lang, first);
		else if (clean(f))
			put_text(f->im->db, key, lang, text);
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
country(struct file *f, struct item *el, size_t n)
{
	const char	*code = el->v[0].s;

	if (code == NULL)
		return;
	f->stats.countries++;
	if (el->flags & REPEATED) {
		diag_msg(DIAG_DUP_COUNTRY, f->name, el->line,
		    "%s (first at line %ld)", code, el->first);
		return;
	}
	if (clean(f) && !db_put_country(f->im->db, code))
		return;
	texts(f, el, n, ITEM_NAME, "name", put_country_name, code);
}

static void
organisation(struct file *f, struct item *el, size_t n)
{
	const char	*id = el->v[0].s, *kind = el->v[1].s;
	const char	*gov = el->v[2].s;

	if (id == NULL || kind == NULL || gov == NULL)
		return;
	f->stats.organisations++;
	if (el->flags & REPEATED) {
		diag_msg(DIAG_DUP_ORG, f->name, el->line,
		    "%s (first at line %ld)", id, el->first);
		return;
	}
	if (clean(f) && !db_put_organisation(f->im->db, id, kind,
	    strcmp(gov, "yes") == 0))
		return;
	texts(f, el, n, ITEM_NAME, "name", put_org_name, id);
}

/*
 * A reply of a notification sent on sent (a valid date, or NULL when the
 * notification was refused), which has more than one (many) or not.
 */
static void
reply(struct file *f, struct item *r, const char *sent, int64_t notif,
    int many)
{
	const char	*received = r->v[0].s, *quality = r->v[1].s;
	long		 first;

	f->stats.replies++;
	if (!check_date(f, r->line, "received", received) || quality == NULL)
		return;
	if (many && !first_in(f->replies, r, &first)) {
		diag_msg(DIAG_DUP_REPLY, f->name, r->line,
		    "%s (first at line %ld)", received, first);
		return;
	}
	if (sent != NULL && strcmp(received, sent) < 0) {
		diag_msg(DIAG_REPLY_EARLY, f->name, r->line,
		    "received %s, sent %s", received, sent);
		return;
	}
	if (notif != 0 && clean(f))
		db_put_reply(f->im->db, notif, received, quality);
}

/*
 * A notification (its replies follow it, up to end) of an incident
 * detected on detected (or NULL when the incident was refused), which
 * has more than one (many) or not.
 */
static void
notification(struct file *f, struct item *nt, const struct item *end,
    const char *detected, int64_t incident, int many)
{
	const char	*sent = nt->v[0].s;
	const char	*to;
	struct item	*c, *last;
	int64_t		 id = 0;
	long		 first;
	int		 ok;

	f->stats.notifications++;
	ok = check_date(f, nt->line, "sent", sent) && nt->v[1].s != NULL;
	if (ok && detected != NULL && strcmp(sent, detected) < 0) {
		diag_msg(DIAG_NOTIFIED_EARLY, f->name, nt->line,
		    "sent %s, detected %s", sent, detected);
		ok = 0;
	}
	to = nt->v[1].s != NULL ? (nt->v[1].s = g_strstrip(nt->v[1].s)) : "";
	if (ok && blank(to)) {
		diag_msg(DIAG_EMPTY_TEXT, f->name, nt->line, "recipient");
		ok = 0;
	}
	if (ok && many && !first_in(f->notes, nt, &first)) {
		diag_msg(DIAG_DUP_NOTIFICATION, f->name, nt->line,
		    "%s to %s (first at line %ld)", sent, to, first);
		ok = 0;
	}
	/* incident is 0 when it was not written: then neither is this. */
	if (ok && incident != 0 && clean(f) &&
	    !db_put_notification(f->im->db, incident, sent, to, &id))
		ok = 0;
	for (last = nt + 1; last < end && last->type == ITEM_REPLY; last++)
		continue;
	if (last - nt > 2)
		g_hash_table_remove_all(f->replies);
	for (c = nt + 1; c < last; c++)
		reply(f, c, ok ? sent : NULL, id, last - nt > 2);
}

/* Keep in date the earlier of it and d (not NULL). */
static void
earlier(char date[11], const char *d)
{
	if (date[0] == '\0' || strcmp(d, date) < 0)
		g_strlcpy(date, d, 11);
}

/*
 * What the notifications and replies of incident el (n items) make of
 * it, so that a new incident is written whole at once. The file goes in
 * only if every one of them is written; were one refused, the register
 * would set the row right anyway (db_begin_import).
 */
static void
firsts_of(const struct item *el, size_t n, struct db_firsts *fs)
{
	const struct item	*c;

	memset(fs, 0, sizeof(*fs));
	for (c = el + 1; c < el + n; c++) {
		if (c->type == ITEM_NOTIFICATION && c->v[0].s != NULL)
			earlier(fs->sent, c->v[0].s);
		else if (c->type == ITEM_REPLY && c->v[0].s != NULL &&
		    c->v[1].s != NULL) {
			earlier(fs->reply, c->v[0].s);
			if (strcmp(c->v[1].s, "substantive") == 0)
				fs->substantive = 1;
		}
	}
}

static void
incident(struct file *f, struct item *el, size_t n)
{
	const char	*ref = el->v[0].s, *detected = el->v[1].s;
	const char	*src = el->v[2].s, *target = el->v[3].s;
	const char	*type = el->v[4].s, *sev = el->v[5].s;
	struct item	*c;
	struct db_firsts fs;
	char		 first[11];
	int64_t		 id = 0, severity;
	size_t		 notes = 0;
	int		 ok = 1, created = 0;

	f->stats.incidents++;
	if (ref != NULL && (el->flags & REPEATED)) {
		diag_msg(DIAG_DUP_REF, f->name, el->line,
		    "%s (first at line %ld)", ref, el->first);
		ok = 0;
	}
	if (!check_date(f, el->line, "detected", detected))
		ok = 0;
	if (src == NULL || !known(f, 'c', src, el->flags & DEF_COUNTRY,
	    el->line))
		ok = 0;
	if (target == NULL || !known(f, 'o', target, el->flags & DEF_ORG,
	    el->line))
		ok = 0;
	severity = sev != NULL ? g_ascii_strtoll(sev, NULL, 10) : 0;
	if (ref == NULL || type == NULL || severity < 1 || severity > 4)
		ok = 0;		/* the schema reports these */
	if (ok && clean(f)) {
		firsts_of(el, n, &fs);
		if (!db_put_incident(f->im->db, ref, detected, src, target,
		    type, (int)severity, &fs, &id, &created))
			ok = 0;
	}
	/*
	 * A file may correct the detection date of an incident registered
	 * before; not to a day after a notification already on record. One
	 * just created has none.
	 */
	if (ok && id != 0 && !created &&
	    db_first_notification(f->im->db, id, first) == 1 &&
	    strcmp(first, detected) < 0) {
		diag_msg(DIAG_NOTIFIED_EARLY, f->name, el->line,
		    "the register has one sent %s, detected %s", first, detected);
		ok = 0;
	}
	/*
	 * Every refusal above was reported, here or by the schema; were one
	 * not, the file must still not go in without this incident.
	 */
	if (!ok && clean(f))
		diag_msg(DIAG_LIBXML, f->name, el->line,
		    "incident refused without a reason");
	if (ok)
		texts(f, el, n, ITEM_SUMMARY, "summary", put_summary, &id);
	for (c = el + 1; c < el + n; c++)
		notes += c->type == ITEM_NOTIFICATION;
	if (notes > 1)
		g_hash_table_remove_all(f->notes);
	for (c = el + 1; c < el + n; c++)
		if (c->type == ITEM_NOTIFICATION)
			notification(f, c, el + n, ok ? detected : NULL, id,
			    notes > 1);
}

static void
event(struct file *f, struct item *el, size_t n)
{
	const char	*date = el->v[0].s, *cc = el->v[1].s;
	int64_t		 id = 0;

	f->stats.events++;
	if (!check_date(f, el->line, "date", date) || cc == NULL)
		return;
	if (el->flags & REPEATED) {
		diag_msg(DIAG_DUP_EVENT, f->name, el->line,
		    "%s %s (first at line %ld)", cc, date, el->first);
		return;
	}
	if (!known(f, 'c', cc, el->flags & DEF_COUNTRY, el->line))
		return;
	if (clean(f) && !db_put_event(f->im->db, cc, date, &id))
		return;
	texts(f, el, n, ITEM_TEXT, "text", put_event_text, &id);
}

/* Whether items of type belong to the top-level element before them. */
static int
is_child(enum item_type type)
{
	return type >= ITEM_NAME && type <= ITEM_TEXT;
}

/* Check (and write) every element of batch b, and report its messages. */
static void
check_batch(struct file *f, struct batch *b)
{
	struct item	*items = (struct item *)(void *)b->items->data;
	size_t		 len = b->items->len, i, end;
	int		 k;

	/* The text no longer grows: offsets become pointers. */
	for (i = 0; i < len; i++)
		for (k = 0; k < NVAL; k++)
			items[i].v[k].s = items[i].v[k].off == NOSTR ? NULL :
			    b->text->str + items[i].v[k].off;
	for (i = 0; i < len; i = end) {
		for (end = i + 1; end < len && is_child(items[end].type); end++)
			continue;
		switch (items[i].type) {
		case ITEM_COUNTRY:
			country(f, &items[i], end - i);
			break;
		case ITEM_ORG:
			organisation(f, &items[i], end - i);
			break;
		case ITEM_INCIDENT:
			incident(f, &items[i], end - i);
			break;
		case ITEM_EVENT:
			event(f, &items[i], end - i);
			break;
		case ITEM_MESSAGE:
			if (items[i].v[0].s != NULL)
				diag_msg(items[i].diag, f->name, items[i].line,
				    "%s", items[i].v[0].s);
			else
				diag_msg(items[i].diag, f->name, items[i].line,
				    NULL);
			break;
		case ITEM_BROKEN:
			f->broken = 1;
			break;
		default:
			g_assert_not_reached();
		}
	}
}

/* Empty batch b for the reader to fill again. */
static void
clear_batch(struct batch *b)
{
	g_array_set_size(b->items, 0);
	g_string_truncate(b->text, 0);
	b->last = 0;
}

/* The checker's thread: batches in order, up to the last. */
static gpointer
checker(gpointer arg)
{
	struct file	*f = arg;
	struct batch	*b;
	int		 last;

	do {
		b = g_async_queue_pop(f->full);
		check_batch(f, b);
		last = b->last;
		clear_batch(b);
		g_async_queue_push(f->empty, b);
	} while (!last);
	return NULL;
}

/*
 * Start the checker on its own thread. Without one (SQLite built for a
 * single thread, or none to be had) each batch is checked as it is
 * handed over, on this thread.
 */
static void
start_checker(struct file *f)
{
	int	i;

	f->full = g_async_queue_new();
	f->empty = g_async_queue_new();
	for (i = 1; i < NBATCH; i++)
		g_async_queue_push(f->empty, &f->im->batch[i]);
	f->fill = &f->im->batch[0];
	if (db_threadsafe())
		f->checker = g_thread_try_new("briefgen-check", checker, f,
		    NULL);
}

/*
 * Hand the batch being filled to the checker (last: the file's final
 * one, after which the checker is done) and take an empty one.
 */
static void
hand_over(struct file *f, int last)
{
	f->fill->last = last;
	if (f->checker == NULL) {
		check_batch(f, f->fill);
		clear_batch(f->fill);
		if (last)
			f->fill = NULL;
		return;
	}
	g_async_queue_push(f->full, f->fill);
	f->fill = last ? NULL : g_async_queue_pop(f->empty);
}

/* Hand over the last batch and wait for the checker to finish. */
static void
stop_checker(struct file *f)
{
	if (f->full == NULL)
		return;
	if (f->fill != NULL)
		hand_over(f, 1);
	if (f->checker != NULL)
		g_thread_join(f->checker);
	f->checker = NULL;
	g_async_queue_unref(f->full);
	g_async_queue_unref(f->empty);
	f->full = f->empty = NULL;
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
	char		*msg;

	if (ns != NULL && strcmp(ns, REGISTER_NS) == 0 &&
	    strcmp(name, "register") == 0)
		return 1;
	if (ns == NULL)
		msg = g_strdup_printf("found %s without a namespace", name);
	else
		msg = g_strdup_printf("found %s in namespace %s", name, ns);
	add_message(f, DIAG_NAMESPACE, node_line(r), msg);
	g_free(msg);
	return 0;
}

/*
 * Read the whole file from r, validating, and hand it over to the
 * checker in batches. Returns when the file ends or can be read no
 * further: 1 with *rc what the reader last said, or 0 when the root
 * element was no register and nothing more is to be said.
 */
static int
read_all(struct file *f, xmlTextReaderPtr r, int *rc)
{
	xmlNodePtr	 n;
	int		 type;

	*rc = xmlTextReaderRead(r);
	while (*rc == 1) {
		type = xmlTextReaderNodeType(r);
		if (type == XML_READER_TYPE_DOCUMENT_TYPE)
			break;
		if (type != XML_READER_TYPE_ELEMENT) {
			*rc = xmlTextReaderRead(r);
			continue;
		}
		if (xmlTextReaderDepth(r) == 0) {
			if (!root(f, r))
				return 0;
			*rc = xmlTextReaderRead(r);
			continue;
		}
		/* A top-level element: take it whole, then step past it. */
		if ((n = xmlTextReaderExpand(r)) == NULL)
			break;
		take(f, n);
		if (f->fill->items->len >= BATCH_ITEMS ||
		    f->fill->text->len >= BATCH_TEXT)
			hand_over(f, 0);
		*rc = xmlTextReaderNext(r);
	}
	return 1;
}

/* What the file as a whole gets said of it, once the checker is done. */
static void
finish(struct file *f, xmlTextReaderPtr r, int rc)
{
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
	int			 ok = 0, rc, whole;

	memset(&f, 0, sizeof(f));
	f.im = im;
	f.name = name;
	f.diag_start = diag_count();
	f.in_countries = g_hash_table_new_full(g_str_hash, g_str_equal,
	    g_free, NULL);
	f.in_orgs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	    NULL);
	f.notes = g_hash_table_new(hash_two, equal_two);
	f.replies = g_hash_table_new(hash_first, equal_first);
	f.langs = g_hash_table_new(hash_first, equal_first);

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
	if (!db_seen_begin(im->seen))
		goto out;
	if (!db_begin_import(im->db))
		goto out;
	changes = db_total_changes(im->db);

	diag_hold();
	start_checker(&f);
	whole = read_all(&f, r, &rc);
	stop_checker(&f);
	if (whole)
		finish(&f, r, rc);
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
	db_seen_end(im->seen);
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
