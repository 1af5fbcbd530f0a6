// Definition expansion, name resolution and type checking.
#pragma once

#include <tuoyu/detail/expr_checker.hpp>
#include <tuoyu/detail/expr_parser.hpp>
#include <tuoyu/detail/regex.hpp>
#include <tuoyu/error.hpp>
#include <tuoyu/expression/environment.hpp>

#include <algorithm>
#include <map>
#include <set>

namespace tuoyu::detail {

struct signature {
  op code;
  bool member;  // called as target.name(args)
  std::vector<type> params;
  type result;
};

// Functions and operators whose overloads are a fixed list of signatures. Operators with generic
// typing (==, !=, in, [], ?:, list +, dyn, sum, min, max, param) are handled in code.
TUOYU_DECL const std::map<std::string_view, std::vector<signature>>& signatures() {
  static const auto table = [] {
    std::map<std::string_view, std::vector<signature>> t;
    const type I = type::int_(), U = type::uint_(), D = type::double_(), S = type::string(), B = type::bool_(),
               T = type::date(), L = type::list(type::dyn()), M = type::map(type::dyn(), type::dyn());
    auto add = [&](std::string_view name, op code, bool member, std::vector<type> params, type result) {
      t[name].push_back(signature{code, member, std::move(params), std::move(result)});
    };
    add("_&&_", op::logical_and, false, {B, B}, B);
    add("_||_", op::logical_or, false, {B, B}, B);
    add("!_", op::logical_not, false, {B}, B);
    add("-_", op::negate, false, {I}, I);
    add("-_", op::negate, false, {D}, D);
    for (auto [name, code] : {std::pair{"_+_", op::add}, {"_-_", op::sub}, {"_*_", op::mul}, {"_/_", op::div}}) {
      add(name, code, false, {I, I}, I);
      add(name, code, false, {U, U}, U);
      add(name, code, false, {D, D}, D);
    }
    add("_+_", op::add, false, {S, S}, S);
    add("_%_", op::mod, false, {I, I}, I);
    add("_%_", op::mod, false, {U, U}, U);
    for (auto [name, code] : {std::pair{"_<_", op::lt}, {"_<=_", op::le}, {"_>_", op::gt}, {"_>=_", op::ge}}) {
      for (const auto& a : {I, U, D})
        for (const auto& b : {I, U, D}) add(name, code, false, {a, b}, B);
      add(name, code, false, {S, S}, B);
      add(name, code, false, {B, B}, B);
      add(name, code, false, {T, T}, B);
    }
    for (bool member : {false, true}) {
      add("size", op::size, member, {S}, I);
      add("size", op::size, member, {L}, I);
      add("size", op::size, member, {M}, I);
    }
    for (const auto& a : {I, U, D, S}) {
      add("int", op::to_int, false, {a}, I);
      add("uint", op::to_uint, false, {a}, U);
      add("double", op::to_double, false, {a}, D);
    }
    for (const auto& a : {I, U, D, S, B, T}) add("string", op::to_string, false, {a}, S);
    add("bool", op::to_bool, false, {B}, B);
    add("bool", op::to_bool, false, {S}, B);
    add("contains", op::contains, true, {S, S}, B);
    add("startsWith", op::starts_with, true, {S, S}, B);
    add("endsWith", op::ends_with, true, {S, S}, B);
    add("lowerAscii", op::lower_ascii, true, {S}, S);
    add("upperAscii", op::upper_ascii, true, {S}, S);
    add("matches", op::matches, true, {S, S}, B);
    add("matches", op::matches, false, {S, S}, B);
    add("date", op::make_date, false, {S}, T);
    add("date", op::make_date, false, {T}, T);
    add("year", op::year, false, {T}, I);
    add("month", op::month, false, {T}, I);
    add("day", op::day, false, {T}, I);
    add("days_between", op::days_between, false, {T, T}, I);
    return t;
  }();
  return table;
}

TUOYU_DECL op special_op(std::string_view name) noexcept {
  if (name == "_==_") return op::eq;
  if (name == "_!=_") return op::ne;
  if (name == "@in") return op::in;
  if (name == "_[_]") return op::index;
  if (name == "_?_:_") return op::conditional;
  if (name == "dyn") return op::to_dyn;
  if (name == "sum") return op::sum;
  if (name == "min") return op::min;
  if (name == "max") return op::max;
  if (name == "param") return op::param;
  return op::none;
}

TUOYU_DECL bool is_builtin_function(std::string_view name) noexcept {
  static constexpr std::string_view macros[] = {"has", "all", "exists", "exists_one", "existsOne", "filter",
                                                "map", "transformList", "transformMap"};
  if (std::find(std::begin(macros), std::end(macros), name) != std::end(macros)) return true;
  return special_op(name) != op::none || signatures().count(name) > 0;
}

TUOYU_DECL std::string display_name(std::string_view fn) {
  if (fn.size() > 2 && fn.front() == '_' && fn.back() == '_') return "operator '" + std::string(fn.substr(1, fn.size() - 2)) + "'";
  if (fn == "!_") return "operator '!'";
  if (fn == "-_") return "operator '-'";
  if (fn == "@in") return "operator 'in'";
  if (fn == "_[_]") return "operator '[]'";
  return "'" + std::string(fn) + "'";
}

// dyn stands for any type.
TUOYU_DECL bool assignable(const type& param, const type& arg) {
  if (param.is_dyn() || arg.is_dyn()) return true;
  if (param.kind() != arg.kind()) return false;
  switch (param.kind()) {
    case type_kind::list: return assignable(param.elem(), arg.elem());
    case type_kind::map: return assignable(param.key(), arg.key()) && assignable(param.val(), arg.val());
    case type_kind::object: return param.name() == arg.name();
    default: return true;
  }
}

// Equality is defined between values of the same type (or dyn, or null).
TUOYU_DECL bool comparable(const type& a, const type& b) {
  if (a.is_dyn() || b.is_dyn() || a.kind() == type_kind::null || b.kind() == type_kind::null) return true;
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case type_kind::list: return comparable(a.elem(), b.elem());
    case type_kind::map: return comparable(a.key(), b.key()) && comparable(a.val(), b.val());
    case type_kind::object: return a.name() == b.name();
    default: return true;
  }
}

