/* tripdoc_labels.c - the one catalogue (Korean and English) of the trip documents' words,
 * which the HTML and XLSX renderers both take them from, and how amounts are written. */
#include <stdio.h>
#include <string.h>

#include "tripdoc.h"

struct label {
	const char *key, *ko, *en;
};

/* Keys: doc. documents, f. facts, h. headings, c. columns, t. phrases, u. units, s. sheet
 * names (at most 31 characters), w. weekdays; enumerated values as group.value. */
static const struct label labels[] = {
	{"doc.plan", "국외출장 계획서", "Overseas Trip Plan"},
	{"doc.report", "국외출장 결과보고서", "Overseas Trip Report"},

	{"f.title", "출장명", "Mission"},
	{"f.host", "주관기관", "Host organization"},
	{"f.period", "출장 기간", "Period"},
	{"f.length", "출장 일수", "Length"},
	{"f.depart", "출발일", "Departure"},
	{"f.return", "귀국일", "Return"},
	{"f.event", "관련 전시회", "Event"},
	{"f.headcount", "출장 인원", "Delegation size"},
	{"f.status", "상태", "Status"},
	{"f.published", "공개일", "Published on"},
	{"f.generated", "작성일", "Prepared on"},
	{"f.budget", "예산", "Budget"},
	{"f.total", "총 경비", "Total cost"},
	{"f.unconverted", "환산 불가 경비", "Costs not converted"},
	{"f.signed", "체결 협약", "Agreements signed"},

	{"h.overview", "출장 개요", "Overview"},
	{"h.purpose", "출장 목적", "Purpose"},
	{"h.outcome", "출장 결과 요약", "Outcome"},
	{"h.members", "출장단 구성", "Delegation"},
	{"h.institutions", "방문 기관", "Institutions"},
	{"h.itinerary", "세부 일정", "Itinerary"},
	{"h.itinerary_done", "출장 일정(실적)", "Itinerary as travelled"},
	{"h.activities", "주요 활동", "Main activities"},
	{"h.inst_results", "방문 기관별 결과", "Results by institution"},
	{"h.agreements", "협약 체결", "Agreements"},
	{"h.implications", "시사점", "Implications"},
	{"h.costs", "출장 경비", "Costs"},
	{"h.cost_summary", "비목별 합계", "By category"},
	{"h.cost_lines", "경비 내역", "Cost lines"},

	{"c.no", "번호", "No."},
	{"c.role", "구분", "Role"},
	{"c.title", "직위", "Title"},
	{"c.org", "소속", "Organization"},
	{"c.institution", "기관", "Institution"},
	{"c.country", "국가", "Country"},
	{"c.city", "도시", "City"},
	{"c.purpose", "방문 목적", "Purpose"},
	{"c.result", "결과", "Result"},
	{"c.item", "관련 일정", "Itinerary item"},
	{"c.day", "일차", "Day"},
	{"c.date", "날짜", "Date"},
	{"c.weekday", "요일", "Weekday"},
	{"c.local", "현지 시간", "Local time"},
	{"c.start", "시작(현지)", "Starts (local)"},
	{"c.end", "종료(현지)", "Ends (local)"},
	{"c.zone", "시간대", "Zone"},
	{"c.home", "본국 시간", "Home time"},
	{"c.kind", "구분", "Kind"},
	{"c.schedule", "일정", "Item"},
	{"c.place", "장소", "Place"},
	{"c.counterparts", "상대 기관", "Counterparts"},
	{"c.status", "상태", "Status"},
	{"c.task", "과제", "Task"},
	{"c.agreement", "협약명", "Agreement"},
	{"c.signed_date", "서명일", "Signed on"},
	{"c.parties", "당사자", "Parties"},
	{"c.summary", "주요 내용", "Summary"},
	{"c.category", "비목", "Category"},
	{"c.description", "내역", "Description"},
	{"c.member", "출장단원", "Member"},
	{"c.amount", "금액", "Amount"},
	{"c.currency", "통화", "Currency"},
	{"c.rate", "환율", "Rate"},
	{"c.converted", "환산액", "Converted"},
	{"c.note", "비고", "Note"},

	{"t.total", "합계", "Total"},
	{"t.budget", "예산", "Budget"},
	{"t.remaining", "잔액(예산 − 합계)", "Remaining (budget − total)"},
	{"t.no_budget", "예산 미정", "No budget set"},
	{"t.no_rate", "환율 없음 · 합계 제외", "No rate · not in totals"},
	{"t.unconverted_pre",
	 "환율이 없어 합계에서 뺀 경비: ", "Left out of the totals for want of a rate: "},
	{"t.unconverted_post", "건", " lines"},
	{"t.left_out_pre", "완료나 취소로 표시되지 않은 일정 ", "Not shown: "},
	{"t.left_out_post", "건은 싣지 않았습니다.", " items marked neither done nor cancelled."},
	{"t.signed_pre", "체결 ", ""},
	{"t.signed_post", "건", " signed"},
	{"t.day_pre", "", "Day "},
	{"t.day_post", "일차", ""},
	{"t.other_task", "기타", "Other"},
	{"t.cancelled", "취소", "Cancelled"},
	{"t.none", "없음", "None"},
	{"t.rate_per", "1 단위당", "per unit"},
	{"u.people", "명", " people"},
	{"u.lines", "건", ""},

	{"s.overview", "개요", "Overview"},
	{"s.members", "출장단", "Members"},
	{"s.institutions", "방문기관", "Institutions"},
	{"s.itinerary", "일정", "Itinerary"},
	{"s.activities", "활동", "Activities"},
	{"s.agreements", "협약", "Agreements"},
	{"s.costs", "경비", "Costs"},

	{"w.0", "일", "Sun"},
	{"w.1", "월", "Mon"},
	{"w.2", "화", "Tue"},
	{"w.3", "수", "Wed"},
	{"w.4", "목", "Thu"},
	{"w.5", "금", "Fri"},
	{"w.6", "토", "Sat"},

	{"role.head", "단장", "Head"},
	{"role.deputy", "부단장", "Deputy"},
	{"role.member", "단원", "Member"},
	{"role.staff", "수행원", "Staff"},
	{"role.interpreter", "통역", "Interpreter"},
	{"role.press", "언론", "Press"},
	{"role.other", "기타", "Other"},

	{"kind.flight", "항공", "Flight"},
	{"kind.ground", "지상 이동", "Ground transport"},
	{"kind.lodging", "숙박", "Lodging"},
	{"kind.meeting", "면담", "Meeting"},
	{"kind.ceremony", "행사", "Ceremony"},
	{"kind.visit", "방문", "Visit"},
	{"kind.signing", "협약 체결", "Signing"},
	{"kind.briefing", "설명회", "Briefing"},
	{"kind.other", "기타", "Other"},

	{"istatus.planned", "예정", "Planned"},
	{"istatus.done", "완료", "Done"},
	{"istatus.cancelled", "취소", "Cancelled"},

	{"dstatus.planning", "계획", "Planning"},
	{"dstatus.approved", "승인", "Approved"},
	{"dstatus.travelling", "출장 중", "Travelling"},
	{"dstatus.completed", "완료", "Completed"},
	{"dstatus.cancelled", "취소", "Cancelled"},

	{"akind.mou", "양해각서(MOU)", "MOU"},
	{"akind.business_agreement", "업무협약", "Business agreement"},
	{"akind.investment_support", "투자유치 지원 협약", "Investment support"},
	{"akind.friendship", "우호 협약", "Friendship"},
	{"akind.sister_city", "자매도시", "Sister city"},
	{"akind.other", "기타", "Other"},

	{"astatus.planned", "추진 예정", "Planned"},
	{"astatus.signed", "체결", "Signed"},
	{"astatus.in_progress", "이행 중", "In progress"},
	{"astatus.completed", "완료", "Completed"},
	{"astatus.lapsed", "종료(미이행)", "Lapsed"},

	{"party.party", "당사자", "Party"},
	{"party.witness", "입회", "Witness"},
	{"party.supporter", "지원", "Supporter"},

	{"cost.airfare", "항공료", "Airfare"},
	{"cost.lodging", "숙박비", "Lodging"},
	{"cost.ground", "현지 교통비", "Ground transport"},
	{"cost.interpreting", "통역비", "Interpreting"},
	{"cost.other", "기타", "Other"},
};

