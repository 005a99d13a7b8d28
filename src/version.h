/* version.h - the release this source builds. */
#ifndef ROADSHOW_VERSION
#define ROADSHOW_VERSION "0.1.0"
#endif