// The common type of list elements / map entries: the type itself if all agree, else dyn.
TUOYU_DECL type loose_join(const type& a, const type& b) {
  if (a == b) return a;
  return type::dyn();
}

// ---------------------------------------------------------------------------------------------
// Definition expansion

class expander {
 public:
  expander(const environment& env, program& prog, int max_height) : env_(env), prog_(prog), max_height_(max_height) {}

  struct context {
    const definition* def = nullptr;        // null: the expression itself
    std::vector<node_ptr>* args = nullptr;  // the definition's (expanded) arguments
    std::uint16_t origin = 0;
    std::uint32_t site = 0;
    std::vector<std::pair<std::string, std::string>> scope;  // comprehension variables: name → new name
  };

  node_ptr expand(const node& n, context& cx, int height) {
    if (height > max_height_) fail_at(cx, n, "tuoyu.expr.307", "expression nested too deeply after expanding definitions");
    if (n.kind == node_kind::ident) {
      if (auto r = bound(cx, n.name)) {
        auto out = shallow(n, cx);
        out->name = *r;
        return out;
      }
      if (cx.def) {
        const auto& ps = cx.def->params;
        auto it = std::find(ps.begin(), ps.end(), n.name);
        if (it != ps.end()) return (*cx.args)[static_cast<std::size_t>(it - ps.begin())]->clone();
      }
      if (const definition* d = env_.find_definition(n.name)) {
        std::vector<node_ptr> none;
        return apply(*d, n, cx, none, height);
      }
      return shallow(n, cx);
    }
    if (n.kind == node_kind::call && !n.member_call) {
      if (const definition* d = env_.find_definition(n.name)) {
        std::vector<node_ptr> args;
        for (const auto& a : n.args) args.push_back(expand(*a, cx, height + 1));
        return apply(*d, n, cx, args, height);
      }
    }
    auto out = shallow(n, cx);
    if (n.kind == node_kind::comprehension) {
      out->args.push_back(expand(*n.args[0], cx, height + 1));
      std::size_t mark = cx.scope.size();
      out->name = declare(cx, n.name);
      if (!n.name2.empty()) out->name2 = declare(cx, n.name2);
      for (std::size_t i = 1; i < n.args.size(); ++i) out->args.push_back(expand(*n.args[i], cx, height + 1));
      cx.scope.resize(mark);
    } else {
      for (const auto& a : n.args) out->args.push_back(expand(*a, cx, height + 1));
    }
    std::uint32_t d = 0;
    for (const auto& a : out->args) d = std::max(d, a->depth);
    out->depth = d + 1;
    return out;
  }

