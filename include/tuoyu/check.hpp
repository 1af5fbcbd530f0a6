// Evaluating a rulebook against a dataset "as of" a date: check() gives a report, explain() shows
// how one rule decided for one subject, lint() checks a rulebook's own organisation data.
#pragma once

#include <tuoyu/dataset.hpp>
#include <tuoyu/date.hpp>
#include <tuoyu/detail/config.hpp>
#include <tuoyu/expression/value.hpp>
#include <tuoyu/facility_table.hpp>
#include <tuoyu/prepared_dataset.hpp>
#include <tuoyu/report.hpp>
#include <tuoyu/rulebook.hpp>

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tuoyu {
inline namespace v1 {

// How often each rule decided what, for rule-test coverage: check() adds to these when
// check_options::counters is set. Atomic, so concurrent checks may share one tally.
struct rule_counter {
  std::atomic<std::uint64_t> subjects{0};  // subjects evaluated with the rule in force
  std::atomic<std::uint64_t> applied{0};   // `when` held, or the rule has none
  std::atomic<std::uint64_t> held{0};      // applied and `require` held: applied without firing
  std::atomic<std::uint64_t> fired{0};     // findings (evaluation errors included)
};

// One counter per rule, indexed like rulebook::rules().
class rule_counters {
 public:
  explicit rule_counters(std::size_t rule_count) : counts_(rule_count) {}
  std::size_t size() const noexcept { return counts_.size(); }
  rule_counter& operator[](std::size_t i) noexcept { return counts_[i]; }
  const rule_counter& operator[](std::size_t i) const noexcept { return counts_[i]; }

 private:
  std::vector<rule_counter> counts_;
};

struct check_options {
  // Worker threads for subject loops; results are identical for any number. 0 means all cores.
  // The extra threads are a pool started on first use and kept for the process (decision 0068).
  unsigned threads = 1;
  // The step budget of each evaluation, exactly (0: the rulebook's budget, 1,000,000 by default, plus
  // 256 steps per record of the dataset, so linear passes over large datasets always fit).
  std::uint64_t step_budget = 0;
  // Replaces a parameter's dated values with one value, for parameter sweeps ("what if the target were 5?").
  std::vector<std::pair<std::string, value>> parameter_overrides;
  // When set, check() tallies each rule's outcomes here (sized for the rulebook's rules). Null: no cost.
  rule_counters* counters = nullptr;
  // Facility rules run column by column over the facility_table (the batch path); false evaluates
  // every rule per record with the interpreter. Both give identical reports.
  bool batch = true;
};

// Contract section 6: a report of every finding at `as_of`, sorted as contract section 3 says.
TUOYU_DECL report check(const rulebook& rules, const dataset& data, date as_of, const check_options& options = {});

// The same over a prepared dataset: check it at many dates or parameter values, from any threads.
TUOYU_DECL report check(const rulebook& rules, const prepared_dataset& data, date as_of,
                        const check_options& options = {});

// The findings of the facility rules alone over columnar facility data, sorted as check() sorts them.
// Rules that read `dataset`, `jurisdiction` or definitions computed from them see a dataset holding
// only these facilities (no townships, meetings or trainings, an empty jurisdiction).
TUOYU_DECL std::vector<finding> check_facilities(const rulebook& rules, const facility_table& facilities, date as_of,
                                                 const check_options& options = {});

// The capacity metrics alone (contract section 3, "counted facility").
TUOYU_DECL metrics compute_metrics(const dataset& data, date as_of);

// One evaluated sub-expression of a rule, in evaluation order.
struct explanation_step {
  std::string expression;
  int depth = 0;
  value result;
};

struct parameter_use {
  std::string name;
  value result;
  std::optional<date> from;  // the date the value in force took effect; empty if overridden
};

struct rule_explanation {
  std::string rule;
  subject_ref subject;
  date as_of;
  bool in_force = false;      // the rulebook and the rule are in force at as_of
  bool applies = false;       // `when` held (or there is none)
  value outcome;              // the value of `require` (bool, or an error)
  bool finding = false;       // a finding was reported
  std::vector<explanation_step> when_steps;
  std::vector<explanation_step> require_steps;
  std::vector<parameter_use> parameters;
  boost::json::object evidence;
};

// How `rule_id` decided for the subject `subject_id` (facility, township or, for year rules, the year).
// Throws input_error if the rule or subject does not exist.
TUOYU_DECL rule_explanation explain(const rulebook& rules, const dataset& data, date as_of, std::string_view rule_id,
                                    std::string_view subject_id = {}, const check_options& options = {});
TUOYU_DECL boost::json::value to_json(const rule_explanation& e);

// Evaluates a compiled expression as a jurisdiction rule of `rules` sees it at `as_of` (dataset,
// jurisdiction, definitions, parameters), plus `variables`. For trying expressions out (tuoyu eval).
TUOYU_DECL value evaluate_in(const rulebook& rules, const dataset& data, date as_of, const expression& expr,
                             const std::vector<std::pair<std::string, value>>& variables = {});

// The findings of the rulebook's organisation rules over its organisation data (tuoyu lint).
TUOYU_DECL report lint(const rulebook& rules, date as_of);

}  // namespace v1
}  // namespace tuoyu

#ifdef TUOYU_HEADER_ONLY
#include <tuoyu/impl/check.ipp>
#endif
