// Implementation of convert.hpp.
#include "convert.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <cmath>
#include <string_view>

namespace tuoyu::python {

py::object to_python(const boost::json::value& jv) {
  switch (jv.kind()) {
    case boost::json::kind::null: return py::none();
    case boost::json::kind::bool_: return py::bool_(jv.get_bool());
    case boost::json::kind::int64: return py::int_(jv.get_int64());
    case boost::json::kind::uint64: return py::int_(jv.get_uint64());
    case boost::json::kind::double_: return py::float_(jv.get_double());
    case boost::json::kind::string: {
      const auto& s = jv.get_string();
      return py::str(s.data(), s.size());
    }
    case boost::json::kind::array: {
      const auto& a = jv.get_array();
      py::list out(a.size());
      for (std::size_t i = 0; i < a.size(); ++i) out[i] = to_python(a[i]);
      return out;
    }
    case boost::json::kind::object: {
      py::dict out;
      for (const auto& kv : jv.get_object())
        out[py::str(kv.key().data(), kv.key().size())] = to_python(kv.value());
      return out;
    }
  }
  return py::none();
}

namespace {
py::object date_to_python(date d) {
  static py::handle date_type = py::object(py::module_::import("datetime").attr("date")).release();
  return date_type(d.year(), d.month(), d.day());
}
}  // namespace

py::object to_python(const value& v) {
  switch (v.kind()) {
    case value_kind::null: return py::none();
    case value_kind::bool_: return py::bool_(v.as_bool());
    case value_kind::int_: return py::int_(v.as_int());
    case value_kind::uint_: return py::int_(v.as_uint());
    case value_kind::double_: return py::float_(v.as_double());
    case value_kind::string: {
      auto s = v.as_string();
      return py::str(s.data(), s.size());
    }
    case value_kind::date: return date_to_python(v.as_date());
    case value_kind::list: {
      const auto& items = v.as_list();
      py::list out(items.size());
      for (std::size_t i = 0; i < items.size(); ++i) out[i] = to_python(items[i]);
      return out;
    }
    case value_kind::map: {
      py::dict out;
      for (const auto& [k, item] : v.as_map()) out[to_python(k)] = to_python(item);
      return out;
    }
    case value_kind::error: throw evaluation_error(v.error_id(), v.error_message());
  }
  return py::none();
}

namespace {

std::string type_name(py::handle obj) { return py::str(py::type::handle_of(obj).attr("__name__")); }

bool is_numpy_generic(py::handle obj) {
  static py::handle generic = [] {
    try {
      return py::object(py::module_::import("numpy").attr("generic")).release();
    } catch (const py::error_already_set&) {
      return py::handle();
    }
  }();
  return generic && py::isinstance(obj, generic);
}

bool is_date_like(py::handle obj) {
  static py::handle date_type = py::object(py::module_::import("datetime").attr("date")).release();
  return py::isinstance(obj, date_type);
}

}  // namespace

bool is_missing(py::handle obj) {
  if (obj.is_none()) return true;
  if (PyFloat_Check(obj.ptr())) return std::isnan(PyFloat_AS_DOUBLE(obj.ptr()));
  // The common cells first, without asking for the type's name (an attribute lookup per cell).
  if (PyUnicode_Check(obj.ptr()) || PyLong_Check(obj.ptr()) || PyDict_Check(obj.ptr()) || PyList_Check(obj.ptr()))
    return false;
  auto name = type_name(obj);
  if (name == "NaTType" || name == "NAType") return true;
  if (is_numpy_generic(obj)) {
    py::object item = obj.attr("item")();
    if (PyFloat_Check(item.ptr())) return std::isnan(PyFloat_AS_DOUBLE(item.ptr()));
    // numpy.datetime64("NaT").item() is None
    return item.is_none();
  }
  return false;
}

std::optional<date> date_from_python_object(py::handle obj) {
  if (!is_date_like(obj)) return std::nullopt;
  // datetime.datetime and pandas.Timestamp are dates with a time of day; only midnight is a date.
  if (py::hasattr(obj, "hour")) {
    long parts = 0;
    for (const char* attr : {"hour", "minute", "second", "microsecond", "nanosecond"})
      if (py::hasattr(obj, attr)) parts += py::cast<long>(obj.attr(attr));
    if (parts != 0) {
      throw input_error("tuoyu.input.110", "expected a date, got the time stamp " +
                                               std::string(py::str(obj)) + " (a time of day is not a date)");
    }
  }
  auto d = date::from_ymd(py::cast<int>(obj.attr("year")), py::cast<int>(obj.attr("month")),
                          py::cast<int>(obj.attr("day")));
  if (!d) throw input_error("tuoyu.input.110", "date out of range: " + std::string(py::str(obj)));
  return d;
}

boost::json::value json_from_python(py::handle obj, nan_policy nans) {
  PyObject* p = obj.ptr();
  if (obj.is_none()) return nullptr;
  if (PyBool_Check(p)) return p == Py_True;
  if (PyLong_Check(p)) {
    int overflow = 0;
    long long n = PyLong_AsLongLongAndOverflow(p, &overflow);
    if (overflow == 0) return static_cast<std::int64_t>(n);
    if (overflow > 0) {
      unsigned long long u = PyLong_AsUnsignedLongLong(p);
      if (!PyErr_Occurred()) return static_cast<std::uint64_t>(u);
      PyErr_Clear();
    }
    throw py::value_error("integer out of range: " + std::string(py::str(obj)));
  }
  if (PyFloat_Check(p)) {
    double d = PyFloat_AS_DOUBLE(p);
    if (std::isnan(d) && nans == nan_policy::as_null) return nullptr;
    return d;
  }
  if (PyUnicode_Check(p)) {
    Py_ssize_t size = 0;
    const char* data = PyUnicode_AsUTF8AndSize(p, &size);
    if (!data) throw py::error_already_set();
    return boost::json::string(std::string_view(data, static_cast<std::size_t>(size)));
  }
  if (PyDict_Check(p)) {
    boost::json::object out;
    for (auto [k, item] : py::reinterpret_borrow<py::dict>(obj)) {
      if (!PyUnicode_Check(k.ptr()))
        throw py::type_error("dictionary keys must be strings, got " + type_name(k) + " " + std::string(py::repr(k)));
      out[std::string(py::str(k))] = json_from_python(item, nans);
    }
    return out;
  }
  if (PyList_Check(p) || PyTuple_Check(p)) {
    boost::json::array out;
    for (auto item : obj) out.push_back(json_from_python(item, nans));
    return out;
  }
  if (auto d = is_missing(obj) ? std::nullopt : date_from_python_object(obj)) return boost::json::string(d->to_string());
  if (is_missing(obj)) {
    if (nans == nan_policy::as_null) return nullptr;
    throw py::type_error("cannot convert " + type_name(obj) + " to JSON");
  }
  if (is_numpy_generic(obj) || py::hasattr(obj, "tolist")) return json_from_python(obj.attr("tolist")(), nans);
  throw py::type_error("cannot convert " + type_name(obj) + " " + std::string(py::repr(obj)) + " to JSON");
}

value value_from_python(py::handle obj) {
  PyObject* p = obj.ptr();
  if (obj.is_none()) return value();
  if (PyBool_Check(p)) return value(p == Py_True);
  if (PyLong_Check(p)) {
    int overflow = 0;
    long long n = PyLong_AsLongLongAndOverflow(p, &overflow);
    if (overflow == 0) return value(static_cast<std::int64_t>(n));
    if (overflow > 0) {
      unsigned long long u = PyLong_AsUnsignedLongLong(p);
      if (!PyErr_Occurred()) return value(static_cast<std::uint64_t>(u));
      PyErr_Clear();
    }
    throw py::value_error("integer out of range: " + std::string(py::str(obj)));
  }
  if (PyFloat_Check(p)) return value(PyFloat_AS_DOUBLE(p));
  if (PyUnicode_Check(p)) return value(std::string(py::str(obj)));
  if (PyDict_Check(p)) {
    std::vector<std::pair<value, value>> entries;
    for (auto [k, item] : py::reinterpret_borrow<py::dict>(obj)) entries.emplace_back(value_from_python(k), value_from_python(item));
    return value::map(std::move(entries));
  }
  if (PyList_Check(p) || PyTuple_Check(p)) {
    value_list items;
    for (auto item : obj) items.push_back(value_from_python(item));
    return value::list(std::move(items));
  }
  if (!is_missing(obj))
    if (auto d = date_from_python_object(obj)) return value(*d);
  if (is_numpy_generic(obj)) return value_from_python(obj.attr("item")());
  throw py::type_error("cannot use " + type_name(obj) + " " + std::string(py::repr(obj)) + " as an expression value");
}

}  // namespace tuoyu::python
