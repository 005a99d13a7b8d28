/* entities.c - the descriptor of every resource Roadshow stores. */
#include "entity.h"

#include <string.h>

#define TEXT(n, max, fl, ko, en)                                                                   \
	{                                                                                          \
		n, FT_TEXT, fl, max, NULL, NULL, ko, en, NULL                                      \
	}
#define NOTES                                                                                      \
	{                                                                                          \
		"notes", FT_TEXT, FF_MULTILINE, 4000, NULL, NULL, "메모", "Notes", NULL            \
	}
#define ENUM(n, vals, fl, def, ko, en)                                                             \
	{                                                                                          \
		n, FT_ENUM, fl, 0, vals, NULL, ko, en, def                                         \
	}
#define REF(n, ent, fl, ko, en)                                                                    \
	{                                                                                          \
		n, FT_REF, fl, 0, NULL, ent, ko, en, NULL                                          \
	}
#define TYPED(n, t, fl, ko, en)                                                                    \
	{                                                                                          \
		n, t, fl, 0, NULL, NULL, ko, en, NULL                                              \
	}
#define BOOL(n, ko, en)                                                                            \
	{                                                                                          \
		n, FT_BOOL, 0, 0, NULL, NULL, ko, en, "0"                                          \
	}
#define NAMES(req)                                                                                 \
	TEXT("name_ko", 200, (req) | FF_SEARCH | FF_SORT, "이름(한글)", "Name (Korean)"),          \
		TEXT("name_en", 200, FF_SEARCH | FF_SORT, "이름(영문)", "Name (English)")
#define TITLES                                                                                     \
	TEXT("title_ko", 300, FF_REQUIRED | FF_SEARCH | FF_SORT, "제목(한글)", "Title (Korean)"),  \
		TEXT("title_en", 300, FF_SEARCH | FF_SORT, "제목(영문)", "Title (English)")
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *const org_kinds[] = {"government", "company", "university", "association",
					"investor",   "other",	 NULL};
static const struct field organization_fields[] = {
	ENUM("kind", org_kinds, FF_REQUIRED | FF_FILTER, NULL, "유형", "Kind"),
	NAMES(FF_REQUIRED),
	TYPED("country", FT_COUNTRY, FF_FILTER | FF_SORT, "국가", "Country"),
	TEXT("city", 100, FF_FILTER | FF_SEARCH | FF_SORT, "도시", "City"),
	TEXT("sector", 100, FF_FILTER | FF_SEARCH, "분야", "Sector"),
	TEXT("website", 300, 0, "웹사이트", "Website"),
	BOOL("illustrative", "예시 데이터", "Illustrative"),
	NOTES,
};

static const struct field person_fields[] = {
	NAMES(FF_REQUIRED),
	TEXT("title_ko", 200, FF_SEARCH, "직함(한글)", "Title (Korean)"),
	TEXT("title_en", 200, FF_SEARCH, "직함(영문)", "Title (English)"),
	REF("organization_id", "organizations", FF_FILTER, "소속", "Organization"),
	TYPED("email", FT_EMAIL, 0, "이메일", "Email"),
	TEXT("phone", 50, 0, "전화", "Phone"),
	NOTES,
};

static const char *const place_kinds[] = {"city",   "venue",  "hall",  "airport", "hotel",
					  "office", "campus", "other", NULL};
static const struct field place_fields[] = {
	ENUM("kind", place_kinds, FF_REQUIRED | FF_FILTER, NULL, "유형", "Kind"),
	NAMES(FF_REQUIRED),
	REF("parent_id", "places", FF_FILTER, "상위 장소", "Within"),
	TYPED("country", FT_COUNTRY, FF_FILTER | FF_SORT, "국가", "Country"),
	TYPED("timezone", FT_TZ, FF_REQUIRED | FF_FILTER, "시간대", "Time zone"),
	TEXT("code", 10, FF_SEARCH, "코드(공항 등)", "Code (airport etc.)"),
	TEXT("address", 300, 0, "주소", "Address"),
	NOTES,
};

static const struct field event_fields[] = {
	NAMES(FF_REQUIRED),
	REF("venue_id", "places", FF_FILTER, "장소", "Venue"),
	TYPED("start_date", FT_DATE, FF_REQUIRED | FF_SORT, "시작일(현지)", "Start (local date)"),
	TYPED("end_date", FT_DATE, FF_REQUIRED | FF_SORT, "종료일(현지)", "End (local date)"),
	TEXT("theme", 300, 0, "주제", "Theme"),
	{"categories", FT_STRLIST, 0, 50, NULL, NULL, "분야", "Categories", NULL},
	TEXT("website", 300, 0, "웹사이트", "Website"),
	/* the show's editions share it ("CES"): a report compares with the one before */
	TEXT("series", 100, FF_FILTER | FF_SEARCH, "시리즈 (매년 같은 전시회)",
	     "Series (the same show each year)"),
	NOTES,
};

static const struct field pavilion_fields[] = {
	REF("event_id", "events", FF_REQUIRED | FF_FILTER, "전시회", "Event"),
	REF("host_organization_id", "organizations", FF_REQUIRED | FF_FILTER, "주관기관",
	    "Host organization"),
	NAMES(FF_REQUIRED),
	TEXT("hall", 100, FF_FILTER, "전시홀", "Hall"),
	NOTES,
};

