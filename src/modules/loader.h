/*
 * loader.h - the parts of dun that are loaded when first used.
 *
 * PDF letters (cairo, pango, fontconfig, libqrencode) and SMTP (libcurl)
 * bring some sixty shared libraries with them. Loading and relocating
 * those took 25 of the 30 ms every start of dun took, whatever the
 * command: a listing, an aging, each of an import's restarts. They are
 * modules instead, dun-pdf.so and dun-smtp.so, which the commands that
 * print or send load on first use; the dun executable carries stand-ins
 * with the same functions (pdf_shim.c, smtp_shim.c) that forward to
 * them. Tests and benchmarks link the real code in and load nothing.
 *
 * A module is looked for next to the dun executable (a build tree),
 * then in DUN_MODULE_DIR, relative to the executable's directory unless
 * absolute (an installed dun, wherever its tree was put).
 */
#ifndef DUN_MODULES_LOADER_H
#define DUN_MODULES_LOADER_H

#include "core/err.h"

#include <stddef.h>

/* Every module exports one function, entry(), which gives its table of
 * functions. The table begins with this head: a module from another
 * version of dun, or whose table is another size, is refused. */
#define MODULE_ENTRY_ABI DUN_VERSION

struct module_head {
    const char *abi;
    size_t size;
};

/* The table of module name ("dun-pdf"), size bytes from its entry
 * function, loading the module the first time. NULL with err
 * (DUN_E_INTERNAL) if it is not found, cannot be loaded, or is not the
 * one this dun was built with. Thread-safe. */
const void *module_table(const char *name, const char *entry, size_t size,
                         struct dun_err *err);

/* The table of module name if it was loaded already, else NULL (nothing
 * is loaded). */
const void *module_loaded(const char *name);

/* The running executable's path into buf (n bytes): 0, or -1 if it
 * cannot be told (then buf is ""). */
int exe_path(char *buf, size_t n);

#endif