/* The catalogue's entry for key, or NULL. */
static const struct label *lookup(const char *key)
{
	for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (!strcmp(labels[i].key, key))
			return &labels[i];
	return NULL;
}

const char *tripdoc_label(enum tripdoc_lang lang, const char *key)
{
	const struct label *l = lookup(key);
	return !l ? key : lang == TRIPDOC_EN ? l->en : l->ko;
}

const char *tripdoc_enum(enum tripdoc_lang lang, const char *group, const char *value)
{
	char key[64];
	const struct label *l = NULL;
	if (!value)
		return "";
	if ((size_t)snprintf(key, sizeof(key), "%s.%s", group, value) < sizeof(key))
		l = lookup(key);
	return !l ? value : lang == TRIPDOC_EN ? l->en : l->ko;
}

const char *tripdoc_name(enum tripdoc_lang lang, const json_t *obj, const char *key)
{
	char ko[32], en[32];
	snprintf(ko, sizeof(ko), "%s_ko", key);
	snprintf(en, sizeof(en), "%s_en", key);
	const char *k = json_string_value(json_object_get(obj, ko));
	const char *e = json_string_value(json_object_get(obj, en));
	const char *first = lang == TRIPDOC_EN ? e : k, *second = lang == TRIPDOC_EN ? k : e;
	return first && *first ? first : second ? second : "";
}
