/*
 * engine/strmap.c - open-addressing hash map from strings to int64,
 * FNV-1a hashed, linear probing, grown at 1/2 load.
 */
#include <stdlib.h>
#include <string.h>

#include "engine/strmap.h"

typedef struct {
	char *key;
	int64_t value;
} slot;

struct sg_strmap {
	slot *s;
	size_t cap, n;
};

static uint64_t hash(const char *k)
{
	uint64_t h = 1469598103934665603ull;

	for (; *k; k++)
		h = (h ^ (unsigned char)*k) * 1099511628211ull;
	return h;
}

sg_strmap *sg_strmap__new(void)
{
	sg_strmap *m = calloc(1, sizeof(*m));

	if (!m)
		return NULL;
	m->cap = 64;
	m->s = calloc(m->cap, sizeof(*m->s));
	if (!m->s) {
		free(m);
		return NULL;
	}
	return m;
}

void sg_strmap__free(sg_strmap *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->cap; i++)
		free(m->s[i].key);
	free(m->s);
	free(m);
}

static slot *find(slot *s, size_t cap, const char *key)
{
	size_t i = hash(key) & (cap - 1);

	while (s[i].key && strcmp(s[i].key, key) != 0)
		i = (i + 1) & (cap - 1);
	return &s[i];
}

static int grow(sg_strmap *m)
{
	size_t cap = m->cap * 2;
	slot *s = calloc(cap, sizeof(*s));

	if (!s)
		return -1;
	for (size_t i = 0; i < m->cap; i++)
		if (m->s[i].key)
			*find(s, cap, m->s[i].key) = m->s[i];
	free(m->s);
	m->s = s;
	m->cap = cap;
	return 0;
}

int sg_strmap__put(sg_strmap *m, const char *key, int64_t value)
{
	slot *e;

	if (2 * (m->n + 1) > m->cap && grow(m) != 0)
		return -1;
	e = find(m->s, m->cap, key);
	if (!e->key) {
		e->key = strdup(key);
		if (!e->key)
			return -1;
		m->n++;
	}
	e->value = value;
	return 0;
}

int sg_strmap__get(const sg_strmap *m, const char *key, int64_t *value)
{
	const slot *e = find(m->s, m->cap, key);

	if (!e->key)
		return 0;
	*value = e->value;
	return 1;
}

size_t sg_strmap__count(const sg_strmap *m)
{
	return m->n;
}
