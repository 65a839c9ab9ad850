/*
 * report/strings.c - the report's texts, Vietnamese first, English
 * second.  Keep them whole sentences: translators see each one alone.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report/strings.h"

static const char *const texts[SR__COUNT][2] = {
	[SR_TITLE_DISTRICT] = { "Báo cáo mạng lưới trường học %s, năm học %s",
				"School network report: %s, school year %s" },
	[SR_TITLE_CITY] = { "Báo cáo so sánh các quận, huyện: %s, năm học %s",
			    "Comparison of the districts: %s, school year %s" },
	[SR_SUBTITLE] = { "Mã đơn vị %s. Lập ngày %s bằng schoolgis.",
			  "Unit code %s. Made on %s with schoolgis." },
	[SR_STANDARDS] = { "Chuẩn và chỉ tiêu áp dụng",
			   "Standards and targets applied" },
	[SR_STANDARDS_SOURCE] = { "Nguồn: %s.", "Source: %s." },
	[SR_KEY_FIGURES] = { "Số liệu chính", "Key figures" },
	[SR_FIGURE] = { "Chỉ tiêu", "Figure" },
	[SR_VALUE] = { "Giá trị", "Value" },
	[SR_K_SCHOOLS] = { "Số trường", "Schools" },
	[SR_K_STUDENTS] = { "Số học sinh", "Students" },
	[SR_K_TEACHING] = { "Máy tính phục vụ dạy học",
			    "Computers for teaching" },
	[SR_K_MANAGEMENT] = { "Máy tính phục vụ quản lý",
			      "Computers for management" },
	[SR_K_RATIO] = { "Số học sinh trên một máy tính dạy học",
			 "Students per teaching computer" },
	[SR_K_COMPLIANT] = { "Tỷ lệ trường đạt chuẩn máy tính (%)",
			     "Schools meeting the computer standard (%)" },
	[SR_K_MISSING] = { "Số máy tính dạy học còn thiếu",
			   "Teaching computers missing" },
	[SR_K_COST] = { "Kinh phí bổ sung máy tính (đồng)",
			"Cost of the missing computers (VND)" },
	[SR_K_EQUIPMENT] = { "Tỷ lệ trường đủ thiết bị quản lý (%)",
			     "Schools with the management equipment (%)" },
	[SR_K_COVERAGE] = { "Trẻ trong độ tuổi %s sống trong bán kính %.0f m "
			    "của một trường (%%)",
			    "Children of %s age within %.0f m of a school (%%)" },
	[SR_K_OVER_CAPACITY] = { "Số trường %s vượt công suất",
				 "Over-capacity %s schools" },
	[SR_K_UNSERVED] = { "Trẻ trong độ tuổi %s ngoài bán kính phục vụ",
			    "Children of %s age beyond the service radius" },
	[SR_K_SCHOOLS_LEVEL] = { "Số trường: %s", "Schools: %s" },
	[SR_K_COVERAGE_ROAD] = { "Trẻ trong độ tuổi %s đi đường bộ không quá %.0f m đến một "
				 "trường (%%)",
				 "Children of %s age within %.0f m of a school by road (%%)" },
	[SR_K_COVERAGE_ROAD_TIME] = { "Trẻ trong độ tuổi %s đi đường bộ không quá %g phút đến một "
				      "trường (%%)",
				      "Children of %s age within %g minutes of a school by road "
				      "(%%)" },
	[SR_METHOD_ROAD] = { "Độ phủ tính theo đường bộ: quãng đường (hoặc thời gian đi) "
			     "dọc các con đường của mạng '%s' (hồ sơ %s) từ tâm mỗi ô lưới "
			     "250 m đến trường gần nhất, đường một chiều theo chiều cho "
			     "phép; đoạn từ nơi ở ra đường tính theo tốc độ đi bộ; nơi cách "
			     "mọi con đường quá %.0f m coi như ngoài tầm phục vụ. Chưa tính: "
			     "phà, đường ngập theo mùa, ùn tắc giờ cao điểm.",
			     "Coverage by road: the distance (or travel time) along the "
			     "roads of network '%s' (%s profile) from the centre of each "
			     "250 m grid square to the nearest school, one-way streets only "
			     "the allowed way; the leg from home to the road at walking "
			     "speed; places farther than %.0f m from every road count as "
			     "beyond reach. Not counted: ferries, roads flooded by season, "
			     "rush-hour traffic." },
	[SR_CHARTS] = { "Biểu đồ", "Charts" },
	[SR_CHART_RATIO] = { "Số học sinh trên một máy tính dạy học, theo cấp "
			     "học (trong ngoặc: chuẩn của cấp)",
			     "Students per teaching computer, by level (in "
			     "brackets: the level's standard)" },
	[SR_CHART_COMPLIANT_WARD] = { "Tỷ lệ trường đạt chuẩn máy tính theo xã, phường, thị trấn (%)",
				      "Schools meeting the computer standard, by ward (%)" },
	[SR_CHART_COMPLIANT_DISTRICT] = { "Tỷ lệ trường đạt chuẩn máy tính theo quận, huyện (%)",
					  "Schools meeting the computer standard, by district (%)" },
	[SR_CHART_TREND] = { "Số học sinh trên một máy tính dạy học qua các "
			     "năm học",
			     "Students per teaching computer over the years" },
	[SR_MAPS] = { "Bản đồ", "Maps" },
	[SR_MAP_CATCHMENTS] = { "Vùng tuyển sinh tiểu học theo mức sử dụng chỗ học",
				"Primary school catchments by utilization of seats" },
	[SR_MAP_SCHOOLS] = { "Các trường theo mức đạt chuẩn máy tính, trên nền tỷ lệ đạt "
			     "chuẩn của xã, phường",
			     "Schools by compliance with the computer standard, over the "
			     "wards' compliance" },
	[SR_MAP_UNSERVED] = { "Vùng ngoài bán kính phục vụ của trường tiểu học, trên nền tỷ "
			      "lệ trẻ trong bán kính",
			      "Areas beyond the service radius of primary schools, over the "
			      "share of children within it" },
	[SR_MAP_ROLLUP] = { "Số học sinh trên một máy tính dạy học theo xã, phường",
			    "Students per teaching computer by ward" },
	[SR_MAP_CITY_RATIO] = { "Số học sinh trên một máy tính dạy học theo quận, huyện",
				"Students per teaching computer by district" },
	[SR_MAP_CITY_COMPLIANT] = { "Tỷ lệ trường đạt chuẩn máy tính theo quận, huyện",
				    "Schools meeting the computer standard by district" },
	[SR_MAP_CITY_FIBRE] = { "Tỷ lệ trường có cáp quang theo quận, huyện",
				"Schools with fibre internet by district" },
	[SR_MAP_NO_RUN] = { "Chưa có bản đồ này: chưa chạy lệnh schoolgis catchments "
			    "cho cấp tiểu học (phương pháp %s).",
			    "This map is missing: schoolgis catchments has not been run "
			    "for primary schools (method %s)." },
	[SR_TABLES] = { "Bảng số liệu", "Tables" },
	[SR_T_LEVELS] = { "Theo cấp học", "By level" },
	[SR_T_UNITS_WARD] = { "Theo xã, phường, thị trấn", "By ward" },
	[SR_T_UNITS_DISTRICT] = { "Theo quận, huyện", "By district" },
	[SR_T_IT] = { "Hạ tầng công nghệ thông tin so với chỉ tiêu",
		      "IT infrastructure against targets" },
	[SR_T_SCHOOLS] = { "Các trường: tỷ lệ học sinh trên máy tính và mức "
			   "đạt chuẩn",
			   "Schools: students per computer and compliance" },
	[SR_T_OVER] = { "Trường vượt công suất", "Over-capacity schools" },
	[SR_T_TRENDS] = { "Diễn biến qua các năm học",
			  "Trends over the school years" },
	[SR_T_ADMIT] = { "Tuyển sinh lớp %d (lần chạy %lld)",
			 "Admissions to grade %d (run %lld)" },
	[SR_ADMIT_SUMMARY] = { "%s hồ sơ, %s được xếp trường, %s chưa được xếp; %s vào "
			       "trường gần nhất hoặc nguyện vọng 1.",
			       "%s applicants, %s placed, %s not placed; %s at their nearest "
			       "school or first choice." },
	[SR_NONE_OVER] = { "Không có trường nào vượt công suất.",
			   "No school is over capacity." },
	[SR_ANNEX_METHOD] = { "Phụ lục A. Phương pháp và định nghĩa",
			      "Annex A. Method and definitions" },
	[SR_METHOD_TEXT] = { "Số máy tính dạy học cần có của một trường bằng tổng, theo "
			     "từng cấp học của trường, của số học sinh cấp đó chia cho "
			     "chuẩn của cấp, làm tròn lên. Trường đạt chuẩn khi số máy tính "
			     "dạy học không ít hơn số cần có; trường có học sinh mà không "
			     "có máy tính là không đạt. Số máy còn thiếu bằng số cần có trừ "
			     "số hiện có, không âm. Mọi tỷ lệ của một nhóm là thương của "
			     "các tổng, không phải trung bình các tỷ lệ. Số liệu không rõ "
			     "được để ngoài các tỷ lệ và được đếm riêng. Trẻ trong bán kính "
			     "phục vụ được tính theo diện tích: dân số mỗi xã, phường được "
			     "coi là phân bố đều trên diện tích của nó; khoảng cách là "
			     "đường thẳng.",
			     "A school's teaching computers needed are the sum, over its "
			     "levels, of the students of the level divided by the level's "
			     "standard, rounded up. A school is compliant when its teaching "
			     "computers reach that number; a school with students and no "
			     "computer is not. Computers missing are the needed minus the "
			     "present, never negative. Every rate of a group is a ratio of "
			     "sums, never an average of ratios. Unknown figures are left "
			     "out of rates and counted apart. Children within the service "
			     "radius are area-weighted: each ward's population is taken as "
			     "spread evenly over its area; distances are straight lines." },
	[SR_ANNEX_QUALITY] = { "Phụ lục B. Chất lượng dữ liệu",
			       "Annex B. Data quality" },
	[SR_QUALITY_SUMMARY] = { "Kiểm tra dữ liệu: %zu lỗi, %zu cảnh báo.",
				 "Data checks: %zu errors, %zu warnings." },
	[SR_QUALITY_MORE] = { "Còn %zu mục khác: xem schoolgis validate.",
			      "%zu more: see schoolgis validate." },
	[SR_ANNEX_PROVENANCE] = { "Phụ lục C. Nguồn gốc số liệu",
				  "Annex C. Provenance of the figures" },
	[SR_PROVENANCE_TEXT] = { "Mọi số liệu trong báo cáo được tính từ kho dữ liệu dự án "
				 "bởi các lần chạy dưới đây (lệnh, tham số, tổng kiểm tra của "
				 "tệp đầu vào, phiên bản thư viện).",
				 "Every figure of this report is computed from the project "
				 "store, which the runs below filled (command, parameters, "
				 "checksums of the input files, library versions)." },
	[SR_CSV_NOTE] = { "Các bảng có kèm tệp CSV: %s-*.csv.",
			  "Each table is also a CSV file: %s-*.csv." },
	[SR_LEVEL_PRESCHOOL] = { "Mầm non", "Preschool" },
	[SR_LEVEL_PRIMARY] = { "Tiểu học", "Primary" },
	[SR_LEVEL_LOWER] = { "Trung học cơ sở", "Lower secondary" },
	[SR_LEVEL_UPPER] = { "Trung học phổ thông", "Upper secondary" },
	[SR_LEVEL_MULTI] = { "Nhiều cấp học", "Multi-level" },
	[SR_LEVEL_ALL] = { "Tất cả", "All" },
	[SR_YES] = { "Đạt", "Yes" },
	[SR_NO] = { "Không đạt", "No" },
	[SR_UNKNOWN] = { "Không rõ", "Unknown" },
	[SR_NA] = { "Không áp dụng", "n/a" },
	[SR_NO_COMPUTERS] = { "Không có máy tính", "No computers" },
	[SR_SEV_ERROR] = { "Lỗi", "Error" },
	[SR_SEV_WARNING] = { "Cảnh báo", "Warning" },
	[SR_SEV_INFO] = { "Ghi chú", "Note" },
	[SR_MAP_NO_DATA] = { "Không có số liệu", "No data" },
	[SR_MAP_ALL_VALUES] = { "Mọi giá trị", "All values" },
	[SR_MAP_ONE_UNSERVED] = { "Vùng ngoài bán kính phục vụ",
				  "Area beyond the service radius" },
	[SR_MAP_ONE_CATCHMENT] = { "Vùng tuyển sinh", "Catchment" },
	[SR_MAP_ONE_SCHOOL] = { "Trường học", "School" },
	[SR_MAP_ONE_UNIT] = { "Đơn vị hành chính", "Administrative unit" },
	[SR_MAP_L_UNSERVED] = { "Vùng ngoài bán kính phục vụ",
				"Areas beyond the service radius" },
	[SR_MAP_L_CATCHMENTS] = { "Vùng tuyển sinh", "Catchments" },
	[SR_MAP_L_SCHOOLS] = { "Trường học", "Schools" },
	[SR_MAP_L_UNITS] = { "Đơn vị hành chính", "Administrative units" },
	[SR_MAP_RUN] = { "%s, phương pháp %s", "%s, method: %s" },
	[SR_METHOD_VORONOI] = { "trường gần nhất (Voronoi)",
				"nearest school (Voronoi)" },
	[SR_METHOD_DISTANCE] = { "bán kính phục vụ", "service radius" },
	[SR_METHOD_CAPACITY] = { "theo công suất", "by capacity" },
	[SR_NORTH] = { "B", "N" },
	[SR_SCALE] = { "Tỷ lệ %s", "Scale %s" },
	[SR_MAP_EXTENT] = { "Phạm vi: kinh độ %s – %s, vĩ độ %s – %s",
			    "Extent: longitude %s – %s, latitude %s – %s" },
	[SR_MAP_NEIGHBOURS] = { "Đơn vị lân cận (mờ)",
				"Neighbouring units (faded)" },
	[SR_STD_UNSET] = { "Không áp dụng", "Not set" },
	[SR_STD_DEFAULTS] = { "giá trị mặc định của schoolgis theo các "
			      "chuẩn chính thức",
			      "schoolgis defaults after the official "
			      "standards" },
	[SR_PAGE] = { "Trang", "Page" },
	[SR_V_TITLE] = { "Bản đồ mạng lưới trường học", "School network map" },
	[SR_V_LAYERS] = { "Lớp bản đồ", "Layers" },
	[SR_V_LEGEND] = { "Chú giải", "Legend" },
	[SR_V_SEARCH] = { "Tìm trường (tên, mã) hoặc đơn vị",
			  "Find a school (name, code) or a unit" },
	[SR_V_NO_MATCH] = { "Không tìm thấy", "Nothing found" },
	[SR_V_CLICK_HINT] = { "Bấm vào một điểm trên bản đồ để biết điểm đó thuộc vùng "
			      "tuyển sinh của trường nào.",
			      "Click a place on the map to see which school's catchment it "
			      "is in." },
	[SR_V_IN_ZONE] = { "Điểm này thuộc vùng tuyển sinh của {school}, "
			   "cách trường {distance}.",
			   "This place is in the catchment of {school}, "
			   "{distance} from the school." },
	[SR_V_OUTSIDE] = { "Điểm này không thuộc vùng tuyển sinh nào; "
			   "trường gần nhất là {school}, cách {distance}.",
			   "This place is in no catchment; the nearest "
			   "school is {school}, {distance} away." },
	[SR_V_NEAREST] = { "Trường gần nhất", "Nearest school" },
	[SR_V_DISTANCE] = { "Khoảng cách", "Distance" },
	[SR_V_SCHOOL] = { "Trường", "School" },
	[SR_V_UNIT] = { "Đơn vị", "Unit" },
	[SR_V_LEVELS] = { "Cấp học", "Levels" },
	[SR_V_STUDENTS] = { "Số học sinh", "Students" },
	[SR_V_TEACHING] = { "Máy tính dạy học", "Teaching computers" },
	[SR_V_MANAGEMENT] = { "Máy tính quản lý", "Management computers" },
	[SR_V_PER_TEACHING] = { "Học sinh trên một máy tính dạy học",
				"Students per teaching computer" },
	[SR_V_PER_COMPUTER] = { "Học sinh trên một máy tính (dạy học và "
				"quản lý)",
				"Students per computer (teaching and "
				"management)" },
	[SR_V_COMPLIANT] = { "Đạt chuẩn máy tính", "Meets the computer "
						   "standard" },
	[SR_V_SEATS] = { "Chỗ học", "Seats" },
	[SR_V_UTILIZATION] = { "Mức sử dụng chỗ học (%)",
			       "Utilization of seats (%)" },
	[SR_V_LANG] = { "English", "Tiếng Việt" },
	[SR_V_ZOOM_IN] = { "Phóng to", "Zoom in" },
	[SR_V_ZOOM_OUT] = { "Thu nhỏ", "Zoom out" },
	[SR_V_ATTRIBUTION] = { "Nguồn dữ liệu", "Data" },
	[SR_V_CATCHMENT_OF] = { "Vùng tuyển sinh của", "Catchment of" },
	[SR_V_CODE] = { "Mã", "Code" },
};

const char *sr_text(sr_lang lang, sr_key key)
{
	return texts[key][lang];
}

int sr_lang_parse(const char *name, sr_lang *out)
{
	if (!name || !strcmp(name, "vi"))
		*out = SR_LANG_VI;
	else if (!strcmp(name, "en"))
		*out = SR_LANG_EN;
	else
		return -1;
	return 0;
}

char *sr_fmt_num(sr_lang lang, double v, int decimals, char *out, size_t n)
{
	char digits[64], buf[96];
	const char thou = lang == SR_LANG_VI ? '.' : ',';
	const char dec = lang == SR_LANG_VI ? ',' : '.';
	size_t nd, k = 0, lead;
	int autodec = decimals < 0;
	char *dot;

	if (!isfinite(v)) {
		snprintf(out, n, "–");
		return out;
	}
	if (decimals < 0) {
		/* Enough for 3 significant digits, at most 3 decimals. */
		double a = fabs(v);

		decimals = a >= 100 ? 1 : a >= 10 ? 1 : a >= 1 ? 2 : 3;
		if (a >= 1000)
			decimals = 0;
	}
	if (v == floor(v) || fabs(v) >= 1e15)
		decimals = 0;
	snprintf(digits, sizeof(digits), "%.*f", decimals, fabs(v));
	/* Trailing zeros of a rounded value say nothing ("19,80"). */
	if (autodec && decimals > 0 && strchr(digits, '.')) {
		size_t e = strlen(digits);

		while (e > 0 && digits[e - 1] == '0')
			digits[--e] = '\0';
		if (e > 0 && digits[e - 1] == '.')
			digits[--e] = '\0';
	}
	dot = strchr(digits, '.');
	nd = dot ? (size_t)(dot - digits) : strlen(digits);
	if (v < 0 && strspn(digits, "0.") != strlen(digits))
		buf[k++] = '-';
	lead = nd % 3 ? nd % 3 : 3;
	for (size_t i = 0; i < nd; i++) {
		if (i >= lead && (i - lead) % 3 == 0)
			buf[k++] = thou;
		buf[k++] = digits[i];
	}
	if (dot) {
		buf[k++] = dec;
		for (const char *p = dot + 1; *p; p++)
			buf[k++] = *p;
	}
	buf[k] = '\0';
	snprintf(out, n, "%s", buf);
	return out;
}

