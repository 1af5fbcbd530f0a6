// Generated benchmark data: a Zezhou-like county with n facilities of every kind, status and gap.
#pragma once

#include <tuoyu/tuoyu.hpp>

#include <algorithm>
#include <chrono>
#include <random>
#include <string>
#include <vector>

namespace bench {

inline tuoyu::dataset make_dataset(std::size_t n, unsigned seed = 42) {
  std::mt19937 rng(seed);
  auto pick = [&](int k) { return std::uniform_int_distribution<int>(0, k - 1)(rng); };
  auto coin = [&](int percent) { return pick(100) < percent; };
  auto day = [&] { return tuoyu::date::from_days(tuoyu::date::parse("2019-01-01").days_since_epoch() + pick(3000)); };
  tuoyu::dataset d;
  d.jurisdiction.id = "zezhou";
  d.jurisdiction.name = "泽州县";
  d.jurisdiction.population = 480000;
  const int townships = 17;
  for (int t = 0; t < townships; ++t) {
    tuoyu::township tw;
    tw.id = "T" + std::to_string(t);
    tw.name = "镇" + std::to_string(t);
    tw.population = 20000 + pick(20000);
    d.townships.push_back(tw);
  }
  d.facilities.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    tuoyu::facility f;
    f.id = "F" + std::to_string(1000000 + i);
    f.name = "托育机构" + std::to_string(i);
    f.township = "T" + std::to_string(pick(townships));
    f.kind = static_cast<tuoyu::facility_kind>(pick(5));
    f.legal_form = static_cast<tuoyu::legal_form>(pick(3));
    f.status = coin(80) ? tuoyu::facility_status::operating : static_cast<tuoyu::facility_status>(pick(4));
    if (coin(80)) f.opened = day();
    if (coin(10)) f.closed = day();
    f.capacity = pick(150);
    if (coin(60)) f.enrolled = pick(150);
    f.demonstration = coin(3);
    f.inclusive = coin(40);
    f.employees_only = f.kind == tuoyu::facility_kind::employer && coin(50);
    f.free_of_charge = coin(5);
    if (coin(50)) f.utility_pricing = coin(97) ? tuoyu::utility_pricing::residential : tuoyu::utility_pricing::commercial;
    if (coin(40)) {
      tuoyu::age_range ages;
      if (coin(90)) ages.min = coin(95) ? 24 + pick(6) : 18;
      if (coin(90)) ages.max = coin(95) ? 30 + pick(7) : 40;
      f.enrolled_age_months = ages;
    }
    // Mostly in order: a few percent of facilities break each rule, as in a real register.
    if (coin(97)) {
      tuoyu::registration r;
      r.authority = f.legal_form == tuoyu::legal_form::public_institution ? "staffing_office"
                    : f.legal_form == tuoyu::legal_form::social_org && coin(50) ? "civil_affairs"
                                                                                : "admin_approval";
      if (coin(3)) r.authority = "market_regulation";
      if (coin(90)) r.date = day();
      r.scope_includes_childcare = coin(98);
      r.given_default.insert("scope_includes_childcare");  // stated, even when false (else it is absent)
      f.registration = r;
    }
    if (coin(96)) {
      tuoyu::filing g;
      g.authority = coin(98) ? "health" : "education";
      if (coin(90)) g.date = f.registration && f.registration->date && coin(97) ? tuoyu::date::from_days(f.registration->date->days_since_epoch() + pick(60)) : day();
      f.filing = g;
    }
    d.facilities.push_back(std::move(f));
  }
  return d;
}

template <class F>
double seconds(F&& f) {
  auto t0 = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

inline double median(std::vector<double> xs) {
  std::sort(xs.begin(), xs.end());
  return xs[xs.size() / 2];
}

}  // namespace bench
