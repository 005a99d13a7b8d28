/* test_app.c - use cases: validation from descriptors, versions, idempotency, import, demo,
 * the writer's groups. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "app/app.h"
#include "app/rowjson.h"
#include "store/store.h"

struct fixture {
	struct app app;
	struct arena a;
	struct app_error err;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	char err[256];
	if (app_open(&f->app, ":memory:", err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	app_error_init(&f->err, &f->a);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	app_close(&f->app);
	arena_release(&f->a);
	free(f);
	return 0;
}

static json_int_t total(struct fixture *f, const char *resource)
{
	json_t *page;
	assert_int_equal(
		app_list(&f->app, &f->a, entity_find(resource), NULL, 0, NULL, &page, &f->err), 0);
	json_int_t n = json_integer_value(json_object_get(page, "total"));
	json_decref(page);
	return n;
}

/* Creates from JSON text; returns the new id, or 0 with f->err filled. */
static json_int_t create(struct fixture *f, const char *resource, const char *text, const char *key)
{
	json_t *body = json_loads(text, 0, NULL), *out = NULL;
	struct app_write w = {.idempotency_key = key, .path = resource};
	int status = 0, replayed = 0;
	assert_non_null(body);
	app_error_init(&f->err, &f->a);
	int rc = app_create(&f->app, &f->a, entity_find(resource), body, &w, &out, &status,
			    &replayed, &f->err);
	json_decref(body);
	json_int_t id = rc ? 0 : json_integer_value(json_object_get(out, "id"));
	json_decref(out);
	return id;
}

static int has_field_error(const struct app_error *err, const char *field, const char *code)
{
	for (size_t i = 0; i < err->nerrors; i++)
		if (!strcmp(err->errors[i].field, field) && !strcmp(err->errors[i].code, code))
			return 1;
	return 0;
}

static void create_applies_defaults_and_normalises(void **state)
{
	struct fixture *f = *state;
	json_int_t org = create(f, "organizations",
				"{\"kind\":\"government\",\"name_ko\":\"전북특별자치도\"}", NULL);
	assert_true(org > 0);
	char body[256];
	snprintf(body, sizeof(body),
		 "{\"host_organization_id\":%lld,\"title_ko\":\"CES 출장\",\"depart_date\":"
		 "\"2024-01-08\",\"return_date\":\"2024-01-14\"}",
		 (long long)org);
	json_int_t d = create(f, "delegations", body, NULL);
	assert_true(d > 0);
	json_t *got;
	assert_int_equal(
		app_get(&f->app, &f->a, entity_find("delegations"), d, NULL, &got, &f->err), 0);
	assert_string_equal(json_string_value(json_object_get(got, "home_timezone")), "Asia/Seoul");
	assert_string_equal(json_string_value(json_object_get(got, "status")), "planning");
	assert_true(json_is_false(json_object_get(got, "published")));
	assert_true(json_is_array(json_object_get(got, "members")));
	assert_string_equal(
		json_string_value(json_object_get(
			json_object_get(json_object_get(got, "_refs"), "host_organization_id"),
			"label_ko")),
		"전북특별자치도");
	json_decref(got);
}

static void invalid_fields_are_named_and_nothing_is_written(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(
		create(f, "organizations",
		       "{\"kind\":\"planet\",\"name_ko\":7,\"country\":\"kor\",\"bogus\":1}", NULL),
		0);
	assert_int_equal(f->err.status, 422);
	assert_true(has_field_error(&f->err, "kind", "invalid_choice"));
	assert_true(has_field_error(&f->err, "name_ko", "invalid_type"));
	assert_true(has_field_error(&f->err, "country", "invalid_country"));
	assert_true(has_field_error(&f->err, "bogus", "unknown_field"));
	assert_int_equal(total(f, "organizations"), 0);

	assert_int_equal(
		create(f, "places",
		       "{\"kind\":\"city\",\"name_ko\":\"화성\",\"timezone\":\"Mars/Olympus\"}",
		       NULL),
		0);
	assert_true(has_field_error(&f->err, "timezone", "invalid_timezone"));
	assert_int_equal(
		create(f, "people", "{\"name_ko\":\"홍길동\",\"organization_id\":42}", NULL), 0);
	assert_true(has_field_error(&f->err, "organization_id", "unknown_reference"));
	assert_int_equal(create(f, "organizations", "{\"kind\":\"company\"}", NULL), 0);
	assert_true(has_field_error(&f->err, "name_ko", "required"));
	assert_int_equal(total(f, "places") + total(f, "people") + total(f, "organizations"), 0);
}