int sr_is_count(const char *column)
{
	static const char *const counts[] = {
		"schools",
		"students",
		"computers_teaching",
		"computers_management",
		"computers_missing",
		"cost",
		"teaching_needed",
		"seats",
		"classes",
		"demand",
		"placed",
		"numerator",
		"denominator",
		"schools_unknown",
		"population",
		"children",
		"children_within",
		"children_beyond",
		"seats_minus_children",
		"teachers",
		"teachers_it_standard",
		"applicants",
		"run",
	};

	for (size_t i = 0; i < sizeof(counts) / sizeof(*counts); i++)
		if (!strcmp(counts[i], column))
			return 1;
	return 0;
}

static const char *const columns[][3] = {
	{ "unit_code", "Mã đơn vị", "Unit code" },
	{ "unit_name", "Tên đơn vị", "Unit" },
	{ "level", "Cấp học", "Level" },
	{ "schools", "Số trường", "Schools" },
	{ "students", "Số học sinh", "Students" },
	{ "computers_teaching", "Máy tính dạy học", "Teaching computers" },
	{ "computers_management", "Máy tính quản lý", "Management computers" },
	{ "teaching_per_school", "Máy dạy học/trường", "Teaching per school" },
	{ "management_per_school", "Máy quản lý/trường",
	  "Management per school" },
	{ "students_per_teaching_computer", "HS/máy dạy học",
	  "Students per teaching computer" },
	{ "students_per_computer", "HS/máy tính", "Students per computer" },
	{ "compliant_pct", "Đạt chuẩn (%)", "Compliant (%)" },
	{ "school_wide_pct", "Đạt chuẩn chung (%)", "School-wide (%)" },
	{ "computers_missing", "Máy còn thiếu", "Computers missing" },
	{ "cost", "Kinh phí (đồng)", "Cost (VND)" },
	{ "equipment_pct", "Đủ thiết bị (%)", "Equipment (%)" },
	{ "fibre_pct", "Cáp quang (%)", "Fibre (%)" },
	{ "website_pct", "Website (%)", "Website (%)" },
	{ "e_gradebook_pct", "Sổ điểm điện tử (%)", "E-gradebook (%)" },
	{ "teachers_it_pct", "GV đạt chuẩn CNTT (%)", "IT teachers (%)" },
	{ "schools_unknown", "Không rõ", "Unknown" },
	{ "indicator", "Chỉ tiêu", "Indicator" },
	{ "numerator", "Đạt", "Numerator" },
	{ "denominator", "Tổng", "Denominator" },
	{ "share_pct", "Tỷ lệ (%)", "Share (%)" },
	{ "target_pct", "Chỉ tiêu (%)", "Target (%)" },
	{ "gap_pct", "Còn thiếu (điểm %)", "Gap (points)" },
	{ "school_code", "Mã trường", "School code" },
	{ "school_name", "Tên trường", "School" },
	{ "levels", "Các cấp học", "Levels" },
	{ "compliant", "Đạt chuẩn", "Compliant" },
	{ "school_wide_compliant", "Đạt chuẩn chung", "School-wide" },
	{ "teaching_needed", "Máy cần có", "Needed" },
	{ "seats", "Chỗ học", "Seats" },
	{ "utilization_pct", "Sử dụng (%)", "Utilization (%)" },
	{ "classes", "Số lớp", "Classes" },
	{ "demand", "Số hồ sơ", "Applicants" },
	{ "placed", "Được xếp", "Placed" },
	{ "cutoff_total", "Điểm chuẩn", "Cut-off score" },
	{ "cutoff_distance_m", "Khoảng cách xa nhất (m)",
	  "Farthest admitted (m)" },
	{ "severity", "Mức", "Severity" },
	{ "check", "Kiểm tra", "Check" },
	{ "code", "Mã", "Code" },
	{ "message", "Nội dung", "Message" },
	{ "run", "Lần chạy", "Run" },
	{ "command", "Lệnh", "Command" },
	{ "parameters", "Tham số", "Parameters" },
	{ "inputs", "Tệp đầu vào", "Inputs" },
	{ "started", "Thời điểm", "Started" },
	{ "fibre", "Cáp quang", "Fibre" },
	{ "lan", "Mạng LAN", "LAN" },
	{ "wifi", "Wi-Fi", "Wi-Fi" },
	{ "website", "Website", "Website" },
	{ "e_gradebook", "Sổ điểm điện tử", "E-gradebook" },
	{ "e_contact_book", "Sổ liên lạc điện tử", "E-contact book" },
	{ "teachers_it_standard", "Giáo viên đạt chuẩn CNTT",
	  "Teachers meeting the IT standard" },
	{ "equipment_ok", "Đủ thiết bị", "Equipment" },
	{ "change", "Thay đổi", "Change" },
	{ "teachers", "Số giáo viên", "Teachers" },
	{ "population", "Dân số", "Population" },
	{ "children", "Số trẻ", "Children" },
	{ "within_pct", "Trong bán kính (%)", "Within reach (%)" },
	{ "children_within", "Trẻ trong bán kính", "Children within reach" },
	{ "children_beyond", "Trẻ ngoài bán kính", "Children beyond reach" },
	{ "value", "Giá trị", "Value" },
	{ "row", "Dòng", "Row" },
	{ "year", "Năm học", "School year" },
};

