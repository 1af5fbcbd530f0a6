// The Unicode classes a matches() pattern may name as \p{Name} (internal). Generated tables:
// tools/gen_regex_unicode.py writes include/tuoyu/impl/regex_unicode.ipp.
#pragma once

#include <tuoyu/detail/config.hpp>
#include <tuoyu/detail/regex.hpp>

#include <string_view>

namespace tuoyu::detail {

// The ranges of the class `name` (a general category such as L or Nd, the script Han, or Any), or null.
TUOYU_DECL const regex_ranges* unicode_table(std::string_view name);
// The names unicode_table knows, for error messages.
TUOYU_DECL std::string_view unicode_table_names() noexcept;

}  // namespace tuoyu::detail

#ifdef TUOYU_HEADER_ONLY
#include <tuoyu/impl/regex_unicode.ipp>
#endif
