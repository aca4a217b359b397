/*
 * textfile.h - read a small text file (a policy, a template) whole, and
 * write a file whole or not at all.
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

/* Make the directory path, readable by this user alone (0700); one that
 * is there already is fine. -1 with err "PATH: cannot create: reason". */
int textfile_mkdir(const char *path, struct dun_err *err);

/* Write data to path whole or not at all: into a new file beside it
 * (its owner's only), then renamed over path. A full disk leaves no cut
 * file; a symbolic link named like the file is replaced, never followed.
 * -1 with err "PATH: cannot write: WHY". */
int textfile_write(const char *path, const void *data, size_t len,
                   struct dun_err *err);

#endif