static void dates_must_be_in_order(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(
		create(f, "events",
		       "{\"name_ko\":\"CES 2024\",\"start_date\":\"2024-01-12\",\"end_date\":"
		       "\"2024-01-09\"}",
		       NULL),
		0);
	assert_true(has_field_error(&f->err, "end_date", "invalid_order"));
}

static void updates_need_the_current_version(void **state)
{
	struct fixture *f = *state;
	const struct entity *e = entity_find("organizations");
	json_int_t id =
		create(f, "organizations", "{\"kind\":\"company\",\"name_ko\":\"비나텍\"}", NULL);
	json_t *patch = json_pack("{s:s}", "city", "전주"), *out = NULL;
	struct app_write w = {0};
	app_error_init(&f->err, &f->a);
	assert_int_equal(app_update(&f->app, &f->a, e, id, patch, &w, &out, &f->err), -1);
	assert_int_equal(f->err.status, 428);
	w.if_match = 1;
	assert_int_equal(app_update(&f->app, &f->a, e, id, patch, &w, &out, &f->err), 0);
	assert_int_equal(json_integer_value(json_object_get(out, "version")), 2);
	assert_string_equal(json_string_value(json_object_get(out, "name_ko")), "비나텍");
	json_decref(out);
	out = NULL;
	app_error_init(&f->err, &f->a);
	assert_int_equal(app_update(&f->app, &f->a, e, id, patch, &w, &out, &f->err), -1);
	assert_int_equal(f->err.status, 412);
	json_decref(patch);

	/* a replace (PUT) clears what it leaves out and keeps required fields required */
	json_t *put = json_pack("{s:s, s:s}", "kind", "company", "name_ko", "비나텍(주)");
	w.if_match = 2;
	w.replace = 1;
	assert_int_equal(app_update(&f->app, &f->a, e, id, put, &w, &out, &f->err), 0);
	assert_true(json_is_null(json_object_get(out, "city")));
	json_decref(out);
	json_decref(put);
}

static void idempotency_key_replays_without_duplicating(void **state)
{
	struct fixture *f = *state;
	const char *body = "{\"kind\":\"company\",\"name_ko\":\"링크원\"}";
	json_int_t a = create(f, "organizations", body, "offline-42");
	json_int_t b = create(f, "organizations", body, "offline-42");
	assert_true(a > 0);
	assert_int_equal(a, b);
	assert_int_equal(total(f, "organizations"), 1);
	assert_int_equal(create(f, "organizations", "{\"kind\":\"company\",\"name_ko\":\"다른\"}",
				"offline-42"),
			 0);
	assert_int_equal(f->err.status, 422);
	assert_string_equal(f->err.code, "idempotency_key_reused");
	assert_int_equal(total(f, "organizations"), 1);
}

