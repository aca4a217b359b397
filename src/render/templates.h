/*
 * templates.h - the default message templates, compiled into dun from
 * templates/LANG/NAME.PART.mustache (scripts/embed_templates.py).
 */
#ifndef DUN_RENDER_TEMPLATES_H
#define DUN_RENDER_TEMPLATES_H

#include <stddef.h>

struct embedded_template {
    const char *name; /* "en/reminder.subject", "de/_invoices_text" */
    const char *text;
    size_t len;
};

extern const struct embedded_template embedded_templates[];
extern const size_t embedded_ntemplates;

/* The template called name ("en/reminder.text"), or NULL. */
const struct embedded_template *templates_find(const char *name);

#endif
