// tuoyu._core.Dataset: datasets from JSON files, from plain Python objects, and from DataFrame columns.
//
// DataFrame tables arrive as (name, numpy array) columns. They are read here, column by column in C++
// loops, into JSON records and then through the one dataset validator, so a DataFrame is held to exactly
// the rules of the JSON form; errors are then re-addressed from JSON pointers to "column 'x' row n".
// (docs/decisions/0020-dataframes-through-the-json-validator.md)
// A facilities DataFrame is read a row at a time, each row into the same facility the JSON form gives,
// and becomes columns only; its records are made again when asked for (docs/decisions/0072).
#include "convert.hpp"
#include "facility_marks.hpp"
#include "frame_columns.hpp"
#include "register.hpp"

#include <pybind11/stl.h>

#include <tuoyu/dataset.hpp>
#include <tuoyu/detail/id_index.hpp>
#include <tuoyu/detail/json_read.hpp>
#include <tuoyu/facility.hpp>
#include <tuoyu/input.hpp>
#include <tuoyu/prepared_dataset.hpp>

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/serialize.hpp>

#include <cmath>
#include <cstddef>
#include <cstring>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <set>
#include <string_view>
#include <vector>

namespace tuoyu::python {

namespace {

// Fields whose JSON form is an integer: float columns holding whole numbers are read as integers.
bool is_integer_field(std::string_view table, std::string_view column) {
  if (table == "townships") return column == "population";
  if (table == "facilities")
    return column == "capacity" || column == "enrolled" || column == "enrolled_age_months.min" ||
           column == "enrolled_age_months.max";
  return false;
}

const std::vector<std::string_view>& required_columns(std::string_view table) {
  static const std::vector<std::string_view> facilities{"id",         "name",   "township", "kind",
                                                        "legal_form", "status", "capacity"};
  static const std::vector<std::string_view> townships{"id", "name", "population"};
  static const std::vector<std::string_view> meetings{"date", "kind"};
  static const std::vector<std::string_view> trainings{"date"};
  static const std::vector<std::string_view> none;
  if (table == "facilities") return facilities;
  if (table == "townships") return townships;
  if (table == "meetings") return meetings;
  if (table == "trainings") return trainings;
  return none;
}

std::vector<std::string> split_dotted(const std::string& name) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    auto dot = name.find('.', start);
    out.push_back(name.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (dot == std::string::npos) return out;
    start = dot + 1;
  }
}

[[noreturn]] void fail(std::string id, std::string detail, const std::string& table, const std::string& column,
                       long row) {
  std::string where = table;
  if (!column.empty()) where += " column '" + column + "'";
  if (row >= 0) where += " row " + std::to_string(row);
  throw frame_input_error(std::move(id), where + ": " + detail, table, column, row);
}

// One cell as JSON; nullopt when missing (None, NaN, NaT, pandas.NA).
std::optional<boost::json::value> read_cell(const column_reader& c, py::ssize_t row, const std::string& table) {
  const char* base = c.at(row);
  switch (c.kind) {
    case 'f': {
      double d;
      std::memcpy(&d, base, sizeof d);
      if (std::isnan(d)) return std::nullopt;
      if (c.integer_field && std::isfinite(d) && d == std::trunc(d) && std::fabs(d) < 9.0e15)
        return boost::json::value(static_cast<std::int64_t>(d));
      return boost::json::value(d);
    }
    case 'i': {
      std::int64_t n;
      std::memcpy(&n, base, sizeof n);
      return boost::json::value(n);
    }
    case 'u': {
      std::uint64_t n;
      std::memcpy(&n, base, sizeof n);
      return boost::json::value(n);
    }
    case 'b': return boost::json::value(*reinterpret_cast<const bool*>(base));
    case 'M': {
      std::int64_t ns;
      std::memcpy(&ns, base, sizeof ns);
      if (ns == std::numeric_limits<std::int64_t>::min()) return std::nullopt;  // NaT
      auto days = ns / nanoseconds_per_day;
      auto rest = ns % nanoseconds_per_day;
      if (rest < 0) --days, rest += nanoseconds_per_day;
      if (rest != 0) fail("tuoyu.input.110", "expected a date, got a time stamp with a time of day", table, c.name, row);
      return boost::json::value(date::from_days(static_cast<std::int32_t>(days)).to_string());
    }
    default: {
      py::handle obj(*reinterpret_cast<PyObject* const*>(base));
      if (is_missing(obj)) return std::nullopt;
      try {
        auto jv = json_from_python(obj, nan_policy::as_null);
        if (jv.is_double() && c.integer_field) {
          double d = jv.get_double();
          if (std::isfinite(d) && d == std::trunc(d) && std::fabs(d) < 9.0e15) jv = static_cast<std::int64_t>(d);
        }
        return jv;
      } catch (const input_error& e) {
        fail(e.id(), e.detail(), table, c.name, row);
      } catch (const py::type_error& e) {
        fail("tuoyu.input.103", e.what(), table, c.name, row);
      }
    }
  }
}

// A DataFrame table's columns, checked: (column name, kind, 1-d array) each.
std::vector<column_reader> column_readers(const std::string& table, py::ssize_t rows, const py::list& columns) {
  std::vector<column_reader> readers;
  std::set<std::string> names;
  for (auto item : columns) {
    auto pair = item.cast<py::tuple>();
    column_reader c;
    c.name = pair[0].cast<std::string>();
    auto kind = pair[1].cast<std::string>();
    c.kind = kind.size() == 1 ? kind[0] : '?';
    c.buffer = pair[2].cast<py::buffer>().request();
    if (c.buffer.ndim != 1 || c.buffer.shape[0] != rows)
      fail("tuoyu.input.103", "expected a one-dimensional column of " + std::to_string(rows) + " values", table,
           c.name, -1);
    auto size = c.buffer.itemsize;
    const auto& format = c.buffer.format;
    bool supported = (c.kind == 'O' && format == "O" && size == sizeof(PyObject*)) ||
                     (c.kind == 'b' && format == "?" && size == 1) ||
                     (c.kind == 'f' && format == "d" && size == 8) ||
                     ((c.kind == 'i' || c.kind == 'M') && (format == "q" || format == "l") && size == 8) ||
                     (c.kind == 'u' && (format == "Q" || format == "L") && size == 8);
    if (!supported)
      fail("tuoyu.input.103", "unsupported column type (kind " + kind + ", buffer format " + format + ")", table,
           c.name, -1);
    c.path = split_dotted(c.name);
    c.integer_field = is_integer_field(table, c.name);
    names.insert(c.name);
    readers.push_back(std::move(c));
  }
  if (rows > 0)
    for (auto required : required_columns(table))
      if (!names.contains(std::string(required)))
        fail("tuoyu.input.111", "missing required column (columns present: " +
                                    [&] {
                                      std::string s;
                                      for (const auto& n : names) s += (s.empty() ? "" : ", ") + n;
                                      return s.empty() ? std::string("none") : s;
                                    }() + ")",
             table, std::string(required), -1);
  return readers;
}

// Row `row` of a table as its JSON record, in `record` (empty on entry): a missing cell is an absent
// field, and dotted column names make nested objects.
void build_record(const std::vector<column_reader>& readers, py::ssize_t row, const std::string& table,
                  boost::json::object& record) {
  for (const auto& c : readers) {
    auto cell = read_cell(c, row, table);
    if (!cell) continue;
    boost::json::object* target = &record;
    for (std::size_t i = 0; i + 1 < c.path.size(); ++i) {
      auto& slot = (*target)[c.path[i]];
      if (slot.is_null()) slot.emplace_object();
      if (!slot.is_object())
        fail("tuoyu.input.103",
             "column '" + c.path[i] + "' holds a value but '" + c.name + "' puts a field inside it", table, c.name,
             row);
      target = &slot.as_object();
    }
    auto& slot = (*target)[c.path.back()];
    if (slot.is_object() && cell->is_object()) {
      for (auto& kv : cell->as_object()) slot.as_object()[kv.key()] = kv.value();
    } else if (slot.is_object()) {
      fail("tuoyu.input.103", "holds a value but other columns put fields inside '" + c.name + "'", table, c.name,
           row);
    } else {
      slot = std::move(*cell);
    }
  }
}

// A DataFrame table: (row count, [(column name, kind, 1-d array)]) → JSON records.
boost::json::array records_from_columns(const std::string& table, py::ssize_t rows, const py::list& columns) {
  auto readers = column_readers(table, rows, columns);
  boost::json::array out;
  out.reserve(static_cast<std::size_t>(rows));
  for (py::ssize_t row = 0; row < rows; ++row) {
    boost::json::object record;
    build_record(readers, row, table, record);
    out.push_back(std::move(record));
  }
  return out;
}

// Reads each row of a facilities DataFrame into a facility and hands it to `take` (which returns
// false to stop: then so does this). A plainly valid row is read by the direct reader
// (frame_columns.hpp), any other through its JSON record, built in a small arena, read by the
// dataset's own facility reader and dropped. No document of every row is held. Any error, of a cell
// or of a record, is thrown: the caller then takes the document path, which reports the error
// exactly as it always has.
template <class Take>
bool read_facility_rows(py::ssize_t rows, const py::list& columns, const input_limits& limits, Take take) {
  const std::string table = "facilities";
  auto readers = column_readers(table, rows, columns);
  const auto& directory = department_directory::builtin();
  direct_facility_reader direct(readers);
  alignas(std::max_align_t) unsigned char buffer[4096];
  for (py::ssize_t row = 0; row < rows; ++row) {
    facility f;
    if (!direct.usable() || !direct.read(row, f, directory)) {
      boost::json::monotonic_resource arena(buffer, sizeof buffer);
      boost::json::value record(boost::json::object_kind, &arena);
      build_record(readers, row, table, record.as_object());
      detail::check_depth(record, limits.max_depth - 2);  // the document and its facilities array are two levels
      f = detail::read_facility(record, directory);
    }
    if (!take(std::move(f))) return false;
  }
  return true;
}

// The facilities of a DataFrame as records.
std::vector<facility> facilities_from_columns(py::ssize_t rows, const py::list& columns, const input_limits& limits) {
  std::vector<facility> out;
  out.reserve(static_cast<std::size_t>(rows));
  read_facility_rows(rows, columns, limits, [&](facility&& f) {
    out.push_back(std::move(f));
    return true;
  });
  return out;
}

// The facilities of a DataFrame as columns only, with what makes their records again
// (facility_marks.hpp); nullopt if a row holds something the two cannot carry (an unknown field).
struct facility_columns {
  facility_table table;
  std::vector<facility_marks> marks;
  facility_spellings spellings;
};

std::optional<facility_columns> facility_columns_from(py::ssize_t rows, const py::list& columns,
                                                      const input_limits& limits) {
  facility_table::builder builder(static_cast<std::size_t>(rows));
  facility_columns out;
  out.marks.reserve(static_cast<std::size_t>(rows));
  bool complete = read_facility_rows(rows, columns, limits, [&](facility&& f) {
    auto marks = marks_of(f, out.spellings);
    if (!marks || !builder.add(f)) return false;
    out.marks.push_back(*marks);
    return true;
  });
  if (!complete) return std::nullopt;
  out.table = std::move(builder).finish();
  return out;
}

// What dataset_from_json checks across records, on the columns: facility ids unique, every township
// known. False if not (the document path then says where).
bool references_hold(const facility_table& t, const dataset& others) {
  struct id_of {
    std::string_view id;
  };
  std::vector<id_of> ids;
  ids.reserve(t.size());
  for (const auto& cell : t.find("id")->cells) ids.push_back({cell.as_string()});
  detail::id_index<id_of> facilities(ids);
  for (std::size_t i = 0; i < ids.size(); ++i)
    if (facilities.insert(i) != facilities.npos) return false;
  detail::id_index<township> townships(others.townships);
  for (std::size_t i = 0; i < others.townships.size(); ++i) townships.insert(i);
  for (const auto& name : t.find("township")->dictionary)
    if (!townships.contains(name.as_string())) return false;
  return true;
}

std::string unescape_pointer_token(std::string_view token) {
  std::string out;
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '~' && i + 1 < token.size()) {
      out += token[i + 1] == '1' ? '/' : '~';
      ++i;
    } else {
      out += token[i];
    }
  }
  return out;
}