const char *sr_column(sr_lang lang, const char *column)
{
	for (size_t i = 0; i < sizeof(columns) / sizeof(*columns); i++)
		if (strcmp(columns[i][0], column) == 0)
			return columns[i][1 + lang];
	return column;
}

const char *sr_level(sr_lang lang, const char *level)
{
	static const struct {
		const char *name;
		sr_key key;
	} levels[] = {
		{ "preschool", SR_LEVEL_PRESCHOOL },
		{ "primary", SR_LEVEL_PRIMARY },
		{ "lower_secondary", SR_LEVEL_LOWER },
		{ "upper_secondary", SR_LEVEL_UPPER },
		{ "multi_level", SR_LEVEL_MULTI },
		{ "all", SR_LEVEL_ALL },
	};

	for (size_t i = 0; i < sizeof(levels) / sizeof(*levels); i++)
		if (strcmp(levels[i].name, level) == 0)
			return sr_text(lang, levels[i].key);
	return level;
}

const char *sr_value(sr_lang lang, const char *value)
{
	static const struct {
		const char *name;
		sr_key key;
	} values[] = {
		{ "yes", SR_YES },
		{ "no", SR_NO },
		{ "unknown", SR_UNKNOWN },
		{ "n/a", SR_NA },
		{ "no computers", SR_NO_COMPUTERS },
	};

	for (size_t i = 0; i < sizeof(values) / sizeof(*values); i++)
		if (strcmp(values[i].name, value) == 0)
			return sr_text(lang, values[i].key);
	return sr_level(lang, value);
}

