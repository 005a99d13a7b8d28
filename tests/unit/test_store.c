/* test_store.c - the SQLite store: migrations, schema against descriptors, CRUD, lists. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "core/entity.h"
#include "store/store.h"

struct fixture {
	char path[64];
	struct store *s;
	struct arena a;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	char err[256];
	snprintf(f->path, sizeof(f->path), "/tmp/roadshow-unit-%d.db", (int)getpid());
	unlink(f->path);
	f->s = store_open(f->path, err, sizeof(err));
	if (!f->s) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char wal[80];
	store_close(f->s);
	arena_release(&f->a);
	unlink(f->path);
	snprintf(wal, sizeof(wal), "%s-wal", f->path);
	unlink(wal);
	snprintf(wal, sizeof(wal), "%s-shm", f->path);
	unlink(wal);
	free(f);
	return 0;
}

static struct row *make_row(struct arena *a, const struct entity *e)
{
	struct row *r = arena_alloc(a, sizeof(*r));
	r->v = arena_alloc(a, e->nfields * sizeof(*r->v));
	for (size_t i = 0; i < e->nfields; i++)
		r->v[i].null = 1;
	r->created_at = r->updated_at = "2024-01-01T00:00:00Z";
	return r;
}

static void set_text(const struct entity *e, struct row *r, const char *field, const char *s)
{
	int i = entity_field_index(e, field);
	assert_true(i >= 0);
	r->v[i].null = 0;
	r->v[i].s = s;
}

static void set_int(const struct entity *e, struct row *r, const char *field, int64_t v)
{
	int i = entity_field_index(e, field);
	assert_true(i >= 0);
	r->v[i].null = 0;
	r->v[i].i = v;
}

static int64_t add_org(struct fixture *f, const char *name_ko)
{
	const struct entity *e = entity_find("organizations");
	struct row *r = make_row(&f->a, e);
	int64_t id = 0;
	set_text(e, r, "kind", "company");
	set_text(e, r, "name_ko", name_ko);
	set_int(e, r, "illustrative", 0);
	assert_int_equal(store_insert(f->s, e, r, &id, NULL, NULL), STORE_OK);
	assert_true(id > 0);
	return id;
}

static void migrations_apply_once(void **state)
{
	struct fixture *f = *state;
	int applied = -1;
	assert_true(store_schema_version(f->s) >= 1);
	assert_int_equal(store_migrate(f->s, &applied), STORE_OK);
	assert_int_equal(applied, 0);
}

/* Every descriptor field has a column; required fields are NOT NULL and no others are,
 * except fields with a default. */
static void schema_matches_descriptors(void **state)
{
	struct fixture *f = *state;
	sqlite3 *db;
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	for (size_t k = 0; k < nentities; k++) {
		const struct entity *e = entities[k];
		for (size_t i = 0; i < e->nfields; i++) {
			const struct field *fd = &e->fields[i];
			sqlite3_stmt *st;
			assert_int_equal(sqlite3_prepare_v2(db,
							    "SELECT type, \"notnull\" FROM "
							    "pragma_table_info(?1) WHERE name = ?2",
							    -1, &st, NULL),
					 SQLITE_OK);
			sqlite3_bind_text(st, 1, e->name, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 2, fd->name, -1, SQLITE_STATIC);
			if (sqlite3_step(st) != SQLITE_ROW)
				fail_msg("%s.%s has no column", e->name, fd->name);
			const char *type = (const char *)sqlite3_column_text(st, 0);
			int notnull = sqlite3_column_int(st, 1);
			const char *want = field_is_integer(fd->type) ? "INTEGER" : "TEXT";
			if (strcmp(type, want))
				fail_msg("%s.%s is %s, descriptor wants %s", e->name, fd->name,
					 type, want);
			int required = (fd->flags & FF_REQUIRED) != 0;
			if (notnull != required && !(notnull && fd->def))
				fail_msg("%s.%s NOT NULL=%d but required=%d", e->name, fd->name,
					 notnull, required);
			sqlite3_finalize(st);
		}
	}
	sqlite3_close(db);
}