  [[noreturn]] void fail_at(const context& cx, const node& n, const char* id, const std::string& msg) {
    if (!cx.def) {
      auto [line, col] = prog_.sources[0]->line_col(n.pos);
      throw expression_error(id, msg, location{{}, {}, line, col});
    }
    auto [dl, dc] = cx.def->source->line_col(n.pos);
    auto [line, col] = prog_.sources[0]->line_col(cx.site);
    throw expression_error(id, "in definition '" + cx.def->name + "' at " + std::to_string(dl) + ":" +
                                   std::to_string(dc) + ": " + msg,
                           location{{}, {}, line, col});
  }

 private:
  const std::string* bound(const context& cx, const std::string& name) const {
    for (auto it = cx.scope.rbegin(); it != cx.scope.rend(); ++it)
      if (it->first == name) return &it->second;
    return nullptr;
  }
  std::string declare(context& cx, const std::string& name) {
    // Inside a definition, comprehension variables get fresh names so they can never capture a
    // variable of an argument.
    std::string renamed = cx.def ? name + "@" + std::to_string(++fresh_) : name;
    cx.scope.emplace_back(name, renamed);
    return renamed;
  }
  node_ptr shallow(const node& n, const context& cx) const {
    auto out = std::make_unique<node>();
    out->kind = n.kind; out->fn = n.fn; out->mac = n.mac; out->member_call = n.member_call;
    out->has_filter = n.has_filter; out->begin = n.begin; out->end = n.end; out->pos = n.pos;
    out->name = n.name; out->name2 = n.name2; out->literal = n.literal; out->depth = n.depth;
    out->origin = cx.origin;
    out->site = cx.def ? cx.site : n.pos;
    return out;
  }
  node_ptr apply(const definition& d, const node& call_node, context& cx, std::vector<node_ptr>& args, int height) {
    std::size_t limit = cx.def ? cx.def->index : SIZE_MAX;
    if (d.index >= limit)
      fail_at(cx, call_node, "tuoyu.expr.309",
              "'" + d.name + "' is not defined before '" + cx.def->name +
                  "' (a definition may use only earlier definitions, so none can be recursive)");
    if (args.size() != d.params.size())
      fail_at(cx, call_node, "tuoyu.expr.309",
              "definition '" + d.name + "' takes " + std::to_string(d.params.size()) + " argument(s), not " +
                  std::to_string(args.size()));
    context inner;
    inner.def = &d;
    inner.args = &args;
    inner.origin = source_index(d);
    inner.site = cx.def ? cx.site : call_node.pos;
    return expand(*d.body, inner, height + 1);
  }
  std::uint16_t source_index(const definition& d) {
    for (std::size_t i = 1; i < prog_.sources.size(); ++i)
      if (prog_.sources[i] == d.source) return static_cast<std::uint16_t>(i);
    if (prog_.sources.size() >= 65535)
      throw expression_error("tuoyu.expr.309", "too many definitions used in one expression");
    prog_.sources.push_back(d.source);
    return static_cast<std::uint16_t>(prog_.sources.size() - 1);
  }

  const environment& env_;
  program& prog_;
  int max_height_;
  int fresh_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Name resolution and type checking

class checker {
 public:
  checker(const environment& env, program& prog, bool strict) : env_(env), prog_(prog), strict_(strict) {}