static const struct field booth_fields[] = {
	REF("pavilion_id", "pavilions", FF_REQUIRED | FF_FILTER, "공동관", "Pavilion"),
	TEXT("code", 20, FF_REQUIRED | FF_SEARCH | FF_SORT, "부스 번호", "Booth code"),
	REF("exhibitor_id", "organizations", FF_FILTER, "참가기업", "Exhibitor"),
	TEXT("category", 100, FF_FILTER | FF_SEARCH, "품목 분야", "Category"),
	NOTES,
};

static const char *const delegation_statuses[] = {"planning",  "approved",  "travelling",
						  "completed", "cancelled", NULL};
static const struct field delegation_fields[] = {
	REF("host_organization_id", "organizations", FF_REQUIRED | FF_FILTER, "주관기관",
	    "Host organization"),
	TITLES,
	TEXT("purpose", 4000, FF_MULTILINE, "목적", "Purpose"),
	REF("event_id", "events", FF_FILTER, "관련 전시회", "Event"),
	{"home_timezone", FT_TZ, 0, 0, NULL, NULL, "본국 시간대", "Home time zone", "Asia/Seoul"},
	TYPED("depart_date", FT_DATE, FF_SORT, "출발일(본국)", "Departure (home date)"),
	TYPED("return_date", FT_DATE, FF_SORT, "귀국일(본국)", "Return (home date)"),
	ENUM("status", delegation_statuses, FF_FILTER, "planning", "상태", "Status"),
	BOOL("published", "공개", "Published"),
	TYPED("plan_published_on", FT_DATE, 0, "계획서 공개일", "Plan published on"),
	TYPED("report_published_on", FT_DATE, 0, "결과보고서 공개일", "Report published on"),
	TYPED("budget", FT_MONEY, 0, "예산", "Budget"),
	{"budget_currency", FT_CURRENCY, 0, 0, NULL, NULL, "예산 통화", "Budget currency", "KRW"},
	TEXT("outcome_ko", 4000, FF_MULTILINE, "결과 요약(한글)", "Outcome (Korean)"),
	TEXT("outcome_en", 4000, FF_MULTILINE, "결과 요약(영문)", "Outcome (English)"),
	TEXT("implications_ko", 4000, FF_MULTILINE, "시사점(한글)", "Implications (Korean)"),
	TEXT("implications_en", 4000, FF_MULTILINE, "시사점(영문)", "Implications (English)"),
	NOTES,
};

static const char *const member_roles[] = {"head",	  "deputy", "member", "staff",
					   "interpreter", "press",  "other",  NULL};
static const struct field delegation_member_fields[] = {
	REF("delegation_id", "delegations", FF_REQUIRED | FF_FILTER, "출장단", "Delegation"),
	REF("person_id", "people", FF_REQUIRED | FF_FILTER, "인물", "Person"),
	ENUM("role", member_roles, FF_REQUIRED | FF_FILTER, NULL, "역할", "Role"),
	NOTES,
};

static const char *const item_kinds[] = {"flight", "ground",  "lodging",  "meeting", "ceremony",
					 "visit",  "signing", "briefing", "other",   NULL};
static const char *const item_statuses[] = {"planned", "done", "cancelled", NULL};
static const struct field itinerary_item_fields[] = {
	REF("delegation_id", "delegations", FF_REQUIRED | FF_FILTER, "출장단", "Delegation"),
	ENUM("kind", item_kinds, FF_REQUIRED | FF_FILTER, NULL, "유형", "Kind"),
	TITLES,
	REF("place_id", "places", FF_FILTER, "장소(출발지)", "Place (or origin)"),
	REF("to_place_id", "places", FF_FILTER, "도착지", "Destination"),
	TYPED("starts_at", FT_INSTANT, FF_REQUIRED | FF_SORT, "시작", "Starts"),
	TYPED("ends_at", FT_INSTANT, FF_REQUIRED | FF_SORT, "종료", "Ends"),
	TEXT("carrier", 50, 0, "항공사/운송사", "Carrier"),
	TEXT("service_number", 20, FF_SEARCH, "편명", "Flight or service number"),
	REF("agreement_id", "agreements", FF_FILTER, "관련 협약", "Agreement"),
	ENUM("status", item_statuses, FF_FILTER, "planned", "진행", "Status"),
	TEXT("task", 100, FF_FILTER | FF_SEARCH, "과제", "Task"),
	TEXT("result", 4000, FF_MULTILINE, "결과", "Result"),
	BOOL("illustrative", "예시 데이터", "Illustrative"),
	NOTES,
};

static const struct field itinerary_attendee_fields[] = {
	REF("item_id", "itinerary_items", FF_REQUIRED | FF_FILTER, "일정", "Itinerary item"),
	REF("member_id", "delegation_members", FF_REQUIRED | FF_FILTER, "출장단원", "Member"),
	NOTES,
};

static const struct field itinerary_counterpart_fields[] = {
	REF("item_id", "itinerary_items", FF_REQUIRED | FF_FILTER, "일정", "Itinerary item"),
	REF("organization_id", "organizations", FF_REQUIRED | FF_FILTER, "상대 기관",
	    "Counterpart"),
	NOTES,
};

static const char *const cost_categories[] = {"airfare",      "lodging", "ground",
					      "interpreting", "other",	 NULL};
