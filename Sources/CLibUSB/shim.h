#ifndef CLIBUSB_SHIM_H
#define CLIBUSB_SHIM_H
#include <libusb-1.0/libusb.h>

/// libusb_set_option is C-variadic and cannot be called from Swift; this wraps the
/// one-argument form (LIBUSB_OPTION_LOG_LEVEL and similar).
static inline int CLibUSB_set_option_int(libusb_context *ctx, enum libusb_option option, int value) {
    return libusb_set_option(ctx, option, value);
}

/// LIBUSB_OPTION_NO_DEVICE_DISCOVERY takes no argument.
static inline int CLibUSB_set_option_none(libusb_context *ctx, enum libusb_option option) {
    return libusb_set_option(ctx, option);
}
#endif
