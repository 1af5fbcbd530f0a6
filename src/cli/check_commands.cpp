// tuoyu check, tuoyu explain, and the loading they share.
#include "commands.hpp"
#include "output.hpp"
#include "render.hpp"

#include <boost/json/serialize.hpp>

#include <chrono>
#include <cstdint>
#include <ctime>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>
#include <vector>

namespace tuoyu::cli {

using detail::display;

int run_command(const std::string& command, const std::vector<std::string>& args) {
  if (command == "check") return run_check(args);
  if (command == "explain") return run_explain(args);
  if (command == "rules") return run_rules(args);
  if (command == "departments") return run_departments(args);
  if (command == "lint") return run_lint(args);
  if (command == "test") return run_test(args);
  if (command == "eval") return run_eval(args);
  throw usage_error("unknown command \"" + command + "\"");
}

std::vector<rulebook> load_rulebooks(const arguments& a) {
  std::vector<rulebook> out;
  auto names = a.all("rulebook");
  if (names.empty()) names.push_back("zezhou-2022");
  auto ids = builtin_rulebook_ids();
  for (const auto& name : names) {
    if (std::find(ids.begin(), ids.end(), name) != ids.end())
      out.push_back(builtin_rulebook(name));
    else
      out.push_back(load_rulebook(name));
  }
  return out;
}

dataset load_dataset_argument(const std::string& path) { return load_dataset_argument(path, input_limits{}); }

dataset load_dataset_argument(const std::string& path, const input_limits& limits, unsigned threads) {
  if (path != "-") return load_dataset(path, limits, department_directory::builtin(), threads);
  // Standard input has no size to ask for: read in chunks and stop one byte past the limit, so an
  // endless stream is refused (tuoyu.input.113) instead of exhausting memory.
  std::string text;
  std::vector<char> buffer(1 << 16);
  while (std::cin) {
    std::cin.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    text.append(buffer.data(), static_cast<std::size_t>(std::cin.gcount()));
    if (text.size() > limits.max_document_bytes) break;
  }
  if (std::cin.bad()) throw io_error("tuoyu.io.001", "read failed", location{"<stdin>", "", 0, 0});
  return parse_dataset(text, "<stdin>", limits, department_directory::builtin(), threads);
}

namespace {
// A whole number in [1, most] for a limit flag.
std::uint64_t limit_value(const arguments& a, std::string_view name, std::uint64_t most) {
  auto text = a.get(name);
  bool digits = !text.empty() && text.size() <= 19 && text.find_first_not_of("0123456789") == std::string::npos;
  std::uint64_t n = digits ? std::stoull(text) : 0;
  if (!digits || n == 0 || n > most)
    throw usage_error("--" + std::string(name) + ": expected a whole number from 1 to " + std::to_string(most) +
                      ", not \"" + text + "\"");
  return n;
}
}  // namespace

input_limits input_limits_argument(const arguments& a) {
  input_limits limits;
  // Deeper documents would recurse too far when converted, copied or destroyed (decision 0043).
  if (a.has("max-depth")) limits.max_depth = static_cast<std::size_t>(limit_value(a, "max-depth", max_depth_ceiling));
  if (a.has("max-bytes")) limits.max_document_bytes = static_cast<std::size_t>(limit_value(a, "max-bytes", SIZE_MAX >> 1));
  if (a.has("max-records")) limits.max_records = static_cast<std::size_t>(limit_value(a, "max-records", SIZE_MAX >> 1));
  return limits;
}

std::uint64_t step_budget_argument(const arguments& a) {
  return a.has("step-budget") ? limit_value(a, "step-budget", UINT64_MAX >> 1) : 0;
}

date as_of_argument(const arguments& a) {
  if (a.has("as-of")) {
    auto text = a.get("as-of");
    auto d = date::try_parse(text);
    if (!d) throw usage_error("--as-of: invalid date \"" + text + "\" (expected a real day as YYYY-MM-DD)", "tuoyu.usage.502");
    return *d;
  }
  auto now = std::chrono::system_clock::now();
  auto days = std::chrono::floor<std::chrono::days>(now).time_since_epoch().count();
  return date::from_days(static_cast<std::int32_t>(days));
}

std::string dataset_argument(const arguments& a) {
  if (a.positional().size() != 1)
    throw usage_error(a.positional().empty() ? "missing DATASET (a file, or - for standard input)"
                                             : "expected exactly one DATASET");
  return a.positional()[0];
}

namespace {

// Checks against several rulebooks merge their findings into one report, sorted as the contract says.
// The dataset is prepared once (its facilities as columns), whatever the number of rulebooks.
report check_all(const std::vector<rulebook>& books, const prepared_dataset& data, date as_of,
                 const check_options& options) {
  return merge_reports(books, [&](const rulebook& b) { return check(b, data, as_of, options); });
}

// Leaves `x` for the operating system to reclaim at exit. Freeing a million records one allocation
// at a time costs about as much as reading them, and a command that is about to exit gains nothing
// from it (compilers skip it for the same reason). Reachable to the end, so it is no leak.
template <class T>
void keep_until_exit(T&& x) {
  static auto* kept = new std::vector<std::shared_ptr<void>>();
  kept->push_back(std::make_shared<std::decay_t<T>>(std::forward<T>(x)));
}

int fail_exit_code(const report& r, const std::string& fail_on) {
  if (fail_on == "never") return 0;
  auto threshold = *parse_severity(fail_on);
  for (const auto& f : r.findings)
    if (f.severity >= threshold) return 1;
  return 0;
}

unsigned threads_argument(const arguments& a) {
  if (!a.has("threads")) return 0;  // the CLI uses every core by default
  auto text = a.get("threads");
  if (text.empty() || text.size() > 4 || text.find_first_not_of("0123456789") != std::string::npos)
    throw usage_error("--threads: expected a whole number, not \"" + text + "\"");
  return static_cast<unsigned>(std::stoul(text));
}

}  // namespace

int run_check(const std::vector<std::string>& args) {
  arguments a(args, {"rulebook", "as-of", "format", "output", "fail-on", "lang", "threads", "max-depth", "max-bytes",
                     "max-records", "step-budget"},
              {}, {"rulebook"});
  auto format = a.choice("format", "text", {"text", "json", "csv"});
  auto fail_on = a.choice("fail-on", "error", {"error", "warning", "info", "never"});
  auto lang = a.choice("lang", "zh", {"zh", "en"});
  auto as_of = as_of_argument(a);
  auto path = dataset_argument(a);
  check_options options;
  options.threads = threads_argument(a);
  options.step_budget = step_budget_argument(a);
  auto limits = input_limits_argument(a);
  auto books = load_rulebooks(a);
  prepared_dataset data(load_dataset_argument(path, limits, options.threads));
  auto r = check_all(books, data, as_of, options);

  std::string text;
  if (format == "json") {
    auto doc = to_json(r);
    if (books.size() > 1) {
      boost::json::array all;
      for (const auto& b : books) all.push_back(boost::json::object{{"id", b.id()}, {"version", b.version()}});
      doc.as_object()["rulebooks"] = std::move(all);
    }
    text = boost::json::serialize(doc) + "\n";
    keep_until_exit(std::move(doc));
  } else if (format == "csv") {
    text = render_csv(r);
  } else {
    text = render_text(r, &data.data(), department_directory::builtin(), lang);
  }
  emit(a.get("output"), text);
  int code = fail_exit_code(r, fail_on);
  keep_until_exit(std::move(data));
  keep_until_exit(std::move(r));
  keep_until_exit(std::move(text));
  return code;
}

int run_explain(const std::vector<std::string>& args) {
  arguments a(args, {"rulebook", "as-of", "rule", "subject", "format", "lang", "max-depth", "max-bytes", "max-records",
                     "step-budget"},
              {}, {"rulebook"});
  auto format = a.choice("format", "text", {"text", "json"});
  // Accepted for symmetry with check; the explanation itself is expressions and values.
  (void)a.choice("lang", "zh", {"zh", "en"});
  if (!a.has("rule")) throw usage_error("--rule RULE_ID is required");
  auto as_of = as_of_argument(a);
  auto path = dataset_argument(a);
  check_options options;
  options.step_budget = step_budget_argument(a);
  auto limits = input_limits_argument(a);
  auto books = load_rulebooks(a);
  auto data = load_dataset_argument(path, limits);
  auto rule_id = a.get("rule");
  const rulebook* book = nullptr;
  for (const auto& b : books)
    if (b.find_rule(rule_id)) book = &b;
  if (!book) throw usage_error("no rule \"" + rule_id + "\" in the rulebook", "tuoyu.usage.503");
  auto e = explain(*book, data, as_of, rule_id, a.get("subject"), options);
  if (format == "json") {
    emit("", boost::json::serialize(to_json(e)) + "\n");
    return 0;
  }
  std::ostringstream out;
  const rule& r = *book->find_rule(rule_id);
  out << r.id << "  " << r.clause << "  " << to_string(r.severity) << "\n";
  out << "subject: " << to_string(e.subject.kind == subject_kind::year ? subject_kind::jurisdiction : e.subject.kind)
      << ' ' << e.subject.id;
  if (e.subject.year) out << " year " << *e.subject.year;
  out << "\nas_of: " << e.as_of.to_string() << (e.in_force ? "" : "  (rule not in force: nothing is reported)") << "\n";
  auto steps = [&](const char* label, const std::string& source, const std::vector<explanation_step>& list) {
    out << "\n" << label << ": " << source << "\n";
    for (const auto& s : list)
      out << std::string(static_cast<std::size_t>(2 + 2 * s.depth), ' ') << s.expression << "  =>  "
          << display(s.result) << "\n";
  };
  if (r.when) steps("when", std::string(r.when->source()), e.when_steps);
  if (!e.applies)
    out << "\nThe rule does not apply to this subject.\n";
  else
    steps("require", std::string(r.require->source()), e.require_steps);
  if (!e.parameters.empty()) {
    out << "\nparameters:\n";
    for (const auto& p : e.parameters)
      out << "  " << p.name << " = " << display(p.result)
          << (p.from ? "  (in force from " + p.from->to_string() + ")" : std::string("  (overridden)")) << "\n";
  }
  out << "\nevidence: " << boost::json::serialize(e.evidence) << "\n";
  out << "\nresult: "
      << (!e.applies ? "not applicable" : e.finding ? "FINDING (" + std::string(to_string(r.severity)) + ")" : "holds")
      << "\n";
  if (e.finding && e.applies) out << "clause " << r.clause << ": " << r.clause_text << "\n";
  emit("", out.str());
  return 0;
}

}  // namespace tuoyu::cli
