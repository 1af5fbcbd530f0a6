// The subcommands of the tuoyu tool, and what they share: loading rulebooks and datasets.
#pragma once

#include "arguments.hpp"

#include <tuoyu/tuoyu.hpp>

#include <cstdint>
#include <algorithm>
#include <iterator>
#include <string>
#include <vector>

namespace tuoyu::cli {

// Runs one subcommand and returns its exit code. Throws usage_error or tuoyu::error for exit 2.
int run_command(const std::string& command, const std::vector<std::string>& args);

// --rulebook ID|PATH...: built-in ids first, then paths; none given means zezhou-2022.
std::vector<rulebook> load_rulebooks(const arguments& a);
// A dataset from a path, or from standard input for "-".
dataset load_dataset_argument(const std::string& path);
// `threads` read the facilities (0: one per core), as check's --threads.
dataset load_dataset_argument(const std::string& path, const input_limits& limits, unsigned threads = 1);
// --max-depth, --max-bytes, --max-records (each a whole number >= 1; --max-depth at most
// max_depth_ceiling), over the library's defaults.
inline constexpr std::uint64_t max_depth_ceiling = 1000;
input_limits input_limits_argument(const arguments& a);
// --step-budget N: the comprehension step budget of every rule (0 when not given: the rulebook's own).
std::uint64_t step_budget_argument(const arguments& a);
// --as-of, defaulting to today's date (UTC).
date as_of_argument(const arguments& a);
// Runs `one` on each rulebook and merges the findings into the first report, sorted as contract
// section 3 says (check and lint both take several --rulebook).
template <class F>
report merge_reports(const std::vector<rulebook>& books, F&& one) {
  report merged = one(books.front());
  for (std::size_t i = 1; i < books.size(); ++i) {
    auto more = one(books[i]);
    std::move(more.findings.begin(), more.findings.end(), std::back_inserter(merged.findings));
  }
  std::stable_sort(merged.findings.begin(), merged.findings.end(), finding_order);
  return merged;
}

// The single positional DATASET argument.
std::string dataset_argument(const arguments& a);

int run_check(const std::vector<std::string>& args);
int run_explain(const std::vector<std::string>& args);
int run_rules(const std::vector<std::string>& args);
int run_departments(const std::vector<std::string>& args);
int run_lint(const std::vector<std::string>& args);
int run_test(const std::vector<std::string>& args);
int run_eval(const std::vector<std::string>& args);

}  // namespace tuoyu::cli
