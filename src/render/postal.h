/*
 * postal.h - a postal address laid out as the post of its country wants
 * it on an envelope: the order of the lines, where the postal code goes,
 * which parts are in capitals, and the country line.
 *
 *   DE, AT, CH, FR, NL, ES, ... : street / POSTCODE City
 *   GB: street / CITY / POSTCODE         US: street / City, ST 12345
 *   CA: street / City ON  K1A 0B1        AU: street / CITY NSW 2000
 *   IT: street / 00184 Roma RM           IE: street / City / EIRCODE
 *
 * The country line is left out on a domestic letter and written out in
 * full, in capitals, in the sender's language, on a foreign one (UPU
 * convention). Pure: no I/O.
 */
#ifndef DUN_RENDER_POSTAL_H
#define DUN_RENDER_POSTAL_H

#include "core/sbuf.h"
#include "render/localfmt.h"

struct postal_address {
    const char *name;      /* the addressee (a company), first line */
    const char *attention; /* "z. Hd. Anna Schmidt", or NULL / "" */
    const char *street;    /* one or more lines, \n between them */
    const char *postal_code, *city;
    const char *region;    /* state, province: "OR", "NSW", "RM" */
    const char *country;   /* ISO 3166-1 alpha-2, or "" */
};

/*
 * Append a's lines to out, each ending in \n; empty parts leave no empty
 * line. from_country is the sender's (ISO alpha-2, "" if unknown: then
 * every letter with a country gets the country line); sender names the
 * country in the sender's language.
 */
void postal_lines(const struct postal_address *a, const char *from_country,
                  struct localfmt *sender, struct sbuf *out);

#endif
