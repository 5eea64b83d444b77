/*
 * xmlsafe: libxml2 set up so that no document can make it read a file or
 * the network, or print (see xmlsafe.h).
 */
#include <string.h>

#include <glib.h>
#include <libxml/parserInternals.h>

#include "datadir.h"
#include "diag.h"
#include "xmlsafe.h"

/*
 * Directory whose files the entity loader may read; set only while a
 * schema is parsed. Any other load (a DOCTYPE, an XInclude, a network
 * URL) is refused.
 */
static char			*loadable_dir;
static xmlExternalEntityLoader	 default_loader;

static xmlParserInputPtr
loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	if (loadable_dir != NULL && url != NULL &&
	    g_str_has_prefix(url, loadable_dir) && strstr(url, "..") == NULL)
		return default_loader(url, id, ctxt);
	return NULL;
}

/*
 * libxml2's unstructured messages ("Unimplemented block at ...", printed
 * when the validator meets an unexpanded entity) duplicate a structured
 * error or say nothing a user can act on; they must not reach stderr.
 */
static void
generic_error(void *arg, const char *fmt, ...)
{
	(void)arg;
	(void)fmt;
}

/*
 * libxml2 errors outside a parse would mean a bug here; they are
 * reported rather than left to libxml2, which would print them itself.
 */
void
xmlsafe_stray_error(void *arg, xmlErrorPtr e)
{
	(void)arg;
	if (e->level != XML_ERR_WARNING)
		diag_msg(DIAG_LIBXML, e->file, e->line, "%s",
		    e->message != NULL ? e->message : "");
}

/* Schema parse errors mean our own data is broken: an internal error. */
static void
schema_error(void *arg, xmlErrorPtr e)
{
	char	*msg;

	if (e->level == XML_ERR_WARNING)
		return;
	msg = g_strstrip(g_strdup(e->message != NULL ? e->message : ""));
	diag_msg(DIAG_LIBXML, e->file != NULL ? e->file : arg, e->line,
	    "%s", msg);
	g_free(msg);
}

/*
 * Load the XSD at relpath under the data directory; it may include files
 * from its own directory and nothing else. Returns NULL after a
 * diagnostic; caller frees with xmlSchemaFree.
 */
xmlSchemaPtr
xmlsafe_schema(const char *relpath)
{
	xmlSchemaParserCtxtPtr	 pc;
	xmlSchemaPtr		 schema;
	char			*path;
	unsigned		 before = diag_count();

	if (default_loader == NULL) {
		default_loader = xmlGetExternalEntityLoader();
		xmlSetExternalEntityLoader(loader);
		xmlSetGenericErrorFunc(NULL, generic_error);
	}
	if ((path = datadir_find(relpath)) == NULL) {
		diag_msg(DIAG_NO_DATAFILE, relpath, 0, NULL);
		return NULL;
	}
	loadable_dir = g_path_get_dirname(path);
	pc = xmlSchemaNewParserCtxt(path);
	xmlSchemaSetParserStructuredErrors(pc, schema_error, path);
	schema = xmlSchemaParse(pc);
	xmlSchemaFreeParserCtxt(pc);
	g_free(loadable_dir);
	loadable_dir = NULL;
	if (schema == NULL && diag_count() == before)
		diag_msg(DIAG_LIBXML, path, 0, "schema did not load");
	g_free(path);
	return schema;
}

/*
 * libxml2's message of e as one line, elements named without the
 * namespace ns ("{urn:...}incident" becomes "incident"). Caller frees.
 */
char *
xmlsafe_message(const xmlError *e, const char *ns)
{
	char	*msg, *braced, **parts;

	braced = g_strconcat("{", ns, "}", NULL);
	parts = g_strsplit(e->message != NULL ? e->message : "", braced, -1);
	msg = g_strjoinv("", parts);
	g_strfreev(parts);
	g_free(braced);
	/* Some messages run over lines ("Bytes: 0xFF ..."): keep one. */
	g_strdelimit(g_strstrip(msg), "\n", ' ');
	return msg;
}
