/*
 * layers/reasons.c - the import reasons' table (layers/reasons.h) and
 * how a stored reason becomes a sentence again.
 *
 * The Vietnamese sentences live here, not in po/vi.po: the report writes
 * them in its own language whatever the messages' language is, and the
 * rejects CSV and `validate` use the same table for theirs.
 */
#include <json-c/json.h>
#include <stddef.h>
#include <stdint.h>
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/context.h"
#include "layers/reasons.h"
#include "util/util.h"

static const sg_reason reasons[] = {
	{ SG_R_NOT_WHOLE, "không phải số nguyên" },
	{ SG_R_NEGATIVE_COUNT, "số đếm âm" },
	{ SG_R_NOT_BOOL,
	  "không phải giá trị có/không (cần Có/Không, yes/no, 1/0)" },
	{ SG_R_NOT_NUMBER, "không phải số" },
	{ SG_R_NEGATIVE_VALUE, "giá trị âm" },
	{ SG_R_COORD_MISSING, "thiếu tọa độ" },
	{ SG_R_COORD_NOT_NUMBER, "tọa độ không phải số" },
	{ SG_R_GEOMETRY_MISSING, "thiếu hình học" },
	{ SG_R_NOT_POINT, "không phải điểm" },
	{ SG_R_COORD_ZERO,
	  "tọa độ 0, 0 không phải vị trí (ô trống bị lưu thành 0?)" },
	{ SG_R_LONLAT_SWAPPED,
	  "kinh độ/vĩ độ ngoài khoảng cho phép (hai cột bị đảo?)" },
	{ SG_R_LONLAT_RANGE, "kinh độ/vĩ độ ngoài khoảng cho phép" },
	{ SG_R_COORD_TRANSFORM,
	  "không chuyển được sang EPSG:4326 (nằm ngoài phạm vi của hệ "
	  "tọa độ?)" },
	{ SG_R_ROW_TOTALS, "dòng tổng cộng" },
	{ SG_R_ROW_FOOTER, "bên dưới bảng (chữ ký, ngày tháng hoặc ghi chú)" },
	{ SG_R_ROW_NO_DATA, "không có dữ liệu trong các cột của bảng" },
	{ SG_R_ROW_BLANK, "dòng trống" },
	{ SG_R_CODE_ZEROS, "được đọc là %s (bảng tính đã bỏ các số 0 ở đầu)" },
	{ SG_R_ROWS_ABOVE_HEADER,
	  "các dòng 1-%lld phía trên dòng tiêu đề (tiêu đề bảng) không "
	  "được đọc" },
	{ SG_R_ENCODING_GUESSED,
	  "được đọc là văn bản %s (nhận biết từ các chữ cái; hãy nêu "
	  "bảng mã khác để đọc theo bảng mã đó)" },
	{ SG_R_XY_SWAPPED,
	  "X/Y được đọc là tọa độ bắc/đông: theo thứ tự ghi không điểm "
	  "nào nằm trong vùng nghiên cứu, đảo lại thì %d trên %d điểm "
	  "nằm trong" },
	{ SG_R_SHEET_SKIPPED, "trang tính không được nhập: %s" },
	{ SG_R_WARD_UNKNOWN, "mã xã khai báo không có trong kho" },
	{ SG_R_HOME_OUTSIDE,
	  "nơi ở nằm ngoài vùng nghiên cứu (ngoài mọi đơn vị; vẫn giữ)" },
	{ SG_R_HOME_ELSEWHERE,
	  "nơi ở nằm ngoài xã đã khai báo (một dấu hiệu thường gặp của "
	  "địa chỉ khai sai)" },
	{ SG_R_UNIT_UNKNOWN, "mã đơn vị không có trong kho" },
	{ SG_R_POINT_OUTSIDE,
	  "điểm nằm ngoài mọi đơn vị của vùng nghiên cứu (vẫn giữ)" },
	{ SG_R_POINT_ELSEWHERE,
	  "điểm nằm trong một xã khác với xã đã khai báo" },
	{ SG_R_CHOICE_GAP,
	  "nguyện vọng %d để trống nhưng có nguyện vọng %d (nguyện vọng "
	  "xếp theo thứ tự: điền lần lượt)" },
	{ SG_R_CHOICE_REPEAT,
	  "nguyện vọng %d trùng nguyện vọng %d (trường %s)" },
	{ SG_R_CHOICE_UNKNOWN,
	  "nguyện vọng %d: không có trường '%s' (hãy nhập danh sách "
	  "trường trước)" },
	{ SG_R_CHOICE_GRADE, "nguyện vọng %d: trường '%s' không dạy lớp %ld" },
	{ SG_R_AGE_UNUSUAL,
	  "tuổi %d vào năm %.4s là bất thường đối với lớp %ld (thường "
	  "khoảng %d)" },
	{ SG_R_APPLICANT_SAME,
	  "hồ sơ trùng: cùng họ tên, ngày sinh và nơi ở với dòng %lld "
	  "(mã %s)" },
	{ SG_R_APPLICANT_CODE_MISSING, "thiếu mã hồ sơ" },
	{ SG_R_GRADE_MISSING, "thiếu lớp" },
	{ SG_R_GRADE_INVALID, "không phải lớp (cần 1, 6 hoặc 10)" },
	{ SG_R_GRADE_NOT_ENTRY, "lớp đầu cấp phải là 1, 6 hoặc 10" },
	{ SG_R_APPLICANT_YEAR_INVALID, "không phải năm học dạng 2024-2025" },
	{ SG_R_YEAR_MISSING, "thiếu năm học" },
	{ SG_R_BIRTH_INVALID, "không phải ngày (dd/mm/yyyy hoặc yyyy-mm-dd)" },
	{ SG_R_PRIORITY_RANGE,
	  "nhóm ưu tiên phải là 1, 2 hoặc 3 (để trống hoặc 0: không có)" },
	{ SG_R_PRIORITY_INVALID,
	  "không phải nhóm ưu tiên (1, 2 hoặc 3, UT1, Ưu tiên 1, Nhóm "
	  "1, Diện 1 ...; hãy thêm nhãn này vào [priority_labels] của "
	  "tệp chuẩn)" },
	{ SG_R_SCORE_RANGE,
	  "điểm xét tuyển ngoài khoảng (%g đến %g; admission.score_min "
	  "và score_max của tệp chuẩn)" },
	{ SG_R_SCORE_MISSING, "lớp 10 cần điểm xét tuyển" },
	{ SG_R_CHOICE_NONE, "lớp 10 cần ít nhất một nguyện vọng (NV1)" },
	{ SG_R_APPLICANT_DUPLICATE,
	  "mã hồ sơ trùng của %s (lần đầu ở dòng %lld)" },
	{ SG_R_POP_UNIT_OUTSIDE,
	  "đơn vị không có trong kho (ngoài vùng nghiên cứu?): dòng "
	  "không được đọc" },
	{ SG_R_POP_UNIT_UNKNOWN,
	  "mã đơn vị không khớp với đơn vị nào trong kho (hãy nhập đơn "
	  "vị trước)" },
	{ SG_R_UNIT_CODE_MISSING, "thiếu mã đơn vị" },
	{ SG_R_CENSUS_YEAR_INVALID, "không phải năm dạng 2019" },
	{ SG_R_AGE_BAND_HALF, "nhóm tuổi cần cả hai tuổi" },
	{ SG_R_AGE_BAND_REVERSED, "nhóm tuổi kết thúc trước khi bắt đầu" },
	{ SG_R_COUNT_MISSING, "thiếu số lượng" },
	{ SG_R_POP_DUPLICATE,
	  "trùng đơn vị, năm và nhóm tuổi (lần đầu ở dòng %lld)" },
	{ SG_R_STUDENTS_FEWER,
	  "số học sinh ít hơn tổng số học sinh các cấp (%lld)" },
	{ SG_R_TEACHERS_IT_MORE,
	  "số giáo viên đạt chuẩn tin học nhiều hơn số giáo viên (%lld)" },
	{ SG_R_SCHOOL_CODE_MISSING, "thiếu mã trường" },
	{ SG_R_LEVEL_UNKNOWN, "tên cấp học không rõ" },
	{ SG_R_LEVEL_MISSING, "thiếu cấp học" },
	{ SG_R_SCHOOL_YEAR_INVALID, "không phải năm học dạng 2016-2017" },
	{ SG_R_SCHOOL_DUPLICATE,
	  "mã trường trùng của %s (lần đầu ở dòng %lld)" },
	{ SG_R_UNIT_RANGE_TRANSFORMED,
	  "đơn vị %s: đỉnh nằm ngoài khoảng kinh độ (-180 đến 180) và "
	  "vĩ độ (-90 đến 90) sau khi chuyển sang EPSG:4326 (tọa độ vô "
	  "lý hoặc sai hệ tọa độ)" },
	{ SG_R_UNIT_RANGE_DEGREES,
	  "đơn vị %s: đỉnh nằm ngoài khoảng kinh độ (-180 đến 180) và "
	  "vĩ độ (-90 đến 90) (được đọc là độ: tọa độ phẳng tính bằng "
	  "mét cần nêu hệ tọa độ, ví dụ một múi UTM hoặc VN-2000)" },
	{ SG_R_NOT_POLYGON, "không phải đa giác" },
	{ SG_R_UNIT_GEOMETRY_UNREADABLE,
	  "đơn vị %s: không đọc hoặc chuyển đổi được hình học" },
	{ SG_R_POLYGON_REPAIRED,
	  "đa giác không hợp lệ đã được GEOS sửa thành hợp lệ" },
	{ SG_R_POLYGON_INVALID, "đa giác không hợp lệ và không sửa được" },
	{ SG_R_POLYGON_EMPTY, "đa giác rỗng" },
	{ SG_R_SET_NO_DATE,
	  "không có ngày: cột này nêu bộ đơn vị hành chính của đơn vị "
	  "(hoặc hãy nêu bộ)" },
	{ SG_R_SET_INVALID,
	  "không phải ngày (YYYY-MM-DD hoặc DD/MM/YYYY) cũng không phải "
	  "bộ đơn vị hành chính trong kho" },
	{ SG_R_UNIT_OWN_PARENT,
	  "một đơn vị không thể là cấp trên của chính nó" },
	{ SG_R_UNIT_KIND_UNKNOWN, "loại đơn vị không rõ (cần ward/xã/phường, "
				  "district/huyện/quận hoặc city/tỉnh)" },
	{ SG_R_UNIT_POP_INVALID, "không phải số dân" },
	{ SG_R_UNIT_DUPLICATE, "mã đơn vị trùng (lần đầu ở dòng %lld)" },
	{ SG_R_PARENT_MISSING, "mã đơn vị cấp trên không có trong kho" },
};

