// A bounded, linear-time regular-expression engine for CEL's matches() (internal).
// Patterns are a subset of RE2 syntax (docs/language.md, "Regular expressions"). A pattern compiles to
// a Thompson NFA program; a search simulates the NFA over the text's code points (a Pike VM without
// captures, since matches() only asks whether there is a match). Time is O(text × program), with no
// backtracking, and no recursion whose depth the text controls. Rulebooks are untrusted input.
#pragma once

#include <tuoyu/detail/config.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tuoyu::detail {

struct regex_limits {
  static constexpr std::uint32_t max_repeat = 1000;           // n and m in {n}, {n,}, {n,m} (as RE2)
  static constexpr std::size_t max_program = 10000;           // NFA instructions after expanding repetition
  static constexpr int max_nesting = 100;                     // groups inside groups
  static constexpr std::size_t max_pattern_bytes = 32768;
};

enum class regex_opcode : std::uint8_t {
  rune,         // one code point x; with `fold`, also its ASCII other case y
  any,          // any code point
  any_but_nl,   // any code point but '\n'
  char_class,   // a code point in classes[x]
  split,        // continue at x and at y
  jump,         // continue at x
  assertion,    // zero-width test `test`, then continue at the next instruction
  match,
};

enum class regex_assertion : std::uint8_t {
  begin_text, end_text, begin_line, end_line, word_boundary, not_word_boundary,
};

struct regex_instruction {
  regex_opcode op = regex_opcode::match;
  regex_assertion test = regex_assertion::begin_text;
  std::uint32_t x = 0;
  std::uint32_t y = 0;
};

// Sorted, disjoint, non-adjacent inclusive ranges of code points.
using regex_ranges = std::vector<std::pair<char32_t, char32_t>>;

struct regex_program {
  std::vector<regex_instruction> code;  // starts at 0
  std::vector<regex_ranges> classes;
  bool anchored = false;                // every match starts at the beginning of the text
};

// Where and why a pattern was rejected. `position` is the 1-based code point of the pattern at fault.
struct regex_error {
  std::string message;
  std::size_t position = 0;
};

// Compiles `pattern` (UTF-8). On failure returns null and fills `error`.
TUOYU_DECL std::shared_ptr<const regex_program> compile_regex(std::string_view pattern, regex_error& error);

// `pattern` quoted for a message, cut short (at a code point) if long.
TUOYU_DECL std::string regex_quote(std::string_view pattern);

struct regex_search_result {
  bool matched = false;
  bool exhausted = false;  // stopped because `work` would pass `work_limit`; `matched` is meaningless
  std::uint64_t work = 0;  // code points examined plus NFA states visited
};

// True if some substring of `text` (UTF-8) matches (CEL's partial-match semantics).
TUOYU_DECL regex_search_result regex_search(const regex_program& re, std::string_view text,
                                            std::uint64_t work_limit = UINT64_MAX);

}  // namespace tuoyu::detail

#ifdef TUOYU_HEADER_ONLY
#include <tuoyu/impl/regex.ipp>
#endif