  type check(node& n, bool record = true) {
    switch (n.kind) {
      case node_kind::literal: return n.t = literal_type(n.literal);
      case node_kind::ident: return check_ident(n, record);
      case node_kind::select: return check_select(n, record);
      case node_kind::has: {
        check_select(n, true);
        return n.t = type::bool_();
      }
      case node_kind::list: {
        type elem;
        bool constant = true;
        for (std::size_t i = 0; i < n.args.size(); ++i) {
          type t = check(*n.args[i]);
          elem = i == 0 ? t : loose_join(elem, t);
          constant = constant && n.args[i]->kind == node_kind::literal;
        }
        n.t = type::list(elem);
        if (constant) fold(n);
        return n.t;
      }
      case node_kind::map: {
        type key, val;
        bool constant = true;
        for (std::size_t i = 0; i + 1 < n.args.size(); i += 2) {
          type k = check(*n.args[i]);
          type v = check(*n.args[i + 1]);
          auto kk = k.kind();
          if (kk != type_kind::dyn && kk != type_kind::string && kk != type_kind::int_ && kk != type_kind::uint_ &&
              kk != type_kind::bool_)
            type_error(*n.args[i], "unsupported map key type " + k.to_string() + " (keys are string, int, uint or bool)");
          key = i == 0 ? k : loose_join(key, k);
          val = i == 0 ? v : loose_join(val, v);
          constant = constant && n.args[i]->kind == node_kind::literal && n.args[i + 1]->kind == node_kind::literal;
        }
        n.t = type::map(key, val);
        if (constant) fold(n);
        return n.t;
      }
      case node_kind::comprehension: return check_comprehension(n);
      case node_kind::call: return check_call(n);
    }
    return type::dyn();
  }

  void finish() {
    std::size_t nvars = prog_.variables.size();
    fixup(*prog_.root, static_cast<std::int32_t>(nvars));
    prog_.frame_size = nvars + static_cast<std::size_t>(next_comprehension_slot_);
    std::sort(paths_.begin(), paths_.end());
    paths_.erase(std::unique(paths_.begin(), paths_.end()), paths_.end());
    prog_.field_paths = std::move(paths_);
    std::sort(params_.begin(), params_.end());
    params_.erase(std::unique(params_.begin(), params_.end()), params_.end());
    prog_.parameters = std::move(params_);
  }

 private:
  struct scope_var {
    std::string name;
    std::int32_t slot;
    type t;
    std::string path;
  };

  [[noreturn]] void fail(const node& n, const char* id, const std::string& msg) const {
    auto [line, col] = prog_.sources[0]->line_col(n.site);
    if (n.origin == 0) throw expression_error(id, msg, location{{}, {}, line, col});
    const auto& src = *prog_.sources[n.origin];
    auto [dl, dc] = src.line_col(n.pos);
    throw expression_error(id,
                           "in definition '" + src.name + "' at " + std::to_string(dl) + ":" + std::to_string(dc) +
                               ": " + msg,
                           location{{}, {}, line, col});
  }
  void type_error(const node& n, const std::string& msg) const {
    if (strict_) fail(n, "tuoyu.expr.304", msg);
  }

  static std::string display_var(const std::string& name) { return name.substr(0, name.find('@')); }

  static type literal_type(const value& v) {
    switch (v.kind()) {
      case value_kind::null: return type::null();
      case value_kind::bool_: return type::bool_();
      case value_kind::int_: return type::int_();
      case value_kind::uint_: return type::uint_();
      case value_kind::double_: return type::double_();
      case value_kind::string: return type::string();
      case value_kind::date: return type::date();
      case value_kind::list: {
        type e;
        bool first = true;
        for (const auto& x : v.as_list()) {
          e = first ? literal_type(x) : loose_join(e, literal_type(x));
          first = false;
        }
        return type::list(e);
      }
      case value_kind::map: {
        type k, e;
        bool first = true;
        for (const auto& [a, b] : v.as_map()) {
          k = first ? literal_type(a) : loose_join(k, literal_type(a));
          e = first ? literal_type(b) : loose_join(e, literal_type(b));
          first = false;
        }
        return type::map(k, e);
      }
      default: return type::dyn();
    }
  }