static void insert_get_update_delete(void **state)
{
	struct fixture *f = *state;
	const struct entity *e = entity_find("organizations");
	int64_t id = add_org(f, "비나텍");
	struct row got;
	assert_int_equal(store_get(f->s, e, id, &f->a, &got), STORE_OK);
	assert_string_equal(got.v[entity_field_index(e, "name_ko")].s, "비나텍");
	assert_int_equal(got.version, 1);

	set_text(e, &got, "city", "Jeonju");
	got.updated_at = "2024-01-02T00:00:00Z";
	assert_int_equal(store_update(f->s, e, id, 1, &got), STORE_OK);
	/* the same stale version again is a conflict, not a lost update */
	assert_int_equal(store_update(f->s, e, id, 1, &got), STORE_CONFLICT);
	assert_int_equal(store_update(f->s, e, id + 100, 1, &got), STORE_NOT_FOUND);

	struct row again;
	assert_int_equal(store_get(f->s, e, id, &f->a, &again), STORE_OK);
	assert_int_equal(again.version, 2);
	assert_string_equal(again.v[entity_field_index(e, "city")].s, "Jeonju");

	assert_int_equal(store_delete(f->s, e, id, 1), STORE_CONFLICT);
	assert_int_equal(store_delete(f->s, e, id, 2), STORE_OK);
	assert_int_equal(store_get(f->s, e, id, &f->a, &again), STORE_NOT_FOUND);
}

/* The row an insert gives back is the row store_get reads: every field, the defaults the
 * schema fills in and the fields left null included. */
static void insert_returns_the_row_as_stored(void **state)
{
	struct fixture *f = *state;
	const struct entity *e = entity_find("organizations");
	struct row *r = make_row(&f->a, e), made, got;
	int64_t id = 0;
	set_text(e, r, "kind", "company");
	set_text(e, r, "name_ko", "전주 반환");
	set_text(e, r, "city", "Jeonju");
	set_int(e, r, "illustrative", 1);
	r->version = 1;
	assert_int_equal(store_insert(f->s, e, r, &id, &f->a, &made), STORE_OK);
	assert_int_equal(made.id, id);
	assert_int_equal(store_get(f->s, e, id, &f->a, &got), STORE_OK);
	assert_int_equal(made.version, got.version);
	assert_string_equal(made.created_at, got.created_at);
	assert_string_equal(made.updated_at, got.updated_at);
	for (size_t i = 0; i < e->nfields; i++) {
		const struct value *m = &made.v[i], *g = &got.v[i];
		assert_int_equal(m->null, g->null);
		if (m->null)
			continue;
		if (field_is_integer(e->fields[i].type))
			assert_int_equal(m->i, g->i);
		else
			assert_string_equal(m->s, g->s);
	}
	assert_string_equal(made.v[entity_field_index(e, "city")].s, "Jeonju");
	assert_true(made.v[entity_field_index(e, "website")].null);
}

/* Some fields of a row read alone: each the value store_get reads, in the order asked, a null
 * one null; an unknown id is not found. */
static void some_fields_read_alone(void **state)
{
	struct fixture *f = *state;
	const struct entity *e = entity_find("organizations");
	int64_t id = add_org(f, "일부 필드");
	struct row whole;
	assert_int_equal(store_get(f->s, e, id, &f->a, &whole), STORE_OK);
	size_t asked[] = {(size_t)entity_field_index(e, "website"),
			  (size_t)entity_field_index(e, "name_ko"),
			  (size_t)entity_field_index(e, "illustrative")};
	struct value got[3];
	assert_int_equal(store_get_fields(f->s, e, id, asked, 3, &f->a, got), STORE_OK);
	assert_true(got[0].null);
	assert_false(got[1].null);
	assert_string_equal(got[1].s, "일부 필드");
	assert_false(got[2].null);
	assert_int_equal(got[2].i, whole.v[asked[2]].i);
	assert_int_equal(store_get_fields(f->s, e, id + 1000, asked, 3, &f->a, got),
			 STORE_NOT_FOUND);
}

