/*
 * util/file.h - the library's half of util/: the out-of-memory error,
 * config files (read whole, one INI syntax), atomic file writes and sets
 * of files replaced as a whole.  Errors go to the context.
 */
#ifndef SG_UTIL_FILE_H
#define SG_UTIL_FILE_H

#include <stddef.h>

#include "engine/context.h"
#include "util/util.h"

/* The one out-of-memory error: "WHAT: out of memory", SG_ENOMEM. */

/*---- Config files -------------------------------------------------------*/

/*
 * Read a config file whole into *out (NUL-terminated, caller frees).
 * Refused, naming the file: a directory or anything but a regular file
 * (SG_EINVALID), a file over `max` bytes (SG_EINVALID), a NUL byte
 * (SG_EINVALID, naming its line).  A leading UTF-8 byte order mark is
 * dropped.  SG_ENOTFOUND when it does not exist, SG_EIO otherwise.
 */
int sg_file__read_config(sg_ctx *ctx, const char *what, const char *path,
			 size_t max, char **out);

/*
 * One INI syntax for the standards, style and mapping files:
 *   [section]           (where the caller allows sections)
 *   key = value         (blanks around key and value dropped)
 *   ; comment, # comment: a line whose first non-blank character is ';'
 *   or '#'; after '=' or ']', the rest of the line from a ';' (at the
 *   value's start or after a blank) or a '#' after a blank ("primary =
 *   0.5 ; pupils", "breaks = ; none").  A value may itself begin with
 *   '#', as a colour "#ff0000" does.
 * A key given twice in one section is an error naming both lines.
 */
typedef struct {
	const char *file;    /* as given to the parser, for messages */
	int line;	     /* 1-based */
	const char *section; /* "" before any [section] */
	const char *key;
	const char *value;
} sg_ini_item;

/* Called per key, and per [section] line with key and value NULL;
 * return SG_OK to go on, or an error code (the callback
 * sets the context's message) to stop. */
typedef int (*sg_ini_fn)(sg_ctx *ctx, const sg_ini_item *it, void *payload);

#define SG_INI_SECTIONS 1 /* [section] lines allowed */

/*
 * Parse text (from sg_file__read_config) line by line.  Syntax errors
 * are SG_EINVALID with "WHAT: FILE:LINE: ..." messages.
 */
int sg_ini__parse(sg_ctx *ctx, const char *what, const char *file,
		  const char *text, unsigned flags, sg_ini_fn fn,
		  void *payload);

/*---- Atomic writes ------------------------------------------------------*/

/*
 * The temporary sibling of path for this process: DIR/NAME.tmp-PID.EXT,
 * the extension kept last (GDAL picks a format by it); without an
 * extension DIR/NAME.tmp-PID.  Caller frees; NULL when out of memory.
 */
char *sg_file__temp_name(const char *path);

/*
 * Write len bytes to path atomically: a temporary sibling (above),
 * flushed to disk, renamed over path.  A failure leaves path as it was.
 * Errors: SG_EIO "WHAT: cannot write PATH: reason".
 */
int sg_file__write_atomic(sg_ctx *ctx, const char *path, const void *data,
			  size_t len, const char *what);

/*
 * A set of files that replace their targets as a whole (a report and its
 * CSV annexes; tiles.mbtiles with its .tilejson and .legend.json), or one
 * file that another writer fills (GDAL, SQLite, Chromium).  Each file is
 * written to its temporary name (sg_file__temp_name); commit flushes them,
 * writes a journal DIR/STEM.commit-PID naming the renames, renames them
 * all and removes the journal (one file needs no journal: one rename).
 * A run killed during the renames leaves the journal: the next run's
 * sg_outset__recover finishes them, so readers see either every old
 * file or every new one.  All files live in one directory.
 */
typedef struct {
	char *tmp;  /* temporary path (NULL once renamed) */
	char *dest; /* final path */
} sg_outset_file;

typedef struct {
	char *dir;  /* directory of the files */
	char *stem; /* the journal's name stem */
	sg_outset_file *f;
	size_t n, cap;
	int keep; /* renames half done: the temporaries stay for the
		     journal (the next run finishes them) */
} sg_outset;