/*---- Maps ---------------------------------------------------------------*/

static const char *const indicators[][3] = {
	{ "utilization_pct", "Mức sử dụng chỗ học (học sinh / chỗ, %)",
	  "Utilization (students / seats, %)" },
	{ "demand_pct", "Trẻ trong vùng tuyển sinh trên một chỗ học (%)",
	  "Children in the catchment per seat (%)" },
	{ "population", "Dân số", "Population" },
	{ "seats", "Chỗ học", "Seats" },
	{ "students", "Số học sinh", "Students" },
	{ "area_km2", "Diện tích (km²)", "Area (km²)" },
	{ "students_per_teaching_computer",
	  "Số học sinh trên một máy tính dạy học",
	  "Students per teaching computer" },
	{ "students_per_computer", "Số học sinh trên một máy tính",
	  "Students per computer" },
	{ "compliant", "Mức đạt chuẩn máy tính của trường",
	  "Computer ratio meets the standard" },
	{ "compliant_pct", "Tỷ lệ trường đạt chuẩn máy tính (%)",
	  "Schools meeting the computer standard (%)" },
	{ "school_wide_pct", "Tỷ lệ trường đạt chuẩn máy tính chung (%)",
	  "Schools meeting the school-wide computer ratio (%)" },
	{ "equipment_pct", "Tỷ lệ trường đủ thiết bị tối thiểu (%)",
	  "Schools with the minimum equipment (%)" },
	{ "fibre_pct", "Tỷ lệ trường có cáp quang (%)",
	  "Schools with fibre (%)" },
	{ "website_pct", "Tỷ lệ trường có website (%)",
	  "Schools with a website (%)" },
	{ "e_gradebook_pct", "Tỷ lệ trường có sổ điểm điện tử (%)",
	  "Schools with an e-gradebook (%)" },
	{ "teachers_it_pct", "Tỷ lệ giáo viên đạt chuẩn CNTT (%)",
	  "Teachers meeting the IT standard (%)" },
	{ "computers_missing", "Số máy tính dạy học còn thiếu",
	  "Teaching computers missing" },
	{ "cost", "Kinh phí bổ sung máy tính (đồng)",
	  "Cost of the missing computers (VND)" },
	{ "within_pct", "Tỷ lệ trẻ trong bán kính phục vụ của trường (%)",
	  "Children within reach of a school (%)" },
	{ "children", "Trẻ trong độ tuổi đi học", "Children of school age" },
	{ "children_within", "Trẻ trong bán kính phục vụ",
	  "Children within reach" },
	{ "children_beyond", "Trẻ ngoài bán kính phục vụ",
	  "Children beyond reach" },
	{ "seats_minus_children", "Chỗ học trừ số trẻ",
	  "Seats minus children" },
	{ "level", "Cấp học của trường", "School level" },
	{ "schools", "Số trường", "Schools" },
	{ "computers_teaching", "Máy tính dạy học", "Teaching computers" },
};

