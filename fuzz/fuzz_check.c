/* fuzz_check.c - libFuzzer target: date, instant, country, currency, email and zone-name checks. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), out[21];
	memcpy(s, data, size);
	s[size] = '\0';
	if (check_instant(s, out) == CHECK_OK && (strlen(out) != 20 || out[19] != 'Z'))
		abort(); /* a valid instant always comes back as YYYY-MM-DDTHH:MM:SSZ */
	if (check_instant(s, out) == CHECK_OK && check_instant(out, out) != CHECK_OK)
		abort(); /* and that form is itself valid */
	check_date(s);
	check_country(s);
	check_currency(s);
	check_email(s);
	check_tz_shape(s);
	check_text(s, size, 10, (int)(size & 1));
	free(s);
	return 0;
}
