// The tree-walking interpreter. Every evaluation function returns a pointer to its result: either
// into `tmp` (a value owned by the caller), or to a value that outlives the call (a literal in the
// tree, a bound variable or a part of one), so reading fields and comparing them copies nothing.
#pragma once

#include <tuoyu/detail/expr_interpreter.hpp>
#include <tuoyu/detail/expr_parser.hpp>
#include <tuoyu/detail/filter_index.hpp>
#include <tuoyu/detail/regex.hpp>

#include <array>
#include <charconv>
#include <cmath>
#include <limits>

namespace tuoyu::detail {

TUOYU_DECL int compare_numbers(const value& a, const value& b) noexcept {
  auto ka = a.kind(), kb = b.kind();
  auto cmp = [](auto x, auto y) { return x < y ? -1 : (x > y ? 1 : 0); };
  if (ka == value_kind::int_ && kb == value_kind::int_) return cmp(a.raw_int(), b.raw_int());
  if (ka == value_kind::uint_ && kb == value_kind::uint_) return cmp(a.raw_uint(), b.raw_uint());
  if (ka == value_kind::double_ && kb == value_kind::double_) {
    double x = a.raw_double(), y = b.raw_double();
    if (std::isnan(x) || std::isnan(y)) return 2;
    return cmp(x, y);
  }
  if (ka == value_kind::int_ && kb == value_kind::uint_) {
    if (a.raw_int() < 0) return -1;
    return cmp(static_cast<std::uint64_t>(a.raw_int()), b.raw_uint());
  }
  if (ka == value_kind::uint_ && kb == value_kind::int_) {
    int c = compare_numbers(b, a);
    return c == 2 ? 2 : -c;
  }
  // One side is a double, the other an integer: as CEL does, compare the integer converted to double.
  if (kb == value_kind::double_) {
    double d = b.raw_double();
    if (std::isnan(d)) return 2;
    double x = ka == value_kind::int_ ? static_cast<double>(a.raw_int()) : static_cast<double>(a.raw_uint());
    return cmp(x, d);
  }
  int c = compare_numbers(b, a);
  return c == 2 ? 2 : -c;
}

struct eval_state {
  const program* prog;
  const activation* act;
  const value** frame;
  std::uint64_t budget;
  bool exhausted = false;
  explanation* trace = nullptr;
  int depth = 0;
};

TUOYU_DECL const value* set_error(value& tmp, const char* id, std::string msg) {
  tmp = value::error(id, std::move(msg));
  return &tmp;
}

TUOYU_DECL const value* no_overload(value& tmp, const node& n, std::initializer_list<const value*> args) {
  std::string s = "no matching overload for " + display_name(n.name) + " applied to (";
  bool first = true;
  for (const value* a : args) {
    if (!first) s += ", ";
    first = false;
    s += to_string(a->kind());
  }
  return set_error(tmp, "tuoyu.eval.404", s + ")");
}

TUOYU_DECL const value* copy_to(value& tmp, const value* v) {
  if (v != &tmp) tmp = *v;
  return &tmp;
}

TUOYU_DECL const value* ev(const node& n, eval_state& st, value& tmp);

TUOYU_DECL const value* ev_select(const node& n, eval_state& st, value& tmp) {
  const value* b = ev(*n.args[0], st, tmp);
  if (b->is_error()) return b;
  if (b->is_map()) {
    if (const value* f = b->find(std::string_view(n.name))) {
      if (n.kind == node_kind::has) {
        tmp = value(true);
        return &tmp;
      }
      return f;
    }
    if (n.kind == node_kind::has) {
      tmp = value(false);
      return &tmp;
    }
    return set_error(tmp, "tuoyu.eval.403", "no such key: '" + n.name + "'");
  }
  return set_error(tmp, "tuoyu.eval.404",
                   "cannot select field '" + n.name + "' of a value of kind " + std::string(to_string(b->kind())));
}

TUOYU_DECL const value* ev_arith(const node& n, const value* a, const value* b, value& tmp) {
  auto overflow = [&] { return set_error(tmp, "tuoyu.eval.402", "integer overflow in " + display_name(n.name)); };
  auto ka = a->kind(), kb = b->kind();
  if (ka == value_kind::int_ && kb == value_kind::int_) {
    std::int64_t x = a->raw_int(), y = b->raw_int(), r = 0;
    switch (n.fn) {
      case op::add: if (__builtin_add_overflow(x, y, &r)) return overflow(); break;
      case op::sub: if (__builtin_sub_overflow(x, y, &r)) return overflow(); break;
      case op::mul: if (__builtin_mul_overflow(x, y, &r)) return overflow(); break;
      case op::div:
        if (y == 0) return set_error(tmp, "tuoyu.eval.401", "division by zero");
        if (x == INT64_MIN && y == -1) return overflow();
        r = x / y;
        break;
      case op::mod:
        if (y == 0) return set_error(tmp, "tuoyu.eval.401", "modulus by zero");
        if (x == INT64_MIN && y == -1) return overflow();
        r = x % y;
        break;
      default: break;
    }
    tmp = value(r);
    return &tmp;
  }
  if (ka == value_kind::uint_ && kb == value_kind::uint_) {
    std::uint64_t x = a->raw_uint(), y = b->raw_uint(), r = 0;
    switch (n.fn) {
      case op::add: if (__builtin_add_overflow(x, y, &r)) return overflow(); break;
      case op::sub: if (__builtin_sub_overflow(x, y, &r)) return overflow(); break;
      case op::mul: if (__builtin_mul_overflow(x, y, &r)) return overflow(); break;
      case op::div:
        if (y == 0) return set_error(tmp, "tuoyu.eval.401", "division by zero");
        r = x / y;
        break;
      case op::mod:
        if (y == 0) return set_error(tmp, "tuoyu.eval.401", "modulus by zero");
        r = x % y;
        break;
      default: break;
    }
    tmp = value(r);
    return &tmp;
  }
  if (ka == value_kind::double_ && kb == value_kind::double_ && n.fn != op::mod) {
    double x = a->raw_double(), y = b->raw_double(), r = 0;
    switch (n.fn) {
      case op::add: r = x + y; break;
      case op::sub: r = x - y; break;
      case op::mul: r = x * y; break;
      case op::div: r = x / y; break;
      default: break;
    }
    tmp = value(r);
    return &tmp;
  }
  if (n.fn == op::add) {
    if (ka == value_kind::string && kb == value_kind::string) {
      std::string s;
      auto x = a->as_string(), y = b->as_string();
      s.reserve(x.size() + y.size());
      s.append(x).append(y);
      tmp = value(std::move(s));
      return &tmp;
    }
    if (ka == value_kind::list && kb == value_kind::list) {
      const auto& x = a->as_list();
      const auto& y = b->as_list();
      if (y.empty()) return copy_to(tmp, a);
      if (x.empty()) return copy_to(tmp, b);
      value_list r;
      r.reserve(x.size() + y.size());
      r.insert(r.end(), x.begin(), x.end());
      r.insert(r.end(), y.begin(), y.end());
      tmp = value::list(std::move(r));
      return &tmp;
    }
  }
  return no_overload(tmp, n, {a, b});
}

// -1/0/1 for comparable values, 2 if unordered (NaN), 3 if there is no ordering between the kinds.
TUOYU_DECL int order(const value& a, const value& b) {
  if (a.is_number() && b.is_number()) return compare_numbers(a, b);
  if (a.kind() != b.kind()) return 3;
  switch (a.kind()) {
    case value_kind::string: {
      int c = a.as_string().compare(b.as_string());
      return c < 0 ? -1 : c > 0;
    }
    case value_kind::bool_: return int(a.raw_bool()) - int(b.raw_bool());
    case value_kind::date: return a.raw_days() < b.raw_days() ? -1 : a.raw_days() > b.raw_days();
    default: return 3;
  }
}

TUOYU_DECL const value* ev_compare(const node& n, const value* a, const value* b, value& tmp) {
  int c = order(*a, *b);
  if (c == 3) return no_overload(tmp, n, {a, b});
  bool r = false;
  if (c != 2) {
    switch (n.fn) {
      case op::lt: r = c < 0; break;
      case op::le: r = c <= 0; break;
      case op::gt: r = c > 0; break;
      case op::ge: r = c >= 0; break;
      default: break;
    }
  }
  tmp = value(r);
  return &tmp;
}

TUOYU_DECL std::size_t utf8_length(std::string_view s) noexcept {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

TUOYU_DECL const value* conversion_error(value& tmp, const std::string& msg) {
  return set_error(tmp, "tuoyu.eval.408", msg);
}

TUOYU_DECL const value* ev_convert(const node& n, const value* a, value& tmp) {
  auto k = a->kind();
  switch (n.fn) {
    case op::to_int:
      switch (k) {
        case value_kind::int_: return copy_to(tmp, a);
        case value_kind::uint_:
          if (a->raw_uint() > static_cast<std::uint64_t>(INT64_MAX)) return conversion_error(tmp, "int() range error: " + a->to_string());
          tmp = value(static_cast<std::int64_t>(a->raw_uint()));
          return &tmp;
        case value_kind::double_: {
          double d = a->raw_double();
          if (!(d > -9223372036854775808.0 && d < 9223372036854775808.0))
            return conversion_error(tmp, "int() range error: " + a->to_string());
          tmp = value(static_cast<std::int64_t>(d));
          return &tmp;
        }
        case value_kind::string: {
          auto s = a->as_string();
          std::int64_t v = 0;
          auto r = std::from_chars(s.data(), s.data() + s.size(), v);
          if (r.ec != std::errc() || r.ptr != s.data() + s.size() || s.empty())
            return conversion_error(tmp, "int() cannot convert " + a->to_string());
          tmp = value(v);
          return &tmp;
        }
        default: break;
      }
      break;
    case op::to_uint:
      switch (k) {
        case value_kind::uint_: return copy_to(tmp, a);
        case value_kind::int_:
          if (a->raw_int() < 0) return conversion_error(tmp, "uint() range error: " + a->to_string());
          tmp = value(static_cast<std::uint64_t>(a->raw_int()));
          return &tmp;
        case value_kind::double_: {
          double d = a->raw_double();
          if (!(d > -1.0 && d < 18446744073709551616.0)) return conversion_error(tmp, "uint() range error: " + a->to_string());
          tmp = value(static_cast<std::uint64_t>(d));
          return &tmp;
        }
        case value_kind::string: {
          auto s = a->as_string();
          std::uint64_t v = 0;
          auto r = std::from_chars(s.data(), s.data() + s.size(), v);
          if (r.ec != std::errc() || r.ptr != s.data() + s.size() || s.empty())
            return conversion_error(tmp, "uint() cannot convert " + a->to_string());
          tmp = value(v);
          return &tmp;
        }
        default: break;
      }
      break;
    case op::to_double:
      switch (k) {
        case value_kind::double_: return copy_to(tmp, a);
        case value_kind::int_: tmp = value(static_cast<double>(a->raw_int())); return &tmp;
        case value_kind::uint_: tmp = value(static_cast<double>(a->raw_uint())); return &tmp;
        case value_kind::string: {
          auto s = a->as_string();
          double v = 0;
          auto r = std::from_chars(s.data(), s.data() + s.size(), v);
          if (r.ec == std::errc::result_out_of_range) {
            std::string t(s);
            v = std::strtod(t.c_str(), nullptr);
          } else if (r.ec != std::errc() || r.ptr != s.data() + s.size() || s.empty()) {
            return conversion_error(tmp, "double() cannot convert " + a->to_string());
          }
          tmp = value(v);
          return &tmp;
        }
        default: break;
      }
      break;
    case op::to_string:
      switch (k) {
        case value_kind::string: return copy_to(tmp, a);
        case value_kind::int_: tmp = value(std::to_string(a->raw_int())); return &tmp;
        case value_kind::uint_: tmp = value(std::to_string(a->raw_uint())); return &tmp;
        case value_kind::double_: tmp = value(format_double(a->raw_double(), false)); return &tmp;
        case value_kind::bool_: tmp = value(std::string(a->raw_bool() ? "true" : "false")); return &tmp;
        case value_kind::date: tmp = value(a->as_date().to_string()); return &tmp;
        default: break;
      }
      break;
    case op::to_bool:
      if (k == value_kind::bool_) return copy_to(tmp, a);
      if (k == value_kind::string) {
        auto s = a->as_string();
        if (s == "1" || s == "t" || s == "true" || s == "TRUE" || s == "True") { tmp = value(true); return &tmp; }
        if (s == "0" || s == "f" || s == "false" || s == "FALSE" || s == "False") { tmp = value(false); return &tmp; }
        return conversion_error(tmp, "bool() cannot convert " + a->to_string());
      }
      break;
    default: break;
  }
  return no_overload(tmp, n, {a});
}

TUOYU_DECL const value* ev_aggregate(const node& n, const std::vector<const value*>& items, value& tmp) {
  const char* name = n.fn == op::sum ? "sum" : n.fn == op::min ? "min" : "max";
  if (n.fn == op::sum) {
    bool all_int = true, all_uint = true, numeric = true;
    for (const value* v : items) {
      all_int = all_int && v->is_int();
      all_uint = all_uint && v->is_uint();
      numeric = numeric && v->is_number();
    }
    if (!numeric) return set_error(tmp, "tuoyu.eval.404", "sum() needs a list of numbers");
    if (items.empty() || all_int) {
      std::int64_t r = 0;
      for (const value* v : items)
        if (__builtin_add_overflow(r, v->raw_int(), &r)) return set_error(tmp, "tuoyu.eval.402", "integer overflow in sum()");
      tmp = value(r);
      return &tmp;
    }
    if (all_uint) {
      std::uint64_t r = 0;
      for (const value* v : items)
        if (__builtin_add_overflow(r, v->raw_uint(), &r)) return set_error(tmp, "tuoyu.eval.402", "integer overflow in sum()");
      tmp = value(r);
      return &tmp;
    }
    bool any_double = false;
    for (const value* v : items) any_double = any_double || v->is_double();
    if (!any_double) return set_error(tmp, "tuoyu.eval.404", "sum() cannot mix int and uint");
    double r = 0;
    for (const value* v : items) r += v->as_double();
    tmp = value(r);
    return &tmp;
  }
  if (items.empty()) return set_error(tmp, "tuoyu.eval.406", std::string(name) + "() of an empty list");
  const value* best = items[0];
  for (std::size_t i = 1; i < items.size(); ++i) {
    int c = order(*items[i], *best);
    if (c == 3 || order(*best, *best) == 3)
      return set_error(tmp, "tuoyu.eval.404", std::string(name) + "() needs values that can be ordered against each other");
    if (c == 2) {  // NaN wins, as in IEEE min/max propagation
      if (items[i]->is_double() && std::isnan(items[i]->raw_double())) best = items[i];
      continue;
    }
    if ((n.fn == op::min && c < 0) || (n.fn == op::max && c > 0)) best = items[i];
  }
  if (order(*best, *best) == 3)
    return set_error(tmp, "tuoyu.eval.404", std::string(name) + "() needs values that can be ordered against each other");
  return copy_to(tmp, best);
}

// `x.a.b` for the comprehension variable in `slot`: the field names, or nullopt.
TUOYU_DECL std::optional<std::vector<std::string>> variable_path(const node& n, std::int32_t slot) {
  auto chain = select_chain_of(n);
  if (!chain || chain->root->slot != slot) return std::nullopt;
  return std::move(chain->fields);
}

TUOYU_DECL bool reads_slot(const node& n, std::int32_t slot) {
  if (n.kind == node_kind::ident && n.slot == slot) return true;
  for (const auto& a : n.args)
    if (reads_slot(*a, slot)) return true;
  return false;
}

// A value bound for the whole evaluation (a variable or definition, or a field of one): the same
// list object every time, so an index built over it stays valid.
TUOYU_DECL bool bound_for_evaluation(const node& n, const eval_state& st) {
  if (n.kind == node_kind::ident) return n.slot >= 0 && static_cast<std::size_t>(n.slot) < st.prog->variables.size();
  return n.kind == node_kind::select && n.args.size() == 1 && bound_for_evaluation(*n.args[0], st);
}

// `list.filter(x, x.a.b == probe)` over a bound list, with `probe` not reading x: one lookup in an
// index built once per check, instead of a test per element. nullptr when the index does not apply,
// then the ordinary loop runs. It costs one step per element, as the loop's own steps would.
TUOYU_DECL const value* indexed_filter(const node& n, eval_state& st, const value& range, value& tmp) {
  const node& body = *n.args[1];
  if (body.kind != node_kind::call || body.fn != op::eq || body.args.size() != 2) return nullptr;
  for (int side = 0; side < 2; ++side) {
    auto path = variable_path(*body.args[side], n.slot);
    const node& other = *body.args[1 - side];
    if (!path || path->empty() || reads_slot(other, n.slot)) continue;
    std::size_t count = range.as_list().size();
    if (st.budget < count + 1) return nullptr;
    auto index = st.act->index_cache()->get(range, *path);
    if (!index->usable()) return nullptr;
    value probe_tmp;
    const value* probe = ev(other, st, probe_tmp);
    if (st.exhausted || probe->kind() != index->kind()) return nullptr;
    st.budget -= std::min<std::uint64_t>(st.budget, count);
    tmp = index->select(*probe);
    return &tmp;
  }
  return nullptr;
}

TUOYU_DECL const value* ev_comprehension(const node& n, eval_state& st, value& tmp) {
  value range_tmp;
  const value* range = ev(*n.args[0], st, range_tmp);
  if (range->is_error()) return copy_to(tmp, range);
  bool is_list = range->is_list();
  if (!is_list && !range->is_map())
    return set_error(tmp, "tuoyu.eval.404", "cannot iterate over a value of kind " + std::string(to_string(range->kind())));
  std::size_t count = is_list ? range->as_list().size() : range->as_map().size();
  if (n.mac == macro::filter && is_list && !n.has_filter && n.slot2 < 0 && count >= 64 && !st.trace && st.act->index_cache() &&
      bound_for_evaluation(*n.args[0], st))
    if (const value* r = indexed_filter(n, st, *range, tmp)) return r;
  const node* filter = n.has_filter ? n.args[1].get() : nullptr;
  const node& body = *n.args[n.has_filter ? 2 : 1];
  bool two = n.slot2 >= 0;
  value index;
  value first_error;
  bool have_error = false;
  std::int64_t found = 0;
  value_list out;
  std::vector<std::pair<value, value>> out_map;
  const value*& v1 = st.frame[n.slot];
  const value* dummy = nullptr;
  const value*& v2 = two ? st.frame[n.slot2] : dummy;
  for (std::size_t i = 0; i < count; ++i) {
    if (st.budget == 0) {
      st.exhausted = true;
      return set_error(tmp, "tuoyu.eval.405", "evaluation step budget exceeded");
    }
    --st.budget;
    const value* elem;
    const value* key;
    if (is_list) {
      elem = &range->as_list()[i];
      index = value(static_cast<std::int64_t>(i));
      key = &index;
    } else {
      const auto& e = range->as_map().entries()[i];
      key = &e.first;
      elem = &e.second;
    }
    if (two) {
      v1 = key;
      v2 = elem;
    } else {
      v1 = is_list ? elem : key;
    }
    if (filter) {
      value ft;
      const value* f = ev(*filter, st, ft);
      if (f->is_error()) return copy_to(tmp, f);
      if (!f->is_bool()) return set_error(tmp, "tuoyu.eval.404", "a macro's filter gave a " + std::string(to_string(f->kind())) + ", not a bool");
      if (!f->raw_bool()) continue;
    }
    value bt;
    const value* b = ev(body, st, bt);
    switch (n.mac) {
      case macro::all:
      case macro::exists: {
        bool stop_on = n.mac == macro::exists;
        if (b->is_bool()) {
          if (b->raw_bool() == stop_on) {
            tmp = value(stop_on);
            return &tmp;
          }
        } else if (!have_error) {
          have_error = true;
          first_error = b->is_error() ? *b
                                      : value::error("tuoyu.eval.404", "a macro's predicate gave a " +
                                                                           std::string(to_string(b->kind())) + ", not a bool");
        }
        break;
      }
      case macro::exists_one:
        if (b->is_error()) return copy_to(tmp, b);
        if (!b->is_bool()) return set_error(tmp, "tuoyu.eval.404", "exists_one's predicate gave a non-bool");
        found += b->raw_bool();
        break;
      case macro::filter:
        if (b->is_error()) return copy_to(tmp, b);
        if (!b->is_bool()) return set_error(tmp, "tuoyu.eval.404", "filter's predicate gave a non-bool");
        if (b->raw_bool()) out.push_back(*v1);
        break;
      case macro::map:
      case macro::map_filter:
      case macro::transform_list:
        if (b->is_error()) return copy_to(tmp, b);
        out.push_back(*b);
        break;
      case macro::transform_map:
        if (b->is_error()) return copy_to(tmp, b);
        out_map.emplace_back(*key, *b);
        break;
    }
    if (st.exhausted) return set_error(tmp, "tuoyu.eval.405", "evaluation step budget exceeded");
  }
  switch (n.mac) {
    case macro::all:
    case macro::exists:
      if (have_error) return copy_to(tmp, &first_error);
      tmp = value(n.mac == macro::all);
      return &tmp;
    case macro::exists_one: tmp = value(found == 1); return &tmp;
    case macro::transform_map: tmp = value::map(std::move(out_map)); return &tmp;
    default: tmp = value::list(std::move(out)); return &tmp;
  }
}

// Regex work costs one step per regex_work_per_step units (code points examined plus NFA states
// visited), so that a step of a search costs about as much time as a step elsewhere.
inline constexpr std::uint64_t regex_work_per_step = 8;

TUOYU_DECL const value* ev_matches(const node& n, std::string_view text, std::string_view pattern, eval_state& st,
                                   value& tmp) {
  auto exhausted = [&] {
    st.budget = 0;
    st.exhausted = true;
    return set_error(tmp, "tuoyu.eval.405", "evaluation step budget exceeded");
  };
  auto charge = [&](std::uint64_t work) {
    std::uint64_t steps = (work + regex_work_per_step - 1) / regex_work_per_step;
    if (steps > st.budget) return false;
    st.budget -= steps;
    return true;
  };
  std::shared_ptr<const regex_program> dynamic;
  const regex_program* re = n.regex.get();
  if (!re) {  // a pattern computed at run time: compiling it costs its length
    if (!charge(pattern.size())) return exhausted();
    regex_error err;
    dynamic = compile_regex(pattern, err);
    if (!dynamic)
      return set_error(tmp, "tuoyu.eval.412", "invalid regular expression " + regex_quote(pattern) +
                                                  ": " + err.message + " (at character " + std::to_string(err.position) +
                                                  " of the pattern)");
    if (!charge(dynamic->code.size())) return exhausted();
    re = dynamic.get();
  }
  std::uint64_t limit = st.budget > UINT64_MAX / regex_work_per_step ? UINT64_MAX : st.budget * regex_work_per_step;
  regex_search_result r = regex_search(*re, text, limit);
  if (r.exhausted || !charge(r.work)) return exhausted();
  tmp = value(r.matched);
  return &tmp;
}

TUOYU_DECL const value* ev_call(const node& n, eval_state& st, value& tmp) {
  // Unchecked expressions can call a function with any number of arguments.
  if (n.args.empty() && n.fn != op::unbound && n.fn != op::min && n.fn != op::max && n.fn != op::sum)
    return set_error(tmp, "tuoyu.eval.404", "no matching overload for " + display_name(n.name) + " applied to ()");
  if (n.fn == op::to_dyn && n.args.size() != 1)
    return set_error(tmp, "tuoyu.eval.404", "no matching overload for 'dyn'");
  switch (n.fn) {
    case op::logical_and:
    case op::logical_or: {
      // CEL's commutative logic: a decisive operand wins over an error in the other one.
      bool decisive = n.fn == op::logical_or;
      value t1;
      const value* a = ev(*n.args[0], st, t1);
      if (a->is_bool() && a->raw_bool() == decisive) {
        tmp = value(decisive);
        return &tmp;
      }
      value t2;
      const value* b = ev(*n.args[1], st, t2);
      if (b->is_bool() && b->raw_bool() == decisive) {
        tmp = value(decisive);
        return &tmp;
      }
      if (a->is_bool() && b->is_bool()) {
        tmp = value(!decisive);
        return &tmp;
      }
      if (a->is_error()) return copy_to(tmp, a);
      if (b->is_error()) return copy_to(tmp, b);
      return no_overload(tmp, n, {a, b});
    }
    case op::conditional: {
      value t1;
      const value* c = ev(*n.args[0], st, t1);
      if (c->is_error()) return copy_to(tmp, c);
      if (!c->is_bool()) return no_overload(tmp, n, {c});
      return ev(*n.args[c->raw_bool() ? 1 : 2], st, tmp);
    }
    case op::to_dyn: return ev(*n.args[0], st, tmp);
    case op::unbound: return set_error(tmp, "tuoyu.eval.409", "unbound function '" + n.name + "'");
    case op::param: {
      const auto& lookup = st.act->get_parameter_lookup();
      auto name = n.args[0]->literal.as_string();
      if (!lookup) return set_error(tmp, "tuoyu.eval.410", "no value for parameter '" + std::string(name) + "' (no parameter lookup is set)");
      tmp = lookup(name);
      return &tmp;
    }
    case op::index: {
      const value* c = ev(*n.args[0], st, tmp);
      if (c->is_error()) return c;
      value t2;
      const value* i = ev(*n.args[1], st, t2);
      if (i->is_error()) return copy_to(tmp, i);
      if (c->is_list()) {
        const auto& items = c->as_list();
        std::int64_t ix = 0;
        if (i->is_int()) {
          ix = i->raw_int();
        } else if (i->is_uint()) {
          ix = i->raw_uint() > static_cast<std::uint64_t>(INT64_MAX) ? -1 : static_cast<std::int64_t>(i->raw_uint());
        } else if (i->is_double() && i->raw_double() == std::trunc(i->raw_double()) &&
                   std::abs(i->raw_double()) < 9.2e18) {
          ix = static_cast<std::int64_t>(i->raw_double());
        } else {
          return set_error(tmp, "tuoyu.eval.404", "invalid_argument: a list index must be an integer, not " + i->to_string());
        }
        if (ix < 0 || static_cast<std::uint64_t>(ix) >= items.size())
          return set_error(tmp, "tuoyu.eval.407",
                           "index " + std::to_string(ix) + " out of range (invalid_argument) for a list of size " +
                               std::to_string(items.size()));
        return &items[static_cast<std::size_t>(ix)];
      }
      if (c->is_map()) {
        if (const value* v = c->find_key(*i)) return v;
        return set_error(tmp, "tuoyu.eval.403", "no such key: " + i->to_string());
      }
      return no_overload(tmp, n, {c, i});
    }
    case op::sum:
    case op::min:
    case op::max: {
      std::vector<const value*> items;
      if (n.args.size() == 1) {
        const value* l = ev(*n.args[0], st, tmp);
        if (l->is_error()) return l;
        if (!l->is_list()) return no_overload(tmp, n, {l});
        value keep = *l;  // tmp is overwritten with the result below
        for (const auto& x : keep.as_list()) items.push_back(&x);
        return copy_to(tmp, ev_aggregate(n, items, tmp));
      }
      std::vector<value> temps(n.args.size());
      for (std::size_t k = 0; k < n.args.size(); ++k) {
        const value* v = ev(*n.args[k], st, temps[k]);
        if (v->is_error()) return copy_to(tmp, v);
        items.push_back(v);
      }
      return copy_to(tmp, ev_aggregate(n, items, tmp));
    }
    default: break;
  }

  // Strict functions of one or two arguments: errors propagate.
  value t1, t2;
  const value* a = ev(*n.args[0], st, t1);
  if (a->is_error()) return copy_to(tmp, a);
  if (n.args.size() == 1) {
    switch (n.fn) {
      case op::logical_not:
        if (!a->is_bool()) return no_overload(tmp, n, {a});
        tmp = value(!a->raw_bool());
        return &tmp;
      case op::negate:
        if (a->is_int()) {
          if (a->raw_int() == INT64_MIN) return set_error(tmp, "tuoyu.eval.402", "integer overflow in negation");
          tmp = value(-a->raw_int());
          return &tmp;
        }
        if (a->is_double()) {
          tmp = value(-a->raw_double());
          return &tmp;
        }
        return no_overload(tmp, n, {a});
      case op::size:
        if (a->is_string()) tmp = value(static_cast<std::int64_t>(utf8_length(a->as_string())));
        else if (a->is_list()) tmp = value(static_cast<std::int64_t>(a->as_list().size()));
        else if (a->is_map()) tmp = value(static_cast<std::int64_t>(a->as_map().size()));
        else return no_overload(tmp, n, {a});
        return &tmp;
      case op::to_int:
      case op::to_uint:
      case op::to_double:
      case op::to_string:
      case op::to_bool: return ev_convert(n, a, tmp);
      case op::lower_ascii:
      case op::upper_ascii: {
        if (!a->is_string()) return no_overload(tmp, n, {a});
        std::string s(a->as_string());
        for (char& c : s) {
          if (n.fn == op::lower_ascii && c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
          if (n.fn == op::upper_ascii && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        }
        tmp = value(std::move(s));
        return &tmp;
      }
      case op::make_date:
        if (a->is_date()) return copy_to(tmp, a);
        if (a->is_string()) {
          if (auto d = tuoyu::date::try_parse(a->as_string())) {
            tmp = value(*d);
            return &tmp;
          }
          return set_error(tmp, "tuoyu.eval.406", "invalid date " + a->to_string() + " (expected a real day as YYYY-MM-DD)");
        }
        return no_overload(tmp, n, {a});
      case op::year:
      case op::month:
      case op::day: {
        if (!a->is_date()) return no_overload(tmp, n, {a});
        auto d = a->as_date();
        tmp = value(static_cast<std::int64_t>(n.fn == op::year ? d.year() : n.fn == op::month ? d.month() : d.day()));
        return &tmp;
      }
      default: return no_overload(tmp, n, {a});
    }
  }
  if (n.args.size() != 2) return set_error(tmp, "tuoyu.eval.404", "no matching overload for " + display_name(n.name));
  const value* b = ev(*n.args[1], st, t2);
  if (b->is_error()) return copy_to(tmp, b);
  switch (n.fn) {
    case op::add:
    case op::sub:
    case op::mul:
    case op::div:
    case op::mod: return ev_arith(n, a, b, tmp);
    case op::eq:
    case op::ne:
      tmp = value((*a == *b) == (n.fn == op::eq));
      return &tmp;
    case op::lt:
    case op::le:
    case op::gt:
    case op::ge: return ev_compare(n, a, b, tmp);
    case op::in:
      if (b->is_list()) {
        for (const auto& x : b->as_list()) {
          if (x == *a) {
            tmp = value(true);
            return &tmp;
          }
        }
        tmp = value(false);
        return &tmp;
      }
      if (b->is_map()) {
        tmp = value(b->find_key(*a) != nullptr);
        return &tmp;
      }
      return no_overload(tmp, n, {a, b});
    case op::contains:
    case op::starts_with:
    case op::ends_with: {
      if (!a->is_string() || !b->is_string()) return no_overload(tmp, n, {a, b});
      auto s = a->as_string(), x = b->as_string();
      bool r = n.fn == op::contains      ? s.find(x) != std::string_view::npos
               : n.fn == op::starts_with ? s.substr(0, x.size()) == x
                                         : (s.size() >= x.size() && s.substr(s.size() - x.size()) == x);
      tmp = value(r);
      return &tmp;
    }
    case op::matches: {
      if (!a->is_string() || !b->is_string()) return no_overload(tmp, n, {a, b});
      return ev_matches(n, a->as_string(), b->as_string(), st, tmp);
    }
    case op::days_between:
      if (!a->is_date() || !b->is_date()) return no_overload(tmp, n, {a, b});
      tmp = value(static_cast<std::int64_t>(days_between(a->as_date(), b->as_date())));
      return &tmp;
    default: return no_overload(tmp, n, {a, b});
  }
}

TUOYU_DECL const value* ev_inner(const node& n, eval_state& st, value& tmp) {
  switch (n.kind) {
    case node_kind::literal: return &n.literal;
    case node_kind::ident: {
      if (n.slot < 0) return set_error(tmp, "tuoyu.eval.409", "undeclared reference to '" + n.name + "'");
      const value* v = st.frame[n.slot];
      if (!v) return set_error(tmp, "tuoyu.eval.409", "variable '" + n.name + "' is not bound");
      return v;
    }
    case node_kind::select:
    case node_kind::has: return ev_select(n, st, tmp);
    case node_kind::call: return ev_call(n, st, tmp);
    case node_kind::list: {
      value_list items;
      items.reserve(n.args.size());
      for (const auto& a : n.args) {
        value t;
        const value* v = ev(*a, st, t);
        if (v->is_error()) return copy_to(tmp, v);
        items.push_back(v == &t ? std::move(t) : *v);
      }
      tmp = value::list(std::move(items));
      return &tmp;
    }
    case node_kind::map: {
      std::vector<std::pair<value, value>> entries;
      entries.reserve(n.args.size() / 2);
      for (std::size_t i = 0; i + 1 < n.args.size(); i += 2) {
        value tk, tv;
        const value* k = ev(*n.args[i], st, tk);
        if (k->is_error()) return copy_to(tmp, k);
        const value* v = ev(*n.args[i + 1], st, tv);
        if (v->is_error()) return copy_to(tmp, v);
        entries.emplace_back(*k, *v);
      }
      tmp = value::map(std::move(entries));
      return &tmp;
    }
    case node_kind::comprehension: return ev_comprehension(n, st, tmp);
  }
  return set_error(tmp, "tuoyu.eval.404", "unknown node");
}

TUOYU_DECL const value* ev(const node& n, eval_state& st, value& tmp) {
  if (st.budget == 0) {
    st.exhausted = true;
    return set_error(tmp, "tuoyu.eval.405", "evaluation step budget exceeded");
  }
  --st.budget;
  if (!st.trace) return ev_inner(n, st, tmp);
  auto& entries = st.trace->entries;
  std::size_t at = entries.size();
  if (at >= explanation::max_entries) {
    st.trace->truncated = true;
    return ev_inner(n, st, tmp);
  }
  const auto& src = *st.prog->sources[n.origin];
  explanation_entry e;
  e.source_text = src.text.substr(n.begin, n.end > n.begin ? n.end - n.begin : 0);
  auto [line, col] = src.line_col(n.begin);
  e.line = line;
  e.column = col;
  e.depth = st.depth;
  e.definition = src.name;
  entries.push_back(std::move(e));
  ++st.depth;
  const value* r = ev_inner(n, st, tmp);
  --st.depth;
  entries[at].result = *r;
  return r;
}

TUOYU_DECL value run_program(const program& prog, const activation& act, explanation* trace) {
  std::array<const value*, 32> small{};
  std::vector<const value*> big;
  const value** frame = small.data();
  if (prog.frame_size > small.size()) {
    big.assign(prog.frame_size, nullptr);
    frame = big.data();
  }
  for (std::size_t i = 0; i < prog.variables.size(); ++i) frame[i] = act.find(prog.variables[i]);
  eval_state st{&prog, &act, frame, act.step_budget().value_or(prog.step_budget)};
  st.trace = trace;
  value tmp;
  const value* r = ev(*prog.root, st, tmp);
  if (st.exhausted) return value::error("tuoyu.eval.405", "evaluation step budget exceeded");
  return r == &tmp ? std::move(tmp) : *r;
}

}  // namespace tuoyu::detail
