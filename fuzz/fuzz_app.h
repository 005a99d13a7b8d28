/* fuzz_app.h - the in-memory application every fuzz target runs against. */
#ifndef ROADSHOW_FUZZ_APP_H
#define ROADSHOW_FUZZ_APP_H

#include <stdlib.h>

#include "app/app.h"

/* Opened on first use and kept for the whole run (libFuzzer calls in one process). */
static struct app *fuzz_app(void)
{
	static struct app app;
	if (!app.store) {
		char err[256];
		if (app_open(&app, ":memory:", err, sizeof(err)))
			abort();
	}
	return &app;
}

#endif
