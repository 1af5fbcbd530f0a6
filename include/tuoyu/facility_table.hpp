// tuoyu::facility_table: facilities as columns, one array of values per field path, for evaluating
// facility rules over many facilities at once (the batch path of check(), and DataFrame bindings).
#pragma once

#include <tuoyu/dataset.hpp>
#include <tuoyu/detail/config.hpp>
#include <tuoyu/expression/value.hpp>

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tuoyu {
inline namespace v1 {

class facility_table {
 public:
  // One field over every row. A null cell means the field is absent (as rules see it: has() is false,
  // reading it is an error). Object fields ("registration") hold true where the object is present;
  // their members are separate columns ("registration.authority").
  struct column {
    std::string path;
    bool object = false;
    std::vector<value> cells;
    // Each distinct string of the column, once; every string cell shares its payload, so equal
    // strings are equal pointers (the batch evaluator compares them so).
    std::vector<value> dictionary;
    bool interned = false;
  };

  facility_table() = default;
  explicit facility_table(std::size_t rows) : rows_(rows) {}

  // Every field of contract section 2, and a column for each unknown field the facilities carry (so
  // row(i) equals the facility as the per-record path sees it). With `paths` non-empty, only those
  // paths, the objects they lie in and everything inside the objects they name become columns.
  static TUOYU_DECL facility_table from_dataset(const dataset& d, const std::vector<std::string>& paths = {});

  // Builds the table that from_dataset gives, one facility at a time, for a reader that makes a
  // record, hands it over and reuses it (a DataFrame's rows, say): the records need never all exist.
  class builder;

  std::size_t size() const noexcept { return rows_; }

  // Adds or replaces a column; `cells.size()` must equal size() (else std::invalid_argument). Equal
  // strings are stored once. Members of an object ("filing.date") make the object ("filing") present
  // in rows where they are present, unless an object column is given explicitly.
  TUOYU_DECL void set_column(std::string path, std::vector<value> cells);
  TUOYU_DECL void set_column(std::string path, const std::vector<std::optional<std::int64_t>>& cells);
  TUOYU_DECL void set_column(std::string path, const std::vector<std::optional<std::string>>& cells);
  TUOYU_DECL void set_column(std::string path, const std::vector<std::optional<bool>>& cells);
  TUOYU_DECL void set_column(std::string path, const std::vector<std::optional<date>>& cells);
  // Marks an object column (present where `present` is true).
  TUOYU_DECL void set_object_column(std::string path, const std::vector<bool>& present);

  // nullptr if there is no such column.
  TUOYU_DECL const column* find(std::string_view path) const noexcept;
  const std::vector<column>& columns() const noexcept { return columns_; }

  // Row `i` as rules see a facility: a map of its present fields, objects nested.
  TUOYU_DECL value row(std::size_t i) const;
  // Row `i` as row() gives it, as a view: a field is read from its column when asked for, and the
  // whole map is built only if something goes through it (equality, iteration, output). Like a
  // std::string_view, it is valid while the table lives unchanged.
  TUOYU_DECL value row_view(std::size_t i) const;
  // row_view(i) for every row, in order, made together: cheaper for a million rows than one by one.
  TUOYU_DECL std::vector<value> row_views() const;
  // Column `c` of row `i` as rules see it: an object column gives the map of its members, an absent
  // cell is null.
  TUOYU_DECL value cell(std::size_t i, const column& c) const;
  // The "id" cell of row `i` as text ("" if absent or not a string). Constant time: the batch path
  // calls it for every finding.
  TUOYU_DECL std::string id(std::size_t i) const;

 private:
  TUOYU_DECL column& slot(std::string path);
  TUOYU_DECL void derive_objects(const std::string& path);
  static TUOYU_DECL void index_strings(column& c);
  TUOYU_DECL void relayout();
  TUOYU_DECL value build_row(std::size_t i, int parent) const;
  struct row_view_payload;
  friend class builder;

  std::size_t rows_ = 0;
  std::vector<column> columns_;
  std::map<std::string, std::size_t, std::less<>> index_;
  // For row(): each column's key (its last path segment) and the columns inside each object column
  // (index columns_.size() stands for the row itself), kept up to date by every setter.
  std::vector<value> keys_;
  std::vector<std::vector<std::size_t>> children_;
  std::size_t id_column_ = 0;  // index of "id" in columns_ (columns_.size() if none), for id()
};

class facility_table::builder {
 public:
  // With `paths` non-empty, only those columns, as from_dataset.
  explicit TUOYU_DECL builder(std::size_t expected_rows = 0, const std::vector<std::string>& paths = {});
  TUOYU_DECL ~builder();
  builder(const builder&) = delete;
  builder& operator=(const builder&) = delete;

  // Adds `f` as the next row. Unknown fields (`extra`, at any level) have no column here: a facility
  // with any is refused (false, nothing added), and the caller builds from the whole dataset instead.
  TUOYU_DECL bool add(const facility& f);
  TUOYU_DECL std::size_t size() const noexcept;
  // The table; the builder is spent.
  TUOYU_DECL facility_table finish() &&;

 private:
  friend class facility_table;
  struct state;
  TUOYU_DECL void add_known(const facility& f);  // the known fields only, whatever else `f` has
  TUOYU_DECL facility_table take_columns() &&;   // finish() but for the row layout, for from_dataset to add to
  std::unique_ptr<state> state_;
};

}  // namespace v1
}  // namespace tuoyu

#ifdef TUOYU_HEADER_ONLY
#include <tuoyu/impl/facility_table.ipp>
#endif
