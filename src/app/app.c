/*
 * app.c - opening and closing the context of the use cases; see app.h.
 */
#include <stddef.h>

#include "app/app.h"
#include "render/pdf_letter.h"
#include "store/store.h"

int
app_open(struct app *app, const char *db, int create, struct dun_err *err)
{
    struct store *st;

    if (app->tenant == NULL)
        app->tenant = APP_TENANT_DEFAULT;
    if ((st = store_open(db, app->tenant, create, err)) == NULL)
        return -1;
    app->st = st;
    app->db = db;
    return 0;
}

void
app_close(struct app *app)
{
    store_close(app->st);
    app->st = NULL;
    /* The fonts a print or an attachment loaded: given back as the
     * command ends (render/pdf_letter.h). */
    pdf_release_fonts();
}

void
app_version(struct app_version *out)
{
    out->dun = DUN_VERSION;
    store_engine(&out->engine, &out->engine_version);
}