static const struct field trip_cost_fields[] = {
	REF("delegation_id", "delegations", FF_REQUIRED | FF_FILTER, "출장단", "Delegation"),
	ENUM("category", cost_categories, FF_REQUIRED | FF_FILTER, NULL, "비목", "Category"),
	TEXT("description", 300, FF_SEARCH, "내역", "Description"),
	REF("item_id", "itinerary_items", FF_FILTER, "관련 일정", "Itinerary item"),
	REF("member_id", "delegation_members", FF_FILTER, "출장단원", "Member"),
	TYPED("amount", FT_MONEY, FF_REQUIRED, "금액", "Amount"),
	{"currency", FT_CURRENCY, 0, 0, NULL, NULL, "통화", "Currency", "KRW"},
	TYPED("rate", FT_DECIMAL, 0, "환율(예산 통화 기준)", "Rate (budget currency per unit)"),
	NOTES,
};

static const struct field trip_institution_fields[] = {
	REF("delegation_id", "delegations", FF_REQUIRED | FF_FILTER, "출장단", "Delegation"),
	REF("organization_id", "organizations", FF_REQUIRED | FF_FILTER, "방문 기관",
	    "Institution"),
	REF("item_id", "itinerary_items", FF_FILTER, "관련 일정", "Itinerary item"),
	TEXT("purpose", 2000, FF_MULTILINE, "방문 목적", "Purpose"),
	TEXT("result", 4000, FF_MULTILINE, "방문 결과", "Result"),
	NOTES,
};

static const char *const agreement_kinds[] = {
	"mou", "business_agreement", "investment_support", "friendship", "sister_city", "other",
	NULL};
static const char *const agreement_statuses[] = {"planned",   "signed", "in_progress",
						 "completed", "lapsed", NULL};
static const struct field agreement_fields[] = {
	ENUM("kind", agreement_kinds, FF_REQUIRED | FF_FILTER, NULL, "유형", "Kind"),
	TITLES,
	ENUM("status", agreement_statuses, FF_FILTER, "planned", "상태", "Status"),
	TYPED("signed_date", FT_DATE, FF_SORT, "서명일(현지)", "Signed (local date)"),
	REF("signed_place_id", "places", FF_FILTER, "서명 장소", "Signed at"),
	REF("delegation_id", "delegations", FF_FILTER, "출장단", "Delegation"),
	REF("event_id", "events", FF_FILTER, "전시회", "Event"),
	TEXT("summary", 4000, FF_MULTILINE | FF_SEARCH, "주요 내용", "Summary"),
	TYPED("amount", FT_MONEY, 0, "협약 금액", "Value"),
	{"currency", FT_CURRENCY, 0, 0, NULL, NULL, "통화", "Currency", "USD"},
	BOOL("binding", "법적 구속력", "Binding"),
	BOOL("illustrative", "예시 데이터", "Illustrative"),
	NOTES,
};

static const char *const party_roles[] = {"party", "witness", "supporter", NULL};
static const struct field agreement_party_fields[] = {
	REF("agreement_id", "agreements", FF_REQUIRED | FF_FILTER, "협약", "Agreement"),
	REF("organization_id", "organizations", FF_REQUIRED | FF_FILTER, "당사자", "Party"),
	ENUM("role", party_roles, FF_FILTER, "party", "역할", "Role"),
	NOTES,
};

static const char *const tie_kinds[] = {"sister_city", "friendship_city", "partner", NULL};
static const struct field tie_fields[] = {
	ENUM("kind", tie_kinds, FF_REQUIRED | FF_FILTER, NULL, "유형", "Kind"),
	REF("organization_id", "organizations", FF_REQUIRED | FF_FILTER, "기관", "Organization"),
	REF("partner_id", "organizations", FF_REQUIRED | FF_FILTER, "상대 기관", "Partner"),
	TYPED("since", FT_DATE, FF_SORT, "체결일", "Since"),
	NOTES,
};

static const struct field business_centre_fields[] = {
	NAMES(FF_REQUIRED),
	REF("operator_id", "organizations", FF_REQUIRED | FF_FILTER, "운영 기관", "Operated by"),
	REF("place_id", "places", FF_FILTER, "소재지", "Located in"),
	TYPED("opened_on", FT_DATE, FF_SORT, "개소일", "Opened"),
	TEXT("website", 300, 0, "웹사이트", "Website"),
	NOTES,
};

static const char *const member_modes[] = {"online", "offline", "resident", NULL};
static const struct field centre_member_fields[] = {
	REF("centre_id", "business_centres", FF_REQUIRED | FF_FILTER, "비즈니스센터",
	    "Business centre"),
	REF("organization_id", "organizations", FF_REQUIRED | FF_FILTER, "회원기업",
	    "Member company"),
	ENUM("mode", member_modes, FF_REQUIRED | FF_FILTER, NULL, "참여 방식", "Mode"),
	TYPED("since", FT_DATE, FF_SORT, "가입일", "Since"),
	NOTES,
};