const char *sr_indicator(sr_lang lang, const char *by)
{
	for (size_t i = 0; i < sizeof(indicators) / sizeof(*indicators); i++)
		if (!strcmp(indicators[i][0], by))
			return indicators[i][1 + lang];
	return by;
}

static const char *const categories[][3] = {
	{ "preschool", "Mầm non", "Preschool" },
	{ "primary", "Tiểu học", "Primary" },
	{ "lower_secondary", "Trung học cơ sở", "Lower secondary" },
	{ "upper_secondary", "Trung học phổ thông", "Upper secondary" },
	{ "multi_level", "Nhiều cấp học", "Multi-level" },
	{ "yes", "Đạt chuẩn", "Meets the standard" },
	{ "no", "Dưới chuẩn", "Below the standard" },
	{ "no computers", "Không có máy tính", "No computers" },
	{ "unknown", "Không rõ", "Unknown" },
	{ "n/a", "Không có chuẩn (không đánh giá)",
	  "No standard (not assessed)" },
};

const char *sr_category(sr_lang lang, const char *value)
{
	for (size_t i = 0; i < sizeof(categories) / sizeof(*categories); i++)
		if (!strcmp(categories[i][0], value))
			return categories[i][1 + lang];
	return value;
}

char *sr_levels(sr_lang lang, const char *levels, char *out, size_t n)
{
	size_t k = 0;

	out[0] = '\0';
	while (levels && *levels && k + 1 < n) {
		size_t len = strcspn(levels, ",");
		char one[32];
		int w;

		snprintf(one, sizeof(one), "%.*s", (int)len, levels);
		w = snprintf(out + k, n - k, "%s%s", k ? ", " : "",
			     sr_level(lang, one));
		if (w < 0 || (size_t)w >= n - k)
			break;
		k += (size_t)w;
		levels += len;
		if (*levels == ',')
			levels++;
	}
	return out;
}

