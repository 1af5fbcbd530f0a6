// A dataset: the jurisdiction, its townships and childcare facilities, joint-meeting sessions and
// trainings (contract section 2), loaded and validated from JSON, and written back without loss.
#pragma once

#include <tuoyu/department.hpp>
#include <tuoyu/detail/config.hpp>
#include <tuoyu/facility.hpp>
#include <tuoyu/field_set.hpp>
#include <tuoyu/input.hpp>
#include <tuoyu/jurisdiction.hpp>
#include <tuoyu/meeting.hpp>
#include <tuoyu/township.hpp>
#include <tuoyu/training.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace tuoyu {
inline namespace v1 {

// JSON: {"jurisdiction": {…}, "townships": […], "facilities": […], "meetings": […], "trainings": […]}.
// "jurisdiction", "townships" and "facilities" are required; "meetings" and "trainings" default to [].
struct dataset {
  tuoyu::jurisdiction jurisdiction;
  std::vector<township> townships;    // ids unique
  std::vector<facility> facilities;   // ids unique; each names a township of `townships`
  std::vector<meeting> meetings;
  std::vector<training> trainings;
  boost::json::object extra;          // unknown top-level keys, verbatim
  field_set given_null;               // see field_set.hpp
  field_set given_default;

  // Linear searches; nullptr when there is no such id.
  const township* find_township(std::string_view id) const noexcept;
  const facility* find_facility(std::string_view id) const noexcept;
  township* find_township(std::string_view id) noexcept;
  facility* find_facility(std::string_view id) noexcept;

  friend bool operator==(const dataset&, const dataset&) = default;
};

// Reads and validates a dataset. Authorities are resolved with `directory`. Throws tuoyu::input_error
// with the JSON pointer of the offending value (ids in docs/errors.md):
//   103 wrong type, 104 unknown enum value, 105 number out of range, 106 population not > 0,
//   107 duplicate township or facility id, 108 facility names an unknown township, 109 unknown authority,
//   110 impossible date, 111 missing required field, 112 nesting deeper than limits.max_depth,
//   114 more than limits.max_records records (townships + facilities + meetings + trainings).
TUOYU_DECL dataset dataset_from_json(const boost::json::value& jv,
                                     const department_directory& directory = department_directory::builtin(),
                                     const input_limits& limits = {});

namespace detail {
// The checks across records: unique township and facility ids (107), facilities in known townships
// (108). dataset_from_json makes them; a reader that builds the records another way calls it.
TUOYU_DECL void check_references(const dataset& d);
}  // namespace detail

// Parses JSON text and reads it as a dataset; errors also carry `file_name` (if not empty) and, for
// malformed text, the line:column (101 malformed JSON, 102 invalid UTF-8, 112, 113 text too large).
// `threads`: how many threads read the facilities (0: one per core); the dataset, or the error, is
// the same on any number.
TUOYU_DECL dataset parse_dataset(std::string_view text, std::string file_name = "", const input_limits& limits = {},
                                 const department_directory& directory = department_directory::builtin(),
                                 unsigned threads = 1);

// Reads a dataset file (not "-": reading standard input is the caller's business; use parse_dataset).
// Adds io_error tuoyu.io.001 (missing or unreadable file) and tuoyu.io.002 (a directory). Every error's
// location names the file.
TUOYU_DECL dataset load_dataset(const std::filesystem::path& path, const input_limits& limits = {},
                                const department_directory& directory = department_directory::builtin(),
                                unsigned threads = 1);

// The dataset as JSON: every field it was read with, unknown ones included.
TUOYU_DECL boost::json::value to_json(const dataset& d);

TUOYU_DECL void tag_invoke(const boost::json::value_from_tag&, boost::json::value& jv, const dataset& d);
TUOYU_DECL dataset tag_invoke(const boost::json::value_to_tag<dataset>&, const boost::json::value& jv);

}  // namespace v1
}  // namespace tuoyu

#ifdef TUOYU_HEADER_ONLY
#include <tuoyu/impl/dataset.ipp>
#endif
