/*
 * csv.c - streaming RFC 4180 reader.
 *
 * Reads through a window of WIN_SIZE bytes that grows only when a single
 * record does not fit, and never past WIN_MAX; memory does not grow with
 * the file. Fields point straight into the window (or the caller's memory)
 * unless they hold a doubled quote: only those are unescaped, into rd->rec.
 * Never writes to the file or to the caller's memory.
 *
 * A record that does not end inside the window is parsed again from its
 * first byte once the window has been refilled: restarting costs one record
 * per window, and keeps the parser free of saved mid-field state.
 *
 * A record's length is its raw bytes, quotes and delimiters included, its
 * line end not. Line numbers in messages: "too long" and "too many fields"
 * name the line where the record starts, "unterminated quoted field" the
 * line of the opening quote, all other errors the line of the offending
 * byte.
 */
#include <assert.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "io/csv.h"
#include "core/xalloc.h"

#define WIN_SIZE (1u << 20)
/*
 * Deciding that a record of exactly CSV_MAX_RECORD bytes has ended needs
 * its line end and one byte beyond (CR, then LF or not); a record that is
 * too long is known after CSV_MAX_RECORD + 1 bytes. Either way the window
 * never has to hold more than this.
 */
#define WIN_MAX (CSV_MAX_RECORD + 2)

/* parse_record results besides -1 */
#define REC_MORE 0 /* the window ends inside the record */
#define REC_DONE 1

/* Bytes that end a run of field text, in or out of quotes (bar the
 * delimiter, which is compared separately because it is per reader). */
static const unsigned char stop[256] = {
    ['\0'] = 1,
    ['\n'] = 1,
    ['\r'] = 1,
    ['"'] = 1,
};

#if defined(__GNUC__) && defined(__BYTE_ORDER__) &&                            \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define SWAR_ONES UINT64_C(0x0101010101010101)
#define SWAR_HIGHS UINT64_C(0x8080808080808080)

/* High bit set in each zero byte of x; exact up to the lowest zero byte,
 * which is all scan() needs. */
static inline uint64_t
swar_zero(uint64_t x)
{
    return (x - SWAR_ONES) & ~x & SWAR_HIGHS;
}
#endif

/*
 * First byte in [q, lim) that is in stop[] or is delim, else lim. Fields are
 * short (ten bytes or so in invoices.csv), so eight at a time: on the
 * benchmark file this halved parse time against a byte loop, and wider
 * vectors would mostly scan past the field end.
 */
static inline const unsigned char *
scan(const unsigned char *q, const unsigned char *lim, unsigned char delim)
{
#ifdef SWAR_ONES
    const uint64_t d = SWAR_ONES * delim;

    while (lim - q >= 8) {
        uint64_t x;
        uint64_t m;

        memcpy(&x, q, 8);
        m = swar_zero(x) | swar_zero(x ^ (SWAR_ONES * '"')) |
            swar_zero(x ^ (SWAR_ONES * '\n')) |
            swar_zero(x ^ (SWAR_ONES * '\r')) | swar_zero(x ^ d);
        if (m != 0)
            return q + (__builtin_ctzll(m) >> 3);
        q += 8;
    }
#endif
    while (q < lim && !stop[*q] && *q != delim)
        q++;
    return q;
}

static void
init_reader(struct csv_reader *rd, const char *name)
{
    rd->fp = NULL;
    rd->name = name;
    rd->win = NULL;
    rd->win_cap = 0;
    rd->data = NULL;
    rd->data_len = 0;
    rd->pos = 0;
    rd->eof = 1;
    rd->delim = ',';
    rd->line = 0;
    rd->next_line = 1;
    /* Unescaped text is never longer than the raw record. */
    sbuf_init(&rd->rec, CSV_MAX_RECORD);
    rd->nfields = 0;
}

static void
skip_bom(struct csv_reader *rd)
{
    if (rd->data_len - rd->pos >= 3 &&
        memcmp(rd->data + rd->pos, "\xEF\xBB\xBF", 3) == 0)
        rd->pos += 3;
}

/*
 * Keep the unparsed tail, move it to the front and fill the rest of the
 * window. The window grows only when the tail already fills it, that is
 * when one record is longer than the window.
 */
