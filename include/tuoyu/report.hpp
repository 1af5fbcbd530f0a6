// The result of checking a dataset: findings with their clause, departments and evidence,
// plus the capacity metrics. to_json() gives exactly contract section 3.
#pragma once

#include <tuoyu/date.hpp>
#include <tuoyu/detail/config.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tuoyu {
inline namespace v1 {

enum class severity : std::uint8_t { info, warning, error };

inline constexpr std::string_view to_string(severity s) noexcept {
  switch (s) {
    case severity::info: return "info";
    case severity::warning: return "warning";
    case severity::error: return "error";
  }
  return "error";
}
inline std::optional<severity> parse_severity(std::string_view s) noexcept {
  if (s == "info") return severity::info;
  if (s == "warning") return severity::warning;
  if (s == "error") return severity::error;
  return std::nullopt;
}

// What a rule iterates over. `year` rules report their findings against the jurisdiction.
enum class subject_kind : std::uint8_t { facility, township, jurisdiction, year, organisation };

inline constexpr std::string_view to_string(subject_kind k) noexcept {
  switch (k) {
    case subject_kind::facility: return "facility";
    case subject_kind::township: return "township";
    case subject_kind::jurisdiction: return "jurisdiction";
    case subject_kind::year: return "year";
    case subject_kind::organisation: return "organisation";
  }
  return "facility";
}
inline std::optional<subject_kind> parse_subject_kind(std::string_view s) noexcept {
  for (auto k : {subject_kind::facility, subject_kind::township, subject_kind::jurisdiction, subject_kind::year,
                 subject_kind::organisation})
    if (to_string(k) == s) return k;
  return std::nullopt;
}

struct localized_text {
  std::string zh;
  std::string en;
  const std::string& in(std::string_view lang) const { return lang == "en" ? en : zh; }
  friend bool operator==(const localized_text&, const localized_text&) = default;
};

// The subject of a finding. kind is facility, township, jurisdiction or organisation; year rules
// report {jurisdiction, id} with the year set.
struct subject_ref {
  subject_kind kind = subject_kind::facility;
  std::string id;
  std::optional<int> year;
  friend bool operator==(const subject_ref&, const subject_ref&) = default;
};

struct finding {
  std::string rule;
  tuoyu::severity severity = severity::error;
  subject_ref subject;
  std::string clause;
  std::vector<std::string> responsible;  // department ids
  std::string action;                    // empty: none
  localized_text message;
  boost::json::object evidence;          // the values the decision used
  friend bool operator==(const finding&, const finding&) = default;
};

struct township_metrics {
  std::string id;
  std::int64_t counted_capacity = 0;
  std::int64_t counted_facilities = 0;
  friend bool operator==(const township_metrics&, const township_metrics&) = default;
};

// The capacity target in force at as_of, when the rulebook has one (parameter capacity_per_1000).
struct capacity_target {
  double value = 0;
  date from;
  friend bool operator==(const capacity_target&, const capacity_target&) = default;
};

struct metrics {
  std::int64_t population = 0;
  std::int64_t counted_capacity = 0;
  double capacity_per_1000 = 0;  // counted_capacity * 1000 / population, unrounded
  std::optional<capacity_target> target;
  std::vector<township_metrics> townships;
  friend bool operator==(const metrics&, const metrics&) = default;
};

struct report {
  std::string rulebook_id;
  std::string rulebook_version;
  date as_of;
  tuoyu::metrics metrics;
  std::vector<finding> findings;  // sorted by rule id, subject kind, subject id (then year)

  std::size_t count(tuoyu::severity s) const noexcept {
    std::size_t n = 0;
    for (const auto& f : findings) n += f.severity == s;
    return n;
  }
  friend bool operator==(const report&, const report&) = default;
};

// Contract order within one rule: subject kind (years count as the jurisdiction), then subject id;
// years in ascending order.
inline bool subject_order(const subject_ref& a, const subject_ref& b) {
  auto ka = to_string(a.kind == subject_kind::year ? subject_kind::jurisdiction : a.kind);
  auto kb = to_string(b.kind == subject_kind::year ? subject_kind::jurisdiction : b.kind);
  if (ka != kb) return ka < kb;
  if (a.id != b.id) return a.id < b.id;
  return a.year.value_or(0) < b.year.value_or(0);
}

// Contract order: rule id, then subject_order.
inline bool finding_order(const finding& a, const finding& b) {
  if (a.rule != b.rule) return a.rule < b.rule;
  return subject_order(a.subject, b.subject);
}

TUOYU_DECL boost::json::value to_json(const finding& f);
TUOYU_DECL boost::json::value to_json(const metrics& m);
// Exactly contract section 3.
TUOYU_DECL boost::json::value to_json(const report& r);

}  // namespace v1
}  // namespace tuoyu

#ifdef TUOYU_HEADER_ONLY
#include <tuoyu/impl/report.ipp>
#endif
