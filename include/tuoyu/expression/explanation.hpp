// tuoyu::explanation: a trace of one evaluation — every sub-expression evaluated and its value.
#pragma once

#include <tuoyu/detail/config.hpp>
#include <tuoyu/expression/value.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace tuoyu {
inline namespace v1 {

struct explanation_entry {
  std::string source_text;  // the sub-expression as written
  int line = 0;             // 1-based position of its first character (columns count code points)
  int column = 0;
  int depth = 0;            // 0 for the whole expression, +1 per level of nesting
  value result;
  std::string definition;   // the definition the text belongs to; empty for the expression itself
};

// Entries are in pre-order: a sub-expression's entry comes before the entries of its parts, in the
// order evaluation began (so short-circuited operands and untaken branches are absent, and a
// comprehension body appears once per iteration).
struct explanation {
  value result;
  std::vector<explanation_entry> entries;
  bool truncated = false;  // more than max_entries sub-expressions were evaluated

  static constexpr std::size_t max_entries = 100000;

  std::size_t size() const noexcept { return entries.size(); }
  const explanation_entry& operator[](std::size_t i) const { return entries[i]; }
  auto begin() const noexcept { return entries.begin(); }
  auto end() const noexcept { return entries.end(); }

  // One line per entry, indented by depth: "  facility.legal_form  =>  \"enterprise\"".
  std::string to_string() const {
    std::string out;
    for (const auto& e : entries) {
      out.append(static_cast<std::size_t>(e.depth) * 2, ' ');
      out += e.source_text;
      out += "  =>  ";
      out += e.result.to_string();
      out += '\n';
    }
    if (truncated) out += "... (truncated)\n";
    return out;
  }
};

}  // namespace v1
}  // namespace tuoyu
