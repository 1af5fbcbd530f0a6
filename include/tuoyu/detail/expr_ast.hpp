// The expression language's syntax tree and compiled program (internal).
// The interpreter walks this tree directly; a batch evaluator can walk the same tree.
#pragma once

#include <tuoyu/detail/config.hpp>
#include <tuoyu/expression/type.hpp>
#include <tuoyu/expression/value.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tuoyu {
inline namespace v1 {
struct limits;
}
}  // namespace tuoyu

namespace tuoyu::detail {

struct regex_program;

enum class node_kind : std::uint8_t {
  literal,        // literal
  ident,          // name (slot after checking)
  select,         // args[0].name
  has,            // has(args[0].name)
  call,           // name(args...) or args[0].name(args[1..]) when member_call
  list,           // [args...]
  map,            // {args[0]: args[1], ...}
  comprehension,  // macro: args = [range, (filter,) body]
};

// Built-in operations, resolved from the function name and argument count by the checker.
enum class op : std::uint8_t {
  none, unbound,
  logical_and, logical_or, logical_not, conditional, negate,
  add, sub, mul, div, mod, eq, ne, lt, le, gt, ge, in, index,
  size, to_int, to_uint, to_double, to_string, to_bool, to_dyn,
  contains, starts_with, ends_with, lower_ascii, upper_ascii,
  make_date, year, month, day, days_between, sum, min, max, param,
  matches,
};

enum class macro : std::uint8_t { all, exists, exists_one, filter, map, map_filter, transform_list, transform_map };

struct node;
using node_ptr = std::unique_ptr<node>;

struct node {
  node_kind kind = node_kind::literal;
  op fn = op::none;
  macro mac = macro::all;
  bool member_call = false;
  bool has_filter = false;     // comprehension with a filter argument
  std::uint16_t origin = 0;    // index into program::sources (0: the expression itself)
  std::int32_t slot = -1;      // ident: frame slot; comprehension: slot of the first variable
  std::int32_t slot2 = -1;     // comprehension: slot of the second variable (two-variable forms)
  std::uint32_t begin = 0;     // source span [begin, end) in bytes, within sources[origin]
  std::uint32_t end = 0;
  std::uint32_t pos = 0;       // the principal token (operator, name, literal), for error positions
  std::uint32_t site = 0;      // position in the expression itself (the call site for definition bodies)
  std::uint32_t depth = 1;     // height of this subtree
  std::string name;            // ident, selected field, function, first comprehension variable
  std::string name2;           // second comprehension variable
  std::string path;            // checked: the dataset path this node reads, if any (for field_paths)
  value literal;
  std::vector<node_ptr> args;
  type t;                      // checked static type
  std::shared_ptr<const regex_program> regex;  // matches() with a literal pattern: compiled once

  node_ptr clone() const {
    auto n = std::make_unique<node>();
    n->kind = kind; n->fn = fn; n->mac = mac; n->member_call = member_call; n->has_filter = has_filter;
    n->origin = origin; n->slot = slot; n->slot2 = slot2; n->begin = begin; n->end = end; n->pos = pos;
    n->site = site; n->depth = depth; n->name = name; n->name2 = name2; n->path = path; n->literal = literal;
    n->t = t;
    n->regex = regex;
    n->args.reserve(args.size());
    for (const auto& a : args) n->args.push_back(a->clone());
    return n;
  }
};

// A piece of source text: the expression, or the body of a definition.
struct source_info {
  std::string name;  // empty for the expression itself, else the definition's name
  std::string text;
  std::vector<std::uint32_t> line_starts;

  explicit source_info(std::string n, std::string t) : name(std::move(n)), text(std::move(t)) {
    line_starts.push_back(0);
    for (std::uint32_t i = 0; i < text.size(); ++i)
      if (text[i] == '\n') line_starts.push_back(i + 1);
  }
  // 1-based line and column; columns count Unicode code points.
  std::pair<int, int> line_col(std::uint32_t offset) const {
    std::size_t lo = 0, hi = line_starts.size();
    while (hi - lo > 1) {
      std::size_t mid = (lo + hi) / 2;
      if (line_starts[mid] <= offset) lo = mid; else hi = mid;
    }
    int col = 1;
    for (std::uint32_t i = line_starts[lo]; i < offset && i < text.size(); ++i)
      if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++col;
    return {static_cast<int>(lo) + 1, col};
  }
};

// A named macro: parameters and a parsed body, expanded by substitution before checking.
struct definition {
  std::string name;
  std::vector<std::string> params;
  std::shared_ptr<const source_info> source;
  std::shared_ptr<const node> body;
  std::size_t index = 0;  // order of definition; a body may only use earlier definitions
};

struct program {
  std::vector<std::shared_ptr<const source_info>> sources;  // [0] is the expression itself
  node_ptr root;
  std::vector<std::string> variables;  // frame slots [0, variables.size()) are declared variables
  std::size_t frame_size = 0;          // variables plus comprehension variables
  std::vector<std::string> field_paths;
  std::vector<std::string> parameters;
  type result_type;
  std::uint64_t step_budget = 1'000'000;
  bool checked = true;
};

// `x.a.b`: the identifier node `x` and the field names {"a", "b"} (none for `x` alone); nullopt unless
// `n` is a chain of field selections on an identifier.
struct select_chain {
  const node* root = nullptr;
  std::vector<std::string> fields;
};
inline std::optional<select_chain> select_chain_of(const node& n) {
  std::vector<std::string> reversed;
  const node* at = &n;
  for (; at->kind == node_kind::select && at->args.size() == 1; at = at->args[0].get()) reversed.push_back(at->name);
  if (at->kind != node_kind::ident) return std::nullopt;
  return select_chain{at, {reversed.rbegin(), reversed.rend()}};
}

// Shortest round-trip text of a double ("1.5", "1e+30"); as_literal adds ".0" to integral values.
TUOYU_DECL std::string format_double(double d, bool as_literal);
// How diagnostics name a function or operator: "operator '+'", "'size'".
TUOYU_DECL std::string display_name(std::string_view fn);

}  // namespace tuoyu::detail
