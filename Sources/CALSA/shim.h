#ifndef SWIPE_CALSA_SHIM_H
#define SWIPE_CALSA_SHIM_H
// libasound's capture API. Swift imports these functions directly; nothing here needs a wrapper.
#include <alsa/asoundlib.h>
#endif
