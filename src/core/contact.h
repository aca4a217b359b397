/*
 * contact.h - checks of a customer's contact details: e-mail address,
 * phone number, postal text, country, region, language, kind.
 *
 * Pure: no I/O, no locale. What passes here can be written into a
 * message header, a letter or a CSV cell without being able to change
 * its structure: one address, no line breaks, no control characters.
 *
 * Each check takes a NUL-terminated string and returns 0 if it is
 * acceptable, else -1 with *why set to a static phrase ("no '@'"),
 * lower case, for messages such as "--email: not an e-mail address: no
 * '@'". The empty string means "not known" and passes every check but
 * contact_kind_parse's. Thread-safe: no state.
 */
#ifndef DUN_CORE_CONTACT_H
#define DUN_CORE_CONTACT_H

#include <stddef.h>

#include "core/model.h"

/* Longest accepted values, in bytes (RFC 5321 section 4.5.3.1 for the
 * address: a path of 256 less its angle brackets). */
#define CONTACT_EMAIL_MAX 254
#define CONTACT_EMAIL_LOCAL_MAX 64
#define CONTACT_PHONE_MAX 40
#define CONTACT_NAME_MAX 200
#define CONTACT_ADDRESS_MAX 300
#define CONTACT_CITY_MAX 100
#define CONTACT_PERSON_MAX 100 /* a contact person's name */
#define CONTACT_POSTAL_CODE_MAX 20

/* One address, local@domain, in ASCII: local part of RFC 5322 atext and
 * dots (not first, last or doubled); domain of two or more labels of
 * letters, digits, hyphens (not first or last), an internationalised one
 * in its xn-- form. No display name, no comments, no quoting, no
 * address list; no RFC 6531 (UTF-8) address: it needs SMTPUTF8 all the
 * way. */
int contact_email_check(const char *s, const char **why);

/* Digits with an optional leading '+', spaces, '-', '.' and balanced,
 * unnested parentheses; 6 to 20 digits. */
int contact_phone_check(const char *s, const char **why);

/* Free text (a name, an address line, a city, a postal code): valid
 * UTF-8 of at most max bytes, without control characters (C0, DEL, C1)
 * or Unicode line and paragraph separators. */
int contact_text_check(const char *s, size_t max, const char **why);

/* contact_text_check of the n bytes at s (a field not yet copied). */
int contact_text_check_len(const char *s, size_t n, size_t max,
                           const char **why);

/* Text of lines (an address, a note): as contact_text_check, at most max
 * bytes in all, except that line feeds may separate its lines. A
 * carriage return, a tab or any other control character is refused with
 * the same phrase, "a line break or control character". */
int contact_lines_check(const char *s, size_t max, const char **why);

/* contact_lines_check of the n bytes at s. */
int contact_lines_check_len(const char *s, size_t n, size_t max,
                            const char **why);

/* 1 if s[0..n) is well-formed UTF-8 without NUL bytes, else 0: what any
 * text dun keeps must be (JSON output and the outbox's checks rely on
 * it). */
int contact_utf8_valid(const char *s, size_t n);

/* 1 if s is an ISO 3166-1 alpha-2 code in upper case ("DE"), else 0.
 * XK (Kosovo, user-assigned) is accepted: banks and the EU use it. */
int contact_country_valid(const char *s);

/* A region (the part after the dash of an ISO 3166-2 code: "CA" for
 * US-CA): 1 to 3 upper-case letters or digits, needing a country. For
 * US (states, DC, outlying areas), CA (provinces, territories) and AU
 * (states, territories) it must be one of the country's; of other
 * countries only the form is checked. country is matched ignoring case
 * (imports accept "us"). */
int contact_region_check(const char *country, const char *region,
                         const char **why);

/* 1 if s is an ISO 639-1 code in lower case ("de"), else 0. */
int contact_language_valid(const char *s);

/* "business", "sole_trader", "consumer" -> enum customer_kind; -1 for
 * anything else, "" included. */
int contact_kind_parse(const char *s);
/* The word for k ("business" for a value out of range). */
const char *contact_kind_name(enum customer_kind k);

#endif