// "/facilities/3/registration/authority" from a DataFrame table → frame_input_error naming the column
// 'registration.authority' and row 3. Errors in tables given as records keep their JSON pointer.
[[noreturn]] void rethrow_for_frames(const input_error& e, const std::set<std::string>& frame_tables) {
  const auto& pointer = e.where().pointer;
  std::vector<std::string> tokens;
  for (std::size_t start = 1; start <= pointer.size() && !pointer.empty();) {
    auto slash = pointer.find('/', start);
    tokens.push_back(unescape_pointer_token(
        std::string_view(pointer).substr(start, slash == std::string::npos ? std::string::npos : slash - start)));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  if (tokens.size() < 2 || !frame_tables.contains(tokens[0]) || tokens[1].empty() ||
      tokens[1].find_first_not_of("0123456789") != std::string::npos)
    throw e;
  const auto& table = tokens[0];
  long row = std::stol(tokens[1]);
  std::string column, item;
  std::size_t i = 2;
  for (; i < tokens.size() && !(tokens[i].find_first_not_of("0123456789") == std::string::npos); ++i)
    column += (column.empty() ? "" : ".") + tokens[i];
  for (; i < tokens.size(); ++i) item += (item.empty() ? "" : "/") + tokens[i];
  // Cross-record messages point at other records by pointer ("first at /facilities/1"): say "row 1".
  std::string detail = e.detail();
  std::string other = "/" + table + "/";
  for (auto at = detail.find(other); at != std::string::npos; at = detail.find(other, at))
    detail.replace(at, other.size(), "row ");
  if (!item.empty()) detail = "item " + item + ": " + detail;
  fail(e.id(), detail, table, column, row);
}

// The dataset of Dataset(...) from tables given as DataFrames or lists of records. `fast`: read a
// facilities DataFrame straight into records (facilities_from_columns) rather than into the document.
std::shared_ptr<dataset> dataset_from_tables(py::handle jurisdiction, const py::dict& tables, const py::dict& extra,
                                             bool fast) {
  const input_limits limits;
  boost::json::object doc;
  std::set<std::string> frame_tables;
  std::optional<std::vector<facility>> facilities;
  try {
    doc["jurisdiction"] = json_from_python(jurisdiction, nan_policy::as_null);
    for (auto [key, value] : tables) {
      auto name = key.cast<std::string>();
      if (value.is_none()) continue;
      if (py::isinstance<py::tuple>(value)) {
        auto frame = value.cast<py::tuple>();
        auto rows = frame[0].cast<py::ssize_t>();
        if (fast && name == "facilities" && static_cast<std::size_t>(rows) <= limits.max_records) {
          facilities = facilities_from_columns(rows, frame[1].cast<py::list>(), limits);
          doc[name] = boost::json::array();
        } else {
          doc[name] = records_from_columns(name, rows, frame[1].cast<py::list>());
        }
        frame_tables.insert(name);
      } else {
        doc[name] = json_from_python(value, nan_policy::as_null);
      }
    }
    for (auto [key, value] : extra) doc[key.cast<std::string>()] = json_from_python(value, nan_policy::as_null);
  } catch (const py::type_error& e) {
    if (fast) return dataset_from_tables(jurisdiction, tables, extra, false);
    throw input_error("tuoyu.input.103", e.what());
  } catch (const input_error&) {
    if (fast) return dataset_from_tables(jurisdiction, tables, extra, false);
    throw;
  }
  boost::json::value jv(std::move(doc));
  try {
    py::gil_scoped_release release;
    auto out = std::make_shared<dataset>(dataset_from_json(jv, department_directory::builtin(), limits));
    if (facilities) {
      std::size_t records = out->townships.size() + facilities->size() + out->meetings.size() + out->trainings.size();
      if (records > limits.max_records) throw input_error("tuoyu.input.114", "too many records");  // reported below
      out->facilities = std::move(*facilities);
      detail::check_references(*out);
    }
    return out;
  } catch (const input_error& e) {
    if (facilities) return dataset_from_tables(jurisdiction, tables, extra, false);
    rethrow_for_frames(e, frame_tables);
  }
}

std::shared_ptr<dataset> dataset_from_frames(py::handle jurisdiction, const py::dict& tables, const py::dict& extra) {
  return dataset_from_tables(jurisdiction, tables, extra, true);
}

// A prepared dataset from tables given as DataFrames or lists of records. A facilities DataFrame is
// read into columns only, its records made if someone asks for them (docs/decisions/0072); where it
// holds what columns cannot carry, or anything is wrong, it is read as dataset_from_frames reads it.
std::shared_ptr<prepared_dataset> prepared_from_frames(py::handle jurisdiction, const py::dict& tables,
                                                       const py::dict& extra) {
  const input_limits limits;
  auto whole = [&] {
    return std::make_shared<prepared_dataset>(std::shared_ptr<const dataset>(dataset_from_frames(jurisdiction, tables, extra)));
  };
  py::object frame = tables.contains("facilities") ? py::object(tables["facilities"]) : py::object(py::none());
  if (!py::isinstance<py::tuple>(frame)) return whole();
  auto rows = frame.cast<py::tuple>()[0].cast<py::ssize_t>();
  if (rows < 0 || static_cast<std::size_t>(rows) > limits.max_records) return whole();
  std::optional<facility_columns> facilities;
  py::dict others_tables;
  try {
    facilities = facility_columns_from(rows, frame.cast<py::tuple>()[1].cast<py::list>(), limits);
    for (auto [key, value] : tables)
      others_tables[key] = key.cast<std::string>() == "facilities" ? py::object(py::list()) : py::reinterpret_borrow<py::object>(value);
  } catch (const input_error&) {
    return whole();
  } catch (const py::type_error&) {
    return whole();
  }
  if (!facilities) return whole();
  std::shared_ptr<dataset> others;
  try {
    others = dataset_from_frames(jurisdiction, others_tables, extra);
  } catch (const input_error&) {
    return whole();  // the error, said of the whole dataset
  }
  py::gil_scoped_release release;
  std::size_t records =
      others->townships.size() + facilities->table.size() + others->meetings.size() + others->trainings.size();
  if (records > limits.max_records || !references_hold(facilities->table, *others)) {
    py::gil_scoped_acquire acquire;
    return whole();
  }
  auto marks = std::make_shared<std::pair<std::vector<facility_marks>, facility_spellings>>(
      std::move(facilities->marks), std::move(facilities->spellings));
  return std::make_shared<prepared_dataset>(std::move(*others), std::move(facilities->table),
                                            [marks](const facility_table& t) { return records_of(t, marks->first, marks->second); });
}

// The names and counts that repr() and plots read, on Dataset and PreparedDataset alike: `data(x)`
// the dataset (without its facilities, for one prepared from columns), `facility_count(x)` theirs.
template <class Class, class Data, class FacilityCount>
void add_summary(Class& cls, Data data, FacilityCount facility_count) {
  using T = typename Class::type;
  cls.def_property_readonly("jurisdiction_id", [data](const T& x) { return data(x).jurisdiction.id; })
      .def_property_readonly("jurisdiction_name", [data](const T& x) { return data(x).jurisdiction.name; })
      .def_property_readonly("population", [data](const T& x) { return data(x).jurisdiction.population; })
      .def_property_readonly("township_count", [data](const T& x) { return data(x).townships.size(); })
      .def_property_readonly("facility_count", facility_count)
      .def_property_readonly("meeting_count", [data](const T& x) { return data(x).meetings.size(); })
      .def_property_readonly("training_count", [data](const T& x) { return data(x).trainings.size(); })
      .def("townships", [data](const T& x) {
        py::list out;
        for (const auto& t : data(x).townships)
          out.append(py::dict(py::arg("id") = t.id, py::arg("name") = t.name, py::arg("population") = t.population));
        return out;
      });
}

}  // namespace

