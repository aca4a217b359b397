/*
 * contact_record.c - see contact_record.h.
 */
#include <string.h>

#include "core/contact.h"
#include "core/contact_record.h"

int
contact_address_check(const char *s, const char **why)
{
    if (strlen(s) > CONTACT_ADDRESS_MAX) {
        *why = "too long";
        return -1;
    }
    while (*s) {
        size_t n = strcspn(s, "\n");
        char line[CONTACT_ADDRESS_MAX + 1];

        memcpy(line, s, n);
        line[n] = '\0';
        if (contact_text_check(line, CONTACT_ADDRESS_MAX, why) < 0)
            return -1;
        s += n + (s[n] == '\n');
    }
    return 0;
}

static const char *
or_empty(const char *s)
{
    return s ? s : "";
}

int
contact_record_check(const struct customer *c, const char **field,
                     const char **why)
{
    const struct { const char *name, *v; size_t max; } text[] = {
        {"name", or_empty(c->name), CONTACT_NAME_MAX},
        {"phone", or_empty(c->phone), CONTACT_PHONE_MAX},
        {"city", or_empty(c->city), CONTACT_CITY_MAX},
        {"postal_code", or_empty(c->postal_code), CONTACT_POSTAL_CODE_MAX},
    };

    for (size_t i = 0; i < sizeof(text) / sizeof(text[0]); i++)
        if (contact_text_check(text[i].v, text[i].max, why) < 0) {
            *field = text[i].name;
            return -1;
        }
    if (contact_address_check(or_empty(c->address), why) < 0) {
        *field = "address";
        return -1;
    }
    if (c->email && c->email[0] && contact_email_check(c->email, why) < 0) {
        *field = "email";
        return -1;
    }
    return 0;
}
