// One function per bound area; module.cpp calls them in order.
#pragma once

#include <pybind11/pybind11.h>

#include <tuoyu/error.hpp>

#include <string>

namespace tuoyu::python {

namespace py = pybind11;

void register_errors(py::module_& m);
void register_dataset(py::module_& m);
void register_rulebook(py::module_& m);
void register_report(py::module_& m);
void register_expression(py::module_& m);
void register_testing(py::module_& m);

// An input error found in a DataFrame: the message names the table, column and row instead of a JSON
// pointer, and Python sees them as attributes of tuoyu.InputError.
class frame_input_error : public input_error {
 public:
  frame_input_error(std::string id, std::string detail, std::string table, std::string column, long row)
      : input_error(std::move(id), std::move(detail)),
        table_(std::move(table)),
        column_(std::move(column)),
        row_(row) {}
  const std::string& table() const noexcept { return table_; }
  const std::string& column() const noexcept { return column_; }
  long row() const noexcept { return row_; }

 private:
  std::string table_;
  std::string column_;
  long row_;  // -1: not one row
};

}  // namespace tuoyu::python