  static void fold(node& n) {
    value v;
    if (n.kind == node_kind::list) {
      value_list items;
      items.reserve(n.args.size());
      for (const auto& a : n.args) items.push_back(a->literal);
      v = value::list(std::move(items));
    } else {
      std::vector<std::pair<value, value>> entries;
      for (std::size_t i = 0; i + 1 < n.args.size(); i += 2) entries.emplace_back(n.args[i]->literal, n.args[i + 1]->literal);
      v = value::map(std::move(entries));
    }
    n.kind = node_kind::literal;
    n.literal = std::move(v);
    n.args.clear();
    n.depth = 1;
  }

  void record_path(const std::string& p) {
    if (!p.empty()) paths_.push_back(p);
  }

  const scope_var* find_scope(const std::string& name) const {
    for (auto it = scope_.rbegin(); it != scope_.rend(); ++it)
      if (it->name == name) return &*it;
    return nullptr;
  }

  std::int32_t variable_slot(const std::string& name) {
    auto& vs = prog_.variables;
    auto it = std::find(vs.begin(), vs.end(), name);
    if (it != vs.end()) return static_cast<std::int32_t>(it - vs.begin());
    vs.push_back(name);
    return static_cast<std::int32_t>(vs.size() - 1);
  }

  type check_ident(node& n, bool record) {
    if (const scope_var* s = find_scope(n.name)) {
      n.slot = s->slot;
      n.slot2 = 1;  // marks a comprehension slot, renumbered by fixup()
      n.path = s->path;
      if (record) record_path(n.path);
      return n.t = s->t;
    }
    if (const type* t = env_.find_variable(n.name)) {
      n.slot = variable_slot(n.name);
      n.path = n.name;
      if (record) record_path(n.path);
      return n.t = *t;
    }
    if (strict_) fail(n, "tuoyu.expr.302", "unknown variable '" + display_var(n.name) + "'");
    n.fn = op::unbound;
    return n.t = type::dyn();
  }

  // "a.b.c" if n is a chain of selects on an identifier that is not a comprehension variable.
  bool dotted_name(const node& n, std::string& out) const {
    auto chain = select_chain_of(n);
    if (!chain || find_scope(chain->root->name)) return false;
    out = chain->root->name;
    for (const auto& field : chain->fields) out += '.' + field;
    return true;
  }

  type check_select(node& n, bool record) {
    if (n.kind == node_kind::select) {
      // CEL qualified names: a variable may be declared with a dotted name such as "a.b.c".
      std::string dotted;
      if (dotted_name(n, dotted) && env_.find_variable(dotted)) {
        n.kind = node_kind::ident;
        n.name = dotted;
        n.args.clear();
        n.depth = 1;
        return check_ident(n, record);
      }
    }
    node& operand = *n.args[0];
    type t = check(operand, false);
    n.path = operand.path.empty() ? std::string() : operand.path + "." + n.name;
    if (record) record_path(n.path);
    type result = type::dyn();
    switch (t.kind()) {
      case type_kind::dyn: break;
      case type_kind::object: {
        const auto* fields = env_.find_object(t.name());
        auto it = fields ? fields->find(n.name) : environment::field_map::const_iterator{};
        if (!fields || it == fields->end()) {
          if (strict_) fail(n, "tuoyu.expr.303", "unknown field '" + n.name + "' of " + t.name());
        } else {
          result = it->second;
        }
        break;
      }
      case type_kind::map:
        if (!assignable(t.key(), type::string()))
          type_error(n, "cannot select field '" + n.name + "' of " + t.to_string() + " (its keys are not strings)");
        result = t.val();
        break;
      default: type_error(n, "cannot select field '" + n.name + "' of a value of type " + t.to_string());
    }
    return n.t = n.kind == node_kind::has ? type::bool_() : result;
  }

