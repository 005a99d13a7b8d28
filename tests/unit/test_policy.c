/* test_policy.c - the row-level rules: every role against every resource and both ops. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/policy.h"

static const struct entity *E(const char *name)
{
	const struct entity *e = entity_find(name);
	assert_non_null(e);
	return e;
}

static const struct policy_actor admin = {1, ROLE_ADMIN, 0};
static const struct policy_actor jeonbuk = {1, ROLE_ORGANIZER, 1};
static const struct policy_actor jb_viewer = {1, ROLE_VIEWER, 1};
static const struct policy_actor vinatech = {1, ROLE_COMPANY, 22};
static const struct policy_actor nobody = {0, ROLE_ADMIN, 0};

static void anonymous_sees_nothing_through_the_api(void **state)
{
	(void)state;
	for (size_t i = 0; i < nentities; i++) {
		assert_int_equal(policy_scope(&nobody, entities[i], POLICY_READ), SCOPE_NONE);
		assert_int_equal(policy_scope(&nobody, entities[i], POLICY_WRITE), SCOPE_NONE);
		assert_false(policy_allows(&nobody, entities[i], POLICY_READ, 0, 0));
	}
}

static void admin_does_everything(void **state)
{
	(void)state;
	for (size_t i = 0; i < nentities; i++) {
		assert_int_equal(policy_scope(&admin, entities[i], POLICY_WRITE), SCOPE_ALL);
		assert_true(policy_allows(&admin, entities[i], POLICY_WRITE, 7, 0));
	}
}

static void organizers_keep_to_their_region(void **state)
{
	(void)state;
	const char *owned[] = {"pavilions",	   "booths",
			       "delegations",	   "delegation_members",
			       "itinerary_items",  "itinerary_counterparts",
			       "agreements",	   "agreement_parties",
			       "business_centres", "centre_members"};
	for (size_t i = 0; i < sizeof(owned) / sizeof(*owned); i++) {
		const struct entity *e = E(owned[i]);
		assert_int_equal(policy_scope(&jeonbuk, e, POLICY_READ), SCOPE_OWN);
		assert_true(policy_allows(&jeonbuk, e, POLICY_WRITE, 1, 0));
		assert_false(policy_allows(&jeonbuk, e, POLICY_READ, 2, 0));  /* Seongnam's */
		assert_false(policy_allows(&jeonbuk, e, POLICY_WRITE, 0, 0)); /* nobody's */
		/* a viewer reads what its organizers read, and writes nothing */
		assert_true(policy_allows(&jb_viewer, e, POLICY_READ, 1, 0));
		assert_false(policy_allows(&jb_viewer, e, POLICY_READ, 2, 0));
		assert_false(policy_allows(&jb_viewer, e, POLICY_WRITE, 1, 0));
	}
	/* counterparts and places are shared: organizers maintain them, viewers read them */
	assert_int_equal(policy_scope(&jeonbuk, E("places"), POLICY_WRITE), SCOPE_ALL);
	assert_int_equal(policy_scope(&jeonbuk, E("organizations"), POLICY_WRITE), SCOPE_ALL);
	assert_int_equal(policy_scope(&jb_viewer, E("people"), POLICY_READ), SCOPE_ALL);
	assert_int_equal(policy_scope(&jb_viewer, E("people"), POLICY_WRITE), SCOPE_NONE);
}

