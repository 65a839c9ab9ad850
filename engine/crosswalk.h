/*
 * engine/crosswalk.h - matching units across administrative sets: name
 * keys for Vietnamese unit names, official kinds, and the shares of a
 * unit split between several new units.  Pure computation: no I/O.
 */
#ifndef SG_ENGINE_CROSSWALK_H
#define SG_ENGINE_CROSSWALK_H

#include <stddef.h>
#include <stdint.h>

/*---- Names and kinds --------------------------------------------------*/

/*
 * The key two spellings of one unit's name share: folded (no diacritics,
 * đ -> d, lower case, punctuation -> space), the leading kind words
 * dropped ("Phường", "Xã", "Thị trấn", "Đặc khu", "Quận", "Huyện",
 * "Thị xã", "Thành phố", "Tỉnh") and numbers without leading zeros:
 * "Phường 01" and "phuong 1" -> "1"; "Tỉnh Bà Rịa - Vũng Tàu" and
 * "Bà Rịa-Vũng Tàu" -> "ba ria vung tau".  A name that is only kind
 * words keeps them.  Always NUL-terminates when outsz > 0; returns the
 * key's length.
 */
size_t sg_xw__name_key(const char *name, /* UTF-8 unit name */
		       char *out,	 /* OUT: the key */
		       size_t outsz);	 /* size of out */

/* The name key with its kind words kept: "Thị trấn Yên Viên" ->
 * "thi tran yen vien", apart from "Xã Yên Viên".  Same contract. */
size_t sg_xw__name_key_full(const char *name, char *out, size_t outsz);

/* The name as written, without its leading kind words: "Xã Phú Thạnh"
 * -> "Phú Thạnh", apart from "Phú Thành".  Same contract. */
size_t sg_xw__name_exact(const char *name, char *out, size_t outsz);

/*
 * The official kind (a unit_kinds code: "tinh", "tp_tw", "quan",
 * "huyen", "thi_xa", "tp_tinh", "xa", "phuong", "thi_tran", "dac_khu")
 * of a kind text in Vietnamese or English, with or without diacritics,
 * or of a code itself.  "Thành phố" alone is ambiguous: tier_hint
 * ("city" or "district") decides, "district" when NULL.  NULL when the
 * text names no official kind (e.g. the generic "ward").
 */
const char *sg_xw__kind_code(const char *text, const char *tier_hint);

/*
 * The official kind a unit's name begins with ("Phường Ba Đình" ->
 * "phuong", "Thành phố Hà Nội" with tier_hint "city" -> "tp_tw"), or
 * NULL.
 */
const char *sg_xw__kind_of_name(const char *name, const char *tier_hint);

/* The tier ("ward", "district", "city") of a kind code, or NULL. */
const char *sg_xw__kind_tier(const char *code);

/*---- Shares -----------------------------------------------------------*/

/* One old unit's overlap with one new unit. */
typedef struct {
	int64_t from, to; /* unit ids: old set, new set */
	double amount;	  /* overlap: area (any unit) or people */
	double share;	  /* OUT: part of `from` that goes to `to`, 0..1 */
	int kept;	  /* OUT: 0 for a sliver (dropped) */
	int split;	  /* OUT: `from` goes to more than one new unit */
} sg_xw_part;

/*
 * Share each old unit among the new units it overlaps: pairs whose
 * amount is below min_part of the old unit's total are slivers (edges
 * digitised differently) and dropped, unless it is the unit's only
 * pair; the rest share the old unit in proportion to their amounts, so
 * an old unit's kept shares sum to 1.  An old unit with a total of 0
 * (no area, no people) is shared equally.  parts may come in any order;
 * they are sorted by (from, to).  Returns the number of old units that
 * are split.
 */
size_t sg_xw__share(sg_xw_part *parts, /* IN/OUT: the overlaps */
		    size_t n,	       /* number of parts */
		    double min_part);  /* sliver threshold, e.g. 0.005 */

#endif /* SG_ENGINE_CROSSWALK_H */
