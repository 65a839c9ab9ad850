/*
 * util/ini.c - the out-of-memory error, reading config files and the one
 * INI syntax (see util/file.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/file.h"

/*---- Reading ------------------------------------------------------------*/

int sg_file__read_config(sg_ctx *ctx, const char *what, const char *path,
			 size_t max, char **out)
{
	struct stat st;
	sg_sb b = { 0 };
	char chunk[8192];
	int fd, line = 1;
	ssize_t n;
	const char *nul;

	*out = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return sg_error__set(ctx,
				     errno == ENOENT ? SG_ENOTFOUND : SG_EIO,
				     "%s: %s: %s", what, path, strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		int dir = S_ISDIR(st.st_mode);

		close(fd);
		return sg_error__set(ctx, SG_EINVALID, "%s: %s: %s", what, path,
				     dir ? "is a directory, not a file"
					 : "not a regular file");
	}
	while ((n = read(fd, chunk, sizeof(chunk))) > 0) {
		sg_sb__putn(&b, chunk, (size_t)n);
		if (b.len > max) {
			close(fd);
			sg_sb__free(&b);
			return sg_error__set(ctx, SG_EINVALID,
					     "%s: %s: larger "
					     "than %zu bytes: not a config "
					     "file",
					     what, path, max);
		}
	}
	close(fd);
	if (n < 0 || b.oom) {
		int e = n < 0 ? errno : ENOMEM;

		sg_sb__free(&b);
		return e == ENOMEM ? sg_error__oom(ctx, what)
				   : sg_error__set(ctx, SG_EIO,
						   "%s: cannot read %s: %s",
						   what, path, strerror(e));
	}
	if (!b.s)
		sg_sb__puts(&b, "");
	if (b.oom)
		return sg_error__oom(ctx, what);
	nul = memchr(b.s, '\0', b.len);
	if (nul) {
		for (const char *p = b.s; p < nul; p++)
			line += *p == '\n';
		sg_sb__free(&b);
		return sg_error__set(ctx, SG_EINVALID,
				     "%s: %s:%d: a NUL byte: "
				     "not a text file",
				     what, path, line);
	}
	if (b.len >= 3 && memcmp(b.s, "\xef\xbb\xbf", 3) == 0) {
		memmove(b.s, b.s + 3, b.len - 2);
		b.len -= 3;
	}
	*out = sg_sb__take(&b);
	return *out ? SG_OK : sg_error__oom(ctx, what);
}

/*---- INI ----------------------------------------------------------------*/

static int blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static char *trim(char *s)
{
	char *e;

	while (blank(*s))
		s++;
	e = s + strlen(s);
	while (e > s && blank(e[-1]))
		*--e = '\0';
	return s;
}

/* Cut a trailing comment from s (a value, or what follows ']'): from a
 * ';' at its start or after a blank, or a '#' after a blank. */
static void cut_comment(char *s)
{
	for (char *p = s; *p; p++)
		if ((*p == ';' && (p == s || blank(p[-1]))) ||
		    (*p == '#' && p > s && blank(p[-1]))) {
			*p = '\0';
			return;
		}
}

typedef struct {
	char *name; /* "section\nkey" */
	int line;
} seen_key;

int sg_ini__parse(sg_ctx *ctx, const char *what, const char *file,
		  const char *text, unsigned flags, sg_ini_fn fn, void *payload)
{
	seen_key *seen = NULL;
	size_t nseen = 0, capseen = 0;
	char *section = strdup(""), *line = NULL;
	int lineno = 0, rc = SG_OK;

	if (!section)
		return sg_error__oom(ctx, what);
	while (rc == SG_OK && *text) {
		size_t n = strcspn(text, "\n");
		char *l, *eq, *key, *val;
		sg_ini_item it;
		sg_sb name = { 0 };

		free(line);
		line = strndup(text, n);
		text += n + (text[n] == '\n');
		lineno++;
		if (!line) {
			rc = sg_error__oom(ctx, what);
			break;
		}
		l = trim(line);
		if (!*l || *l == ';' || *l == '#')
			continue;
		if (*l == '[') {
			char *e = strchr(l, ']');

			if (!(flags & SG_INI_SECTIONS)) {
				rc = sg_error__set(ctx, SG_EINVALID,
						   "%s: %s:%d:"
						   " no [sections] in this "
						   "file",
						   what, file, lineno);
				break;
			}
			if (!e) {
				rc = sg_error__set(ctx, SG_EINVALID,
						   "%s: %s:%d:"
						   " expected '[section]'",
						   what, file, lineno);
				break;
			}
			cut_comment(e + 1);
			if (*trim(e + 1)) {
				rc = sg_error__set(ctx, SG_EINVALID,
						   "%s: %s:%d:"
						   " text after ']'",
						   what, file, lineno);
				break;
			}
			*e = '\0';
			free(section);
			section = strdup(trim(l + 1));
			if (!section) {
				rc = sg_error__oom(ctx, what);
				break;
			}
			/* The section alone: key and value NULL. */
			it.file = file;
			it.line = lineno;
			it.section = section;
			it.key = it.value = NULL;
			rc = fn(ctx, &it, payload);
			continue;
		}
		eq = strchr(l, '=');
		if (!eq) {
			rc = sg_error__set(ctx, SG_EINVALID,
					   "%s: %s:%d: "
					   "expected 'key = value'",
					   what, file, lineno);
			break;
		}
		*eq = '\0';
		key = trim(l);
		val = trim(eq + 1);
		cut_comment(val);
		val = trim(val);
		if (!*key) {
			rc = sg_error__set(ctx, SG_EINVALID,
					   "%s: %s:%d: no key "
					   "before '='",
					   what, file, lineno);
			break;
		}
		sg_sb__printf(&name, "%s\n%s", section, key);
		if (name.oom ||
		    sg_grow(&seen, &capseen, nseen + 1, sizeof(*seen)) != 0) {
			sg_sb__free(&name);
			rc = sg_error__oom(ctx, what);
			break;
		}
		for (size_t i = 0; i < nseen; i++)
			if (strcmp(seen[i].name, name.s) == 0) {
				rc = sg_error__set(ctx, SG_EINVALID,
						   "%s: %s:%d:"
						   " '%s%s%s' given twice (also"
						   " on line %d)",
						   what, file, lineno, section,
						   *section ? "." : "", key,
						   seen[i].line);
				break;
			}
		if (rc != SG_OK) {
			sg_sb__free(&name);
			break;
		}
		seen[nseen].name = sg_sb__take(&name);
		seen[nseen++].line = lineno;
		it.file = file;
		it.line = lineno;
		it.section = section;
		it.key = key;
		it.value = val;
		rc = fn(ctx, &it, payload);
	}
	for (size_t i = 0; i < nseen; i++)
		free(seen[i].name);
	free(seen);
	free(section);
	free(line);
	return rc;
}
