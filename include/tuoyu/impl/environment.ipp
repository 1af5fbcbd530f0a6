// Out-of-line parts of tuoyu::environment.
#pragma once

#include <tuoyu/detail/expr_ast.hpp>
#include <tuoyu/detail/expr_checker.hpp>
#include <tuoyu/detail/expr_parser.hpp>
#include <tuoyu/error.hpp>
#include <tuoyu/expression/environment.hpp>

#include <algorithm>

namespace tuoyu {
inline namespace v1 {

TUOYU_DECL void environment::declare_variable(std::string name, type t) {
  if (find_definition(name))
    throw expression_error("tuoyu.expr.309", "variable '" + name + "' has the name of a definition");
  variables_[std::move(name)] = std::move(t);
}

TUOYU_DECL void environment::declare_object(std::string name, field_map fields) {
  objects_[std::move(name)] = std::move(fields);
}

TUOYU_DECL void environment::declare_parameter(std::string name, type t) {
  parameters_[std::move(name)] = std::move(t);
}

TUOYU_DECL void environment::set_limits(const limits& l) { limits_ = l; }

TUOYU_DECL const type* environment::find_variable(std::string_view name) const {
  auto it = variables_.find(name);
  return it == variables_.end() ? nullptr : &it->second;
}
TUOYU_DECL const environment::field_map* environment::find_object(std::string_view name) const {
  auto it = objects_.find(name);
  return it == objects_.end() ? nullptr : &it->second;
}
TUOYU_DECL const type* environment::find_parameter(std::string_view name) const {
  auto it = parameters_.find(name);
  return it == parameters_.end() ? nullptr : &it->second;
}
TUOYU_DECL const detail::definition* environment::find_definition(std::string_view name) const {
  for (const auto& d : definitions_)
    if (d->name == name) return d.get();
  return nullptr;
}

TUOYU_DECL void environment::define(std::string name, std::vector<std::string> params, std::string source) {
  auto fail = [&](const std::string& msg, location where = {}) {
    throw expression_error("tuoyu.expr.309", "definition '" + name + "': " + msg, std::move(where));
  };
  auto valid_ident = [](std::string_view s) {
    if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
    return std::all_of(s.begin(), s.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
  };
  if (!valid_ident(name)) fail("the name is not an identifier");
  if (find_definition(name)) fail("defined twice");
  if (detail::is_builtin_function(name)) fail("the name of a built-in function cannot be redefined");
  if (params.empty() && find_variable(name)) fail("a variable has the same name");
  for (std::size_t i = 0; i < params.size(); ++i) {
    if (!valid_ident(params[i])) fail("parameter '" + params[i] + "' is not an identifier");
    for (std::size_t j = 0; j < i; ++j)
      if (params[j] == params[i]) fail("parameter '" + params[i] + "' appears twice");
  }
  if (source.size() > limits_.max_source_bytes)
    fail("body is " + std::to_string(source.size()) + " bytes, more than the limit of " +
         std::to_string(limits_.max_source_bytes));
  auto d = std::make_shared<detail::definition>();
  d->name = name;
  d->params = std::move(params);
  d->source = std::make_shared<const detail::source_info>(name, std::move(source));
  d->index = definitions_.size();
  try {
    d->body = detail::parse_expression(*d->source, limits_.max_nesting);
  } catch (const expression_error& e) {
    fail("at " + std::to_string(e.where().line) + ":" + std::to_string(e.where().column) + ": [" + e.id() + "] " +
             e.detail(),
         e.where());
  }
  definitions_.push_back(std::move(d));
}

}  // namespace v1
}  // namespace tuoyu
