// Benchmarks 1 and 2: the nine Zezhou facility rules over columnar facility data (check_facilities),
// against hand-written C++ loops over the same in-memory data, and on 2 threads against 1. Two
// baselines: one builds the same findings as tuoyu (checked field by field), the other only lists
// the (rule, facility id) pairs. Prints one row per size; every figure is a median of several runs
// (at least the number asked for, more at the small sizes), with the number in the "runs" column.
#include "bench_data.hpp"

#include <tuoyu/detail/parallel.hpp>

#include <boost/json/serialize.hpp>

#include <cstdio>
#include <fstream>
#include <cstdlib>
#include <algorithm>
#include <array>
#include <chrono>
#include <set>
#include <utility>

#include <sys/wait.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <unistd.h>

namespace {

using ids = std::vector<std::pair<std::string, std::string>>;  // (rule, facility id)

// The nine facility rules of contract section 5, written by hand.
ids hand_written(const tuoyu::dataset& d, tuoyu::date as_of) {
  ids out;
  using tuoyu::facility_status;
  for (const auto& f : d.facilities) {
    bool active = (!f.opened || *f.opened <= as_of) &&
                  (f.status == facility_status::operating || f.status == facility_status::suspended);
    if (!active) continue;
    const auto& reg = f.registration;
    const auto& fil = f.filing;
    if (!reg) out.emplace_back("ZZ-REG-UNREGISTERED", f.id);
    if (reg && !fil) out.emplace_back("ZZ-REG-NOT-FILED", f.id);
    if (reg && !reg->scope_includes_childcare) out.emplace_back("ZZ-REG-SCOPE", f.id);
    if (reg) {
      const auto& a = reg->authority;
      bool ok = f.legal_form == tuoyu::legal_form::enterprise   ? a == "admin_approval"
                : f.legal_form == tuoyu::legal_form::social_org ? (a == "admin_approval" || a == "civil_affairs")
                                                                : a == "staffing_office";
      if (!ok) out.emplace_back("ZZ-REG-AUTHORITY", f.id);
    }
    if (fil && fil->authority != "health") out.emplace_back("ZZ-FILING-AUTHORITY", f.id);
    if (reg && fil && reg->date && fil->date && *fil->date < *reg->date) out.emplace_back("ZZ-FILING-ORDER", f.id);
    if (f.kind == tuoyu::facility_kind::employer && f.employees_only && f.free_of_charge &&
        f.legal_form == tuoyu::legal_form::enterprise)
      out.emplace_back("ZZ-WELFARE-NONPROFIT", f.id);
    if (f.kind == tuoyu::facility_kind::kindergarten_class && f.enrolled_age_months &&
        ((f.enrolled_age_months->min && *f.enrolled_age_months->min < 24) ||
         (f.enrolled_age_months->max && *f.enrolled_age_months->max > 36)))
      out.emplace_back("ZZ-KG-AGE", f.id);
    if (f.utility_pricing == tuoyu::utility_pricing::commercial) out.emplace_back("ZZ-UTILITY-PRICE", f.id);
  }
  return out;
}

// The same nine rules, written by hand, producing the same findings tuoyu reports: subject, clause,
// departments, both messages and the evidence object, in contract order. Clause and departments
// are read from the rulebook once (a hand-written program would hold them as constants).
using per_rule = std::array<std::vector<tuoyu::finding>, 9>;  // in rule-id order

per_rule hand_written_findings(const tuoyu::dataset& d, std::size_t first, std::size_t last, tuoyu::date as_of,
                               const tuoyu::rulebook& rules) {
  using boost::json::object;
  using boost::json::value;
  using tuoyu::facility_status;
  using tuoyu::to_string;
  const char* rule_ids[] = {"ZZ-FILING-AUTHORITY", "ZZ-FILING-ORDER", "ZZ-KG-AGE",       "ZZ-REG-AUTHORITY", "ZZ-REG-NOT-FILED",
                       "ZZ-REG-SCOPE",        "ZZ-REG-UNREGISTERED", "ZZ-UTILITY-PRICE", "ZZ-WELFARE-NONPROFIT"};
  enum { filing_authority, filing_order, kg_age, reg_authority, not_filed, scope, unregistered, utility, welfare };
  per_rule by_rule;
  auto param = [&](const char* name) {
    const auto* e = rules.find_parameter(name)->at(as_of);
    return value(object{{"value", e->value.as_int()}, {"from", e->from.to_string()}});
  };
  const value kg_max = param("kg_max_age_months"), kg_min = param("kg_min_age_months");
  const value as_of_text(as_of.to_string());
  auto opt_date = [](const std::optional<tuoyu::date>& x) { return x ? value(x->to_string()) : value(nullptr); };
  auto registration = [&](const tuoyu::facility& f) {
    if (!f.registration) return value(nullptr);
    object o{{"authority", f.registration->authority}};
    if (f.registration->date) o["date"] = f.registration->date->to_string();
    o["scope_includes_childcare"] = f.registration->scope_includes_childcare;
    return value(std::move(o));
  };
  auto filing = [&](const tuoyu::facility& f) {
    if (!f.filing) return value(nullptr);
    object o{{"authority", f.filing->authority}};
    if (f.filing->date) o["date"] = f.filing->date->to_string();
    return value(std::move(o));
  };
  auto emit = [&](int k, const tuoyu::facility& f, std::string zh, std::string en, object evidence) {
    const tuoyu::rule& r = *rules.find_rule(rule_ids[k]);
    auto& out = by_rule[k].emplace_back();
    out.rule = r.id, out.severity = r.severity, out.subject.id = f.id, out.clause = r.clause;
    out.responsible = r.responsible, out.action = r.action;
    out.message = {std::move(zh), std::move(en)}, out.evidence = std::move(evidence);
  };
  for (std::size_t i = first; i < last; ++i) {
    const auto& f = d.facilities[i];
    bool active = (!f.opened || *f.opened <= as_of) &&
                  (f.status == facility_status::operating || f.status == facility_status::suspended);
    if (!active) continue;
    const auto& reg = f.registration;
    const auto& fil = f.filing;
    const std::string& n = f.name;
    auto base = [&] {
      object e;
      e.reserve(9);
      e["as_of"] = as_of_text;
      return e;
    };
    const value opened = opt_date(f.opened), status(to_string(f.status));
    if (!reg) {
      auto e = base();
      e["facility.opened"] = opened, e["facility.status"] = status, e["facility.registration"] = nullptr;
      emit(unregistered, f, n + "（" + f.id + "）未办理法人登记，应按程序规范或取缔",
           n + " (" + f.id + ") is not registered; regularize or ban it", std::move(e));
    }
    if (reg && !fil) {
      auto e = base();
      e["facility.opened"] = opened, e["facility.registration"] = registration(f), e["facility.status"] = status;
      e["facility.filing"] = nullptr;
      emit(not_filed, f, n + "（" + f.id + "）已登记但未到县卫生健康和体育局备案，应按程序规范或取缔",
           n + " (" + f.id + ") is registered but not filed with the county health bureau; regularize or ban it",
           std::move(e));
    }
    if (reg && !reg->scope_includes_childcare) {
      auto e = base();
      e["facility.opened"] = opened, e["facility.registration"] = registration(f);
      e["facility.registration.scope_includes_childcare"] = false, e["facility.status"] = status;
      emit(scope, f, n + "（" + f.id + "）的登记业务范围未明确托育服务内容",
           "The registered scope of " + n + " (" + f.id + ") does not state childcare services", std::move(e));
    }
    if (reg) {
      const auto& a = reg->authority;
      bool ok = f.legal_form == tuoyu::legal_form::enterprise   ? a == "admin_approval"
                : f.legal_form == tuoyu::legal_form::social_org ? (a == "admin_approval" || a == "civil_affairs")
                                                                : a == "staffing_office";
      if (!ok) {
        std::string form(to_string(f.legal_form));
        auto e = base();
        e["facility.opened"] = opened, e["facility.registration"] = registration(f);
        e["facility.registration.authority"] = a, e["facility.status"] = status, e["facility.legal_form"] = form;
        emit(reg_authority, f, n + "（" + f.id + "）（" + form + "）登记机关为" + a + "，与其性质不符",
             n + " (" + f.id + ") (legal form " + form + ") is registered by " + a + ", which does not fit its legal form",
             std::move(e));
      }
    }
    if (fil && fil->authority != "health") {
      auto e = base();
      e["facility.filing"] = filing(f), e["facility.filing.authority"] = fil->authority;
      e["facility.opened"] = opened, e["facility.status"] = status;
      emit(filing_authority, f, n + "（" + f.id + "）备案机关为" + fil->authority + "，应为县卫生健康和体育局",
           n + " (" + f.id + ") is filed with " + fil->authority + "; filing belongs with the county health bureau (health)",
           std::move(e));
    }
    if (reg && fil && reg->date && fil->date && *fil->date < *reg->date) {
      auto fd = fil->date->to_string(), rd = reg->date->to_string();
      auto e = base();
      e["facility.filing"] = filing(f), e["facility.filing.date"] = fd, e["facility.opened"] = opened;
      e["facility.registration"] = registration(f), e["facility.registration.date"] = rd, e["facility.status"] = status;
      emit(filing_order, f, n + "（" + f.id + "）备案日期" + fd + "早于登记日期" + rd,
           n + " (" + f.id + ") was filed on " + fd + ", before its registration on " + rd, std::move(e));
    }
    if (f.kind == tuoyu::facility_kind::employer && f.employees_only && f.free_of_charge &&
        f.legal_form == tuoyu::legal_form::enterprise) {
      auto e = base();
      e["facility.employees_only"] = true, e["facility.free_of_charge"] = true, e["facility.kind"] = "employer";
      e["facility.opened"] = opened, e["facility.status"] = status, e["facility.legal_form"] = "enterprise";
      emit(welfare, f, n + "（" + f.id + "）为面向本单位职工的免费福利性机构，应按非营利性机构登记，不应登记为营利性企业",
           n + " (" + f.id + ") is a free welfare facility for the employer's own staff and must register as non-profit, "
               "not as an enterprise",
           std::move(e));
    }
    const auto& ages = f.enrolled_age_months;
    if (f.kind == tuoyu::facility_kind::kindergarten_class && ages &&
        ((ages->min && *ages->min < 24) || (ages->max && *ages->max > 36))) {
      object range;
      if (ages->max) range["max"] = *ages->max;
      if (ages->min) range["min"] = *ages->min;
      auto e = base();
      e["facility.enrolled_age_months"] = std::move(range), e["facility.kind"] = "kindergarten_class";
      e["facility.opened"] = opened, e["facility.status"] = status;
      e["facility.enrolled_age_months.max"] = ages->max ? value(*ages->max) : value(nullptr);
      e["facility.enrolled_age_months.min"] = ages->min ? value(*ages->min) : value(nullptr);
      e["param:kg_max_age_months"] = kg_max, e["param:kg_min_age_months"] = kg_min;
      emit(kg_age, f, n + "（" + f.id + "）托班招收婴幼儿的月龄超出2至3岁（24至36个月）",
           n + " (" + f.id + "), a kindergarten class, enrols children outside 2 to 3 years of age (24 to 36 months)",
           std::move(e));
    }
    if (f.utility_pricing == tuoyu::utility_pricing::commercial) {
      auto e = base();
      e["facility.opened"] = opened, e["facility.status"] = status, e["facility.utility_pricing"] = "commercial";
      emit(utility, f, n + "（" + f.id + "）水电气执行商业价格，未落实居民价格政策",
           n + " (" + f.id + ") pays commercial utility prices; the residential-price policy is not applied",
           std::move(e));
    }
  }
  return by_rule;
}

// On `threads` threads, each over a contiguous part of the facilities, joined per rule. rule_ids[]
// is in rule-id order and facility ids ascend with the rows: the result is in contract order. The
// threads are tuoyu's own (run_parts and its pool), so that hand2 and tuoyu 2t differ only in the
// work: with the pool's thread asleep in the process, a thread started afresh was placed worse
// and hand2 came out 10-20% slower at 10k (docs/decisions/0068).
std::vector<tuoyu::finding> hand_written_findings(const tuoyu::dataset& d, tuoyu::date as_of,
                                                  const tuoyu::rulebook& rules, unsigned threads = 1) {
  std::vector<per_rule> parts(threads);
  std::size_t n = d.facilities.size();
  tuoyu::detail::run_parts(threads, [&](unsigned w) {
    parts[w] = hand_written_findings(d, n * w / threads, n * (w + 1) / threads, as_of, rules);
  });
  std::vector<tuoyu::finding> out;
  for (std::size_t k = 0; k < 9; ++k)
    for (auto& part : parts) std::move(part[k].begin(), part[k].end(), std::back_inserter(out));
  return out;
}

// One row of the table: `n` generated facilities, at least `runs` rounds. Non-zero if tuoyu's
// findings differ from the hand-written ones.
int measure(std::size_t n, int runs, const tuoyu::rulebook& rules, tuoyu::date as_of) {
  auto d = bench::make_dataset(n);
  tuoyu::facility_table table;
  double table_s = bench::seconds([&] { table = tuoyu::facility_table::from_dataset(d); });
  std::vector<double> hand, hand_full, hand_two, one, two;
  ids expected;
  std::vector<tuoyu::finding> expected_full, got;
  // Each timed call starts with the result it replaces freed, outside the timing (main() also keeps
  // glibc from deferring the work of a free to a later call).
  auto drop = [](auto& v) { std::decay_t<decltype(v)>().swap(v); };
  // At least `runs` rounds, and at the small sizes as many as fill about two seconds: a round at
  // 10k lasts milliseconds, so a few rounds would all fall in one slow moment of a shared machine.
  int rounds = runs;
  for (int r = 0; r < rounds; ++r) {
    auto round_start = std::chrono::steady_clock::now();
    drop(expected);
    hand.push_back(bench::seconds([&] { expected = hand_written(d, as_of); }));
    drop(expected_full);
    hand_full.push_back(bench::seconds([&] { expected_full = hand_written_findings(d, as_of, rules); }));
    drop(expected_full);
    hand_two.push_back(bench::seconds([&] { expected_full = hand_written_findings(d, as_of, rules, 2); }));
    drop(got);
    tuoyu::check_options o1;
    one.push_back(bench::seconds([&] { got = tuoyu::check_facilities(rules, table, as_of, o1); }));
    drop(got);
    tuoyu::check_options o2;
    o2.threads = 2;
    two.push_back(bench::seconds([&] { got = tuoyu::check_facilities(rules, table, as_of, o2); }));
    if (r == 0) {
      std::chrono::duration<double> round = std::chrono::steady_clock::now() - round_start;
      rounds = std::max(runs, std::min(300, static_cast<int>(2.0 / round.count())));
    }
  }
  // The same findings, or the comparison means nothing: the (rule, id) pairs, and every field of
  // every finding against the hand-written full findings.
  std::multiset<std::pair<std::string, std::string>> a(expected.begin(), expected.end()), b;
  for (const auto& f : got) b.emplace(f.rule, f.subject.id);
  if (a != b || got != expected_full) {
    std::fprintf(stderr, "bench_facility: findings differ at %zu records (%zu hand-written, %zu tuoyu)\n", n,
                 expected_full.size(), got.size());
    for (std::size_t i = 0; i < std::min(got.size(), expected_full.size()); ++i)
      if (!(got[i] == expected_full[i])) {
        std::fprintf(stderr, "first difference at %zu:\n  hand:  %s\n  tuoyu: %s\n", i,
                     boost::json::serialize(tuoyu::to_json(expected_full[i])).c_str(),
                     boost::json::serialize(tuoyu::to_json(got[i])).c_str());
        break;
      }
    return 1;
  }
  double h = bench::median(hand), hf = bench::median(hand_full), h2 = bench::median(hand_two);
  double o = bench::median(one), t = bench::median(two);
  std::printf("%-9zu %5d %9zu %8.1f %8.1f %8.1f %8.1f %8.1f %9.2fx %10.2fx %7.2fx %8.2fx %12.3g %9.0f\n", n, rounds,
              got.size(), h * 1e3, hf * 1e3, h2 * 1e3, o * 1e3, t * 1e3, o / hf, o / h, o / t, hf / h2,
              9.0 * static_cast<double>(n) / o, table_s * 1e3);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 4 && std::string(argv[1]) == "--write") {
    // The same generated data as JSON, for the Python benchmarks.
    std::ofstream out(argv[3], std::ios::binary);
    out << boost::json::serialize(tuoyu::to_json(bench::make_dataset(static_cast<std::size_t>(std::atoll(argv[2])))));
    return out ? 0 : 1;
  }
#if defined(__GLIBC__)
  // No "fast bins": glibc otherwise keeps freed small blocks aside and merges them all at the next
  // large request, so a timed call paid for whatever the call before it had freed. With 2 threads
  // that was all of the 1-thread result, merged serially (2 threads looked slower against 1 than
  // they are, docs/decisions/0065). Every call below runs under the same setting.
  mallopt(M_MXFAST, 0);
#endif
  int runs = argc > 1 ? std::atoi(argv[1]) : 5;
  std::vector<std::size_t> sizes{10'000, 100'000, 1'000'000};
  if (argc > 2) sizes = {static_cast<std::size_t>(std::atoll(argv[2]))};
  auto rules = tuoyu::builtin_rulebook("zezhou-2022");
  auto as_of = tuoyu::date::parse("2025-12-31");
  std::printf("%-9s %5s %9s %8s %8s %8s %8s %8s %10s %11s %8s %9s %12s %9s\n", "records", "runs", "findings", "ids ms",
              "hand ms", "hand2 ms", "1t ms", "2t ms", "1t/hand", "1t/hand ids", "1t/2t", "hand/hand2",
              "evals/s (1t)", "table ms");
  // Each size in a process of its own: the heap that a hundred rounds at 10k leave behind made the
  // 1M rounds after them 10-20% slower (docs/performance.md).
  for (auto n : sizes) {
    std::fflush(stdout);
    pid_t child = fork();
    if (child < 0) return 1;
    if (child == 0) {
      int rc = measure(n, runs, rules, as_of);
      std::fflush(stdout);
      _exit(rc);
    }
    int status = 0;
    if (waitpid(child, &status, 0) != child || !WIFEXITED(status) || WEXITSTATUS(status) != 0) return 1;
  }
}
