/* ICU's C API, as Sources/CICUShim uses it (Debian: libicu-dev). */
#include <unicode/utypes.h>
