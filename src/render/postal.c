/*
 * postal.c - postal addresses laid out per country; see postal.h.
 *
 * From the postal administrations' addressing rules (UPU's "Postal
 * addressing systems in member countries"): the countries of dun's
 * jurisdictions table and of the demo data each have their line; the
 * rest of Europe, and any other country, take the continental form
 * "POSTCODE City", which is also what most of the world reads.
 */
#include <string.h>

#include "render/postal.h"

enum layout {
    L_CONTINENTAL, /* 10115 Berlin */
    L_CAPS_CITY,   /* 75008 PARIS: the town in capitals */
    L_NL,          /* 1012 AB  AMSTERDAM: two spaces, capitals */
    L_IT,          /* 00184 Roma RM: the province after the town */
    L_GB,          /* YORK / YO1 7HH: post town in capitals, then code */
    L_IE,          /* Dublin 2 / D02 X285: town, then Eircode */
    L_US,          /* Portland, OR 97238 */
    L_CA,          /* Ottawa ON  K1A 0B1 */
    L_AU,          /* SYDNEY NSW 2000 */
};

static const struct {
    char code[3];
    enum layout layout;
} layouts[] = {
    {"AU", L_AU}, {"CA", L_CA}, {"FR", L_CAPS_CITY}, {"GB", L_GB},
    {"IE", L_IE}, {"IT", L_IT}, {"LU", L_CAPS_CITY}, {"MC", L_CAPS_CITY},
    {"NL", L_NL}, {"UK", L_GB}, {"US", L_US},
};

static enum layout
layout_of(const char *country)
{
    for (size_t i = 0; i < sizeof(layouts) / sizeof(layouts[0]); i++)
        if (country && strcmp(layouts[i].code, country) == 0)
            return layouts[i].layout;
    return L_CONTINENTAL;
}

static int
has(const char *s)
{
    return s != NULL && s[0] != '\0';
}

/* Append the lines of s (\n between them), each ending in \n, skipping
 * empty ones. */
static void
add_lines(struct sbuf *out, const char *s)
{
    while (has(s)) {
        size_t n = strcspn(s, "\n");

        if (n > 0) {
            sbuf_add(out, s, n);
            sbuf_addch(out, '\n');
        }
        s += n + (s[n] == '\n');
    }
}

/* Append a and b with sep between them when both are there. */
static void
join(struct sbuf *out, const char *a, const char *sep, const char *b)
{
    sbuf_addstr(out, has(a) ? a : "");
    if (has(a) && has(b))
        sbuf_addstr(out, sep);
    sbuf_addstr(out, has(b) ? b : "");
}

static void
city_caps(struct sbuf *out, struct localfmt *f, const char *city)
{
    if (has(city))
        localfmt_upper(f, city, out);
}

/* The locality line(s): postal code, town, region as the country
 * writes them. */
static void
locality(const struct postal_address *a, enum layout l, struct localfmt *f,
         struct sbuf *out)
{
    size_t start = out->len;

    switch (l) {
    case L_GB:
    case L_IE:
        if (l == L_GB)
            city_caps(out, f, a->city);
        else
            sbuf_addstr(out, has(a->city) ? a->city : "");
        if (out->len > start)
            sbuf_addch(out, '\n');
        start = out->len;
        sbuf_addstr(out, has(a->postal_code) ? a->postal_code : "");
        break;
    case L_US:
        sbuf_addstr(out, has(a->city) ? a->city : "");
        if (has(a->city) && (has(a->region) || has(a->postal_code)))
            sbuf_addstr(out, ", ");
        join(out, a->region, " ", a->postal_code);
        break;
    case L_CA:
        join(out, a->city, " ", a->region);
        if (out->len > start && has(a->postal_code))
            sbuf_addstr(out, "  ");
        sbuf_addstr(out, has(a->postal_code) ? a->postal_code : "");
        break;
    case L_AU:
        city_caps(out, f, a->city);
        if (out->len > start && has(a->region))
            sbuf_addch(out, ' ');
        sbuf_addstr(out, has(a->region) ? a->region : "");
        if (out->len > start && has(a->postal_code))
            sbuf_addch(out, ' ');
        sbuf_addstr(out, has(a->postal_code) ? a->postal_code : "");
        break;
    case L_IT:
        join(out, a->postal_code, " ", a->city);
        if (out->len > start && has(a->region))
            sbuf_addch(out, ' ');
        sbuf_addstr(out, has(a->region) ? a->region : "");
        break;
    case L_NL:
    case L_CAPS_CITY:
        sbuf_addstr(out, has(a->postal_code) ? a->postal_code : "");
        if (has(a->postal_code) && has(a->city))
            sbuf_addstr(out, l == L_NL ? "  " : " ");
        city_caps(out, f, a->city);
        break;
    case L_CONTINENTAL:
        join(out, a->postal_code, " ", a->city);
        break;
    }
    if (out->len > start)
        sbuf_addch(out, '\n');
}

void
postal_lines(const struct postal_address *a, const char *from_country,
             struct localfmt *sender, struct sbuf *out)
{
    char name[LOCALFMT_MAX];

    add_lines(out, a->name);
    add_lines(out, a->attention);
    add_lines(out, a->street);
    locality(a, layout_of(a->country), sender, out);
    if (has(a->country) &&
        !(has(from_country) && strcmp(from_country, a->country) == 0)) {
        sbuf_addstr(out, localfmt_country(sender, a->country, name));
        sbuf_addch(out, '\n');
    }
}