/*---- Data checks --------------------------------------------------------*/

static const char *const checks[][3] = {
	{ "unit_invalid_geometry", "Ranh giới đơn vị không hợp lệ",
	  "Invalid unit boundary" },
	{ "school_outside_units",
	  "Trường nằm ngoài mọi đơn vị của vùng "
	  "nghiên cứu",
	  "School outside every unit of the study area" },
	{ "figures_it_teachers",
	  "Số giáo viên đạt chuẩn CNTT lớn hơn số "
	  "giáo viên",
	  "More IT-standard teachers than teachers" },
	{ "figures_level_students",
	  "Tổng học sinh các cấp lớn hơn số học "
	  "sinh của trường",
	  "More students in the levels than in the "
	  "school" },
	{ "import_rejected", "Dòng bị loại khi nhập (không được nhập)",
	  "Row rejected on import (not imported)" },
	{ "unit_overlap", "Hai đơn vị cùng cấp chồng lên nhau",
	  "Two units of one kind overlap" },
	{ "unit_without_parent",
	  "Đơn vị không nằm trong đơn vị cấp trên "
	  "nào của kho",
	  "Unit inside no parent unit of the store" },
	{ "school_same_location", "Nhiều trường cùng một vị trí",
	  "Several schools at one location" },
	{ "school_duplicate_name", "Nhiều trường cùng tên trong một đơn vị",
	  "Several schools of one name in a unit" },
	{ "school_without_figures", "Trường không có số liệu năm học nào",
	  "School without figures for any year" },
	{ "figures_computers", "Số máy tính nhiều hơn số học sinh",
	  "More computers than students" },
	{ "figures_class_size", "Sĩ số lớp bất thường (trên 60 hoặc dưới 5)",
	  "Unusual class size (over 60 or under 5)" },
	{ "figures_multilevel",
	  "Trường nhiều cấp học không có số học sinh "
	  "theo cấp",
	  "Multi-level school without students per level" },
	{ "import_repaired", "Giá trị được sửa khi nhập",
	  "Value repaired on import" },
	{ "import_flagged", "Giá trị đáng ngờ khi nhập",
	  "Suspicious value on import" },
	{ "unit_without_population", "Xã, phường không có số liệu dân số",
	  "Ward without population figures" },
	{ "figures_unknown_students", "Không rõ số học sinh",
	  "Number of students unknown" },
};

