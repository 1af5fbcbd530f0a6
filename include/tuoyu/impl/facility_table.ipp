// Out-of-line part of facility_table.hpp.
#pragma once

#include <tuoyu/facility_table.hpp>

#include <algorithm>
#include <stdexcept>
#include <unordered_map>

namespace tuoyu {
inline namespace v1 {
namespace detail {

// Equal strings share one payload, so a column of 1M township ids holds a few hundred strings.
class string_interner {
 public:
  value get(std::string_view s) {
    auto it = seen_.find(s);
    if (it != seen_.end()) return it->second;
    value v{std::string(s)};
    seen_.emplace(v.as_string(), v);  // the key views the payload the map keeps alive
    return v;
  }

 private:
  std::unordered_map<std::string_view, value> seen_;
};

inline void intern_strings(std::vector<value>& cells) {
  string_interner in;
  for (auto& c : cells)
    if (c.is_string()) c = in.get(c.as_string());
}

}  // namespace detail

TUOYU_DECL void facility_table::index_strings(column& c) {
  // Called only on columns whose strings went through one interner.
  std::unordered_map<const void*, bool> seen;
  c.dictionary.clear();
  for (const auto& v : c.cells)
    if (v.is_string() && seen.emplace(v.raw_payload(), true).second) c.dictionary.push_back(v);
  c.interned = true;
}

TUOYU_DECL facility_table::column& facility_table::slot(std::string path) {
  if (auto it = index_.find(path); it != index_.end()) return columns_[it->second];
  index_.emplace(path, columns_.size());
  columns_.push_back({std::move(path), false, {}, {}, false});
  return columns_.back();
}

TUOYU_DECL void facility_table::derive_objects(const std::string& path) {
  // "a.b.c" makes "a.b" and "a" present where it is, unless they were given explicitly.
  auto dot = path.rfind('.');
  if (dot == std::string::npos) return;
  std::string parent = path.substr(0, dot);
  const column* child = find(path);
  auto it = index_.find(parent);
  if (it == index_.end()) {
    column& p = slot(parent);
    p.object = true;
    p.cells.assign(rows_, value());
    it = index_.find(parent);
  } else if (!columns_[it->second].object) {
    return;
  }
  child = find(path);
  auto& cells = columns_[it->second].cells;
  for (std::size_t i = 0; i < rows_; ++i)
    if (!child->cells[i].is_null()) cells[i] = value(true);
  derive_objects(parent);
}

TUOYU_DECL void facility_table::set_column(std::string path, std::vector<value> cells) {
  if (cells.size() != rows_)
    throw std::invalid_argument("facility_table: column " + path + " has " + std::to_string(cells.size()) +
                                " cells for " + std::to_string(rows_) + " rows");
  detail::intern_strings(cells);
  column& c = slot(path);
  c.object = false;
  c.cells = std::move(cells);
  index_strings(c);
  derive_objects(path);
  relayout();
}

TUOYU_DECL void facility_table::set_column(std::string path, const std::vector<std::optional<std::int64_t>>& cells) {
  std::vector<value> v(cells.size());
  for (std::size_t i = 0; i < cells.size(); ++i)
    if (cells[i]) v[i] = value(*cells[i]);
  set_column(std::move(path), std::move(v));
}

TUOYU_DECL void facility_table::set_column(std::string path, const std::vector<std::optional<std::string>>& cells) {
  std::vector<value> v(cells.size());
  detail::string_interner in;
  for (std::size_t i = 0; i < cells.size(); ++i)
    if (cells[i]) v[i] = in.get(*cells[i]);
  set_column(std::move(path), std::move(v));  // interning again is cheap: equal payloads
}

TUOYU_DECL void facility_table::set_column(std::string path, const std::vector<std::optional<bool>>& cells) {
  std::vector<value> v(cells.size());
  for (std::size_t i = 0; i < cells.size(); ++i)
    if (cells[i]) v[i] = value(*cells[i]);
  set_column(std::move(path), std::move(v));
}

TUOYU_DECL void facility_table::set_column(std::string path, const std::vector<std::optional<date>>& cells) {
  std::vector<value> v(cells.size());
  for (std::size_t i = 0; i < cells.size(); ++i)
    if (cells[i]) v[i] = value(*cells[i]);
  set_column(std::move(path), std::move(v));
}

TUOYU_DECL void facility_table::set_object_column(std::string path, const std::vector<bool>& present) {
  if (present.size() != rows_)
    throw std::invalid_argument("facility_table: column " + path + " has the wrong number of cells");
  column& c = slot(std::move(path));
  c.object = true;
  c.cells.assign(rows_, value());
  for (std::size_t i = 0; i < rows_; ++i)
    if (present[i]) c.cells[i] = value(true);
  relayout();
}

TUOYU_DECL const facility_table::column* facility_table::find(std::string_view path) const noexcept {
  auto it = index_.find(path);
  return it == index_.end() ? nullptr : &columns_[it->second];
}

TUOYU_DECL std::string facility_table::id(std::size_t i) const {
  if (id_column_ >= columns_.size()) return {};
  const value& cell = columns_[id_column_].cells[i];
  return cell.is_string() ? std::string(cell.as_string()) : std::string();
}

TUOYU_DECL void facility_table::relayout() {
  auto id = index_.find(std::string_view("id"));
  id_column_ = id == index_.end() ? columns_.size() : id->second;
  keys_.assign(columns_.size(), value());
  children_.assign(columns_.size() + 1, {});
  for (std::size_t k = 0; k < columns_.size(); ++k) {
    const auto& path = columns_[k].path;
    auto dot = path.rfind('.');
    keys_[k] = value(dot == std::string::npos ? path : path.substr(dot + 1));
    std::size_t parent = columns_.size();
    if (dot != std::string::npos) {
      auto it = index_.find(std::string_view(path).substr(0, dot));
      if (it == index_.end() || !columns_[it->second].object) continue;  // not reachable from the row
      parent = it->second;
    }
    children_[parent].push_back(k);
  }
  // Members in key order, so that a row's map needs no sorting.
  for (auto& kids : children_)
    std::sort(kids.begin(), kids.end(), [&](std::size_t a, std::size_t b) { return keys_[a].as_string() < keys_[b].as_string(); });
}

TUOYU_DECL value facility_table::build_row(std::size_t i, int parent) const {
  const auto& kids = children_[parent < 0 ? columns_.size() : static_cast<std::size_t>(parent)];
  std::vector<std::pair<value, value>> entries;
  entries.reserve(kids.size());
  for (auto k : kids) {
    const auto& c = columns_[k];
    if (c.cells[i].is_null()) continue;
    entries.emplace_back(keys_[k], c.object ? build_row(i, static_cast<int>(k)) : c.cells[i]);
  }
  return value::map(std::move(entries));
}

TUOYU_DECL value facility_table::cell(std::size_t i, const column& c) const {
  if (!c.object || c.cells[i].is_null()) return c.cells[i];
  return build_row(i, static_cast<int>(&c - columns_.data()));
}

TUOYU_DECL value facility_table::row(std::size_t i) const {
  return children_.empty() ? value::map({}) : build_row(i, -1);
}

TUOYU_DECL facility_table facility_table::from_dataset(const dataset& d, const std::vector<std::string>& paths) {
  facility_table t(d.facilities.size());
  // A requested path brings the objects it lies in and, if it names an object, everything inside it.
  auto within = [](std::string_view outer, std::string_view inner) {
    return inner.size() > outer.size() && inner.compare(0, outer.size(), outer) == 0 && inner[outer.size()] == '.';
  };
  auto wanted = [&](std::string_view p) {
    if (paths.empty()) return true;
    return std::any_of(paths.begin(), paths.end(),
                       [&](const std::string& q) { return q == p || within(p, q) || within(q, p); });
  };
  const auto& fs = d.facilities;
  std::size_t n = fs.size();
  detail::string_interner in;
  // `interned`: strings went through the interner and get a dictionary; ids and names, one per
  // facility, are not worth one and are compared by content.
  auto add = [&](const char* path, bool object, auto&& cell, bool interned = true) {
    if (!wanted(path)) return;
    column& c = t.slot(path);
    c.object = object;
    c.cells.resize(n);
    for (std::size_t i = 0; i < n; ++i) c.cells[i] = cell(fs[i]);
    if (interned) index_strings(c);
  };
  auto str = [&](std::string_view s) { return in.get(s); };
  auto opt_date = [](const std::optional<date>& x) { return x ? value(*x) : value(); };
  add("id", false, [&](const facility& f) { return value(f.id); }, false);
  add("name", false, [&](const facility& f) { return value(f.name); }, false);
  add("township", false, [&](const facility& f) { return str(f.township); });
  add("kind", false, [&](const facility& f) { return str(to_string(f.kind)); });
  add("legal_form", false, [&](const facility& f) { return str(to_string(f.legal_form)); });
  add("status", false, [&](const facility& f) { return str(to_string(f.status)); });
  add("opened", false, [&](const facility& f) { return opt_date(f.opened); });
  add("closed", false, [&](const facility& f) { return opt_date(f.closed); });
  add("capacity", false, [&](const facility& f) { return value(f.capacity); });
  add("enrolled", false, [&](const facility& f) { return f.enrolled ? value(*f.enrolled) : value(); });
  add("care_modes", false, [&](const facility& f) {
    value_list modes;
    for (auto m : f.care_modes) modes.push_back(str(to_string(m)));
    return value::list(std::move(modes));
  });
  add("demonstration", false, [&](const facility& f) { return value(f.demonstration); });
  add("inclusive", false, [&](const facility& f) { return value(f.inclusive); });
  add("employees_only", false, [&](const facility& f) { return value(f.employees_only); });
  add("free_of_charge", false, [&](const facility& f) { return value(f.free_of_charge); });
  add("utility_pricing", false,
      [&](const facility& f) { return f.utility_pricing ? str(to_string(*f.utility_pricing)) : value(); });
  add("enrolled_age_months", true, [&](const facility& f) { return f.enrolled_age_months ? value(true) : value(); });
  add("enrolled_age_months.min", false, [&](const facility& f) {
    return f.enrolled_age_months && f.enrolled_age_months->min ? value(*f.enrolled_age_months->min) : value();
  });
  add("enrolled_age_months.max", false, [&](const facility& f) {
    return f.enrolled_age_months && f.enrolled_age_months->max ? value(*f.enrolled_age_months->max) : value();
  });
  add("registration", true, [&](const facility& f) { return f.registration ? value(true) : value(); });
  add("registration.authority", false,
      [&](const facility& f) { return f.registration ? str(f.registration->authority) : value(); });
  add("registration.date", false,
      [&](const facility& f) { return f.registration ? opt_date(f.registration->date) : value(); });
  add("registration.scope_includes_childcare", false, [&](const facility& f) {
    // As facility_value: a scope the input did not state is absent, not false.
    const auto& r = f.registration;
    return r && (r->scope_includes_childcare || r->given_default.contains("scope_includes_childcare"))
               ? value(r->scope_includes_childcare)
               : value();
  });
  add("filing", true, [&](const facility& f) { return f.filing ? value(true) : value(); });
  add("filing.authority", false, [&](const facility& f) { return f.filing ? str(f.filing->authority) : value(); });
  add("filing.date", false, [&](const facility& f) { return f.filing ? opt_date(f.filing->date) : value(); });
  // Unknown fields, kept by the dataset, become columns too, so that row(i) is the facility exactly as
  // the per-record path sees it (detail::facility_value).
  auto add_extra = [&](const std::string& prefix, auto&& extra_of) {
    std::vector<std::string> keys;
    for (const auto& f : fs)
      if (const boost::json::object* x = extra_of(f))
        for (const auto& kv : *x)
          if (std::find(keys.begin(), keys.end(), kv.key()) == keys.end()) keys.emplace_back(kv.key());
    for (const auto& key : keys) {
      std::string path = prefix + key;
      if (!wanted(path)) continue;
      column& c = t.slot(path);
      c.cells.assign(n, value());
      for (std::size_t i = 0; i < n; ++i)
        if (const boost::json::object* x = extra_of(fs[i]))
          if (const auto* v = x->if_contains(key)) c.cells[i] = v->is_string() ? str(v->as_string()) : value::from_json(*v);
      index_strings(c);
    }
  };
  add_extra("", [](const facility& f) { return &f.extra; });
  add_extra("registration.", [](const facility& f) { return f.registration ? &f.registration->extra : nullptr; });
  add_extra("filing.", [](const facility& f) { return f.filing ? &f.filing->extra : nullptr; });
  add_extra("enrolled_age_months.",
            [](const facility& f) { return f.enrolled_age_months ? &f.enrolled_age_months->extra : nullptr; });
  t.relayout();
  return t;
}

}  // namespace v1
}  // namespace tuoyu
