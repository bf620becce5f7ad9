#ifndef SWIPE_CLIBUSB_SHIM_H
#define SWIPE_CLIBUSB_SHIM_H
#include <libusb.h>

// libusb_set_option is variadic, which Swift cannot call: one wrapper per option used.

static inline int swipe_libusb_log_level_warning(libusb_context *context) {
    return libusb_set_option(context, LIBUSB_OPTION_LOG_LEVEL, LIBUSB_LOG_LEVEL_WARNING);
}
#endif
