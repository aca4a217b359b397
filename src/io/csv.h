/*
 * csv.h - streaming RFC 4180 reader.
 *
 * Reads a file (or a memory buffer) record by record with a fixed-size
 * window, so memory does not grow with the file. Accepts: quoted fields
 * with embedded delimiters, doubled quotes and line breaks; LF, CRLF and
 * lone CR line ends; a leading UTF-8 byte order mark (skipped); a missing
 * final line end. Rejects, as DUN_E_INPUT with "FILE:LINE: reason": a quote
 * inside an unquoted field, text after a closing quote, an unterminated
 * quoted field, a record longer than CSV_MAX_RECORD bytes or with more than
 * CSV_MAX_FIELDS fields, and a NUL byte.
 *
 * Not thread-safe per reader; readers are independent.
 */
#ifndef DUN_IO_CSV_H
#define DUN_IO_CSV_H

#include <stddef.h>
#include <stdio.h>

#include "core/err.h"
#include "core/sbuf.h"

#define CSV_MAX_FIELDS 512
#define CSV_MAX_RECORD (1u << 20) /* bytes in one record */

struct csv_field {
    const char *p; /* not NUL-terminated; valid until the next csv_next */
    size_t len;
};

struct csv_reader {
    FILE *fp;          /* NULL when reading memory */
    const char *name;  /* file name for messages (borrowed) */
    char *win;         /* read window (file mode) */
    size_t win_cap;
    const char *data;  /* bytes being parsed: win or the caller's memory */
    size_t data_len;
    size_t pos;        /* parse position in data */
    int eof;           /* no more bytes will arrive */
    char delim;        /* ',' unless csv_set_delimiter */
    size_t line;       /* physical line where the current record starts */
    size_t next_line;  /* physical line where the next record starts */
    struct sbuf rec;   /* unescaped bytes of the current record */
    struct csv_field fields[CSV_MAX_FIELDS];
    size_t nfields;
};

#define CSV_READER_INIT                                                  \
    {                                                                    \
        .fp = NULL, .name = "", .win = NULL, .data = NULL, .delim = ',', \
        .line = 0, .next_line = 1, .rec = SBUF_INIT                      \
    }

/* Open path for reading ("-" is not special). name in messages is path. */
int csv_open(struct csv_reader *rd, const char *path, struct dun_err *err);

/* Read from len bytes at data (borrowed; must outlive the reader). */
void csv_open_mem(struct csv_reader *rd, const char *name, const char *data,
                  size_t len);

void csv_set_delimiter(struct csv_reader *rd, char delim);

/* Read the next record: 1 = a record is ready, 0 = end of input, -1 = error
 * (err set). An empty line is a record of one empty field. */
int csv_next(struct csv_reader *rd, struct dun_err *err);

/* Close the file and free buffers. Safe on a reader that never opened, and
 * twice. */
void csv_close(struct csv_reader *rd);

#endif