static const char *const schedule_statuses[] = {"none", "preliminary", "final", NULL};
static const struct field b2b_event_fields[] = {
	REF("event_id", "events", FF_FILTER, "전시회", "Event"),
	REF("host_organization_id", "organizations", FF_REQUIRED | FF_FILTER, "주관기관",
	    "Host organization"),
	NAMES(FF_REQUIRED),
	TYPED("timezone", FT_TZ, FF_REQUIRED, "현지 시간대", "Local time zone"),
	TYPED("requests_close_at", FT_INSTANT, FF_SORT, "상담 신청 마감", "Requests close"),
	{"must_weight", FT_INT, 0, 100, NULL, NULL, "필수 상담 가중치", "Weight of a must-meet",
	 "10"},
	{"pool_tables", FT_INT, 0, 1000, NULL, NULL, "공용 상담 테이블", "Shared tables", "0"},
	{"schedule_status", FT_ENUM, FF_FILTER | FF_READONLY, 0, schedule_statuses, NULL,
	 "일정표 상태", "Schedule", "none"},
	{"scheduled_at", FT_INSTANT, FF_READONLY, 0, NULL, NULL, "일정 작성", "Scheduled at", NULL},
	{"published_at", FT_INSTANT, FF_READONLY, 0, NULL, NULL, "확정 공개", "Published at", NULL},
	BOOL("illustrative", "예시 데이터", "Illustrative"),
	NOTES,
};

static const struct field b2b_session_fields[] = {
	REF("b2b_event_id", "b2b_events", FF_REQUIRED | FF_FILTER, "상담회", "B2B programme"),
	TYPED("starts_at", FT_INSTANT, FF_REQUIRED | FF_SORT, "시작", "Starts"),
	TYPED("ends_at", FT_INSTANT, FF_REQUIRED | FF_SORT, "종료", "Ends"),
	{"slot_minutes", FT_INT, 0, 240, NULL, NULL, "상담 시간(분)", "Slot (minutes)", "30"},
	TYPED("break_starts_at", FT_INSTANT, 0, "휴식 시작", "Break starts"),
	TYPED("break_ends_at", FT_INSTANT, 0, "휴식 종료", "Break ends"),
	NOTES,
};

static const struct field b2b_venue_fields[] = {
	REF("b2b_event_id", "b2b_events", FF_REQUIRED | FF_FILTER, "상담회", "B2B programme"),
	NAMES(FF_REQUIRED),
	REF("place_id", "places", FF_FILTER, "장소", "Place"),
	NOTES,
};

static const struct field b2b_walk_fields[] = {
	REF("b2b_event_id", "b2b_events", FF_REQUIRED | FF_FILTER, "상담회", "B2B programme"),
	REF("from_venue_id", "b2b_venues", FF_REQUIRED | FF_FILTER, "출발 장소", "From"),
	REF("to_venue_id", "b2b_venues", FF_REQUIRED | FF_FILTER, "도착 장소", "To"),
	{"minutes", FT_INT, FF_REQUIRED, 240, NULL, NULL, "이동 시간(분)", "Walk (minutes)", NULL},
	NOTES,
};

static const char *const participant_kinds[] = {"exhibitor", "buyer", "investor", "interpreter",
						NULL};
static const struct field b2b_participant_fields[] = {
	REF("b2b_event_id", "b2b_events", FF_REQUIRED | FF_FILTER, "상담회", "B2B programme"),
	ENUM("kind", participant_kinds, FF_REQUIRED | FF_FILTER, NULL, "구분", "Kind"),
	TEXT("name", 200, FF_REQUIRED | FF_SEARCH | FF_SORT, "이름(표시)", "Name (shown)"),
	REF("organization_id", "organizations", FF_FILTER, "기관", "Organization"),
	REF("person_id", "people", FF_FILTER, "담당자", "Person"),
	REF("booth_id", "booths", FF_FILTER, "부스", "Booth"),
	REF("venue_id", "b2b_venues", FF_FILTER, "상담 장소", "Venue"),
	{"tables", FT_INT, 0, 50, NULL, NULL, "상담 테이블 수", "Tables", "1"},
	{"languages", FT_STRLIST, 0, 20, NULL, NULL, "언어 (통역사: ko-en)",
	 "Languages (interpreters: ko-en)", NULL},
	{"interests", FT_STRLIST, 0, 50, NULL, NULL, "관심 분야", "Interests", NULL},
	TYPED("country", FT_COUNTRY, FF_FILTER | FF_SORT, "국가", "Country"),
	{"cap", FT_INT, 0, 500, NULL, NULL, "최대 상담 수", "Most meetings", NULL},
	BOOL("illustrative", "예시 데이터", "Illustrative"),
	NOTES,
};

static const struct field b2b_absence_fields[] = {
	REF("participant_id", "b2b_participants", FF_REQUIRED | FF_FILTER, "참가자", "Participant"),
	TYPED("starts_at", FT_INSTANT, FF_REQUIRED | FF_SORT, "부재 시작", "Away from"),
	TYPED("ends_at", FT_INSTANT, FF_REQUIRED | FF_SORT, "부재 종료", "Away until"),
	NOTES,
};

static const char *const meeting_priorities[] = {"want", "must", NULL};
static const char *const request_statuses[] = {"pending",   "accepted", "declined",
					       "cancelled", "expired",	NULL};
static const struct field b2b_request_fields[] = {
	REF("b2b_event_id", "b2b_events", FF_REQUIRED | FF_FILTER, "상담회", "B2B programme"),
	REF("from_id", "b2b_participants", FF_REQUIRED | FF_FILTER, "신청", "From"),
	REF("to_id", "b2b_participants", FF_REQUIRED | FF_FILTER, "상대", "To"),
	ENUM("priority", meeting_priorities, FF_FILTER, "want", "우선순위", "Priority"),
	{"status", FT_ENUM, FF_FILTER | FF_READONLY, 0, request_statuses, NULL, "상태", "Status",
	 "pending"},
	{"answered_at", FT_INSTANT, FF_READONLY, 0, NULL, NULL, "응답", "Answered at", NULL},
	TEXT("message", 2000, FF_MULTILINE, "요청 메시지", "Message"),
	NOTES,
};

