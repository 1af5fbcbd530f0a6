// Out-of-line part of <tuoyu/dataset.hpp>.
#pragma once

#include <tuoyu/dataset.hpp>
#include <tuoyu/detail/id_index.hpp>
#include <tuoyu/detail/json_read.hpp>

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/value_from.hpp>
#include <boost/json/value_to.hpp>

#include <algorithm>

namespace tuoyu {
inline namespace v1 {

namespace detail {
template <class Record>
auto find_by_id(Record* begin, Record* end, std::string_view id) noexcept -> Record* {
  auto it = std::find_if(begin, end, [&](const auto& r) { return r.id == id; });
  return it == end ? nullptr : it;
}
}  // namespace detail

TUOYU_DECL const township* dataset::find_township(std::string_view id) const noexcept {
  return detail::find_by_id(townships.data(), townships.data() + townships.size(), id);
}
TUOYU_DECL const facility* dataset::find_facility(std::string_view id) const noexcept {
  return detail::find_by_id(facilities.data(), facilities.data() + facilities.size(), id);
}
TUOYU_DECL township* dataset::find_township(std::string_view id) noexcept {
  return detail::find_by_id(townships.data(), townships.data() + townships.size(), id);
}
TUOYU_DECL facility* dataset::find_facility(std::string_view id) noexcept {
  return detail::find_by_id(facilities.data(), facilities.data() + facilities.size(), id);
}

namespace detail {
TUOYU_DECL void check_references(const dataset& d) {
  id_index townships(d.townships);
  for (std::size_t i = 0; i < d.townships.size(); ++i) {
    if (auto first = townships.insert(i); first != townships.npos) {
      detail::throw_input("tuoyu.input.107",
                          "duplicate township id " + detail::json_quote(d.townships[i].id) + " (first at /townships/" +
                              std::to_string(first) + ")",
                          "/townships/" + std::to_string(i) + "/id");
    }
  }
  id_index facilities(d.facilities);
  const std::string* known_township = nullptr;  // the last one found: neighbouring facilities often share it
  for (std::size_t i = 0; i < d.facilities.size(); ++i) {
    const auto& f = d.facilities[i];
    if (auto first = facilities.insert(i); first != facilities.npos) {
      detail::throw_input("tuoyu.input.107",
                          "duplicate facility id " + detail::json_quote(f.id) + " (first at /facilities/" +
                              std::to_string(first) + ")",
                          "/facilities/" + std::to_string(i) + "/id");
    }
    if (known_township && f.township == *known_township) continue;
    if (!townships.contains(f.township)) {
      detail::throw_input("tuoyu.input.108", "unknown township " + detail::json_quote(f.township) +
                                                 " (not the id of any entry of /townships)",
                          "/facilities/" + std::to_string(i) + "/township");
    }
    known_township = &f.township;
  }
}

// dataset_from_json once the document's depth is known to be within limits.
inline dataset read_dataset(const boost::json::value& jv, const department_directory& directory,
                            const input_limits& limits, unsigned threads = 1) {
  detail::object_reader reader(jv);
  dataset out;
  std::size_t records = 0;
  // Reads one top-level array of records after checking the record budget.
  auto records_of = [&](const boost::json::value& v, auto read_one, unsigned record_threads = 1) {
    using record = decltype(read_one(v));
    const auto& array = detail::read_array(v);
    if (array.size() > limits.max_records - records) {
      detail::throw_input("tuoyu.input.114",
                          "too many records: more than the limit of " + std::to_string(limits.max_records));
    }
    records += array.size();
    return detail::read_vector<record>(v, read_one, record_threads);
  };

  out.jurisdiction = reader.required("jurisdiction", [](const boost::json::value& v) {
    return boost::json::value_to<jurisdiction>(v);
  });
  out.townships = reader.required("townships", [&](const boost::json::value& v) {
    return records_of(v, [](const boost::json::value& t) { return boost::json::value_to<township>(t); });
  });
  out.facilities = reader.required("facilities", [&](const boost::json::value& v) {
    return records_of(
        v, [&](const boost::json::value& f) { return detail::read_facility(f, directory); }, threads);
  });
  out.meetings = reader.defaulted("meetings", std::vector<meeting>(), out.given_null, out.given_default,
                                  [&](const boost::json::value& v) {
                                    return records_of(v, [](const boost::json::value& m) {
                                      return boost::json::value_to<meeting>(m);
                                    });
                                  });
  out.trainings = reader.defaulted("trainings", std::vector<training>(), out.given_null, out.given_default,
                                   [&](const boost::json::value& v) {
                                     return records_of(v, [](const boost::json::value& t) {
                                       return boost::json::value_to<training>(t);
                                     });
                                   });
  out.extra = reader.extra();

  check_references(out);
  return out;
}
}  // namespace detail

TUOYU_DECL dataset dataset_from_json(const boost::json::value& jv, const department_directory& directory,
                                     const input_limits& limits) {
  detail::check_depth(jv, limits.max_depth);
  return detail::read_dataset(jv, directory, limits);
}

TUOYU_DECL dataset parse_dataset(std::string_view text, std::string file_name, const input_limits& limits,
                                 const department_directory& directory, unsigned threads) {
  // The document lives only until the dataset is read from it: one arena, released at once. Held by
  // a plain pointer, so Boost.JSON also skips destroying the document element by element. Nothing of
  // it outlives this function: the dataset copies its strings, and `extra` fields are copied into
  // objects of their own (object_reader::extra).
  boost::json::monotonic_resource arena;
  auto jv = parse_json(text, file_name, limits, {}, &arena);  // enforces limits.max_depth
  try {
    return detail::read_dataset(jv, directory, limits, threads);
  } catch (error& e) {
    if (!file_name.empty()) e.set_file(std::move(file_name));
    throw;
  }
}

TUOYU_DECL dataset load_dataset(const std::filesystem::path& path, const input_limits& limits,
                                const department_directory& directory, unsigned threads) {
  return parse_dataset(read_input_file(path, limits), path.string(), limits, directory, threads);
}

TUOYU_DECL void tag_invoke(const boost::json::value_from_tag&, boost::json::value& jv, const dataset& d) {
  auto& out = jv.emplace_object();
  auto list = [&](const auto& records) {
    boost::json::array array(out.storage());
    array.reserve(records.size());
    for (const auto& r : records) array.push_back(boost::json::value_from(r, out.storage()));
    return boost::json::value(std::move(array));
  };
  out["jurisdiction"] = boost::json::value_from(d.jurisdiction, out.storage());
  out["townships"] = list(d.townships);
  out["facilities"] = list(d.facilities);
  detail::put_defaulted(out, "meetings", d.meetings, std::vector<meeting>(), d.given_null, d.given_default, list);
  detail::put_defaulted(out, "trainings", d.trainings, std::vector<training>(), d.given_null, d.given_default, list);
  detail::append_extra(out, d.extra);
}

TUOYU_DECL dataset tag_invoke(const boost::json::value_to_tag<dataset>&, const boost::json::value& jv) {
  return dataset_from_json(jv);
}

TUOYU_DECL boost::json::value to_json(const dataset& d) { return boost::json::value_from(d); }

}  // namespace v1
}  // namespace tuoyu