const sg_reason *sg_reason__find(const char *code)
{
	if (!code)
		return NULL;
	for (size_t i = 0; i < sizeof(reasons) / sizeof(*reasons); i++)
		if (strcmp(reasons[i].code, code) == 0)
			return &reasons[i];
	return NULL;
}

const sg_reason *sg_reason__at(size_t i)
{
	return i < sizeof(reasons) / sizeof(*reasons) ? &reasons[i] : NULL;
}

/* One conversion of a format: its text ("%-5.2lld") and what it takes. */
typedef struct {
	char spec[32];
	size_t len;	/* of the conversion in the format */
	int star_width; /* takes an int width first */
	int star_prec;	/* takes an int precision first */
	char length[3]; /* "", "h", "hh", "l", "ll", "z", "j", "t", "L" */
	char conv;	/* d i u o x X c s f F e E g G a A p, or '%' */
} conv_spec;

/* Parse the conversion at fmt ('%'); 0, or -1 when it is not one. */
static int parse_spec(const char *fmt, conv_spec *c)
{
	const char *p = fmt + 1;
	size_t l = 0;

	memset(c, 0, sizeof(*c));
	while (*p && strchr("-+ #0'", *p))
		p++;
	if (*p == '*') {
		c->star_width = 1;
		p++;
	}
	while (*p >= '0' && *p <= '9')
		p++;
	if (*p == '.') {
		p++;
		if (*p == '*') {
			c->star_prec = 1;
			p++;
		}
		while (*p >= '0' && *p <= '9')
			p++;
	}
	while (*p && strchr("hlzjtL", *p) && l < 2)
		c->length[l++] = *p++;
	if (!*p || !strchr("diuoxXcsfFeEgGaAp%", *p))
		return -1;
	c->conv = *p++;
	c->len = (size_t)(p - fmt);
	if (c->len >= sizeof(c->spec))
		return -1;
	memcpy(c->spec, fmt, c->len);
	c->spec[c->len] = '\0';
	return 0;
}

