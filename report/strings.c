/*
 * report/strings.c - the report's texts, Vietnamese first, English
 * second.  Keep them whole sentences: translators see each one alone.
 */
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
	[SR_CHARTS] = { "Biểu đồ", "Charts" },
	[SR_CHART_RATIO] = { "Số học sinh trên một máy tính dạy học, theo cấp "
			     "học (trong ngoặc: chuẩn của cấp)",
			     "Students per teaching computer, by level (in "
			     "brackets: the level's standard)" },
	[SR_CHART_COMPLIANT_WARD] = {
		"Tỷ lệ trường đạt chuẩn máy tính theo xã, phường, thị trấn (%)",
		"Schools meeting the computer standard, by ward (%)" },
	[SR_CHART_COMPLIANT_DISTRICT] = {
		"Tỷ lệ trường đạt chuẩn máy tính theo quận, huyện (%)",
		"Schools meeting the computer standard, by district (%)" },
	[SR_CHART_TREND] = { "Số học sinh trên một máy tính dạy học qua các "
			     "năm học",
			     "Students per teaching computer over the years" },
	[SR_MAPS] = { "Bản đồ", "Maps" },
	[SR_MAP_CATCHMENTS] = {
		"Vùng tuyển sinh tiểu học theo mức sử dụng chỗ học",
		"Primary school catchments by utilization of seats" },
	[SR_MAP_SCHOOLS] = {
		"Các trường theo mức đạt chuẩn máy tính, trên nền tỷ lệ đạt "
		"chuẩn của xã, phường",
		"Schools by compliance with the computer standard, over the "
		"wards' compliance" },
	[SR_MAP_UNSERVED] = {
		"Vùng ngoài bán kính phục vụ của trường tiểu học, trên nền tỷ "
		"lệ trẻ trong bán kính",
		"Areas beyond the service radius of primary schools, over the "
		"share of children within it" },
	[SR_MAP_ROLLUP] = {
		"Số học sinh trên một máy tính dạy học theo xã, phường",
		"Students per teaching computer by ward" },
	[SR_MAP_CITY_RATIO] = {
		"Số học sinh trên một máy tính dạy học theo quận, huyện",
		"Students per teaching computer by district" },
	[SR_MAP_CITY_COMPLIANT] = {
		"Tỷ lệ trường đạt chuẩn máy tính theo quận, huyện",
		"Schools meeting the computer standard by district" },
	[SR_MAP_CITY_FIBRE] = {
		"Tỷ lệ trường có cáp quang theo quận, huyện",
		"Schools with fibre internet by district" },
	[SR_MAP_NO_RUN] = {
		"Chưa có bản đồ này: chưa chạy lệnh schoolgis catchments "
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
	[SR_ADMIT_SUMMARY] = {
		"%s hồ sơ, %s được xếp trường, %s chưa được xếp; %s vào "
		"trường gần nhất hoặc nguyện vọng 1.",
		"%s applicants, %s placed, %s not placed; %s at their nearest "
		"school or first choice." },
	[SR_NONE_OVER] = { "Không có trường nào vượt công suất.",
			   "No school is over capacity." },
	[SR_ANNEX_METHOD] = { "Phụ lục A. Phương pháp và định nghĩa",
			      "Annex A. Method and definitions" },
	[SR_METHOD_TEXT] = {
		"Số máy tính dạy học cần có của một trường bằng tổng, theo "
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
	[SR_PROVENANCE_TEXT] = {
		"Mọi số liệu trong báo cáo được tính từ kho dữ liệu dự án "
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
};

const char *sr_text(sr_lang lang, sr_key key)
{
	return texts[key][lang];
}

static const char *const columns[][3] = {
	{ "unit_code", "Mã đơn vị", "Unit code" },
	{ "unit_name", "Tên đơn vị", "Unit" },
	{ "level", "Cấp học", "Level" },
	{ "schools", "Số trường", "Schools" },
	{ "students", "Số học sinh", "Students" },
	{ "computers_teaching", "Máy tính dạy học", "Teaching computers" },
	{ "computers_management", "Máy tính quản lý",
	  "Management computers" },
	{ "teaching_per_school", "Máy dạy học/trường",
	  "Teaching per school" },
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
	{ "levels", "Cấp học", "Levels" },
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
		{ "yes", SR_YES }, { "no", SR_NO }, { "unknown", SR_UNKNOWN },
		{ "n/a", SR_NA }, { "no computers", SR_NO_COMPUTERS },
	};

	for (size_t i = 0; i < sizeof(values) / sizeof(*values); i++)
		if (strcmp(values[i].name, value) == 0)
			return sr_text(lang, values[i].key);
	return sr_level(lang, value);
}