static int
refill(struct csv_reader *rd, struct dun_err *err)
{
    size_t keep = rd->data_len - rd->pos;
    size_t want;
    size_t n;

    assert(rd->fp != NULL && !rd->eof);
    if (rd->pos > 0) {
        memmove(rd->win, rd->win + rd->pos, keep);
        rd->pos = 0;
        rd->data_len = keep;
    }
    if (rd->data_len == rd->win_cap) {
        size_t cap = rd->win_cap * 2;

        /* parse_record reports "too long" before the window is full. */
        assert(rd->win_cap < WIN_MAX);
        if (cap > WIN_MAX)
            cap = WIN_MAX;
        rd->win = xrealloc(rd->win, cap);
        rd->win_cap = cap;
        rd->data = rd->win;
    }
    want = rd->win_cap - rd->data_len;
    n = fread(rd->win + rd->data_len, 1, want, rd->fp);
    rd->data_len += n;
    if (n < want) {
        if (ferror(rd->fp)) {
            int e = errno;
            char buf[128];

            return dun_err_set(err, DUN_E_IO, "%s: cannot read: %s", rd->name,
                               errstr(e, buf, sizeof(buf)));
        }
        rd->eof = 1;
    }
    return 0;
}

/*
 * The parser needs a byte at or past lim. Returns -1 if the record is too
 * long, REC_MORE if the window must be refilled first, REC_DONE if the
 * input has really ended there.
 */
static int
at_limit(const struct csv_reader *rd, int capped, struct dun_err *err)
{
    if (capped)
        return dun_err_set(err, DUN_E_INPUT, "%s:%zu: record too long",
                           rd->name, rd->line);
    if (!rd->eof)
        return REC_MORE;
    return REC_DONE;
}

static int
bad_byte(const struct csv_reader *rd, size_t line, const char *reason,
         struct dun_err *err)
{
    return dun_err_set(err, DUN_E_INPUT, "%s:%zu: %s", rd->name, line, reason);
}

/*
 * Parse the record at rd->pos. On REC_DONE fields, nfields, pos and
 * next_line describe it; on REC_MORE nothing the caller relies on changed.
 *
 * Fields holding doubled quotes are unescaped into rd->rec, which may move
 * as it grows; they keep p == NULL until the record is complete and are
 * then pointed into rd->rec in field order.
 */
static int
parse_record(struct csv_reader *rd, struct dun_err *err)
{
    const unsigned char *start = (const unsigned char *)rd->data + rd->pos;
    const unsigned char *dend = (const unsigned char *)rd->data + rd->data_len;
    size_t avail = (size_t)(dend - start);
    /* Scans stop at lim: once CSV_MAX_RECORD + 1 bytes are seen without a
     * line end the record is too long, whatever follows. */
    int capped = avail > CSV_MAX_RECORD;
    const unsigned char *lim = capped ? start + CSV_MAX_RECORD + 1 : dend;
    const unsigned char *p = start;
    unsigned char delim = (unsigned char)rd->delim;
    size_t line = rd->line;
    size_t nf = 0;
    int rc;

    sbuf_reset(&rd->rec);
    for (;;) {
        struct csv_field *f;

        if (nf == CSV_MAX_FIELDS)
            return dun_err_set(err, DUN_E_INPUT, "%s:%zu: too many fields",
                               rd->name, rd->line);
        f = &rd->fields[nf++];

        if (p < lim && *p == '"') {
            const unsigned char *q = ++p;
            const unsigned char *run = p; /* not yet copied to rec */
            size_t qline = line;
            size_t rec_off = 0;
            int escaped = 0;

            for (;;) {
                /* Inside quotes the delimiter is text: look for '"'. */
                q = scan(q, lim, '"');
                if (q == lim) {
                    if ((rc = at_limit(rd, capped, err)) != REC_DONE)
                        return rc;
                    return bad_byte(rd, qline, "unterminated quoted field",
                                    err);
                }
                if (*q == '"') {
                    if (q + 1 == lim) {
                        if ((rc = at_limit(rd, capped, err)) != REC_DONE)
                            return rc;
                        break; /* closing quote at the end of input */
                    }
                    if (q[1] != '"')
                        break;
                    if (!escaped) {
                        escaped = 1;
                        rec_off = rd->rec.len;
                    }
                    /* Keep one quote of the pair. */
                    if (sbuf_add(&rd->rec, run, (size_t)(q + 1 - run)) < 0)
                        return at_limit(rd, 1, err);
                    q += 2;
                    run = q;
                    continue;
                }
                if (*q == '\0')
                    return bad_byte(rd, line, "NUL byte", err);
                /* A line break inside quotes: part of the value. */
                line++;
                if (*q == '\r') {
                    if (q + 1 == lim) {
                        if ((rc = at_limit(rd, capped, err)) != REC_DONE)
                            return rc;
                    } else if (q[1] == '\n') {
                        q++;
                    }
                }
                q++;
            }
            if (escaped) {
                if (sbuf_add(&rd->rec, run, (size_t)(q - run)) < 0)
                    return at_limit(rd, 1, err);
                f->p = NULL;
                f->len = rd->rec.len - rec_off;
            } else {
                f->p = (const char *)p;
                f->len = (size_t)(q - p);
            }
            p = q + 1;
            if (p == lim) {
                if ((rc = at_limit(rd, capped, err)) != REC_DONE)
                    return rc;
                break;
            }
            if (*p == delim) {
                p++;
                continue;
            }
            if (*p == '\n' || *p == '\r')
                break;
            return bad_byte(rd, line, "text after closing quote", err);
        } else {
            const unsigned char *q = scan(p, lim, delim);

            f->p = (const char *)p;
            f->len = (size_t)(q - p);
            if (q == lim) {
                if ((rc = at_limit(rd, capped, err)) != REC_DONE)
                    return rc;
                p = q;
                break;
            }
            if (*q == delim) {
                p = q + 1;
                continue;
            }
            if (*q == '"')
                return bad_byte(rd, line, "quote in unquoted field", err);
            if (*q == '\0')
                return bad_byte(rd, line, "NUL byte", err);
            p = q;
            break;
        }
    }

    /* p is at the line end, or at the end of input. */
    if (p < dend) {
        if (*p == '\r') {
            /* CRLF is one line end; the LF may not have arrived yet. */
            if (p + 1 == dend && !rd->eof)
                return REC_MORE;
            if (p + 1 < dend && p[1] == '\n')
                p++;
        }
        p++;
        line++;
    }
    assert((size_t)(p - start) <= CSV_MAX_RECORD + 2);

    if (rd->rec.len > 0) {
        const char *r = rd->rec.buf;

        for (size_t i = 0; i < nf; i++) {
            if (rd->fields[i].p == NULL) {
                rd->fields[i].p = r;
                r += rd->fields[i].len;
            }
        }
    }
    rd->nfields = nf;
    rd->pos = (size_t)((const char *)p - rd->data);
    rd->next_line = line;
    return REC_DONE;
}