void register_dataset(py::module_& m) {
  py::class_<dataset, std::shared_ptr<dataset>> datasets(m, "Dataset", "A validated, immutable dataset (contract section 2).");
  datasets
      .def_static(
          "from_json_file",
          [](const std::string& path) {
            py::gil_scoped_release release;
            return std::make_shared<dataset>(load_dataset(path));
          },
          py::arg("path"))
      .def_static(
          "from_json_text",
          [](const std::string& text) {
            py::gil_scoped_release release;
            return std::make_shared<dataset>(parse_dataset(text));
          },
          py::arg("text"))
      .def_static(
          "from_object",
          [](py::handle obj) {
            boost::json::value jv;
            try {
              jv = json_from_python(obj, nan_policy::as_null);
            } catch (const py::type_error& e) {
              throw input_error("tuoyu.input.103", e.what());
            }
            py::gil_scoped_release release;
            return std::make_shared<dataset>(dataset_from_json(jv));
          },
          py::arg("obj"))
      .def_static("from_tables", &dataset_from_frames, py::arg("jurisdiction"), py::arg("tables"),
                  py::arg("extra") = py::dict())
      // The document path only: the reference the fast path is tested against.
      .def_static(
          "from_tables_as_document",
          [](py::handle jurisdiction, const py::dict& tables, const py::dict& extra) {
            return dataset_from_tables(jurisdiction, tables, extra, false);
          },
          py::arg("jurisdiction"), py::arg("tables"), py::arg("extra") = py::dict())
      .def("to_json", [](const dataset& d) { return boost::json::serialize(to_json(d)); })
      .def("to_object", [](const dataset& d) { return to_python(to_json(d)); })
      .def("__eq__", [](const dataset& a, const dataset& b) { return a == b; });
  add_summary(datasets, [](const dataset& d) -> const dataset& { return d; },
              [](const dataset& d) { return d.facilities.size(); });

  py::class_<prepared_dataset, std::shared_ptr<prepared_dataset>> prepared(
      m, "PreparedDataset", "A dataset with its facilities as columns, built once for every check of it.");
  prepared
      .def(py::init([](std::shared_ptr<dataset> d) {
             py::gil_scoped_release release;
             return std::make_shared<prepared_dataset>(std::shared_ptr<const dataset>(std::move(d)));
           }),
           py::arg("dataset"))
      .def_static("from_tables", &prepared_from_frames, py::arg("jurisdiction"), py::arg("tables"),
                  py::arg("extra") = py::dict())
      // The dataset, sharing the prepared one's lifetime; its facility records are made here the
      // first time if they came as columns.
      .def("dataset",
           [](const std::shared_ptr<prepared_dataset>& p) {
             const dataset* d;
             {
               py::gil_scoped_release release;
               d = &p->data();
             }
             return std::shared_ptr<dataset>(p, const_cast<dataset*>(d));  // immutable from Python
           })
      .def_property_readonly("facilities_only_as_columns", &prepared_dataset::facilities_only_as_columns);
  // Read without making the records.
  add_summary(prepared, [](const prepared_dataset& p) -> const dataset& { return p.checked_data(); },
              [](const prepared_dataset& p) { return p.facilities().size(); });
}

}  // namespace tuoyu::python
