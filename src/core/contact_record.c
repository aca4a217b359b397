/*
 * contact_record.c - see contact_record.h.
 */
#include <string.h>

#include "core/contact.h"
#include "core/contact_record.h"

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
    if (contact_lines_check(or_empty(c->address), CONTACT_ADDRESS_MAX,
                            why) < 0) {
        *field = "address";
        return -1;
    }
    if (c->email && c->email[0] && contact_email_check(c->email, why) < 0) {
        *field = "email";
        return -1;
    }
    return 0;
}
