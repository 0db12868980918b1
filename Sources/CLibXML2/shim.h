#ifndef ALLOT_CLIBXML2_SHIM_H
#define ALLOT_CLIBXML2_SHIM_H

// Foundation ships its own ICU; Debian's libxml2 headers pull in the system
// ICU when LIBXML_ICU_ENABLED is set, and a module that sees both fails to
// build in debug ("'UErrorCode' has different definitions"). Encodings still
// work without it: libxml2 converts through iconv.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlreader.h>

/// `xmlFree` is a global function pointer that Swift 6 will not touch.
static inline void cxml_free(void *p) { xmlFree(p); }

#endif
