// Out-of-line part of facility_table.hpp.
#pragma once

#include <tuoyu/detail/payload_block.hpp>
#include <tuoyu/facility_table.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <mutex>
#include <span>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace tuoyu {
inline namespace v1 {
namespace detail {

// Equal strings share one payload, so a column of 1M township ids holds a few hundred strings.
class string_interner {
 public:
  value get(std::string_view s) {
    // A column holds a few distinct strings: a small cache by a cheap hash of the text answers
    // almost every cell before the map (which hashes the whole text) is asked.
    auto& slot = recent_[quick_hash(s) % recent_.size()];
    if (!slot.second.is_null() && slot.first == s) return slot.second;
    auto it = seen_.find(s);
    if (it == seen_.end()) {
      value v{std::string(s)};
      it = seen_.emplace(v.as_string(), v).first;  // the key views the payload the map keeps alive
    }
    slot = *it;
    return it->second;
  }

  // For strings that are literals of the program (enum names): looked up by address, no hashing.
  value get_literal(std::string_view s) {
    auto& slot = literals_[(reinterpret_cast<std::uintptr_t>(s.data()) >> 3) % literals_.size()];
    if (slot.first.data() != s.data() || slot.first.size() != s.size()) slot = {s, get(s)};
    return slot.second;
  }

  // A string not worth sharing (an id, a name: one per facility), its payload placed in a block.
  value unique(std::string s) { return value::string_of(unique_strings_.make(std::move(s))); }

  // Lists of enum names (a facility's care modes) are shared too. `code` stands for the list's
  // content; `make` builds it the first time.
  template <class Make>
  value get_list(std::uint64_t code, Make make) {
    auto [it, inserted] = lists_.try_emplace(code);
    if (inserted) it->second = make();
    return it->second;
  }

 private:
  // The length and the first and last eight bytes, mixed: enough to tell apart the few strings of a column.
  static std::size_t quick_hash(std::string_view s) noexcept {
    std::uint64_t head = 0, tail = 0;
    if (!s.empty()) std::memcpy(&head, s.data(), std::min<std::size_t>(s.size(), 8));
    if (s.size() > 8) std::memcpy(&tail, s.data() + s.size() - 8, 8);
    return static_cast<std::size_t>(((head ^ (tail * 0x9E3779B97F4A7C15ull)) + s.size()) * 0xBF58476D1CE4E5B9ull >> 56);
  }

  std::unordered_map<std::string_view, value> seen_;
  std::array<std::pair<std::string_view, value>, 256> recent_{};  // by quick_hash; a miss asks seen_
  std::array<std::pair<std::string_view, value>, 64> literals_{};  // by address; a miss just looks up again
  std::unordered_map<std::uint64_t, value> lists_;
  payload_block_maker<string_payload> unique_strings_;
};

inline void intern_strings(std::vector<value>& cells) {
  string_interner in;
  for (auto& c : cells)
    if (c.is_string()) c = in.get(c.as_string());
}

}  // namespace detail

TUOYU_DECL void facility_table::index_strings(column& c) {
  // Called only on columns whose strings went through one interner. A column holds a few distinct
  // strings: a small cache by address answers almost every cell before the set is asked.
  std::unordered_set<const void*> seen;
  std::array<const void*, 64> recent{};
  c.dictionary.clear();
  for (const auto& v : c.cells) {
    if (!v.is_string()) continue;
    const void* p = v.raw_payload();
    auto& slot = recent[(reinterpret_cast<std::uintptr_t>(p) >> 4) % recent.size()];
    if (slot == p) continue;
    slot = p;
    if (seen.insert(p).second) c.dictionary.push_back(v);
  }
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

// The members of an object column (or of the row itself) in row `row`, read in place.
struct facility_table::row_view_payload : detail::map_payload {
  row_view_payload(const facility_table& t, std::size_t r, std::size_t p) : table(t), row(r), parent(p) {}

  const value* find(std::string_view key) const noexcept override {
    const auto& kids = table.children_[parent];
    auto it = std::lower_bound(kids.begin(), kids.end(), key,
                               [&](std::size_t k, std::string_view x) { return table.keys_[k].as_string() < x; });
    if (it == kids.end() || table.keys_[*it].as_string() != key) return nullptr;
    const column& c = table.columns_[*it];
    if (c.cells[row].is_null()) return nullptr;
    return c.object ? &objects()[static_cast<std::size_t>(it - kids.begin())] : &c.cells[row];
  }

  const value_map& entries() const override {
    std::call_once(entries_once, [&] {
      const auto& kids = table.children_[parent];
      std::vector<std::pair<value, value>> out;
      out.reserve(kids.size());
      for (std::size_t j = 0; j < kids.size(); ++j) {
        const column& c = table.columns_[kids[j]];
        if (!c.cells[row].is_null()) out.emplace_back(table.keys_[kids[j]], c.object ? objects()[j] : c.cells[row]);
      }
      whole = value::map(std::move(out));
    });
    return whole.as_map();
  }

  // Views of the object members present, placed as in children_[parent]; made on first use.
  const std::vector<value>& objects() const {
    std::call_once(objects_once, [&] {
      const auto& kids = table.children_[parent];
      nested.resize(kids.size());
      for (std::size_t j = 0; j < kids.size(); ++j) {
        const column& c = table.columns_[kids[j]];
        if (c.object && !c.cells[row].is_null())
          nested[j] = value::map_of(new row_view_payload(table, row, kids[j]));
      }
    });
    return nested;
  }

  const facility_table& table;
  std::size_t row;
  std::size_t parent;  // an object column, or columns_.size() for the row itself
  mutable std::once_flag objects_once, entries_once;
  mutable std::vector<value> nested;
  mutable value whole;
};

TUOYU_DECL value facility_table::row_view(std::size_t i) const {
  if (children_.empty()) return value::map({});
  return value::map_of(new row_view_payload(*this, i, columns_.size()));
}

TUOYU_DECL std::vector<value> facility_table::row_views() const {
  std::vector<value> out;
  if (children_.empty()) {
    out.assign(rows_, value::map({}));
    return out;
  }
  out.reserve(rows_);
  detail::payload_block_maker<row_view_payload> views;  // see detail::payload_block
  for (std::size_t i = 0; i < rows_; ++i) out.push_back(value::map_of(views.make(*this, i, columns_.size())));
  return out;
}

TUOYU_DECL value facility_table::cell(std::size_t i, const column& c) const {
  if (!c.object || c.cells[i].is_null()) return c.cells[i];
  return build_row(i, static_cast<int>(&c - columns_.data()));
}

TUOYU_DECL value facility_table::row(std::size_t i) const {
  return children_.empty() ? value::map({}) : build_row(i, -1);
}

namespace detail {

// The known fields of a facility (contract section 2), each read from a record by `get`. Strings of a
// `shared` column go through the interner and get a dictionary; ids and names, one per facility, are
// `unique`: not worth one. A `plain` column holds no strings, so its (empty) dictionary needs no pass
// over its cells.
struct facility_field {
  using getter = value (*)(const facility&, string_interner&);
  enum strings_t : std::uint8_t { plain, shared, unique };
  const char* path;
  bool object;
  strings_t kind;
  getter get;
};

inline std::span<const facility_field> facility_fields() {
  using in_t = string_interner;
  constexpr auto plain = facility_field::plain, shared = facility_field::shared, unique = facility_field::unique;
  static const facility_field fields[] = {
      {"id", false, unique, [](const facility& f, in_t& strings) { return strings.unique(f.id); }},
      {"name", false, unique, [](const facility& f, in_t& strings) { return strings.unique(f.name); }},
      {"township", false, shared, [](const facility& f, in_t& strings) { return strings.get(f.township); }},
      {"kind", false, shared, [](const facility& f, in_t& strings) { return strings.get_literal(to_string(f.kind)); }},
      {"legal_form", false, shared, [](const facility& f, in_t& strings) { return strings.get_literal(to_string(f.legal_form)); }},
      {"status", false, shared, [](const facility& f, in_t& strings) { return strings.get_literal(to_string(f.status)); }},
      {"opened", false, plain, [](const facility& f, in_t&) { return f.opened ? value(*f.opened) : value(); }},
      {"closed", false, plain, [](const facility& f, in_t&) { return f.closed ? value(*f.closed) : value(); }},
      {"capacity", false, plain, [](const facility& f, in_t&) { return value(f.capacity); }},
      {"enrolled", false, plain, [](const facility& f, in_t&) { return f.enrolled ? value(*f.enrolled) : value(); }},
      {"care_modes", false, plain,
       [](const facility& f, in_t& strings) {
         auto make = [&] {
           value_list modes;
           for (auto m : f.care_modes) modes.push_back(strings.get_literal(to_string(m)));
           return value::list(std::move(modes));
         };
         // A handful of combinations among a million facilities: one list each, keyed by content.
         if (f.care_modes.size() > 12) return make();
         std::uint64_t code = 1;
         for (auto m : f.care_modes) code = code << 5 | (static_cast<std::uint64_t>(m) & 31);
         return strings.get_list(code, make);
       }},
      {"demonstration", false, plain, [](const facility& f, in_t&) { return value(f.demonstration); }},
      {"inclusive", false, plain, [](const facility& f, in_t&) { return value(f.inclusive); }},
      {"employees_only", false, plain, [](const facility& f, in_t&) { return value(f.employees_only); }},
      {"free_of_charge", false, plain, [](const facility& f, in_t&) { return value(f.free_of_charge); }},
      {"utility_pricing", false, shared,
       [](const facility& f, in_t& strings) {
         return f.utility_pricing ? strings.get_literal(to_string(*f.utility_pricing)) : value();
       }},
      {"enrolled_age_months", true, plain,
       [](const facility& f, in_t&) { return f.enrolled_age_months ? value(true) : value(); }},
      {"enrolled_age_months.min", false, plain,
       [](const facility& f, in_t&) {
         return f.enrolled_age_months && f.enrolled_age_months->min ? value(*f.enrolled_age_months->min) : value();
       }},
      {"enrolled_age_months.max", false, plain,
       [](const facility& f, in_t&) {
         return f.enrolled_age_months && f.enrolled_age_months->max ? value(*f.enrolled_age_months->max) : value();
       }},
      {"registration", true, plain, [](const facility& f, in_t&) { return f.registration ? value(true) : value(); }},
      {"registration.authority", false, shared,
       [](const facility& f, in_t& strings) { return f.registration ? strings.get(f.registration->authority) : value(); }},
      {"registration.date", false, plain,
       [](const facility& f, in_t&) {
         return f.registration && f.registration->date ? value(*f.registration->date) : value();
       }},
      {"registration.scope_includes_childcare", false, plain,
       [](const facility& f, in_t&) {
         // As facility_value: a scope the input did not state is absent, not false.
         const auto& r = f.registration;
         return r && (r->scope_includes_childcare || r->given_default.contains("scope_includes_childcare"))
                    ? value(r->scope_includes_childcare)
                    : value();
       }},
      {"filing", true, plain, [](const facility& f, in_t&) { return f.filing ? value(true) : value(); }},
      {"filing.authority", false, shared,
       [](const facility& f, in_t& strings) { return f.filing ? strings.get(f.filing->authority) : value(); }},
      {"filing.date", false, plain,
       [](const facility& f, in_t&) { return f.filing && f.filing->date ? value(*f.filing->date) : value(); }},
  };
  return fields;
}

// Whether `p` is a column of a table limited to `paths` (all, if empty): a requested path brings the
// objects it lies in and, if it names an object, everything inside it.
inline bool path_wanted(const std::vector<std::string>& paths, std::string_view p) {
  auto within = [](std::string_view outer, std::string_view inner) {
    return inner.size() > outer.size() && inner.compare(0, outer.size(), outer) == 0 && inner[outer.size()] == '.';
  };
  if (paths.empty()) return true;
  return std::any_of(paths.begin(), paths.end(),
                     [&](const std::string& q) { return q == p || within(p, q) || within(q, p); });
}

// Where a facility keeps unknown fields, and the column prefix they get.
using extra_getter = const boost::json::object* (*)(const facility&);
inline constexpr std::pair<std::string_view, extra_getter> extra_sources[] = {
    {"", [](const facility& f) { return &f.extra; }},
    {"registration.", [](const facility& f) { return f.registration ? &f.registration->extra : nullptr; }},
    {"filing.", [](const facility& f) { return f.filing ? &f.filing->extra : nullptr; }},
    {"enrolled_age_months.",
     [](const facility& f) { return f.enrolled_age_months ? &f.enrolled_age_months->extra : nullptr; }},
};

inline bool has_extra(const facility& f) {
  return std::any_of(std::begin(extra_sources), std::end(extra_sources), [&](const auto& source) {
    const boost::json::object* x = source.second(f);
    return x && !x->empty();
  });
}

}  // namespace detail

struct facility_table::builder::state {
  facility_table table;
  detail::string_interner strings;
  // Each column filled, by its index in the table and the field that fills it.
  std::vector<std::pair<std::size_t, const detail::facility_field*>> active;
  // The same as (cells, getter): cells are appended, not assigned, so that a million cells are
  // written once rather than nulled first and read back.
  std::vector<std::pair<std::vector<value>*, detail::facility_field::getter>> fill;
};

TUOYU_DECL facility_table::builder::builder(std::size_t expected_rows, const std::vector<std::string>& paths)
    : state_(std::make_unique<state>()) {
  auto& t = state_->table;
  for (const auto& f : detail::facility_fields()) {
    if (!detail::path_wanted(paths, f.path)) continue;
    column& c = t.slot(f.path);
    c.object = f.object;
    c.cells.reserve(expected_rows);
    state_->active.emplace_back(t.index_.find(std::string_view(f.path))->second, &f);
  }
  for (auto [k, f] : state_->active) state_->fill.emplace_back(&t.columns_[k].cells, f->get);
}

TUOYU_DECL facility_table::builder::~builder() = default;

TUOYU_DECL bool facility_table::builder::add(const facility& f) {
  if (detail::has_extra(f)) return false;
  add_known(f);
  return true;
}

TUOYU_DECL void facility_table::builder::add_known(const facility& f) {
  for (auto [cells, get] : state_->fill) cells->push_back(get(f, state_->strings));
  ++state_->table.rows_;
}

TUOYU_DECL std::size_t facility_table::builder::size() const noexcept { return state_->table.rows_; }

TUOYU_DECL facility_table facility_table::builder::take_columns() && {
  auto& t = state_->table;
  for (auto [k, f] : state_->active) {
    if (f->kind == detail::facility_field::shared) index_strings(t.columns_[k]);
    if (f->kind == detail::facility_field::plain) t.columns_[k].interned = true;  // what index_strings would find
  }
  return std::move(t);
}

TUOYU_DECL facility_table facility_table::builder::finish() && {
  facility_table t = std::move(*this).take_columns();
  t.relayout();
  return t;
}

TUOYU_DECL facility_table facility_table::from_dataset(const dataset& d, const std::vector<std::string>& paths) {
  const auto& fs = d.facilities;
  std::size_t n = fs.size();
  builder b(n, paths);
  bool extras = false;  // whether any facility has unknown fields, noted while its record is in cache
  for (const auto& f : fs) {
    b.add_known(f);
    extras = extras || detail::has_extra(f);
  }
  auto& in = b.state_->strings;
  facility_table t = std::move(b).take_columns();
  // Unknown fields, kept by the dataset, become columns too, so that row(i) is the facility exactly as
  // the per-record path sees it (detail::facility_value).
  auto add_extra = [&](std::string_view prefix, detail::extra_getter extra_of) {
    std::vector<std::string> keys;
    for (const auto& f : fs)
      if (const boost::json::object* x = extra_of(f))
        for (const auto& kv : *x)
          if (std::find(keys.begin(), keys.end(), kv.key()) == keys.end()) keys.emplace_back(kv.key());
    for (const auto& key : keys) {
      std::string path = std::string(prefix) + std::string(key);
      if (!detail::path_wanted(paths, path)) continue;
      column& c = t.slot(path);
      c.cells.assign(n, value());
      for (std::size_t i = 0; i < n; ++i)
        if (const boost::json::object* x = extra_of(fs[i]))
          if (const auto* v = x->if_contains(key)) c.cells[i] = v->is_string() ? in.get(v->as_string()) : value::from_json(*v);
      index_strings(c);
    }
  };
  if (extras)
    for (const auto& [prefix, extra_of] : detail::extra_sources) add_extra(prefix, extra_of);
  t.relayout();
  return t;
}

}  // namespace v1
}  // namespace tuoyu
