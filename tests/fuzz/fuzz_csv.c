/*
 * fuzz_csv.c - libFuzzer target for the CSV reader (memory mode).
 *
 * Reads every record of the input and checks what callers rely on: each
 * field lies inside the input or the reader's unescape buffer, a record has
 * at least one field, and line numbers never go back and match the line
 * ends (LF, CRLF, lone CR) counted here independently. The first input byte
 * is the delimiter if it is one of ",;\t|" (else ','), so that seeds read
 * naturally and other delimiters are explored too. Memory mode only: the
 * file window is covered by test_csv's window-boundary tests.
 *
 * Build: clang -g -O1 -fsanitize=fuzzer,address,undefined -Isrc \
 *   tests/fuzz/fuzz_csv.c src/io/csv.c src/core/sbuf.c src/core/err.c \
 *   src/core/xalloc.c -o fuzz_csv
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "io/csv.h"

#include "fuzz_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* p and len lie inside [base, base + n). */
static int
inside(const char *p, size_t len, const char *base, size_t n)
{
    uintptr_t a = (uintptr_t)p;
    uintptr_t b = (uintptr_t)base;

    return a >= b && a - b <= n && len <= n - (a - b);
}

/* Line ends in in[from, to), looking at in[to] for a CR's LF. */
static size_t
line_ends(const char *in, size_t len, size_t from, size_t to)
{
    size_t n = 0;

    for (size_t i = from; i < to; i++)
        if (in[i] == '\n' ||
            (in[i] == '\r' && (i + 1 == len || in[i + 1] != '\n')))
            n++;
    return n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char delims[] = { ',', ';', '\t', '|' };
    struct csv_reader rd = CSV_READER_INIT;
    struct dun_err err = DUN_ERR_INIT;
    const char *in;
    size_t len;
    size_t last_line = 0;
    size_t counted = 0; /* line ends in in[0, start) */
    size_t start = 0;
    char *copy;
    int rc;

    if (size == 0)
        return 0;
    len = size - 1;
    copy = fuzz_copy(data + 1, len);
    in = copy;

    csv_open_mem(&rd, "fuzz.csv", in, len);
    if (memchr(delims, data[0], sizeof(delims)) != NULL)
        csv_set_delimiter(&rd, (char)data[0]);
    start = rd.pos; /* after a byte order mark */
    while ((rc = csv_next(&rd, &err)) == 1) {
        if (rd.nfields < 1 || rd.nfields > CSV_MAX_FIELDS)
            abort();
        if (rd.line < 1 || rd.line <= last_line || rd.next_line < rd.line)
            abort();
        if (rd.line != counted + 1 || rd.pos <= start || rd.pos > len)
            abort();
        counted += line_ends(in, len, start, rd.pos);
        start = rd.pos;
        last_line = rd.line;
        for (size_t i = 0; i < rd.nfields; i++) {
            const struct csv_field *f = &rd.fields[i];

            if (f->p == NULL)
                abort();
            if (!inside(f->p, f->len, in, len) &&
                !inside(f->p, f->len, rd.rec.buf, rd.rec.len))
                abort();
            if (f->len > CSV_MAX_RECORD || memchr(f->p, '\0', f->len))
                abort();
        }
    }
    if (rc < 0 &&
        (err.code != DUN_E_INPUT || strncmp(err.msg, "fuzz.csv:", 9) != 0))
        abort();
    /* The end is sticky. */
    if (rc == 0 && csv_next(&rd, &err) != 0)
        abort();
    csv_close(&rd);
    free(copy);
    return 0;
}
