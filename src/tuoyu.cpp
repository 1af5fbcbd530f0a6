// The compiled library: every out-of-line definition, compiled once.
// With TUOYU_HEADER_ONLY the headers include these files themselves instead.
#include <tuoyu/tuoyu.hpp>
