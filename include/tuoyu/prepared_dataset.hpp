// tuoyu::prepared_dataset: a dataset converted once (columns, and the values rules read), so that
// checking it at several dates or with several parameter values reuses the work. Immutable after
// construction apart from caches filled once under a lock; share it between threads freely.
#pragma once

#include <tuoyu/dataset.hpp>
#include <tuoyu/detail/config.hpp>
#include <tuoyu/facility_table.hpp>

#include <memory>

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

  TUOYU_DECL const dataset& data() const noexcept;
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