static void csv_import_is_all_or_nothing(void **state)
{
	struct fixture *f = *state;
	const struct entity *e = entity_find("organizations");
	const char *good = "kind,name_ko,name_en,country\n"
			   "company,\"비나텍, 주식회사\",Vinatech,KR\n"
			   "government,성남시,Seongnam,KR\n";
	const char *bad = "kind,name_ko\ncompany,좋은 회사\nplanet,나쁜 행\n";
	size_t n;
	assert_int_equal(app_import(&f->app, &f->a, e, APP_CSV, good, strlen(good), &n, &f->err),
			 0);
	assert_int_equal(n, 2);
	assert_int_equal(app_import(&f->app, &f->a, e, APP_CSV, bad, strlen(bad), &n, &f->err), -1);
	assert_non_null(strstr(f->err.detail, "line 3"));
	assert_int_equal(total(f, "organizations"), 2);

	struct strbuf out = STRBUF_INIT;
	assert_int_equal(app_export(&f->app, &f->a, e, APP_CSV, NULL, &out, &f->err), 0);
	assert_non_null(strstr(out.buf, "\"비나텍, 주식회사\""));
	/* re-importing the export updates in place: same rows, no duplicates */
	assert_int_equal(app_import(&f->app, &f->a, e, APP_CSV, out.buf, out.len, &n, &f->err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(total(f, "organizations"), 2);
	strbuf_release(&out);
}

static void demo_loader_resolves_refs(void **state)
{
	struct fixture *f = *state;
	const char *doc =
		"{\"organizations\":[{\"ref\":\"sn\",\"kind\":\"government\",\"name_ko\":"
		"\"성남시\"}],\"people\":[{\"name_ko\":\"신상진\",\"organization_id\":\"@sn\"}]}";
	const char *broken =
		"{\"people\":[{\"name_ko\":\"신상진\",\"organization_id\":\"@nobody\"}]}";
	size_t n;
	assert_int_equal(
		app_demo_load(&f->app, &f->a, broken, strlen(broken), 0, &n, NULL, &f->err), -1);
	assert_int_equal(total(f, "people"), 0);
	if (app_demo_load(&f->app, &f->a, doc, strlen(doc), 0, &n, NULL, &f->err))
		fail_msg("demo load: %s", f->err.detail);
	assert_int_equal(n, 2);
	assert_int_equal(total(f, "people"), 1);
}

/* Two regions, each with a pavilion of booths and a delegation with an item and a
 * counterpart: ownership follows the chain up to the host organization. */
static const char two_regions[] =
	"{\"organizations\":[{\"ref\":\"jb\",\"kind\":\"government\",\"name_ko\":\"전북\"},"
	"{\"ref\":\"sn\",\"kind\":\"government\",\"name_ko\":\"성남\"},"
	"{\"ref\":\"co\",\"kind\":\"company\",\"name_ko\":\"비나텍\"}],"
	"\"events\":[{\"ref\":\"ces\",\"name_ko\":\"CES\",\"start_date\":\"2024-01-09\","
	"\"end_date\":\"2024-01-12\"}],"
	"\"pavilions\":[{\"ref\":\"jbp\",\"event_id\":\"@ces\",\"host_organization_id\":\"@jb\","
	"\"name_ko\":\"전북관\"},{\"ref\":\"snp\",\"event_id\":\"@ces\","
	"\"host_organization_id\":\"@sn\",\"name_ko\":\"성남관\"}],"
	"\"booths\":[{\"pavilion_id\":\"@jbp\",\"code\":\"J1\"},{\"pavilion_id\":\"@jbp\","
	"\"code\":\"J2\"},{\"pavilion_id\":\"@snp\",\"code\":\"S1\"}],"
	"\"delegations\":[{\"ref\":\"jbd\",\"host_organization_id\":\"@jb\",\"title_ko\":\"출장\"}]"
	","
	"\"itinerary_items\":[{\"ref\":\"it\",\"delegation_id\":\"@jbd\",\"kind\":\"meeting\","
	"\"title_ko\":\"면담\",\"starts_at\":\"2024-01-11T09:00:00-06:00\",\"ends_at\":"
	"\"2024-01-11T10:00:00-06:00\"}],"
	"\"itinerary_counterparts\":[{\"item_id\":\"@it\",\"organization_id\":\"@co\"}]}";

static void ownership_follows_the_owner_chain(void **state)
{
	struct fixture *f = *state;
	size_t n;
	assert_int_equal(app_demo_load(&f->app, &f->a, two_regions, strlen(two_regions), 0, &n,
				       NULL, &f->err),
			 0);
	const struct entity *booths = entity_find("booths");
	struct store_query q = {.sort = -1, .limit = 10, .owner_org = 1};
	struct row *rows;
	assert_int_equal(store_list(f->app.store, booths, &q, &f->a, &rows, &n), STORE_OK);
	assert_int_equal(n, 2); /* J1, J2: Jeonbuk's */
	q.owner_org = 2;
	assert_int_equal(store_list(f->app.store, booths, &q, &f->a, &rows, &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].v[entity_field_index(booths, "code")].s, "S1");

	int64_t org = -1;
	assert_int_equal(app_owner_of(&f->app, &f->a, booths, &rows[0], &org, &f->err), 0);
	assert_int_equal(org, 2);

	/* two hops: counterpart -> item -> delegation -> Jeonbuk */
	const struct entity *cp = entity_find("itinerary_counterparts");
	struct store_query all = {.sort = -1, .limit = 10};
	assert_int_equal(store_list(f->app.store, cp, &all, &f->a, &rows, &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(app_owner_of(&f->app, &f->a, cp, &rows[0], &org, &f->err), 0);
	assert_int_equal(org, 1);
	q.owner_org = 2;
	assert_int_equal(store_list(f->app.store, cp, &q, &f->a, &rows, &n), STORE_OK);
	assert_int_equal(n, 0);

	/* an organization owns itself; reference data is owned by nobody */
	struct store_query own = {.sort = -1, .limit = 10, .owner_org = 3};
	assert_int_equal(
		store_list(f->app.store, entity_find("organizations"), &own, &f->a, &rows, &n),
		STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(
		app_owner_of(&f->app, &f->a, entity_find("organizations"), &rows[0], &org, &f->err),
		0);
	assert_int_equal(org, 3);
	assert_int_equal(store_list(f->app.store, entity_find("events"), &all, &f->a, &rows, &n),
			 STORE_OK);
	assert_int_equal(
		app_owner_of(&f->app, &f->a, entity_find("events"), &rows[0], &org, &f->err), 0);
	assert_int_equal(org, 0);
}

enum { WRITERS = 8, WRITES = 30 };
/* More threads than a group holds (WRITER_GROUP_MAX), so that some wait past a full group and
 * a thread whose own write did not fit runs the next group. */
enum { MANY_WRITERS = 80, MANY_WRITES = 6 };

struct writer_thread {
	struct app *app;
	int t, writes, kept, undone, wrong;
};

/* Inserts an organization, then keeps it or (every third) undoes it. */
static int insert_then_decide(struct app *app, void *ctx, struct app_error *err)
{
	int *n = ctx;
	json_t *o = json_pack("{s:s, s:s}", "kind", "other", "name_ko",
			      arena_printf(err->arena, "writer %d", *n));
	int64_t id;
	int rc = app_insert_locked(app, err->arena, entity_find("organizations"), o, 0, NULL, &id,
				   NULL, err);
	json_decref(o);
	if (rc)
		return -1;
	return *n % 3 ? 0 : app_fail(err, 409, "undone", "undone on purpose");
}

static void *write_many(void *arg)
{
	struct writer_thread *w = arg;
	struct arena a = {0};
	for (int i = 0; i < w->writes; i++) {
		struct app_error err;
		app_error_init(&err, &a);
		int n = w->t * w->writes + i + 1;
		int rc = app_tx(w->app, insert_then_decide, &n, &err);
		if (n % 3 ? rc : !rc || err.status != 409)
			w->wrong++;
		else if (rc)
			w->undone++;
		else
			w->kept++;
	}
	arena_release(&a);
	return NULL;
}

/* nthreads threads of writes each at once: every answer is the transaction's own, and the
 * organizations are those before and the ones kept. */
static void write_at_once(struct fixture *f, int nthreads, int writes)
{
	json_int_t before = total(f, "organizations");
	struct writer_thread *w = calloc((size_t)nthreads, sizeof(*w));
	pthread_t *th = calloc((size_t)nthreads, sizeof(*th));
	assert_non_null(w);
	assert_non_null(th);
	for (int t = 0; t < nthreads; t++) {
		w[t] = (struct writer_thread){.app = &f->app, .t = t, .writes = writes};
		assert_int_equal(pthread_create(&th[t], NULL, write_many, &w[t]), 0);
	}
	int kept = 0, undone = 0, wrong = 0;
	for (int t = 0; t < nthreads; t++) {
		pthread_join(th[t], NULL);
		wrong += w[t].wrong;
		kept += w[t].kept;
		undone += w[t].undone;
	}
	free(w);
	free(th);
	assert_int_equal(wrong, 0);
	assert_int_equal(kept + undone, nthreads * writes);
	assert_int_equal(undone, nthreads * writes / 3);
	assert_int_equal(total(f, "organizations"), before + kept);
}

/* Transactions from many threads at once, run in groups: each kept one is committed, each one
 * that undoes itself leaves nothing, though others of its group are kept. */
static void concurrent_writes_keep_what_each_kept(void **state)
{
	write_at_once(*state, WRITERS, WRITES);
}

/* The same with more writers waiting than one group takes. */
static void writers_beyond_a_group_all_answered(void **state)
{
	write_at_once(*state, MANY_WRITERS, MANY_WRITES);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(create_applies_defaults_and_normalises, setup,
						teardown),
		cmocka_unit_test_setup_teardown(invalid_fields_are_named_and_nothing_is_written,
						setup, teardown),
		cmocka_unit_test_setup_teardown(dates_must_be_in_order, setup, teardown),
		cmocka_unit_test_setup_teardown(updates_need_the_current_version, setup, teardown),
		cmocka_unit_test_setup_teardown(idempotency_key_replays_without_duplicating, setup,
						teardown),
		cmocka_unit_test_setup_teardown(csv_import_is_all_or_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(demo_loader_resolves_refs, setup, teardown),
		cmocka_unit_test_setup_teardown(ownership_follows_the_owner_chain, setup, teardown),
		cmocka_unit_test_setup_teardown(writers_beyond_a_group_all_answered, setup,
						teardown),
		cmocka_unit_test_setup_teardown(concurrent_writes_keep_what_each_kept, setup,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