static const char *const meeting_statuses[] = {"planned", "held", "no_show", "cancelled", NULL};
static const char *const meeting_reasons[] = {"no_common_slot", "no_interpreter", "capacity", "cap",
					      "pin_conflict",	"fairness",	  "no_gain",  NULL};
static const struct field b2b_meeting_fields[] = {
	REF("b2b_event_id", "b2b_events", FF_REQUIRED | FF_FILTER, "상담회", "B2B programme"),
	REF("host_id", "b2b_participants", FF_REQUIRED | FF_FILTER, "부스(참가기업)",
	    "Host (booth)"),
	REF("visitor_id", "b2b_participants", FF_REQUIRED | FF_FILTER, "방문(바이어)",
	    "Visitor (buyer)"),
	{"request_id", FT_REF, FF_FILTER | FF_READONLY, 0, NULL, "b2b_requests", "상담 신청",
	 "Request", NULL},
	ENUM("priority", meeting_priorities, FF_FILTER, "want", "우선순위", "Priority"),
	ENUM("status", meeting_statuses, FF_FILTER, "planned", "진행", "Status"),
	BOOL("pinned", "시간 고정", "Pinned"),
	TYPED("starts_at", FT_INSTANT, FF_SORT, "상담 시각", "Slot"),
	{"table_no", FT_INT, FF_READONLY, 50, NULL, NULL, "테이블", "Table", NULL},
	{"interpreter_id", FT_REF, FF_FILTER | FF_READONLY, 0, NULL, "b2b_participants", "통역",
	 "Interpreter", NULL},
	{"reason", FT_ENUM, FF_FILTER | FF_READONLY, 0, meeting_reasons, NULL, "미배정 사유",
	 "Why unscheduled", NULL},
	{"published_at", FT_INSTANT, FF_READONLY, 0, NULL, NULL, "확정 시각", "Published slot",
	 NULL},
	NOTES,
};

static const struct field exchange_rate_fields[] = {
	TYPED("date", FT_DATE, FF_REQUIRED | FF_FILTER | FF_SORT, "기준일", "Date"),
	{"currency", FT_CURRENCY, FF_REQUIRED | FF_FILTER, 0, NULL, NULL, "통화", "Currency", NULL},
	{"to_currency", FT_CURRENCY, FF_FILTER, 0, NULL, NULL, "환산 통화", "Into", "KRW"},
	{"rate", FT_DECIMAL, FF_REQUIRED, 0, NULL, NULL, "환율 (1단위당)", "Rate (per unit)", NULL},
	TEXT("source", 300, FF_REQUIRED | FF_SEARCH, "출처", "Source"),
	NOTES,
};

static const char *const consultation_kinds[] = {"walk_in", "scheduled", "interpreted", "online",
						 NULL};
static const char *const consultation_stages[] = {
	"consulted", "negotiating", "provisional", "signed", "exported", "dropped", NULL};
static const struct field consultation_fields[] = {
	REF("pavilion_id", "pavilions", FF_REQUIRED | FF_FILTER, "공동관", "Pavilion"),
	REF("exhibitor_id", "organizations", FF_REQUIRED | FF_FILTER, "참가기업", "Exhibitor"),
	REF("meeting_id", "b2b_meetings", FF_FILTER, "예약 상담", "Scheduled meeting"),
	ENUM("kind", consultation_kinds, FF_REQUIRED | FF_FILTER, NULL, "상담 유형", "Kind"),
	TYPED("consulted_at", FT_INSTANT, FF_REQUIRED | FF_SORT, "상담 일시", "Consulted at"),
	REF("buyer_organization_id", "organizations", FF_FILTER, "바이어 (등록 기관)",
	    "Buyer (known organization)"),
	TEXT("buyer_company", 200, FF_SEARCH | FF_SORT, "바이어 회사", "Buyer company"),
	TEXT("buyer_person", 200, FF_SEARCH, "바이어 담당자", "Buyer contact"),
	TYPED("buyer_email", FT_EMAIL, 0, "바이어 이메일", "Buyer email"),
	TYPED("buyer_country", FT_COUNTRY, FF_FILTER | FF_SORT, "바이어 국적", "Buyer nationality"),
	TYPED("destination_country", FT_COUNTRY, FF_FILTER | FF_SORT, "수출 대상국",
	      "Destination country"),
	TEXT("product", 200, FF_SEARCH, "상담 품목", "Product"),
	TEXT("category", 100, FF_FILTER | FF_SEARCH, "품목 분야", "Category"),
	TYPED("unit_price", FT_MONEY, 0, "단가", "Unit price"),
	{"quantity", FT_INT, 0, 1000000000, NULL, NULL, "수량", "Quantity", NULL},
	TYPED("amount", FT_MONEY, 0, "상담액", "Amount"),
	{"currency", FT_CURRENCY, 0, 0, NULL, NULL, "통화", "Currency", "USD"},
	ENUM("stage", consultation_stages, FF_FILTER, "consulted", "단계", "Stage"),
	TEXT("next_step", 500, FF_MULTILINE, "다음 조치", "Next step"),
	TYPED("next_step_on", FT_DATE, FF_FILTER | FF_SORT, "다음 조치일", "Next step on"),
	TEXT("consultant", 100, FF_SEARCH, "상담자", "Consultant"),
	BOOL("illustrative", "예시 데이터", "Illustrative"),
	NOTES,
};

