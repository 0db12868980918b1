/* The functions are inline in include/csv_scan.h; a C target needs a source file. */
#include "csv_scan.h"
