/*
 * report/pdf.c - printing the report to PDF with headless Chromium.
 *
 * Chromium is an optional run-time dependency (Debian package chromium):
 * when it is missing the caller gets SG_ENOTFOUND and a message saying
 * how to install it.  The PDF is printed to a temporary file and renamed.
 */
/* realpath is XSI. */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "layers/layers.h"
#include "schoolgis/report.h"
#include "util/file.h"

extern char **environ;

/* The first of the names found on PATH, into out. */
static int find_program(const char *const *names, char *out, size_t n)
{
	const char *path = getenv("PATH");

	for (int i = 0; names[i]; i++) {
		const char *p = path ? path : "/usr/bin:/bin";

		while (*p) {
			size_t len = strcspn(p, ":");

			snprintf(out, n, "%.*s/%s", (int)len, p, names[i]);
			if (access(out, X_OK) == 0)
				return 1;
			p += len + (p[len] == ':');
		}
	}
	return 0;
}

int sg_report_pdf(sg_ctx *ctx, const char *html_path, const char *pdf_path)
{
	static const char *const names[] = { "chromium", "chromium-browser",
					     "google-chrome", NULL };
	char exe[PATH_MAX], url[PATH_MAX + 16], abs[PATH_MAX];
	char out[PATH_MAX + 32], profile[] = "/tmp/sgpdf-XXXXXX";
	char udd[PATH_MAX + 32];
	const char *tmp;
	sg_outset set;
	pid_t pid;
	int status = 0, rc = SG_OK;

	sg_error__clear(ctx);
	if (!find_program(names, exe, sizeof(exe)))
		return sg_error__set(ctx, SG_ENOTFOUND,
				     "report: the PDF needs Chromium, which is "
				     "not installed (apt-get install "
				     "chromium); the HTML report was written");
	if (!realpath(html_path, abs))
		return sg_error__set(ctx, SG_ENOTFOUND, "report: %s: %s",
				     html_path, strerror(errno));
	if (!mkdtemp(profile))
		return sg_error__set(ctx, SG_EIO, "report: mkdtemp: %s",
				     strerror(errno));
	/* Printed at a temporary sibling, renamed into place (util). */
	if ((rc = sg_outset__begin(ctx, &set, pdf_path, NULL)) != SG_OK) {
		sg_dir__remove(profile);
		return rc;
	}
	if (!(tmp = sg_outset__add(ctx, &set, pdf_path))) {
		sg_outset__free(&set);
		sg_dir__remove(profile);
		return SG_ENOMEM;
	}
	snprintf(url, sizeof(url), "file://%s", abs);
	snprintf(out, sizeof(out), "--print-to-pdf=%s", tmp);
	snprintf(udd, sizeof(udd), "--user-data-dir=%s", profile);
	{
		char *argv[] = { exe,
				 "--headless",
				 "--no-sandbox",
				 "--disable-gpu",
				 "--no-first-run",
				 "--disable-background-networking",
				 "--disable-component-update",
				 "--disable-sync",
				 "--no-pdf-header-footer",
				 udd,
				 out,
				 url,
				 NULL };
		posix_spawn_file_actions_t fa;

		posix_spawn_file_actions_init(&fa);
		/* Chromium's chatter is not ours to print. */
		posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY,
						 0);
		posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY,
						 0);
		if (posix_spawn(&pid, exe, &fa, NULL, argv, environ) != 0)
			rc = sg_error__set(ctx, SG_EIO,
					   "report: cannot run "
					   "%s",
					   exe);
		else if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
			 WEXITSTATUS(status) != 0 || access(tmp, F_OK) != 0)
			rc = sg_error__set(ctx, SG_EIO,
					   "report: Chromium "
					   "could not print %s to PDF",
					   html_path);
		posix_spawn_file_actions_destroy(&fa);
	}
	if (rc == SG_OK)
		rc = sg_outset__commit(ctx, &set, "report");
	sg_outset__free(&set);
	sg_dir__remove(profile); /* Chromium's temporary profile */
	return rc;
}
