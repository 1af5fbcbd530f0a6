// Benchmarks 1 and 2: the nine Zezhou facility rules over columnar facility data (check_facilities),
// against a hand-written C++ loop computing the same findings over the same in-memory data, and on 2
// threads against 1. Prints one row per size; every figure is a median of several runs.
#include "bench_data.hpp"

#include <boost/json/serialize.hpp>

#include <cstdio>
#include <fstream>
#include <cstdlib>
#include <set>
#include <utility>

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

}  // namespace

int main(int argc, char** argv) {
  if (argc == 4 && std::string(argv[1]) == "--write") {
    // The same generated data as JSON, for the Python benchmarks.
    std::ofstream out(argv[3], std::ios::binary);
    out << boost::json::serialize(tuoyu::to_json(bench::make_dataset(static_cast<std::size_t>(std::atoll(argv[2])))));
    return out ? 0 : 1;
  }
  int runs = argc > 1 ? std::atoi(argv[1]) : 5;
  std::vector<std::size_t> sizes{10'000, 100'000, 1'000'000};
  if (argc > 2) sizes = {static_cast<std::size_t>(std::atoll(argv[2]))};
  auto rules = tuoyu::builtin_rulebook("zezhou-2022");
  auto as_of = tuoyu::date::parse("2025-12-31");
  std::printf("%-9s %9s %12s %12s %12s %9s %9s %14s %12s\n", "records", "findings", "hand ms", "tuoyu 1t ms",
              "tuoyu 2t ms", "1t/hand", "1t/2t", "evals/s (1t)", "table ms");
  for (auto n : sizes) {
    auto d = bench::make_dataset(n);
    tuoyu::facility_table table;
    double table_s = bench::seconds([&] { table = tuoyu::facility_table::from_dataset(d); });
    std::vector<double> hand, one, two;
    ids expected;
    std::vector<tuoyu::finding> got;
    for (int r = 0; r < runs; ++r) {
      hand.push_back(bench::seconds([&] { expected = hand_written(d, as_of); }));
      tuoyu::check_options o1;
      one.push_back(bench::seconds([&] { got = tuoyu::check_facilities(rules, table, as_of, o1); }));
      tuoyu::check_options o2;
      o2.threads = 2;
      two.push_back(bench::seconds([&] { got = tuoyu::check_facilities(rules, table, as_of, o2); }));
    }
    // The same findings, or the comparison means nothing.
    std::multiset<std::pair<std::string, std::string>> a(expected.begin(), expected.end()), b;
    for (const auto& f : got) b.emplace(f.rule, f.subject.id);
    if (a != b) {
      std::fprintf(stderr, "bench_facility: findings differ at %zu records (%zu hand-written, %zu tuoyu)\n", n,
                   a.size(), b.size());
      return 1;
    }
    double h = bench::median(hand), o = bench::median(one), t = bench::median(two);
    std::printf("%-9zu %9zu %12.2f %12.2f %12.2f %8.2fx %8.2fx %14.3g %12.1f\n", n, got.size(), h * 1e3, o * 1e3,
                t * 1e3, o / h, o / t, 9.0 * static_cast<double>(n) / o, table_s * 1e3);
  }
}