  type check_comprehension(node& n) {
    type r = check(*n.args[0]);
    type v1, v2;
    std::string range_path = n.args[0]->path.empty() ? std::string() : n.args[0]->path + "[]";
    std::string p1, p2;
    bool two = !n.name2.empty();
    switch (r.kind()) {
      case type_kind::list:
        v1 = two ? type::int_() : r.elem();
        v2 = r.elem();
        p1 = two ? std::string() : range_path;
        p2 = range_path;
        break;
      case type_kind::map:
        v1 = r.key();
        v2 = r.val();
        p2 = range_path;
        break;
      case type_kind::dyn:
        p2 = range_path;
        if (!two) p1 = range_path;
        break;
      default: type_error(*n.args[0], "a macro needs a list or a map to iterate over, not " + r.to_string());
    }
    std::size_t mark = scope_.size();
    n.slot = next_comprehension_slot_++;
    scope_.push_back(scope_var{n.name, n.slot, v1, p1});
    if (two) {
      n.slot2 = next_comprehension_slot_++;
      scope_.push_back(scope_var{n.name2, n.slot2, v2, p2});
    }
    std::size_t body = 1;
    if (n.has_filter) {
      type f = check(*n.args[1]);
      if (!assignable(type::bool_(), f)) type_error(*n.args[1], "a macro's filter must be bool, not " + f.to_string());
      body = 2;
    }
    type b = check(*n.args[body]);
    scope_.resize(mark);
    switch (n.mac) {
      case macro::all:
      case macro::exists:
      case macro::exists_one:
        if (!assignable(type::bool_(), b)) type_error(*n.args[body], "a macro's predicate must be bool, not " + b.to_string());
        return n.t = type::bool_();
      case macro::filter:
        if (!assignable(type::bool_(), b)) type_error(*n.args[body], "filter's predicate must be bool, not " + b.to_string());
        return n.t = type::list(r.kind() == type_kind::map ? r.key() : r.elem());
      case macro::map:
      case macro::map_filter:
      case macro::transform_list: return n.t = type::list(b);
      case macro::transform_map:
        return n.t = type::map(r.kind() == type_kind::map ? r.key() : r.kind() == type_kind::list ? type::int_() : type::dyn(), b);
    }
    return n.t = type::dyn();
  }

  std::string arg_types(const std::vector<type>& ts) const {
    std::string s = "(";
    for (std::size_t i = 0; i < ts.size(); ++i) s += (i ? ", " : "") + ts[i].to_string();
    return s + ")";
  }

  type no_overload(node& n, const std::vector<type>& ts) {
    type_error(n, "no matching overload for " + display_name(n.name) + " applied to " + arg_types(ts));
    return n.t = type::dyn();
  }

  type check_call(node& n) {
    op special = n.member_call ? op::none : special_op(n.name);
    if (special == op::param) return check_param(n);
    std::vector<type> ts;
    ts.reserve(n.args.size());
    // m['k'] with a constant key reads the path m.k, not all of m.
    bool const_key = special == op::index && n.args.size() == 2 && n.args[1]->kind == node_kind::literal &&
                     n.args[1]->literal.is_string();
    for (std::size_t i = 0; i < n.args.size(); ++i) ts.push_back(check(*n.args[i], !(const_key && i == 0)));
    if (special != op::none) {
      n.fn = special;
      return n.t = check_special(n, ts);
    }
    const auto& table = signatures();
    auto it = table.find(n.name);
    if (it == table.end()) {
      if (strict_) fail(n, "tuoyu.expr.305", "unknown function '" + n.name + "'");
      n.fn = op::unbound;
      return n.t = type::dyn();
    }
    if (n.name == "_+_" && ts.size() == 2 && (ts[0].kind() == type_kind::list || ts[1].kind() == type_kind::list) &&
        assignable(type::list(type::dyn()), ts[0]) && assignable(type::list(type::dyn()), ts[1])) {
      n.fn = op::add;
      type e = ts[0].kind() == type_kind::list && ts[1].kind() == type_kind::list ? loose_join(ts[0].elem(), ts[1].elem())
                                                                                 : type::dyn();
      return n.t = type::list(e);
    }
    const signature* match = nullptr;
    bool ambiguous = false;
    bool name_member_mismatch = true;
    for (const auto& sig : it->second) {
      if (sig.member != n.member_call) continue;
      name_member_mismatch = false;
      if (sig.params.size() != ts.size()) continue;
      bool ok = true;
      for (std::size_t i = 0; i < ts.size() && ok; ++i) ok = assignable(sig.params[i], ts[i]);
      if (!ok) continue;
      if (match && !(match->result == sig.result)) ambiguous = true;
      if (!match) match = &sig;
    }
    n.fn = it->second.front().code;
    if (n.fn == op::matches) compile_pattern(n);
    if (name_member_mismatch) {
      if (strict_)
        fail(n, "tuoyu.expr.304",
             n.member_call ? "'" + n.name + "' is a function, not a method: write " + n.name + "(x)"
                           : "'" + n.name + "' is a method: write x." + n.name + "(...)");
      return n.t = type::dyn();
    }
    if (!match) return no_overload(n, ts);
    return n.t = ambiguous ? type::dyn() : match->result;
  }

