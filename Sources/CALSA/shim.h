#ifndef SWIPE_CALSA_SHIM_H
#define SWIPE_CALSA_SHIM_H
#include <alsa/asoundlib.h>

// libasound prints its own errors to stderr through a variadic handler, which Swift
// cannot write. swipe reports every failure itself (with snd_strerror's text), so
// the library's copy is silenced.
static void swipe_alsa_ignore_error(const char *file, int line, const char *function, int err, const char *fmt, ...) {
    (void)file;
    (void)line;
    (void)function;
    (void)err;
    (void)fmt;
}

static inline void swipe_alsa_silence_library_errors(void) {
    snd_lib_error_set_handler(swipe_alsa_ignore_error);
}
#endif