/* Start a set in dir (NULL: "."), journal stem `stem`. */
int sg_outset__init(sg_ctx *ctx, sg_outset *s, const char *dir,
		    const char *stem);
/* The usual start: the set of files beside `path`, its stem path's name
 * without `ext` (".html", ".mbtiles"; NULL: its last extension, if any);
 * what killed runs of that stem left is cleaned up first
 * (sg_outset__recover). */
int sg_outset__begin(sg_ctx *ctx, sg_outset *s, const char *path,
		     const char *ext);
/* Add dest (in the set's directory); returns its temporary path to write
 * to (owned by the set), or NULL with SG_ENOMEM set. */
const char *sg_outset__add(sg_ctx *ctx, sg_outset *s, const char *dest);
/* Add dest with the given bytes as its content (written now, renamed at
 * commit).  SG_EIO "WHAT: cannot write ...". */
int sg_outset__write(sg_ctx *ctx, sg_outset *s, const char *dest,
		     const void *data, size_t len, const char *what);
/* Flush, journal and rename every file (SG_EIO on failure).  A failure
 * before the first rename leaves every target as it was (free removes
 * the temporaries); one after it leaves the journal and the temporaries
 * not yet renamed, and the next run's recovery finishes the set. */
int sg_outset__commit(sg_ctx *ctx, sg_outset *s, const char *what);
/* Remove the temporaries (if not committed) and free the set. */
void sg_outset__free(sg_outset *s);

/*
 * What killed runs left in dir (NULL: "."): finish the renames of their
 * journals STEM.commit-PID, then remove temporaries NAME.tmp-PID (and
 * NAME.tmp-PID.EXT) whose name starts with `stem` and whose process is
 * gone.  Returns the number of files removed or renamed.
 */
int sg_outset__recover(const char *dir, const char *stem);

/*---- Output directories -------------------------------------------------*/

/*
 * A directory replaced as a whole (an XYZ tile pyramid, an admission
 * run's output): the new one is written in PATH.tmp-PID; commit makes it
 * PATH in one step - with an earlier PATH, renameat2(RENAME_EXCHANGE)
 * swaps the two (where kernel and file system have it; else the old one
 * is first renamed PATH.old-PID, a moment without PATH) - and free then
 * removes the earlier output.  At any moment PATH is the old output or
 * the new one, whole.
 */
typedef struct {
	char *path;	  /* the output directory (no trailing '/') */
	char *tmp;	  /* PATH.tmp-PID */
	char *old;	  /* PATH.old-PID */
	const char *gone; /* after commit: where the earlier output is */
	int made, committed;
} sg_dirswap;

/*
 * Start: what killed runs left beside path is recovered first
 * (sg_dirswap__recover; the count in *recovered when not NULL), then
 * PATH.tmp-PID is created empty.  SG_EIO "WHAT: cannot create ...".
 */
int sg_dirswap__begin(sg_ctx *ctx, sg_dirswap *d, const char *path,
		      const char *what, int *recovered);
/* Make the temporary PATH (above).  On failure PATH is as it was and
 * the error is SG_EIO "WHAT: cannot replace PATH: reason". */
int sg_dirswap__commit(sg_ctx *ctx, sg_dirswap *d, const char *what);
/* Remove what is left - the temporary of an uncommitted swap, the
 * earlier output of a committed one - and free. */
void sg_dirswap__free(sg_dirswap *d);

/*
 * What killed runs left beside path: PATH.tmp-PID and PATH.old-PID of
 * processes that are gone are removed, except an old output whose run
 * was killed between its two renames (PATH missing), which is renamed
 * back to PATH.  Returns how many were removed or renamed.
 */
int sg_dirswap__recover(const char *path);

/* Create path and its missing parents; 0 or -1 (errno). */
int sg_dir__make(const char *path);
/* Remove path, a file or a whole tree (symbolic links not followed);
 * 0 when gone (or never there), -1 otherwise. */
int sg_dir__remove(const char *path);

#endif /* SG_UTIL_FILE_H */
