// tuoyu::prepared_dataset: a dataset converted once (columns, and the values rules read), so that
// checking it at several dates or with several parameter values reuses the work. Immutable after
// construction apart from caches filled once under a lock; share it between threads freely.
#pragma once

#include <tuoyu/dataset.hpp>
#include <tuoyu/detail/config.hpp>
#include <tuoyu/facility_table.hpp>

#include <functional>
#include <memory>
#include <vector>

namespace tuoyu {
inline namespace v1 {
namespace detail {
struct dataset_value_set;
struct prepared_state;
}  // namespace detail

class prepared_dataset {
 public:
  explicit TUOYU_DECL prepared_dataset(dataset d);
  explicit TUOYU_DECL prepared_dataset(std::shared_ptr<const dataset> d);
  // A dataset whose facilities arrive as columns (a DataFrame's, say), for a caller that has
  // validated them: `others` is the rest of the dataset (its facilities must be empty), `facilities`
  // every known field as a column (facility_table::builder makes one), and `records` makes the
  // facility records from the table, in its order, the first time data() is called. A check reads
  // the columns only, so a dataset that is only checked never makes its records.
  // std::invalid_argument if `others` has facilities or the table lacks a known field's column.
  TUOYU_DECL prepared_dataset(dataset others, facility_table facilities,
                              std::function<std::vector<facility>(const facility_table&)> records);

  // The whole dataset; its facility records are made here on first use if they came as columns
  // (thread-safe).
  TUOYU_DECL const dataset& data() const;
  // What a check reads beside facilities(): data(), or, when the facilities came as columns, the
  // dataset without them. Never makes records.
  TUOYU_DECL const dataset& checked_data() const noexcept;
  // Whether the facilities are in facilities() only: checked_data() has none of them.
  TUOYU_DECL bool facilities_only_as_columns() const noexcept;
  // Every known facility field as a column.
  TUOYU_DECL const facility_table& facilities() const noexcept;
  // The dataset as expression values, built on first use (thread-safe).
  TUOYU_DECL const detail::dataset_value_set& values() const;

 private:
  std::shared_ptr<detail::prepared_state> state_;
};

}  // namespace v1
}  // namespace tuoyu

#ifdef TUOYU_HEADER_ONLY
#include <tuoyu/impl/prepared_dataset.ipp>
#endif
