// Out-of-line part of prepared_dataset.hpp.
#pragma once

#include <tuoyu/detail/dataset_values.hpp>
#include <tuoyu/prepared_dataset.hpp>

#include <mutex>

namespace tuoyu {
inline namespace v1 {
namespace detail {

struct prepared_state {
  std::shared_ptr<const dataset> data;
  facility_table table;
  std::once_flag values_once;
  dataset_value_set values;
};

}  // namespace detail

TUOYU_DECL prepared_dataset::prepared_dataset(dataset d)
    : prepared_dataset(std::make_shared<const dataset>(std::move(d))) {}

TUOYU_DECL prepared_dataset::prepared_dataset(std::shared_ptr<const dataset> d)
    : state_(std::make_shared<detail::prepared_state>()) {
  state_->data = std::move(d);
  state_->table = facility_table::from_dataset(*state_->data);
}

TUOYU_DECL const dataset& prepared_dataset::data() const noexcept { return *state_->data; }
TUOYU_DECL const facility_table& prepared_dataset::facilities() const noexcept { return state_->table; }

TUOYU_DECL const detail::dataset_value_set& prepared_dataset::values() const {
  std::call_once(state_->values_once, [&] { state_->values = detail::dataset_values(*state_->data, &state_->table); });
  return state_->values;
}

}  // namespace v1
}  // namespace tuoyu
