/*
 * textfile.h - read a small text file (a policy, a template) whole.
 */
#ifndef DUN_IO_TEXTFILE_H
#define DUN_IO_TEXTFILE_H

#include <stddef.h>

#include "core/err.h"
#include "core/sbuf.h"

/* Append the file at path to out. -1 with err "PATH: reason" if it
 * cannot be read or is larger than max bytes. */
int textfile_read(const char *path, size_t max, struct sbuf *out,
                  struct dun_err *err);

#endif