static const char *const provenances[] = {"reported", "verified", NULL};
static const struct field follow_up_fields[] = {
	REF("consultation_id", "consultations", FF_REQUIRED | FF_FILTER, "상담일지",
	    "Consultation"),
	ENUM("stage", consultation_stages, FF_REQUIRED | FF_FILTER, NULL, "단계", "Stage"),
	TYPED("date", FT_DATE, FF_REQUIRED | FF_SORT, "일자", "Date"),
	TYPED("amount", FT_MONEY, 0, "금액", "Amount"),
	{"currency", FT_CURRENCY, 0, 0, NULL, NULL, "통화", "Currency", "USD"},
	ENUM("provenance", provenances, FF_FILTER | FF_STAFF, "reported", "근거", "Provenance"),
	TEXT("verified_by", 100, FF_STAFF, "확인자", "Verified by"),
	TEXT("document", 300, 0, "확인 서류", "Document"),
	NOTES,
};

static const char *const service_kinds[] = {
	"buyer_sourcing", "consultation", "market_research", "interpreting",
	"meeting_room",	  "desk",	  "show_support",    NULL};
static const struct field centre_service_fields[] = {
	REF("centre_id", "business_centres", FF_REQUIRED | FF_FILTER, "비즈니스센터",
	    "Business centre"),
	REF("organization_id", "organizations", FF_REQUIRED | FF_FILTER, "회원기업",
	    "Member company"),
	ENUM("kind", service_kinds, FF_REQUIRED | FF_FILTER, NULL, "지원 서비스", "Service"),
	TYPED("date", FT_DATE, FF_REQUIRED | FF_SORT, "제공일", "Date"),
	NOTES,
};

static const struct child member_children[] = {{"attends", "itinerary_attendees", "member_id"}};
static const struct child event_children[] = {{"pavilions", "pavilions", "event_id"}};
static const struct child pavilion_children[] = {{"booths", "booths", "pavilion_id"}};
static const struct child delegation_children[] = {
	{"members", "delegation_members", "delegation_id"},
	{"items", "itinerary_items", "delegation_id"},
	{"costs", "trip_costs", "delegation_id"},
	{"institutions", "trip_institutions", "delegation_id"},
};
static const struct child item_children[] = {
	{"attendees", "itinerary_attendees", "item_id"},
	{"counterparts", "itinerary_counterparts", "item_id"},
};
static const struct child agreement_children[] = {{"parties", "agreement_parties", "agreement_id"}};
static const struct child centre_children[] = {
	{"members", "centre_members", "centre_id"},
	{"services", "centre_services", "centre_id"},
};
static const struct child consultation_children[] = {
	{"follow_ups", "follow_ups", "consultation_id"}};

static const struct child b2b_event_children[] = {
	{"sessions", "b2b_sessions", "b2b_event_id"},
	{"venues", "b2b_venues", "b2b_event_id"},
	{"walks", "b2b_walks", "b2b_event_id"},
	{"participants", "b2b_participants", "b2b_event_id"},
	{"requests", "b2b_requests", "b2b_event_id"},
	{"meetings", "b2b_meetings", "b2b_event_id"},
};
static const struct child participant_children[] = {{"absences", "b2b_absences", "participant_id"}};

#define FIELDS(f)   .fields = f, .nfields = COUNT(f)
#define CHILDREN(c) .children = c, .nchildren = COUNT(c)