void sg_reason__collect(const char *fmt, va_list ap, sg_reason_args *a)
{
	va_list aq;

	a->n = 0;
	va_copy(aq, ap);
	for (const char *p = fmt; (p = strchr(p, '%'));) {
		conv_spec c;
		int w = 0, pr = 0;
		char *v;
		size_t vn;

		if (parse_spec(p, &c) != 0)
			break;
		p += c.len;
		if (c.conv == '%')
			continue;
		if (c.star_width)
			w = va_arg(aq, int);
		if (c.star_prec)
			pr = va_arg(aq, int);
		v = a->n < SG_REASON_ARGS_MAX ? a->v[a->n] : NULL;
		vn = v ? sizeof(a->v[0]) : 0;
#define FILL(T)                                                                \
	do {                                                                   \
		T x_ = va_arg(aq, T);                                          \
		if (!v)                                                        \
			break;                                                 \
		if (c.star_width && c.star_prec)                               \
			snprintf(v, vn, c.spec, w, pr, x_);                    \
		else if (c.star_width || c.star_prec)                          \
			snprintf(v, vn, c.spec, c.star_width ? w : pr, x_);    \
		else                                                           \
			snprintf(v, vn, c.spec, x_);                           \
	} while (0)
		/* The format was checked against the values by the
		 * compiler (sg_import__issue): the spec read back here is
		 * the one it checked. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
		switch (c.conv) {
		case 's': FILL(const char *); break;
		case 'p': FILL(void *); break;
		case 'f':
		case 'F':
		case 'e':
		case 'E':
		case 'g':
		case 'G':
		case 'a':
		case 'A':
			if (c.length[0] == 'L')
				FILL(long double);
			else
				FILL(double);
			break;
		default: /* integers, and c (an int) */
			if (!strcmp(c.length, "ll"))
				FILL(long long);
			else if (!strcmp(c.length, "l"))
				FILL(long);
			else if (!strcmp(c.length, "z"))
				FILL(size_t);
			else if (!strcmp(c.length, "j"))
				FILL(intmax_t);
			else if (!strcmp(c.length, "t"))
				FILL(ptrdiff_t);
			else
				FILL(int);
			break;
		}
#pragma GCC diagnostic pop
#undef FILL
		if (v)
			a->n++;
	}
	va_end(aq);
}

