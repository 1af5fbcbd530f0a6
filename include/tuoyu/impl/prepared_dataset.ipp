// Out-of-line part of prepared_dataset.hpp.
#pragma once

#include <tuoyu/detail/dataset_values.hpp>
#include <tuoyu/impl/facility_table.ipp>
#include <tuoyu/prepared_dataset.hpp>

#include <mutex>
#include <stdexcept>
#include <string>

namespace tuoyu {
inline namespace v1 {
namespace detail {

struct prepared_state {
  std::shared_ptr<const dataset> data;  // without its facilities while `records` is set
  facility_table table;
  std::function<std::vector<facility>(const facility_table&)> records;  // set for facilities given as columns
  std::once_flag data_once;
  std::shared_ptr<const dataset> whole;  // data() once made
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

TUOYU_DECL prepared_dataset::prepared_dataset(dataset others, facility_table facilities,
                                              std::function<std::vector<facility>(const facility_table&)> records)
    : state_(std::make_shared<detail::prepared_state>()) {
  if (!others.facilities.empty())
    throw std::invalid_argument("prepared_dataset: the facilities come as columns, but the dataset has records too");
  for (const auto& f : detail::facility_fields())
    if (!facilities.find(f.path))
      throw std::invalid_argument(std::string("prepared_dataset: the facility table has no column ") + f.path);
  if (!records) throw std::invalid_argument("prepared_dataset: no way to make the facility records");
  state_->data = std::make_shared<const dataset>(std::move(others));
  state_->table = std::move(facilities);
  state_->records = std::move(records);
}

TUOYU_DECL const dataset& prepared_dataset::data() const {
  if (!state_->records) return *state_->data;
  std::call_once(state_->data_once, [&] {
    auto whole = std::make_shared<dataset>(*state_->data);
    whole->facilities = state_->records(state_->table);
    if (whole->facilities.size() != state_->table.size())
      throw std::logic_error("prepared_dataset: the records do not match the facility table");
    state_->whole = std::move(whole);
  });
  return *state_->whole;
}

TUOYU_DECL const dataset& prepared_dataset::checked_data() const noexcept { return *state_->data; }
TUOYU_DECL bool prepared_dataset::facilities_only_as_columns() const noexcept { return bool(state_->records); }
TUOYU_DECL const facility_table& prepared_dataset::facilities() const noexcept { return state_->table; }

TUOYU_DECL const detail::dataset_value_set& prepared_dataset::values() const {
  std::call_once(state_->values_once, [&] { state_->values = detail::dataset_values(*state_->data, &state_->table); });
  return state_->values;
}

}  // namespace v1
}  // namespace tuoyu
