/*
 * err.h - the error record every fallible function fills.
 *
 * Functions return 0 on success and -1 on failure; the detail goes into the
 * caller's struct dun_err. Pure: no I/O.
 */
#ifndef DUN_CORE_ERR_H
#define DUN_CORE_ERR_H

#include <stddef.h>

enum dun_errc {
    DUN_E_OK = 0,
    DUN_E_INPUT,    /* bad input: a file, a flag, a value */
    DUN_E_IO,       /* a file or the database could not be read or written */
    DUN_E_CONFLICT, /* the operation clashes with stored data */
    DUN_E_NOTFOUND, /* a named thing does not exist */
    DUN_E_INTERNAL, /* a bug or an exhausted resource */
};

#define DUN_ERR_MSG_MAX 256

struct dun_err {
    enum dun_errc code;
    char msg[DUN_ERR_MSG_MAX]; /* "invoices.csv:12: due_date: not a date" */
};

#define DUN_ERR_INIT {DUN_E_OK, ""}

/* Set code and message (printf-style, truncated to fit); returns -1 so that
 * failing is one statement. err may be NULL. */
int dun_err_set(struct dun_err *err, enum dun_errc code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Put context in front of the message already in err ("customer C1: "
 * before "more than 8 currencies"), keeping its code; returns -1. The
 * old message is copied first, so it is never read while being written
 * (passing err->msg to dun_err_set is undefined behaviour). err may be
 * NULL. */
int dun_err_prefix(struct dun_err *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Reset to "no error". */
void dun_err_clear(struct dun_err *err);

/* strerror_r that always returns a usable string. buf must be >= 64 bytes. */
const char *errstr(int errnum, char *buf, size_t size);

#endif
