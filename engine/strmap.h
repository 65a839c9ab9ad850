/*
 * engine/strmap.h - a string -> int64 hash map (open addressing).
 *
 * Imports look up school and unit codes once per row; a map loaded once
 * replaces a SQL round trip per row.
 */
#ifndef SG_ENGINE_STRMAP_H
#define SG_ENGINE_STRMAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct sg_strmap sg_strmap;

/* NULL on out of memory. */
sg_strmap *sg_strmap__new(void);
void sg_strmap__free(sg_strmap *m);

/* Set key -> value (the key is copied).  Returns 0, or -1 on out of
 * memory. */
int sg_strmap__put(sg_strmap *m, const char *key, int64_t value);

/* 1 and *value when the key is present, else 0. */
int sg_strmap__get(const sg_strmap *m, const char *key, int64_t *value);

size_t sg_strmap__count(const sg_strmap *m);

#endif /* SG_ENGINE_STRMAP_H */
