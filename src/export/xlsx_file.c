/* xlsx_file.c - workbooks through a private temporary file. */
#include "xlsx_file.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int xlsx_open(struct xlsx_file *f, int large, char *err, size_t errlen)
{
	const char *dir = getenv("TMPDIR");
	f->wb = NULL;
	if (!dir || !*dir)
		dir = "/tmp";
	if ((size_t)snprintf(f->path, sizeof(f->path), "%s/roadshow-doc-XXXXXX.xlsx", dir) >=
	    sizeof(f->path)) {
		snprintf(err, errlen, "TMPDIR is too long");
		return -1;
	}
	int fd = mkstemps(f->path, 5); /* readable by this user only */
	if (fd < 0) {
		snprintf(err, errlen, "cannot make a temporary file in %s", dir);
		return -1;
	}
	close(fd);
	lxw_workbook_options opt = {.constant_memory = large ? LXW_TRUE : LXW_FALSE,
				    .tmpdir = (char *)dir};
	if (!(f->wb = workbook_new_opt(f->path, &opt))) {
		unlink(f->path);
		snprintf(err, errlen, "cannot start a workbook");
		return -1;
	}
	return 0;
}

static int read_file(const char *path, struct strbuf *out)
{
	FILE *f = fopen(path, "rb");
	char buf[65536];
	size_t n;
	if (!f)
		return -1;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(out, buf, n);
	int bad = ferror(f);
	fclose(f);
	return bad ? -1 : 0;
}

int xlsx_finish(struct xlsx_file *f, lxw_error failed, struct strbuf *out, char *err, size_t errlen)
{
	lxw_error closed = workbook_close(f->wb); /* frees the workbook, also after an error */
	lxw_error e = failed ? failed : closed;
	int rc = e ? -1 : read_file(f->path, out);
	unlink(f->path);
	f->wb = NULL;
	if (e)
		snprintf(err, errlen, "%s", lxw_strerror(e));
	else if (rc)
		snprintf(err, errlen, "cannot read the workbook back");
	return e || rc ? -1 : 0;
}
