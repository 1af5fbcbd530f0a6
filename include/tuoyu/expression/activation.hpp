// tuoyu::activation: the inputs of one evaluation — variable bindings, the parameter lookup and the
// step budget. Binding is by name; a compiled expression looks up only the few variables it reads,
// once per evaluation (no hashing), so rebinding the same activation in a loop is cheap.
#pragma once

#include <tuoyu/detail/config.hpp>
#include <tuoyu/expression/value.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tuoyu {
inline namespace v1 {
namespace detail {
class index_cache;
}

class activation {
 public:
  using parameter_lookup = std::function<value(std::string_view)>;

  // Binds (or rebinds) a variable. Returns *this.
  activation& bind(std::string_view name, value v) {
    for (auto& [n, x] : vars_) {
      if (n == name) {
        x = std::move(v);
        return *this;
      }
    }
    vars_.emplace_back(std::string(name), std::move(v));
    return *this;
  }
  // The bound value, or nullptr.
  const value* find(std::string_view name) const noexcept {
    for (const auto& [n, x] : vars_)
      if (n == name) return &x;
    return nullptr;
  }
  void clear() noexcept { vars_.clear(); }

  // Called by param('name') during evaluation; the engine supplies the value in force.
  activation& set_parameter_lookup(parameter_lookup f) {
    lookup_ = std::move(f);
    return *this;
  }
  const parameter_lookup& get_parameter_lookup() const noexcept { return lookup_; }

  // Overrides the environment's step budget for evaluations with this activation.
  activation& set_step_budget(std::uint64_t n) {
    budget_ = n;
    return *this;
  }
  std::optional<std::uint64_t> step_budget() const noexcept { return budget_; }

  // Indexes over bound lists that filters may reuse (detail/filter_index.hpp). The engine sets one
  // per check; copies of the activation share it.
  activation& set_index_cache(std::shared_ptr<detail::index_cache> c) {
    cache_ = std::move(c);
    return *this;
  }
  detail::index_cache* index_cache() const noexcept { return cache_.get(); }

 private:
  std::vector<std::pair<std::string, value>> vars_;
  parameter_lookup lookup_;
  std::optional<std::uint64_t> budget_;
  std::shared_ptr<detail::index_cache> cache_;
};

}  // namespace v1
}  // namespace tuoyu
