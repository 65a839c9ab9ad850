# Finds the dependencies as installed from Debian packages and defines
# SG_DEPS, the list linked (PRIVATE) by the library.
find_package(GDAL CONFIG REQUIRED)             # GDAL::GDAL
find_package(PROJ CONFIG REQUIRED)             # PROJ::proj
find_package(SQLite3 REQUIRED)                 # SQLite::SQLite3
find_package(PNG REQUIRED)                     # PNG::PNG
find_package(PkgConfig REQUIRED)
pkg_check_modules(SPATIALITE REQUIRED IMPORTED_TARGET spatialite)

# GEOS 3.11 on Debian 12 ships no CMake config: use the C API via pkg-config.
find_package(GEOS CONFIG QUIET)
if(TARGET GEOS::geos_c)
	add_library(SG::geos INTERFACE IMPORTED)
	target_link_libraries(SG::geos INTERFACE GEOS::geos_c)
else()
	pkg_check_modules(GEOSC REQUIRED IMPORTED_TARGET geos)
	add_library(SG::geos INTERFACE IMPORTED)
	target_link_libraries(SG::geos INTERFACE PkgConfig::GEOSC)
endif()

find_package(ZLIB REQUIRED)
find_package(Freetype REQUIRED)                # Freetype::Freetype (labels)
pkg_check_modules(JSONC REQUIRED IMPORTED_TARGET json-c)  # crosswalk files
# libunistring (NFC of imported text) has no pkg-config file.
find_path(UNISTRING_INCLUDE_DIR uninorm.h REQUIRED)
find_library(UNISTRING_LIBRARY unistring REQUIRED)
find_package(OpenSSL REQUIRED)                 # OpenSSL::Crypto (admit --publish)
set(SG_DEPS GDAL::GDAL PROJ::proj SG::geos SQLite::SQLite3 ZLIB::ZLIB
	PkgConfig::SPATIALITE PNG::PNG Freetype::Freetype m Threads::Threads
	${UNISTRING_LIBRARY} OpenSSL::Crypto PkgConfig::JSONC)
find_package(Threads REQUIRED)

if(SG_BUILD_TESTS)
	# Debian's cmocka 1.1 config sets only variables: use pkg-config.
	pkg_check_modules(CMOCKA REQUIRED IMPORTED_TARGET cmocka)
endif()