static void references_are_enforced(void **state)
{
	struct fixture *f = *state;
	const struct entity *people = entity_find("people");
	int64_t org = add_org(f, "성남시");
	struct row *p = make_row(&f->a, people);
	int64_t pid;
	set_text(people, p, "name_ko", "신상진");
	set_int(people, p, "organization_id", org + 999);
	assert_int_equal(store_insert(f->s, people, p, &pid, NULL, NULL), STORE_BAD_REF);
	set_int(people, p, "organization_id", org);
	assert_int_equal(store_insert(f->s, people, p, &pid, NULL, NULL), STORE_OK);
	assert_int_equal(store_delete(f->s, entity_find("organizations"), org, 0),
			 STORE_REFERENCED);
}

static void unique_keys_are_enforced(void **state)
{
	struct fixture *f = *state;
	const struct entity *tie = entity_find("ties");
	int64_t a = add_org(f, "성남시"), b = add_org(f, "오로라시"), id;
	struct row *r = make_row(&f->a, tie);
	set_text(tie, r, "kind", "sister_city");
	set_int(tie, r, "organization_id", a);
	set_int(tie, r, "partner_id", b);
	assert_int_equal(store_insert(f->s, tie, r, &id, NULL, NULL), STORE_OK);
	assert_int_equal(store_insert(f->s, tie, r, &id, NULL, NULL), STORE_DUPLICATE);
}