  // matches() with a string literal pattern: compile it now, once, and report a bad one here.
  void compile_pattern(node& n) {
    if (n.args.size() != 2) return;
    const node& p = *n.args[1];
    if (p.kind != node_kind::literal || !p.literal.is_string()) return;
    regex_error err;
    n.regex = compile_regex(p.literal.as_string(), err);
    if (!n.regex)
      fail(p, "tuoyu.expr.311", "invalid regular expression " + regex_quote(p.literal.as_string()) + ": " + err.message +
                                   " (at character " + std::to_string(err.position) + " of the pattern)");
  }

  type check_param(node& n) {
    n.fn = op::param;
    if (n.args.size() != 1 || n.args[0]->kind != node_kind::literal || !n.args[0]->literal.is_string())
      fail(n, "tuoyu.expr.306", "param() takes one string literal, the name of a declared parameter");
    std::string name(n.args[0]->literal.as_string());
    const type* t = env_.find_parameter(name);
    if (!t) fail(*n.args[0], "tuoyu.expr.306", "unknown parameter '" + name + "'");
    n.args[0]->t = type::string();
    params_.push_back(name);
    return n.t = *t;
  }

  type check_special(node& n, const std::vector<type>& ts) {
    auto arity = [&](std::size_t k) {
      if (ts.size() != k) {
        if (strict_)
          fail(n, "tuoyu.expr.304", display_name(n.name) + " takes " + std::to_string(k) + " argument(s), not " +
                                        std::to_string(ts.size()));
        return false;
      }
      return true;
    };
    switch (n.fn) {
      case op::eq:
      case op::ne:
        if (!arity(2)) return type::dyn();
        if (!comparable(ts[0], ts[1])) no_overload(n, ts);
        return type::bool_();
      case op::in:
        if (!arity(2)) return type::dyn();
        if (ts[1].kind() == type_kind::list) {
          if (!comparable(ts[0], ts[1].elem())) no_overload(n, ts);
        } else if (ts[1].kind() == type_kind::map) {
          if (!comparable(ts[0], ts[1].key())) no_overload(n, ts);
        } else if (!ts[1].is_dyn()) {
          no_overload(n, ts);
        }
        return type::bool_();
      case op::index: {
        if (!arity(2)) return type::dyn();
        const type& c = ts[0];
        const node& ix = *n.args[1];
        if (ix.kind == node_kind::literal && ix.literal.is_string() && !n.args[0]->path.empty()) {
          n.path = n.args[0]->path + "." + std::string(ix.literal.as_string());
          record_path(n.path);
        }
        if (c.kind() == type_kind::list) {
          auto k = ts[1].kind();
          if (k != type_kind::int_ && k != type_kind::uint_ && k != type_kind::dyn) no_overload(n, ts);
          return c.elem();
        }
        if (c.kind() == type_kind::map) {
          if (!comparable(ts[1], c.key())) no_overload(n, ts);
          return c.val();
        }
        if (!c.is_dyn()) no_overload(n, ts);
        return type::dyn();
      }
      case op::conditional: {
        if (!arity(3)) return type::dyn();
        if (!assignable(type::bool_(), ts[0]))
          type_error(*n.args[0], "the condition of ?: must be bool, not " + ts[0].to_string());
        if (ts[1] == ts[2]) return ts[1];
        if (ts[1].is_dyn() || ts[2].is_dyn()) return type::dyn();
        if (ts[1].kind() == type_kind::null) return ts[2];
        if (ts[2].kind() == type_kind::null) return ts[1];
        if (comparable(ts[1], ts[2])) return ts[1];
        type_error(n, "the branches of ?: have different types, " + ts[1].to_string() + " and " + ts[2].to_string());
        return type::dyn();
      }
      case op::to_dyn:
        arity(1);
        return type::dyn();
      case op::sum: {
        if (!arity(1)) return type::dyn();
        const type& c = ts[0];
        if (c.is_dyn()) return type::dyn();
        if (c.kind() == type_kind::list) {
          auto k = c.elem().kind();
          if (k == type_kind::int_ || k == type_kind::uint_ || k == type_kind::double_) return c.elem();
          if (k == type_kind::dyn) return type::dyn();
        }
        return no_overload(n, ts);
      }
      case op::min:
      case op::max: {
        if (ts.empty()) return no_overload(n, ts);
        if (ts.size() == 1) {
          const type& c = ts[0];
          if (c.is_dyn()) return type::dyn();
          if (c.kind() != type_kind::list) return no_overload(n, ts);
          auto k = c.elem().kind();
          if (k == type_kind::list || k == type_kind::map || k == type_kind::object || k == type_kind::null)
            return no_overload(n, ts);
          return c.elem();
        }
        type r = ts[0];
        for (const auto& t : ts) {
          auto k = t.kind();
          if (k == type_kind::list || k == type_kind::map || k == type_kind::object || k == type_kind::null)
            return no_overload(n, ts);
          if (!(t == r)) {
            if (t.is_dyn() || r.is_dyn() || comparable(t, r)) {
              r = type::dyn();
            } else {
              bool numeric = (k == type_kind::int_ || k == type_kind::uint_ || k == type_kind::double_) &&
                             (r.kind() == type_kind::int_ || r.kind() == type_kind::uint_ || r.kind() == type_kind::double_);
              if (!numeric) return no_overload(n, ts);
              r = type::dyn();
            }
          }
        }
        return r;
      }
      default: return type::dyn();
    }
  }

