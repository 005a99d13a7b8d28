/* fuzz_route.c - libFuzzer target: method, path and query through the route table and the
 * list handlers. Input: "METHOD PATH?k=v&k=v". */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_app.h"
#include "http/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct app *app = fuzz_app();
	struct arena a = ARENA_INIT;
	char *text = arena_strndup(&a, (const char *)data, size);
	if (strlen(text) != size) {
		arena_release(&a);
		return 0;
	}
	char *space = strchr(text, ' ');
	if (!space) {
		arena_release(&a);
		return 0;
	}
	*space = '\0';
	char *path = space + 1, *qs = strchr(path, '?');
	struct kv query[16];
	size_t nq = 0;
	if (qs) {
		*qs++ = '\0';
		for (char *tok = strtok(qs, "&"); tok && nq < 16; tok = strtok(NULL, "&")) {
			char *eq = strchr(tok, '=');
			if (eq)
				*eq++ = '\0';
			query[nq++] = (struct kv){tok, eq ? eq : ""};
		}
	}
	struct http_request req = {.method = text,
				   .path = path,
				   .query = query,
				   .nquery = nq,
				   .arena = &a,
				   .app = app};
	struct http_response res = {.status = 500};
	strbuf_init(&res.body);
	http_dispatch(&req, &res);
	if (res.status < 100 || res.status > 599)
		abort();
	strbuf_release(&res.body);
	arena_release(&a);
	return 0;
}