static const struct entity organizations = {
	.name = "organizations",
	.singular = "organization",
	.label_ko = "기관",
	.label_en = "Organizations",
	.title_ko = "name_ko",
	.title_en = "name_en",
	FIELDS(organization_fields),
	.self_owned = 1,
};
static const struct entity people = {
	.name = "people",
	.singular = "person",
	.label_ko = "인물",
	.label_en = "People",
	.title_ko = "name_ko",
	.title_en = "name_en",
	FIELDS(person_fields),
};
static const struct entity places = {
	.name = "places",
	.singular = "place",
	.label_ko = "장소",
	.label_en = "Places",
	.title_ko = "name_ko",
	.title_en = "name_en",
	FIELDS(place_fields),
};
static const struct entity events = {
	.name = "events",
	.singular = "event",
	.label_ko = "전시회",
	.label_en = "Events",
	.title_ko = "name_ko",
	.title_en = "name_en",
	FIELDS(event_fields),
	CHILDREN(event_children),
	.before = "start_date",
	.after = "end_date",
};
static const struct entity pavilions = {
	.name = "pavilions",
	.singular = "pavilion",
	.label_ko = "공동관",
	.label_en = "Pavilions",
	.title_ko = "name_ko",
	.title_en = "name_en",
	FIELDS(pavilion_fields),
	CHILDREN(pavilion_children),
	.owner = "host_organization_id",
	.company_reads = 1,
};
static const struct entity booths = {
	.name = "booths",
	.singular = "booth",
	.label_ko = "부스",
	.label_en = "Booths",
	.title_ko = "code",
	.title_en = "code",
	FIELDS(booth_fields),
	.unique = {"pavilion_id", "code", NULL},
	.owner = "pavilion_id",
	.company_reads = 1,
};
static const struct entity delegations = {
	.name = "delegations",
	.singular = "delegation",
	.label_ko = "출장단",
	.label_en = "Delegations",
	.title_ko = "title_ko",
	.title_en = "title_en",
	FIELDS(delegation_fields),
	CHILDREN(delegation_children),
	.before = "depart_date",
	.after = "return_date",
	.owner = "host_organization_id",
	.computed = "trip",
};
static const struct entity delegation_members = {
	.name = "delegation_members",
	.singular = "delegation_member",
	.label_ko = "출장단원",
	.label_en = "Delegation members",
	FIELDS(delegation_member_fields),
	CHILDREN(member_children),
	.unique = {"delegation_id", "person_id", NULL},
	.owner = "delegation_id",
};
static const struct entity itinerary_items = {
	.name = "itinerary_items",
	.singular = "itinerary_item",
	.label_ko = "일정",
	.label_en = "Itinerary items",
	.title_ko = "title_ko",
	.title_en = "title_en",
	FIELDS(itinerary_item_fields),
	CHILDREN(item_children),
	/* no before/after: an arrival typed before its departure is a finding to fix, not a
	 * draft to refuse (core/findings.c) */
	.owner = "delegation_id",
};
static const struct entity itinerary_attendees = {
	.name = "itinerary_attendees",
	.singular = "itinerary_attendee",
	.label_ko = "일정 참석자",
	.label_en = "Itinerary attendees",
	FIELDS(itinerary_attendee_fields),
	.unique = {"item_id", "member_id", NULL},
	.same = {"item_id", "member_id", NULL},
	.same_via = "delegation_id",
	.owner = "item_id",
};
static const struct entity itinerary_counterparts = {
	.name = "itinerary_counterparts",
	.singular = "itinerary_counterpart",
	.label_ko = "일정 상대기관",
	.label_en = "Itinerary counterparts",
	FIELDS(itinerary_counterpart_fields),
	.unique = {"item_id", "organization_id", NULL},
	.owner = "item_id",
};
static const struct entity agreements = {
	.name = "agreements",
	.singular = "agreement",
	.label_ko = "협약",
	.label_en = "Agreements",
	.title_ko = "title_ko",
	.title_en = "title_en",
	FIELDS(agreement_fields),
	CHILDREN(agreement_children),
	.owner = "delegation_id",
};
static const struct entity agreement_parties = {
	.name = "agreement_parties",
	.singular = "agreement_party",
	.label_ko = "협약 당사자",
	.label_en = "Agreement parties",
	FIELDS(agreement_party_fields),
	.unique = {"agreement_id", "organization_id", NULL},
	.owner = "agreement_id",
};
static const struct entity trip_costs = {
	.name = "trip_costs",
	.singular = "trip_cost",
	.label_ko = "출장 경비",
	.label_en = "Trip costs",
	.title_ko = "description",
	.title_en = "description",
	FIELDS(trip_cost_fields),
	.same = {"delegation_id", "item_id", "member_id", NULL},
	.same_via = "delegation_id",
	.owner = "delegation_id",
};
static const struct entity trip_institutions = {
	.name = "trip_institutions",
	.singular = "trip_institution",
	.label_ko = "방문 기관",
	.label_en = "Institutions visited",
	FIELDS(trip_institution_fields),
	.unique = {"delegation_id", "organization_id", NULL},
	.same = {"delegation_id", "item_id", NULL},
	.same_via = "delegation_id",
	.owner = "delegation_id",
};
static const struct entity ties = {
	.name = "ties",
	.singular = "tie",
	.label_ko = "교류 관계",
	.label_en = "Ties",
	FIELDS(tie_fields),
	.unique = {"kind", "organization_id", "partner_id"},
	.distinct = {"organization_id", "partner_id"},
};
static const struct entity business_centres = {
	.name = "business_centres",
	.singular = "business_centre",
	.label_ko = "비즈니스센터",
	.label_en = "Business centres",
	.title_ko = "name_ko",
	.title_en = "name_en",
	FIELDS(business_centre_fields),
	CHILDREN(centre_children),
	.owner = "operator_id",
};
static const struct entity centre_members = {
	.name = "centre_members",
	.singular = "centre_member",
	.label_ko = "센터 회원기업",
	.label_en = "Centre members",
	FIELDS(centre_member_fields),
	.unique = {"centre_id", "organization_id", NULL},
	.owner = "centre_id",
};

