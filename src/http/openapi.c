/* openapi.c - the OpenAPI 3.1 document, derived from the route table and the descriptors. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../core/strbuf.h"
#include "../version.h"
#include "http.h"

static json_t *field_schema(const struct field *f)
{
	json_t *s;
	switch (f->type) {
	case FT_REF:
	case FT_INT:
		s = json_pack("{s:s, s:i}", "type", "integer", "minimum",
			      f->type == FT_REF ? 1 : 0);
		if (f->type == FT_INT)
			json_object_set_new(s, "maximum", json_integer(f->max));
		break;
	case FT_MONEY:
		s = json_pack("{s:s, s:i, s:I, s:s}", "type", "integer", "minimum", 0, "maximum",
			      (json_int_t)MONEY_MAX, "description",
			      "integer minor units of the currency field beside it");
		break;
	case FT_CURRENCY:
		s = json_pack("{s:s, s:s}", "type", "string", "pattern", "^[A-Z]{3}$");
		break;
	case FT_DECIMAL:
		s = json_pack("{s:s, s:s}", "type", "string", "pattern",
			      "^[0-9]{1,12}(\\.[0-9]{1,6})?$");
		break;
	case FT_BOOL: s = json_pack("{s:s}", "type", "boolean"); break;
	case FT_STRLIST:
		s = json_pack("{s:s, s:{s:s, s:i}, s:i}", "type", "array", "items", "type",
			      "string", "maxLength", 200, "maxItems", f->max);
		break;
	case FT_ENUM: {
		json_t *vals = json_array();
		for (const char *const *v = f->values; *v; v++)
			json_array_append_new(vals, json_string(*v));
		s = json_pack("{s:s, s:o}", "type", "string", "enum", vals);
		break;
	}
	case FT_DATE: s = json_pack("{s:s, s:s}", "type", "string", "format", "date"); break;
	case FT_INSTANT:
		s = json_pack("{s:s, s:s}", "type", "string", "format", "date-time");
		break;
	case FT_COUNTRY:
		s = json_pack("{s:s, s:s}", "type", "string", "pattern", "^[A-Z]{2}$");
		break;
	case FT_EMAIL: s = json_pack("{s:s, s:s}", "type", "string", "format", "email"); break;
	case FT_TZ:
		s = json_pack("{s:s, s:s}", "type", "string", "description", "IANA time zone");
		break;
	default: s = json_pack("{s:s, s:i}", "type", "string", "maxLength", f->max);
	}
	if (!(f->flags & FF_REQUIRED)) {
		json_t *t = json_object_get(s, "type");
		json_object_set_new(s, "type", json_pack("[O, s]", t, "null"));
	}
	json_object_set_new(s, "title", json_string(f->label_en));
	if (f->flags & FF_READONLY)
		json_object_set_new(s, "readOnly", json_true());
	if (f->flags & FF_STAFF)
		json_object_set_new(s, "description",
				    json_string("set by the organizers: a company member may "
						"send the stored value only"));
	return s;
}

static json_t *entity_schema(const struct entity *e)
{
	json_t *props = json_object(), *req = json_array();
	json_object_set_new(props, "id", json_pack("{s:s, s:b}", "type", "integer", "readOnly", 1));
	json_object_set_new(props, "version",
			    json_pack("{s:s, s:i}", "type", "integer", "minimum", 1));
	for (size_t i = 0; i < e->nfields; i++) {
		json_object_set_new(props, e->fields[i].name, field_schema(&e->fields[i]));
		if (e->fields[i].flags & FF_REQUIRED)
			json_array_append_new(req, json_string(e->fields[i].name));
	}
	json_object_set_new(props, "created_at",
			    json_pack("{s:s, s:s, s:b}", "type", "string", "format", "date-time",
				      "readOnly", 1));
	json_object_set_new(props, "updated_at",
			    json_pack("{s:s, s:s, s:b}", "type", "string", "format", "date-time",
				      "readOnly", 1));
	json_object_set_new(
		props, "_refs",
		json_pack("{s:s, s:b, s:s, s:{s:s, s:{s:{s:s}, s:{s:[s,s]}, s:{s:[s,s]}}}}", "type",
			  "object", "readOnly", 1, "description",
			  "labels of the rows this row refers to, by reference field",
			  "additionalProperties", "type", "object", "properties", "id", "type",
			  "integer", "label_ko", "type", "string", "null", "label_en", "type",
			  "string", "null"));
	for (size_t i = 0; i < e->nchildren; i++)
		json_object_set_new(
			props, e->children[i].key,
			json_pack("{s:s, s:b, s:{s:o}}", "type", "array", "readOnly", 1, "items",
				  "$ref",
				  json_sprintf("#/components/schemas/%s", e->children[i].entity)));
	if (e->computed && !strcmp(e->computed, "trip"))
		json_object_set_new(
			props, "trip",
			json_pack("{s:[s,s], s:b, s:s, s:{s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s}, "
				  "s:{s:s, s:s}, s:{s:s, s:s}}}",
				  "type", "object", "null", "readOnly", 1, "description",
				  "the trip's length worked out from its itinerary (N박M일); null "
				  "when it has no item",
				  "properties", "nights", "type", "integer", "days", "type",
				  "integer", "label", "type", "string", "label_en", "type",
				  "string", "first_date", "type", "string", "format", "date",
				  "last_date", "type", "string", "format", "date"));
	return json_pack("{s:s, s:s, s:o, s:o}", "title", e->label_en, "type", "object",
			 "properties", props, "required", req);
}

static json_t *problem_schema(void)
{
	return json_pack("{s:s, s:[s,s,s,s], s:{s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s}, "
			 "s:{s:s, s:{s:s, s:{s:{s:s}, s:{s:s}, s:{s:s}}}}}}",
			 "type", "object", "required", "type", "status", "code", "title",
			 "properties", "type", "type", "string", "title", "type", "string",
			 "status", "type", "integer", "code", "type", "string", "detail", "type",
			 "string", "errors", "type", "array", "items", "type", "object",
			 "properties", "field", "type", "string", "code", "type", "string",
			 "message", "type", "string");
}

static json_t *ref(const char *name)
{
	return json_pack("{s:o}", "$ref", json_sprintf("#/components/schemas/%s", name));
}

static json_t *json_content(json_t *schema)
{
	return json_pack("{s:{s:o}}", "application/json", "schema", schema);
}

static json_t *problem_responses(void)
{
	json_t *r = json_object();
	json_object_set_new(r, "4XX",
			    json_pack("{s:s, s:{s:{s:o}}}", "description", "Problem", "content",
				      "application/problem+json", "schema", ref("Problem")));
	return r;
}

static json_t *list_parameters(const struct entity *e)
{
	json_t *params = json_array();
	static const char *const common[][2] = {
		{"q", "substring search over the searchable fields"},
		{"sort", "a sortable field, '-' before it for descending"},
		{"limit", "page size, 1 to 500 (50)"},
		{"cursor", "next_cursor of the previous page"},
	};
	for (size_t i = 0; i < 4; i++)
		json_array_append_new(params, json_pack("{s:s, s:s, s:s, s:{s:s}}", "name",
							common[i][0], "in", "query", "description",
							common[i][1], "schema", "type", "string"));
	for (size_t i = 0; i < e->nfields; i++)
		if (e->fields[i].flags & FF_FILTER)
			json_array_append_new(params,
					      json_pack("{s:s, s:s, s:o}", "name",
							e->fields[i].name, "in", "query", "schema",
							field_schema(&e->fields[i])));
	return params;
}

/* The OpenAPI path of pattern for e: "{resource}" becomes the entity's name. */
static char *path_for(const char *pattern, const struct entity *e)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p = strstr(pattern, "{resource}");
	if (p && e) {
		strbuf_add(&sb, pattern, (size_t)(p - pattern));
		strbuf_addstr(&sb, e->name);
		strbuf_addstr(&sb, p + strlen("{resource}"));
	} else {
		strbuf_addstr(&sb, pattern);
	}
	return strbuf_detach(&sb, NULL);
}