static void lists_filter_search_and_page(void **state)
{
	struct fixture *f = *state;
	const struct entity *e = entity_find("organizations");
	const char *names[] = {"다온", "가람", "나래", "100%_진짜", "라온"};
	for (size_t i = 0; i < 5; i++)
		add_org(f, names[i]);

	/* sorted by name, two at a time, with the keyset cursor */
	struct store_query q = {.sort = entity_field_index(e, "name_ko"), .limit = 2};
	const char *seen[8];
	size_t nseen = 0;
	for (;;) {
		struct row *rows;
		size_t n;
		assert_int_equal(store_list(f->s, e, &q, &f->a, &rows, &n), STORE_OK);
		for (size_t i = 0; i < n; i++)
			seen[nseen++] = rows[i].v[q.sort].s;
		if (n < 2)
			break;
		q.has_after = 1;
		q.after_key = rows[n - 1].v[q.sort].s;
		q.after_id = rows[n - 1].id;
	}
	assert_int_equal(nseen, 5);
	assert_string_equal(seen[0], "100%_진짜");
	assert_string_equal(seen[1], "가람");
	assert_string_equal(seen[2], "나래");
	assert_string_equal(seen[3], "다온");
	assert_string_equal(seen[4], "라온");

	/* LIKE metacharacters in a search are literal once escaped by the caller */
	struct store_query s = {.sort = -1, .limit = 10, .q = "%\\%\\_%"};
	struct row *rows;
	size_t n;
	int64_t count;
	assert_int_equal(store_list(f->s, e, &s, &f->a, &rows, &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(store_count(f->s, e, &s, &count), STORE_OK);
	assert_int_equal(count, 1);

	struct store_filter flt = {.field = entity_field_index(e, "kind"), .text = "government"};
	struct store_query byk = {.sort = -1, .limit = 10, .filters = &flt, .nfilters = 1};
	assert_int_equal(store_list(f->s, e, &byk, &f->a, &rows, &n), STORE_OK);
	assert_int_equal(n, 0);
}

static void rollback_undoes_everything(void **state)
{
	struct fixture *f = *state;
	const struct entity *e = entity_find("organizations");
	struct store_query q = {.sort = -1, .limit = 100};
	int64_t before, after;
	assert_int_equal(store_count(f->s, e, &q, &before), STORE_OK);
	assert_int_equal(store_begin(f->s), STORE_OK);
	add_org(f, "사라질 기관");
	store_rollback(f->s);
	assert_int_equal(store_count(f->s, e, &q, &after), STORE_OK);
	assert_int_equal(before, after);
}

static void idempotency_records_round_trip(void **state)
{
	struct fixture *f = *state;
	struct idem in = {.key = "k-1",
			  .method = "POST",
			  .path = "/api/v1/people",
			  .request_hash = "abc",
			  .status = 201,
			  .body = "{\"id\":1}",
			  .created_at = "2024-01-01T00:00:00Z"};
	struct idem out;
	assert_int_equal(store_idem_get(f->s, "k-1", &f->a, &out), STORE_NOT_FOUND);
	assert_int_equal(store_idem_put(f->s, &in), STORE_OK);
	assert_int_equal(store_idem_get(f->s, "k-1", &f->a, &out), STORE_OK);
	assert_int_equal(out.status, 201);
	assert_string_equal(out.body, "{\"id\":1}");
	assert_int_equal(store_idem_put(f->s, &in), STORE_DUPLICATE);
}

/* The trail only grows: the schema refuses to change or remove an entry. */
static void audit_trail_is_append_only(void **state)
{
	struct fixture *f = *state;
	struct audit_entry in = {.at = "2024-01-09T18:00:00Z",
				 .actor = "api",
				 .action = "update",
				 .resource = "booths",
				 .row_id = 7,
				 .before = "{\"code\":\"A\"}",
				 .after = "{\"code\":\"B\"}"};
	struct audit_query q = {.resource = "booths", .row_id = 7, .limit = 10};
	struct audit_entry *out;
	size_t n;
	assert_int_equal(store_audit_append(f->s, &in), STORE_OK);
	assert_int_equal(store_audit_append(f->s, &in), STORE_OK);
	assert_int_equal(store_audit_list(f->s, &q, &f->a, &out, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_true(out[0].id > out[1].id); /* newest first */
	assert_string_equal(out[0].after, "{\"code\":\"B\"}");
	q.before_id = out[0].id;
	assert_int_equal(store_audit_list(f->s, &q, &f->a, &out, &n), STORE_OK);
	assert_int_equal(n, 1);

	sqlite3 *db;
	char *msg = NULL;
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "UPDATE audit_log SET actor = 'x'", NULL, NULL, &msg),
			     SQLITE_OK);
	assert_non_null(strstr(msg, "append-only"));
	sqlite3_free(msg);
	assert_int_not_equal(sqlite3_exec(db, "DELETE FROM audit_log", NULL, NULL, NULL),
			     SQLITE_OK);
	sqlite3_close(db);
	q.before_id = 0;
	assert_int_equal(store_audit_list(f->s, &q, &f->a, &out, &n), STORE_OK);
	assert_int_equal(n, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(migrations_apply_once, setup, teardown),
		cmocka_unit_test_setup_teardown(schema_matches_descriptors, setup, teardown),
		cmocka_unit_test_setup_teardown(insert_get_update_delete, setup, teardown),
		cmocka_unit_test_setup_teardown(insert_returns_the_row_as_stored, setup, teardown),
		cmocka_unit_test_setup_teardown(some_fields_read_alone, setup, teardown),
		cmocka_unit_test_setup_teardown(references_are_enforced, setup, teardown),
		cmocka_unit_test_setup_teardown(unique_keys_are_enforced, setup, teardown),
		cmocka_unit_test_setup_teardown(lists_filter_search_and_page, setup, teardown),
		cmocka_unit_test_setup_teardown(rollback_undoes_everything, setup, teardown),
		cmocka_unit_test_setup_teardown(idempotency_records_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(audit_trail_is_append_only, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
