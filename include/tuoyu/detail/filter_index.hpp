// Indexes over lists bound for a whole check (internal). A filter such as
// `counted_facilities.filter(f, f.township == t.id)`, evaluated once per township, would test every
// element each time; with an index it is one lookup, and the index is built once per check (the
// engine gives each check an index_cache; docs/decisions/0052). The cache also knows which lists
// hold rows of the facility table, and which rows (docs/decisions/0063).
#pragma once

#include <tuoyu/expression/value.hpp>
#include <tuoyu/facility_table.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace tuoyu::detail {

// Which rows of a facility_table a list bound for the whole check holds: its i-th element is row
// rows[i], ascending. The engine notes `dataset.facilities` and the definitions it computes on the
// columns (batch_eval.hpp), so that work over such a list can read the cells instead of each element.
struct table_rows {
  const facility_table* table = nullptr;
  std::vector<std::uint32_t> rows;
};

// The positions of a list's elements by the value at `path` inside each element. Usable only when
// every element is a map holding a string at that path, or every element an int: then `x.path ==
// probe` can neither fail nor compare across kinds, and a lookup gives exactly the filter's result.
class filter_index {
 public:
  // `rows`: the list's rows of a table, if known; the values are then read from its cells.
  filter_index(const value& list, const std::vector<std::string>& path, const table_rows* rows = nullptr)
      : list_(list) {
    const auto& items = list.as_list();
    const facility_table::column* column = rows ? column_at(*rows->table, path) : nullptr;
    for (std::uint32_t i = 0; i < items.size(); ++i) {
      const value* v = column ? present(column->cells[rows->rows[i]]) : find_path(items[i], path);
      if (!v) return;  // unusable: this element has no such field (the filter would fail)
      if (i == 0) kind_ = v->kind();
      if (v->kind() != kind_) return;
      if (kind_ == value_kind::string) strings_[v->as_string()].push_back(i);
      else if (kind_ == value_kind::int_) ints_[v->raw_int()].push_back(i);
      else return;
    }
    usable_ = true;
  }

  bool usable() const noexcept { return usable_; }
  value_kind kind() const noexcept { return kind_; }

  // The elements equal to `probe` at the path, in list order; `probe` must be of kind().
  value select(const value& probe) const {
    const std::vector<std::uint32_t>* at = nullptr;
    if (kind_ == value_kind::string) {
      if (auto it = strings_.find(probe.as_string()); it != strings_.end()) at = &it->second;
    } else if (auto it = ints_.find(probe.raw_int()); it != ints_.end()) {
      at = &it->second;
    }
    value_list out;
    if (at) {
      out.reserve(at->size());
      for (auto i : *at) out.push_back(list_.as_list()[i]);
    }
    return value::list(std::move(out));
  }

 private:
  static const value* present(const value& v) { return v.is_null() ? nullptr : &v; }

  static const value* find_path(const value& item, const std::vector<std::string>& path) {
    const value* v = &item;
    for (const auto& step : path)
      if (v = v->find(std::string_view(step)); !v) return nullptr;
    return v;
  }

  // The column a row view reads `path` from, when every step before the last is an object column
  // (a row view finds the field exactly where the cell is present); nullptr otherwise.
  static const facility_table::column* column_at(const facility_table& table, const std::vector<std::string>& path) {
    std::string joined;
    const facility_table::column* c = nullptr;
    for (std::size_t k = 0; k < path.size(); ++k) {
      if (c && !c->object) return nullptr;
      joined += (k ? "." : "") + path[k];
      if (c = table.find(joined); !c) return nullptr;
    }
    return c && !c->object ? c : nullptr;
  }

  value list_;  // keeps the elements (and the strings the keys view) alive
  bool usable_ = false;
  value_kind kind_ = value_kind::null;
  std::unordered_map<std::string_view, std::vector<std::uint32_t>> strings_;
  std::unordered_map<std::int64_t, std::vector<std::uint32_t>> ints_;
};

// One per check, shared by every copy of the check's activation (and so by its threads).
class index_cache {
 public:
  std::shared_ptr<const filter_index> get(const value& list, const std::vector<std::string>& path) {
    std::string key;
    for (const auto& step : path) key += step + '.';
    std::lock_guard<std::mutex> lock(mutex_);
    auto& slot = entries_[{list.raw_payload(), key}];
    if (!slot) slot = std::make_shared<const filter_index>(list, path, find_rows(list));
    return slot;
  }

  // Notes that `list` holds rows `rows` of `table` (see table_rows).
  void note_rows(const value& list, const facility_table& table, std::vector<std::uint32_t> rows) {
    std::lock_guard<std::mutex> lock(mutex_);
    rows_[list.raw_payload()] = {list, {&table, std::move(rows)}};
  }

  // The rows `list` holds, if noted; nullptr otherwise.
  const table_rows* rows_of(const value& list) {
    std::lock_guard<std::mutex> lock(mutex_);
    return find_rows(list);
  }

 private:
  std::mutex mutex_;
  // Keyed by the list's payload: the index holds the list, so the address is not reused meanwhile.
  std::map<std::pair<const void*, std::string>, std::shared_ptr<const filter_index>> entries_;
  // Keyed by the list's payload, which the entry keeps alive. Entries are never removed, so the
  // pointers rows_of() gives stay valid for the cache's life.
  std::map<const void*, std::pair<value, table_rows>> rows_;

  const table_rows* find_rows(const value& list) const {
    auto it = rows_.find(list.raw_payload());
    return it == rows_.end() ? nullptr : &it->second.second;
  }
};

}  // namespace tuoyu::detail