  void fixup(node& n, std::int32_t nvars) {
    if (n.kind == node_kind::ident && n.slot2 == 1) {
      n.slot += nvars;
      n.slot2 = -1;
    } else if (n.kind == node_kind::comprehension) {
      n.slot += nvars;
      if (n.slot2 >= 0) n.slot2 += nvars;
    }
    for (auto& a : n.args) fixup(*a, nvars);
  }

  const environment& env_;
  program& prog_;
  bool strict_;
  std::vector<scope_var> scope_;
  std::int32_t next_comprehension_slot_ = 0;
  std::vector<std::string> paths_;
  std::vector<std::string> params_;
};

TUOYU_DECL std::shared_ptr<const program> compile_program(std::string_view source, const environment& env,
                                                          bool type_check) {
  const auto& lim = env.current_limits();
  if (source.size() > lim.max_source_bytes)
    throw expression_error("tuoyu.expr.308", "expression is " + std::to_string(source.size()) +
                                                 " bytes, more than the limit of " +
                                                 std::to_string(lim.max_source_bytes),
                           location{{}, {}, 1, 1});
  auto prog = std::make_shared<program>();
  prog->sources.push_back(std::make_shared<const source_info>(std::string(), std::string(source)));
  prog->step_budget = lim.step_budget;
  prog->checked = type_check;
  node_ptr parsed = parse_expression(*prog->sources[0], lim.max_nesting);
  {
    expander ex(env, *prog, lim.max_nesting * 4);
    expander::context cx;
    prog->root = ex.expand(*parsed, cx, 1);
  }
  checker ck(env, *prog, type_check);
  prog->result_type = ck.check(*prog->root);
  ck.finish();
  return prog;
}

}  // namespace tuoyu::detail
