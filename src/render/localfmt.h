/*
 * localfmt.h - dates, amounts and country names as a customer's language
 * and country write them: de-DE "14.11.2026" and "7.578,70 €", en-GB
 * "14 November 2026" and "£7,578.70", en-US "November 14, 2026" and
 * "$7,578.70", fr-FR "14 novembre 2026" and "7 578,70 €".
 *
 * The rules are ICU's (CLDR data); nothing here reads the clock or the
 * environment. A formatter caches what it computed (ICU formatters, the
 * days it wrote), so it is for one thread at a time: a render thread
 * keeps its own.
 *
 * Messages keep the formatted values in their stored data, so a message
 * renders again byte for byte even after ICU's data changes.
 */
#ifndef DUN_RENDER_LOCALFMT_H
#define DUN_RENDER_LOCALFMT_H

#include <stdint.h>

#include "core/err.h"
#include "core/sbuf.h"

/* Room for any value below, NUL included. */
#define LOCALFMT_MAX 128

struct localfmt;

/*
 * A formatter for language (ISO 639-1, "" for English) as written in
 * country (ISO 3166-1 alpha-2, "" for none: the language's usual
 * country). NULL with err if ICU cannot open one (out of memory).
 */
struct localfmt *localfmt_new(const char *language, const char *country,
                              struct dun_err *err);
void localfmt_free(struct localfmt *f);

/* Its BCP 47 tag: "de-DE", "en" (no country). */
const char *localfmt_tag(const struct localfmt *f);

/* The day as a letter writes it: "14.11.2026", "14 November 2026". */
const char *localfmt_date(struct localfmt *f, int32_t day,
                          char out[LOCALFMT_MAX]);

/* The day short, for a table column: "14.11.2026", "Nov 14, 2026",
 * "14 Nov 2026". */
const char *localfmt_date_short(struct localfmt *f, int32_t day,
                                char out[LOCALFMT_MAX]);

/* minor units of currency (ISO 4217) with its sign, as the locale writes
 * an amount: "7.578,70 €", "£7,578.70", "-$12.00". Exact: the amount is
 * handed to ICU as its decimal text, never as a float. */
const char *localfmt_money(struct localfmt *f, int64_t minor,
                           const char *currency, char out[LOCALFMT_MAX]);

/* The amount alone, grouped and with the locale's decimal sign:
 * "7.578,70". */
const char *localfmt_number(struct localfmt *f, int64_t minor,
                            const char *currency, char out[LOCALFMT_MAX]);

/* The name of country (ISO 3166-1 alpha-2) in the formatter's language,
 * in capitals as the last line of a foreign address: "VEREINIGTE
 * STAATEN", "FRANCE". The code itself if ICU knows no name. */
const char *localfmt_country(struct localfmt *f, const char *country,
                             char out[LOCALFMT_MAX]);

/* s in capitals by the formatter's language's rules ("Zürich" →
 * "ZÜRICH"), appended to out: for the city line of a French or British
 * address. */
void localfmt_upper(struct localfmt *f, const char *s, struct sbuf *out);

#endif