static json_t *operation(const struct route *r, const struct entity *e)
{
	struct strbuf id = STRBUF_INIT;
	for (const char *m = r->method; *m; m++)
		strbuf_addch(&id, (char)tolower((unsigned char)*m));
	const char *rest = strncmp(r->pattern, "/api/v1", 7) ? r->pattern : r->pattern + 7;
	if (!strcmp(rest, "/")) {
		strbuf_addstr(&id, "_index");
		rest = "";
	}
	for (const char *p = rest; *p; p++)
		if (isalnum((unsigned char)*p))
			strbuf_addch(&id, *p);
		else if (*p == '{' && !strncmp(p, "{resource}", 10) && e) {
			strbuf_addch(&id, '_');
			strbuf_addstr(&id, e->name);
			p += 9;
		} else if (*p == '/' || *p == '.' || *p == '{')
			strbuf_addch(&id, '_');
	json_t *op = json_pack("{s:s, s:s, s:s}", "summary", r->summary, "operationId", id.buf,
			       "x-roadshow-access", app_access_name(r->access));
	strbuf_release(&id);
	/* public operations need nothing; the rest a session cookie or an API token */
	json_object_set_new(op, "security",
			    r->access == ACCESS_PUBLIC
				    ? json_array()
				    : json_pack("[{s:[]}, {s:[]}]", "bearer", "session"));
	if (e)
		json_object_set_new(op, "tags", json_pack("[s]", e->name));
	json_t *params = json_array();
	if (strstr(r->pattern, "{path}"))
		json_array_append_new(params,
				      json_pack("{s:s, s:s, s:b, s:s, s:{s:s}}", "name", "path",
						"in", "path", "required", 1, "description",
						"the rest of the path, slashes included", "schema",
						"type", "string"));
	if (strstr(r->pattern, "{id}"))
		json_array_append_new(params, json_pack("{s:s, s:s, s:b, s:{s:s, s:i}}", "name",
							"id", "in", "path", "required", 1, "schema",
							"type", "integer", "minimum", 1));
	if (!strcmp(r->method, "GET") && e && !strstr(r->pattern, "{id}") &&
	    !strstr(r->pattern, ".csv")) {
		json_decref(params);
		params = list_parameters(e);
	}
	for (const char *q = r->query; q && *q;) {
		size_t n = strcspn(q, " ");
		json_array_append_new(params, json_pack("{s:s%, s:s, s:{s:s}}", "name", q, n, "in",
							"query", "schema", "type", "string"));
		q += n + (q[n] == ' ');
	}
	if (!strcmp(r->method, "PATCH") || !strcmp(r->method, "PUT") ||
	    !strcmp(r->method, "DELETE"))
		json_array_append_new(params,
				      json_pack("{s:s, s:s, s:{s:s}}", "name", "If-Match", "in",
						"header", "schema", "type", "string"));
	if (!strcmp(r->method, "POST"))
		json_array_append_new(params, json_pack("{s:s, s:s, s:{s:s, s:i}}", "name",
							"Idempotency-Key", "in", "header", "schema",
							"type", "string", "maxLength", 200));
	if (json_array_size(params))
		json_object_set_new(op, "parameters", params);
	else
		json_decref(params);
	if (r->flags & RT_JSON)
		json_object_set_new(
			op, "requestBody",
			json_pack("{s:b, s:o}", "required", 1, "content",
				  json_content(e ? ref(e->name)
						 : json_pack("{s:s}", "type", "object"))));
	json_t *responses = problem_responses();
	if (!strcmp(r->pattern, "/metrics"))
		json_object_set_new(responses, "200",
				    json_pack("{s:s, s:{s:{s:{s:s}}}}", "description",
					      "Prometheus text exposition format 0.0.4", "content",
					      "text/plain", "schema", "type", "string"));
	else if (!strcmp(r->pattern, "/readyz")) {
		json_object_set_new(
			responses, "200",
			json_pack("{s:s, s:o}", "description", "Ready", "content",
				  json_content(json_pack("{s:s, s:[s,s], s:{s:{s:s}, s:{s:s}}}",
							 "type", "object", "required", "status",
							 "schema_version", "properties", "status",
							 "type", "string", "schema_version", "type",
							 "integer"))));
		json_object_set_new(
			responses, "503",
			json_pack("{s:s, s:{s:{s:o}}}", "description",
				  "Not ready: the problem's code says why (database_busy, "
				  "database_unavailable, schema_behind, schema_ahead, stopping)",
				  "content", "application/problem+json", "schema", ref("Problem")));
	} else if (strncmp(r->pattern, "/api/", 5) && strcmp(r->pattern, "/healthz"))
		json_object_set_new(responses, "200",
				    json_pack("{s:s, s:{s:{s:{s:s}}}}", "description",
					      "The web UI: its page or one of its assets",
					      "content",
					      strcmp(r->pattern, "/") ? "*/*" : "text/html",
					      "schema", "type", "string"));
	else if (!strcmp(r->method, "DELETE"))
		json_object_set_new(responses, "204", json_pack("{s:s}", "description", "Deleted"));
	else if (strstr(r->pattern, ".csv"))
		json_object_set_new(responses, "200",
				    json_pack("{s:s, s:{s:{s:{s:s}}}}", "description", "CSV",
					      "content", "text/csv", "schema", "type", "string"));
	else if (strstr(r->pattern, ".ics"))
		json_object_set_new(responses, "200",
				    json_pack("{s:s, s:{s:{s:{s:s}}}}", "description", "iCalendar",
					      "content", "text/calendar", "schema", "type",
					      "string"));
	else if (strstr(r->pattern, ".html"))
		json_object_set_new(responses, "200",
				    json_pack("{s:s, s:{s:{s:{s:s}}}}", "description",
					      "A printable HTML document", "content", "text/html",
					      "schema", "type", "string"));
	else if (strstr(r->pattern, ".xlsx"))
		json_object_set_new(
			responses, "200",
			json_pack(
				"{s:s, s:{s:{s:{s:s, s:s}}}}", "description", "An XLSX workbook",
				"content",
				"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
				"schema", "type", "string", "format", "binary"));
	else if (e && !strcmp(r->method, "GET") && !strstr(r->pattern, "{id}"))
		json_object_set_new(
			responses, "200",
			json_pack("{s:s, s:o}", "description", "A page of rows", "content",
				  json_content(json_pack(
					  "{s:s, s:{s:{s:s, s:o}, s:{s:[s,s]}, s:{s:s}}}", "type",
					  "object", "properties", "items", "type", "array", "items",
					  ref(e->name), "next_cursor", "type", "string", "null",
					  "total", "type", "integer"))));
	else
		json_object_set_new(
			responses,
			!strcmp(r->method, "POST") && !(r->flags & RT_ACTION) ? "201" : "200",
			json_pack("{s:s, s:o}", "description", "OK", "content",
				  json_content(e ? ref(e->name)
						 : json_pack("{s:s}", "type", "object"))));
	json_object_set_new(op, "responses", responses);
	return op;
}

