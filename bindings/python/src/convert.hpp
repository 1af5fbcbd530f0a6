// Conversions shared by the binding files: JSON and expression values to Python objects and back, and
// dates from the many shapes Python code hands us (str, datetime.date, pandas.Timestamp).
#pragma once

#include <pybind11/pybind11.h>

#include <tuoyu/date.hpp>
#include <tuoyu/expression/value.hpp>

#include <boost/json/value.hpp>

#include <optional>
#include <string>

namespace tuoyu::python {

namespace py = pybind11;

// What to do with a float NaN (and None-like pandas markers) when reading Python data as JSON.
enum class nan_policy { keep, as_null };

py::object to_python(const boost::json::value& jv);
py::object to_python(const value& v);

// None, bool, int, float, str, list/tuple, dict (string keys), datetime.date and numpy scalars.
// Dates become "YYYY-MM-DD" strings, as the dataset JSON spells them. Throws py::type_error otherwise.
boost::json::value json_from_python(py::handle obj, nan_policy nans = nan_policy::keep);

// As json_from_python, but dates stay dates (for expression variables).
value value_from_python(py::handle obj);

// True for None, float NaN, pandas.NaT and pandas.NA: the ways a DataFrame cell says "missing".
bool is_missing(py::handle obj);

// A datetime.date, datetime.datetime or pandas.Timestamp as a date; nullopt if `obj` is none of those.
// Throws tuoyu::input_error tuoyu.input.110 for a timestamp with a time of day (a date was meant).
std::optional<date> date_from_python_object(py::handle obj);

}  // namespace tuoyu::python
