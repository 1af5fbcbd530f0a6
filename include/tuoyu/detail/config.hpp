// Build-mode switches shared by every header.
#pragma once

// Out-of-line definitions live in include/tuoyu/impl/*.ipp. The compiled library (src/tuoyu.cpp)
// includes them once; with TUOYU_HEADER_ONLY each header includes its own, and they become inline.
#ifdef TUOYU_HEADER_ONLY
#define TUOYU_DECL inline
#else
#define TUOYU_DECL
#endif