static const struct entity b2b_events = {
	.name = "b2b_events",
	.singular = "b2b_event",
	.label_ko = "B2B 상담회",
	.label_en = "B2B programmes",
	.title_ko = "name_ko",
	.title_en = "name_en",
	FIELDS(b2b_event_fields),
	CHILDREN(b2b_event_children),
	.owner = "host_organization_id",
};
static const struct entity b2b_sessions = {
	.name = "b2b_sessions",
	.singular = "b2b_session",
	.label_ko = "상담 세션",
	.label_en = "B2B sessions",
	FIELDS(b2b_session_fields),
	.before = "starts_at",
	.after = "ends_at",
	.owner = "b2b_event_id",
};
static const struct entity b2b_venues = {
	.name = "b2b_venues",
	.singular = "b2b_venue",
	.label_ko = "상담 장소",
	.label_en = "B2B venues",
	.title_ko = "name_ko",
	.title_en = "name_en",
	FIELDS(b2b_venue_fields),
	.unique = {"b2b_event_id", "name_ko", NULL},
	.owner = "b2b_event_id",
};
static const struct entity b2b_walks = {
	.name = "b2b_walks",
	.singular = "b2b_walk",
	.label_ko = "장소 간 이동",
	.label_en = "B2B walks",
	FIELDS(b2b_walk_fields),
	.unique = {"b2b_event_id", "from_venue_id", "to_venue_id", NULL},
	.distinct = {"from_venue_id", "to_venue_id"},
	.same = {"b2b_event_id", "from_venue_id", "to_venue_id", NULL},
	.same_via = "b2b_event_id",
	.owner = "b2b_event_id",
};
static const struct entity b2b_participants = {
	.name = "b2b_participants",
	.singular = "b2b_participant",
	.label_ko = "상담회 참가자",
	.label_en = "B2B participants",
	.title_ko = "name",
	.title_en = "name",
	FIELDS(b2b_participant_fields),
	CHILDREN(participant_children),
	.same = {"b2b_event_id", "venue_id", NULL},
	.same_via = "b2b_event_id",
	.owner = "b2b_event_id",
	.company_reads = 1,
};
static const struct entity b2b_absences = {
	.name = "b2b_absences",
	.singular = "b2b_absence",
	.label_ko = "참가자 부재",
	.label_en = "B2B absences",
	FIELDS(b2b_absence_fields),
	.before = "starts_at",
	.after = "ends_at",
	.owner = "participant_id",
};
static const struct entity b2b_requests = {
	.name = "b2b_requests",
	.singular = "b2b_request",
	.label_ko = "상담 신청",
	.label_en = "Meeting requests",
	FIELDS(b2b_request_fields),
	.distinct = {"from_id", "to_id"},
	.same = {"b2b_event_id", "from_id", "to_id", NULL},
	.same_via = "b2b_event_id",
	.owner = "b2b_event_id",
};
static const struct entity b2b_meetings = {
	.name = "b2b_meetings",
	.singular = "b2b_meeting",
	.label_ko = "상담",
	.label_en = "Meetings",
	FIELDS(b2b_meeting_fields),
	.unique = {"b2b_event_id", "host_id", "visitor_id", NULL},
	.distinct = {"host_id", "visitor_id"},
	.same = {"b2b_event_id", "host_id", "visitor_id", NULL},
	.same_via = "b2b_event_id",
	.owner = "b2b_event_id",
};

static const struct entity exchange_rates = {
	.name = "exchange_rates",
	.singular = "exchange_rate",
	.label_ko = "환율",
	.label_en = "Exchange rates",
	FIELDS(exchange_rate_fields),
	.unique = {"date", "currency", "to_currency", "source"},
};
static const struct entity consultations = {
	.name = "consultations",
	.singular = "consultation",
	.label_ko = "상담일지",
	.label_en = "Consultations",
	.title_ko = "buyer_company",
	.title_en = "buyer_company",
	FIELDS(consultation_fields),
	CHILDREN(consultation_children),
	.owner = "pavilion_id",
	.company = "exhibitor_id",
};
static const struct entity follow_ups = {
	.name = "follow_ups",
	.singular = "follow_up",
	.label_ko = "사후관리",
	.label_en = "Follow-ups",
	FIELDS(follow_up_fields),
	.owner = "consultation_id",
	.company = "consultation_id",
};
static const struct entity centre_services = {
	.name = "centre_services",
	.singular = "centre_service",
	.label_ko = "센터 지원 실적",
	.label_en = "Centre services",
	FIELDS(centre_service_fields),
	.owner = "centre_id",
};

/* Order matters: a resource comes after every resource it refers to (import and demo load
 * in this order), except agreements, which itinerary items may point at. */
const struct entity *const entities[] = {
	&organizations,
	&people,
	&places,
	&events,
	&pavilions,
	&booths,
	&delegations,
	&delegation_members,
	&agreements,
	&agreement_parties,
	&itinerary_items,
	&itinerary_attendees,
	&itinerary_counterparts,
	&trip_costs,
	&trip_institutions,
	&ties,
	&business_centres,
	&centre_members,
	&b2b_events,
	&b2b_sessions,
	&b2b_venues,
	&b2b_walks,
	&b2b_participants,
	&b2b_absences,
	&b2b_requests,
	&b2b_meetings,
	&exchange_rates,
	&consultations,
	&follow_ups,
	&centre_services,
};
const size_t nentities = COUNT(entities);

const struct entity *entity_find(const char *name)
{
	for (size_t i = 0; i < nentities; i++)
		if (!strcmp(entities[i]->name, name))
			return entities[i];
	return NULL;
}

int entity_field_index(const struct entity *e, const char *name)
{
	for (size_t i = 0; i < e->nfields; i++)
		if (!strcmp(e->fields[i].name, name))
			return (int)i;
	return -1;
}

static const char *const type_names[] = {
	[FT_TEXT] = "text",	    [FT_ENUM] = "enum",	      [FT_REF] = "ref",
	[FT_DATE] = "date",	    [FT_INSTANT] = "instant", [FT_TZ] = "timezone",
	[FT_BOOL] = "bool",	    [FT_INT] = "int",	      [FT_COUNTRY] = "country",
	[FT_EMAIL] = "email",	    [FT_STRLIST] = "strlist", [FT_MONEY] = "money",
	[FT_CURRENCY] = "currency", [FT_DECIMAL] = "decimal",
};

const char *field_type_name(enum field_type t)
{
	return type_names[t];
}