char *sg_reason__args_json(const sg_reason_args *a)
{
	sg_sb b = { 0 };

	sg_sb__putc(&b, '[');
	for (int i = 0; i < a->n; i++) {
		if (i)
			sg_sb__puts(&b, ", ");
		sg_sb__json_str(&b, a->v[i]);
	}
	sg_sb__putc(&b, ']');
	if (b.oom) {
		sg_sb__free(&b);
		return NULL;
	}
	return sg_sb__take(&b);
}

int sg_reason__args_parse(const char *json, sg_reason_args *a)
{
	json_object *o;
	size_t n;
	int rc = 0;

	a->n = 0;
	if (!json || !*json)
		return 0;
	o = json_tokener_parse(json);
	if (!o || !json_object_is_type(o, json_type_array)) {
		json_object_put(o);
		return -1;
	}
	n = json_object_array_length(o);
	for (size_t i = 0; i < n && a->n < SG_REASON_ARGS_MAX; i++) {
		json_object *v = json_object_array_get_idx(o, i);

		if (!json_object_is_type(v, json_type_string)) {
			rc = -1;
			break;
		}
		snprintf(a->v[a->n++], sizeof(a->v[0]), "%s",
			 json_object_get_string(v));
	}
	json_object_put(o);
	return rc;
}

int sg_reason__fill(const char *fmt, const sg_reason_args *a, int vi, char *out,
		    size_t n)
{
	sg_sb b = { 0 };
	int k = 0, rc = 0;
	const char *p = fmt, *q;

	sg_sb__fixed(&b, out, n);
	while ((q = strchr(p, '%'))) {
		conv_spec c;

		sg_sb__putn(&b, p, (size_t)(q - p));
		if (parse_spec(q, &c) != 0) {
			sg_sb__putc(&b, '%');
			p = q + 1;
			continue;
		}
		p = q + c.len;
		if (c.conv == '%') {
			sg_sb__putc(&b, '%');
			continue;
		}
		if (k >= a->n) {
			rc = -1;
			break;
		}
		if (vi && strchr("fFeEgGaA", c.conv)) {
			for (const char *s = a->v[k]; *s; s++)
				sg_sb__putc(&b, *s == '.' ? ',' : *s);
		} else {
			sg_sb__puts(&b, a->v[k]);
		}
		k++;
	}
	if (rc == 0)
		sg_sb__puts(&b, p);
	sg_sb__str(&b);
	return rc;
}

const char *sg_reason__text(const char *code, const char *args, int vi,
			    const char *fallback, char *out, size_t n)
{
	const sg_reason *r = sg_reason__find(code);
	sg_reason_args a;

	if (!r || sg_reason__args_parse(args, &a) != 0 ||
	    sg_reason__fill(vi ? r->vi : r->en, &a, vi, out, n) != 0)
		return fallback ? fallback : "";
	return out;
}

int sg_reason__msg_vi(void)
{
	/* The header entry of the catalogue in use ("" when none): the
	 * empty msgid, held in a variable for xgettext. */
	static const char header[] = "";
	const char *h = dgettext(SG_TEXTDOMAIN, header);

	return h && strstr(h, "Language: vi") != NULL;
}
