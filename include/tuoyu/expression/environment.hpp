// tuoyu::environment: what an expression may use — variables, object types, parameters, definitions
// and limits. A mutable builder; copy it freely (definitions are shared, immutable).
#pragma once

#include <tuoyu/detail/config.hpp>
#include <tuoyu/expression/type.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace tuoyu::detail {
struct definition;
}

namespace tuoyu {
inline namespace v1 {

// Bounds that keep compiling and evaluating any expression cheap and safe.
struct limits {
  int max_nesting = 100;                // parser recursion depth and syntax tree height
  std::size_t max_source_bytes = 100000;  // of one expression or definition body
  std::uint64_t step_budget = 1'000'000;  // evaluation steps (nodes and comprehension iterations)
};

class environment {
 public:
  using field_map = std::map<std::string, type>;

  // Declares a variable. Redeclaring replaces the type. A name used by a definition is tuoyu.expr.309.
  TUOYU_DECL void declare_variable(std::string name, type t);
  // Declares an object type's fields; reading any other field of a value of type object(name) is the
  // check error tuoyu.expr.303. Redeclaring replaces the fields.
  TUOYU_DECL void declare_object(std::string name, field_map fields);
  // Declares a parameter, read with param('name').
  TUOYU_DECL void declare_parameter(std::string name, type t);
  // Defines a named macro. A call name(args) — or the bare identifier `name` when there are no
  // parameters — is replaced by `source` with the parameters substituted, before checking. The body is
  // parsed now (syntax errors: tuoyu.expr.309 naming the definition and line:column inside it), may use
  // only definitions made before it, and is type-checked where it is used.
  TUOYU_DECL void define(std::string name, std::vector<std::string> params, std::string source);
  TUOYU_DECL void set_limits(const limits& l);

  const limits& current_limits() const noexcept { return limits_; }
  TUOYU_DECL const type* find_variable(std::string_view name) const;
  TUOYU_DECL const field_map* find_object(std::string_view name) const;
  TUOYU_DECL const type* find_parameter(std::string_view name) const;
  TUOYU_DECL const detail::definition* find_definition(std::string_view name) const;
  const std::map<std::string, type, std::less<>>& variables() const noexcept { return variables_; }
  const std::map<std::string, type, std::less<>>& parameters() const noexcept { return parameters_; }

 private:
  std::map<std::string, type, std::less<>> variables_;
  std::map<std::string, type, std::less<>> parameters_;
  std::map<std::string, field_map, std::less<>> objects_;
  std::vector<std::shared_ptr<const detail::definition>> definitions_;
  limits limits_;
};

}  // namespace v1
}  // namespace tuoyu

#ifdef TUOYU_HEADER_ONLY
#include <tuoyu/impl/environment.ipp>
#endif