const char *sr_check(sr_lang lang, const char *check)
{
	for (size_t i = 0; i < sizeof(checks) / sizeof(*checks); i++)
		if (!strcmp(checks[i][0], check))
			return checks[i][1 + lang];
	return NULL;
}

/*---- Standards ----------------------------------------------------------*/

static const char *const standards[][3] = {
	{ "ratios.preschool", "Học sinh trên một máy tính dạy học: mầm non",
	  "Students per teaching computer: preschool" },
	{ "ratios.primary", "Học sinh trên một máy tính dạy học: tiểu học",
	  "Students per teaching computer: primary" },
	{ "ratios.lower_secondary",
	  "Học sinh trên một máy tính dạy học: "
	  "trung học cơ sở",
	  "Students per teaching computer: lower "
	  "secondary" },
	{ "ratios.upper_secondary",
	  "Học sinh trên một máy tính dạy học: "
	  "trung học phổ thông",
	  "Students per teaching computer: upper "
	  "secondary" },
	{ "ratios.school_wide",
	  "Học sinh trên một máy tính (dạy học và quản "
	  "lý), mọi trường",
	  "Students per computer (teaching and "
	  "management), any school" },
	{ "equipment.management_computers",
	  "Số máy tính quản lý tối thiểu "
	  "của một trường",
	  "Minimum management computers per school" },
	{ "equipment.printers", "Số máy in tối thiểu của một trường",
	  "Minimum printers per school" },
	{ "equipment.webcams", "Số webcam tối thiểu của một trường",
	  "Minimum webcams per school" },
	{ "targets.fibre", "Chỉ tiêu trường có cáp quang (%)",
	  "Target: schools with fibre (%)" },
	{ "targets.lan", "Chỉ tiêu trường có mạng LAN (%)",
	  "Target: schools with a LAN (%)" },
	{ "targets.wifi", "Chỉ tiêu trường có Wi-Fi (%)",
	  "Target: schools with Wi-Fi (%)" },
	{ "targets.website", "Chỉ tiêu trường có website (%)",
	  "Target: schools with a website (%)" },
	{ "targets.e_gradebook", "Chỉ tiêu trường có sổ điểm điện tử (%)",
	  "Target: schools with an e-gradebook (%)" },
	{ "targets.e_contact_book",
	  "Chỉ tiêu trường có sổ liên lạc điện tử "
	  "(%)",
	  "Target: schools with an e-contact book (%)" },
	{ "targets.teachers_it_standard",
	  "Chỉ tiêu giáo viên đạt chuẩn CNTT "
	  "(%)",
	  "Target: teachers meeting the IT standard (%)" },
	{ "cost.computer_price", "Giá một máy tính (đồng)",
	  "Price of one computer (VND)" },
	{ "distance.preschool", "Bán kính phục vụ: mầm non (m)",
	  "Service radius: preschool (m)" },
	{ "distance.primary", "Bán kính phục vụ: tiểu học (m)",
	  "Service radius: primary (m)" },
	{ "distance.lower_secondary", "Bán kính phục vụ: trung học cơ sở (m)",
	  "Service radius: lower secondary (m)" },
	{ "distance.upper_secondary",
	  "Bán kính phục vụ: trung học phổ thông "
	  "(m)",
	  "Service radius: upper secondary (m)" },
	{ "class_size.preschool", "Sĩ số tối đa một lớp: mầm non",
	  "Maximum class size: preschool" },
	{ "class_size.primary", "Sĩ số tối đa một lớp: tiểu học",
	  "Maximum class size: primary" },
	{ "class_size.lower_secondary",
	  "Sĩ số tối đa một lớp: trung học cơ "
	  "sở",
	  "Maximum class size: lower secondary" },
	{ "class_size.upper_secondary",
	  "Sĩ số tối đa một lớp: trung học phổ "
	  "thông",
	  "Maximum class size: upper secondary" },
};

const char *sr_standard(sr_lang lang, const char *key)
{
	for (size_t i = 0; i < sizeof(standards) / sizeof(*standards); i++)
		if (!strcmp(standards[i][0], key))
			return standards[i][1 + lang];
	return NULL;
}

const char *sr_standard_key(size_t i)
{
	return i < sizeof(standards) / sizeof(*standards) ? standards[i][0]
							  : NULL;
}

/*---- Listing ------------------------------------------------------------*/

void sr_each(void (*fn)(const char *id, const char *vi, const char *en,
			void *payload),
	     void *payload)
{
	char id[96];

	for (int k = 0; k < SR__COUNT; k++) {
		snprintf(id, sizeof(id), "key:%d", k);
		fn(id, texts[k][0], texts[k][1], payload);
	}
#define EACH(tab, prefix)                                                      \
	for (size_t i = 0; i < sizeof(tab) / sizeof(*tab); i++) {              \
		snprintf(id, sizeof(id), prefix ":%s", tab[i][0]);             \
		fn(id, tab[i][1], tab[i][2], payload);                         \
	}
	EACH(columns, "column")
	EACH(indicators, "indicator")
	EACH(categories, "category")
	EACH(checks, "check")
	EACH(standards, "standard")
#undef EACH
}
