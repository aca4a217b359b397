/*
 * templates.c - find an embedded default template by name.
 */
#include <string.h>

#include "render/templates.h"

const struct embedded_template *
templates_find(const char *name)
{
    for (size_t i = 0; i < embedded_ntemplates; i++)
        if (strcmp(embedded_templates[i].name, name) == 0)
            return &embedded_templates[i];
    return NULL;
}
