// Indexes over lists bound for a whole check (internal). A filter such as
// `counted_facilities.filter(f, f.township == t.id)`, evaluated once per township, would test every
// element each time; with an index it is one lookup, and the index is built once per check (the
// engine gives each check an index_cache; docs/decisions/0052).
#pragma once

#include <tuoyu/expression/value.hpp>

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

// The positions of a list's elements by the value at `path` inside each element. Usable only when
// every element is a map holding a string at that path, or every element an int: then `x.path ==
// probe` can neither fail nor compare across kinds, and a lookup gives exactly the filter's result.
class filter_index {
 public:
  filter_index(const value& list, const std::vector<std::string>& path) : list_(list) {
    const auto& items = list.as_list();
    for (std::uint32_t i = 0; i < items.size(); ++i) {
      const value* v = &items[i];
      for (const auto& step : path) {
        v = v->find(std::string_view(step));
        if (!v) return;  // unusable: this element has no such field (the filter would fail)
      }
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
    if (!slot) slot = std::make_shared<const filter_index>(list, path);
    return slot;
  }

 private:
  std::mutex mutex_;
  // Keyed by the list's payload: the index holds the list, so the address is not reused meanwhile.
  std::map<std::pair<const void*, std::string>, std::shared_ptr<const filter_index>> entries_;
};

}  // namespace tuoyu::detail