static void companies_see_show_listings_and_edit_only_their_profile(void **state)
{
	(void)state;
	assert_int_equal(policy_scope(&vinatech, E("booths"), POLICY_READ), SCOPE_ALL);
	assert_int_equal(policy_scope(&vinatech, E("pavilions"), POLICY_READ), SCOPE_ALL);
	assert_int_equal(policy_scope(&vinatech, E("booths"), POLICY_WRITE), SCOPE_NONE);
	assert_int_equal(policy_scope(&vinatech, E("delegations"), POLICY_READ), SCOPE_NONE);
	assert_int_equal(policy_scope(&vinatech, E("agreements"), POLICY_READ), SCOPE_NONE);
	assert_int_equal(policy_scope(&vinatech, E("centre_members"), POLICY_READ), SCOPE_NONE);
	assert_int_equal(policy_scope(&vinatech, E("organizations"), POLICY_READ), SCOPE_ALL);
	assert_int_equal(policy_scope(&vinatech, E("organizations"), POLICY_WRITE), SCOPE_OWN);
	assert_true(policy_allows(&vinatech, E("organizations"), POLICY_WRITE, 22, 0));
	assert_false(policy_allows(&vinatech, E("organizations"), POLICY_WRITE, 23, 0));
	assert_false(policy_allows(&vinatech, E("people"), POLICY_WRITE, 22, 0));
	/* editing its profile is not deleting it */
	assert_int_equal(policy_scope(&vinatech, E("organizations"), POLICY_DELETE), SCOPE_NONE);
	assert_int_equal(policy_scope(&jeonbuk, E("delegations"), POLICY_DELETE), SCOPE_OWN);
	assert_int_equal(policy_scope(&jb_viewer, E("delegations"), POLICY_DELETE), SCOPE_NONE);
}

/* A company member reads, logs and updates the consultations about its company and their
 * follow-ups, whatever region owns them, and deletes none; an organizer sees its region's. */
static void companies_keep_their_own_consultations(void **state)
{
	(void)state;
	const char *about[] = {"consultations", "follow_ups"};
	for (size_t i = 0; i < 2; i++) {
		const struct entity *e = E(about[i]);
		assert_int_equal(policy_scope(&vinatech, e, POLICY_READ), SCOPE_COMPANY);
		assert_int_equal(policy_scope(&vinatech, e, POLICY_WRITE), SCOPE_COMPANY);
		assert_int_equal(policy_scope(&vinatech, e, POLICY_DELETE), SCOPE_NONE);
		assert_true(policy_allows(&vinatech, e, POLICY_WRITE, 2, 22)); /* Seongnam's show */
		assert_false(policy_allows(&vinatech, e, POLICY_READ, 1, 23)); /* another company */
		assert_false(policy_allows(&vinatech, e, POLICY_READ, 1, 0));
		assert_int_equal(policy_scope(&jeonbuk, e, POLICY_READ), SCOPE_OWN);
		assert_true(policy_allows(&jeonbuk, e, POLICY_WRITE, 1, 23));
		assert_false(policy_allows(&jeonbuk, e, POLICY_READ, 2, 22));
	}
	assert_string_equal(policy_scope_name(SCOPE_COMPANY), "company");
	/* the rest of the outcome data stays staff's */
	assert_int_equal(policy_scope(&vinatech, E("centre_services"), POLICY_READ), SCOPE_NONE);
}

/* Every company chain ends at organizations, through references that exist. */
static void company_chains_reach_an_organization(void **state)
{
	(void)state;
	int seen = 0;
	for (size_t i = 0; i < nentities; i++) {
		const struct entity *e = entities[i];
		int hops = 0;
		while (e->company) {
			int f = entity_field_index(e, e->company);
			assert_true(f >= 0);
			assert_int_equal(e->fields[f].type, FT_REF);
			e = entity_find(e->fields[f].ref);
			assert_non_null(e);
			assert_true(++hops < 5);
		}
		if (hops) {
			assert_string_equal(e->name, "organizations");
			seen++;
		}
	}
	assert_int_equal(seen, 2);
}

/* Every owner chain ends at organizations, through resources that exist. */
static void owner_chains_reach_an_organization(void **state)
{
	(void)state;
	for (size_t i = 0; i < nentities; i++) {
		const struct entity *e = entities[i];
		int hops = 0;
		while (e->owner) {
			int f = entity_field_index(e, e->owner);
			assert_true(f >= 0);
			assert_int_equal(e->fields[f].type, FT_REF);
			e = entity_find(e->fields[f].ref);
			assert_non_null(e);
			assert_true(++hops < 5);
		}
		if (hops)
			assert_string_equal(e->name, "organizations");
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(anonymous_sees_nothing_through_the_api),
		cmocka_unit_test(admin_does_everything),
		cmocka_unit_test(organizers_keep_to_their_region),
		cmocka_unit_test(companies_see_show_listings_and_edit_only_their_profile),
		cmocka_unit_test(companies_keep_their_own_consultations),
		cmocka_unit_test(company_chains_reach_an_organization),
		cmocka_unit_test(owner_chains_reach_an_organization),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
