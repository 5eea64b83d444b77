/*
 * xmlsafe: what import and tmpl share of libxml2: an entity loader that
 * reads nothing but our own schemas, libxml2 kept from printing on its own,
 * schemas loaded from the data directory, and libxml2's messages made into
 * one readable line. It parses no document itself.
 */
#ifndef XMLSAFE_H
#define XMLSAFE_H

#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>

xmlSchemaPtr	 xmlsafe_schema(const char *relpath);
char		*xmlsafe_message(const xmlError *, const char *ns);
void		 xmlsafe_stray_error(void *, xmlErrorPtr);

#endif /* XMLSAFE_H */