int
csv_open(struct csv_reader *rd, const char *path, struct dun_err *err)
{
    FILE *fp = fopen(path, "rb");

    if (fp == NULL) {
        int e = errno;
        char buf[128];

        return dun_err_set(err, DUN_E_IO, "%s: cannot open: %s", path,
                           errstr(e, buf, sizeof(buf)));
    }
    /* We read in WIN_SIZE blocks: a stdio buffer would only add a copy. */
    setvbuf(fp, NULL, _IONBF, 0);
    init_reader(rd, path);
    rd->fp = fp;
    rd->win = xmalloc(WIN_SIZE);
    rd->win_cap = WIN_SIZE;
    rd->data = rd->win;
    rd->eof = 0;
    /* Fill now so that the byte order mark can be seen. */
    if (refill(rd, err) < 0) {
        csv_close(rd);
        return -1;
    }
    skip_bom(rd);
    return 0;
}

void
csv_open_mem(struct csv_reader *rd, const char *name, const char *data,
             size_t len)
{
    assert(data != NULL || len == 0);
    init_reader(rd, name);
    rd->data = data != NULL ? data : "";
    rd->data_len = len;
    skip_bom(rd);
}

void
csv_set_delimiter(struct csv_reader *rd, char delim)
{
    /* These would make the grammar ambiguous: a caller's bug. */
    assert(delim != '"' && delim != '\n' && delim != '\r' && delim != '\0');
    rd->delim = delim;
}

int
csv_next(struct csv_reader *rd, struct dun_err *err)
{
    for (;;) {
        int rc;

        if (rd->pos == rd->data_len && rd->eof) {
            rd->nfields = 0;
            return 0;
        }
        rd->line = rd->next_line;
        rc = parse_record(rd, err);
        if (rc != REC_MORE)
            return rc;
        if (refill(rd, err) < 0)
            return -1;
    }
}

void
csv_close(struct csv_reader *rd)
{
    /* Nothing was written, so fclose cannot lose data: its result is moot. */
    if (rd->fp != NULL)
        fclose(rd->fp);
    free(rd->win);
    sbuf_release(&rd->rec);
    rd->fp = NULL;
    rd->win = NULL;
    rd->win_cap = 0;
    rd->data = NULL;
    rd->data_len = 0;
    rd->pos = 0;
    rd->eof = 1;
    rd->nfields = 0;
}