static void add_operation(json_t *paths, const struct route *r, const struct entity *e)
{
	char *path = path_for(r->pattern, e);
	json_t *item = json_object_get(paths, path);
	if (!item) {
		item = json_object();
		json_object_set_new(paths, path, item);
	}
	char method[8] = {0};
	for (size_t i = 0; i < sizeof(method) - 1 && r->method[i]; i++)
		method[i] = (char)tolower((unsigned char)r->method[i]);
	json_object_set_new(item, method, operation(r, e));
	free(path);
}

json_t *openapi_document(void)
{
	json_t *paths = json_object(), *schemas = json_object();
	for (size_t i = 0; i < nroutes; i++) {
		const struct route *r = &routes[i];
		if (r->flags & RT_RESOURCE)
			for (size_t k = 0; k < nentities; k++)
				add_operation(paths, r, entities[k]);
		else
			add_operation(paths, r, NULL);
	}
	for (size_t k = 0; k < nentities; k++)
		json_object_set_new(schemas, entities[k]->name, entity_schema(entities[k]));
	json_object_set_new(schemas, "Problem", problem_schema());
	json_t *schemes = json_pack("{s:{s:s, s:s}, s:{s:s, s:s, s:s}}", "bearer", "type", "http",
				    "scheme", "bearer", "session", "type", "apiKey", "in", "cookie",
				    "name", "rs_session");
	return json_pack("{s:s, s:{s:s, s:s, s:s}, s:o, s:{s:o, s:o}}", "openapi", "3.1.0", "info",
			 "title", "Roadshow API", "version", ROADSHOW_VERSION, "description",
			 "Trade missions, pavilions, delegations and agreements. Errors are "
			 "application/problem+json with a stable code.",
			 "paths", paths, "components", "schemas", schemas, "securitySchemes",
			 schemes);
}
