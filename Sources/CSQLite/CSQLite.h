/* SQLite's C API, as Sources/CSQLiteShim uses it (Debian: libsqlite3-dev). */
#include <sqlite3.h>
