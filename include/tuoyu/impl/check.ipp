// Out-of-line part of check.hpp: the evaluation engine.
#pragma once

#include <tuoyu/check.hpp>
#include <tuoyu/detail/dataset_values.hpp>

#include <algorithm>
#include <map>
#include <thread>

namespace tuoyu {
inline namespace v1 {
namespace detail {

// Large values in evidence are summarised: a finding shows what decided, not the whole dataset.
inline boost::json::value evidence_value(const value& v) {
  if (v.kind() == value_kind::list && v.as_list().size() > 16)
    return boost::json::object{{"size", v.as_list().size()}};
  if (v.kind() == value_kind::map && v.as_map().size() > 16)
    return boost::json::object{{"size", v.as_map().size()}};
  return to_json(v);
}

// Everything one check shares between subjects: the dataset as values, the globals, the parameters.
class evaluation_context {
 public:
  evaluation_context(const rulebook& rules, const dataset* data, date as_of, const check_options& options,
                     bool organisation = false)
      : rules_(rules), as_of_(as_of) {
    for (const auto& p : rules.parameters()) {
      parameter_use use{p.name, value(), std::nullopt};
      if (auto* e = p.at(as_of)) {
        use.result = e->value;
        use.from = e->from;
      }
      for (const auto& [name, v] : options.parameter_overrides)
        if (name == p.name) {
          use.result = v;
          use.from.reset();
        }
      parameters_.push_back(std::move(use));
    }
    if (data) values_ = dataset_values(*data);
    if (organisation) {
      // Lint: organisation rules see the organisation data, one department at a time.
      const auto& org = rules.organisation();
      base_.bind("organisation", value::from_json(org));
      if (org.is_object())
        if (auto* deps = org.as_object().if_contains("departments"); deps && deps->is_array())
          for (const auto& d : deps->as_array()) values_.departments.push_back(value::from_json(d));
    }
    base_.bind("as_of", value(as_of));
    base_.bind("dataset", values_.dataset);
    base_.bind("jurisdiction", values_.jurisdiction);
    base_.set_parameter_lookup([this](std::string_view name) { return parameter_value(name); });
    if (options.step_budget) base_.set_step_budget(options.step_budget);
    for (const auto& g : rules.global_definitions()) base_.bind(g.name, g.expr.evaluate(base_));
  }

  value parameter_value(std::string_view name) const {
    for (const auto& p : parameters_)
      if (p.name == name) {
        if (p.result.kind() == value_kind::null && !p.from)
          return value::error("tuoyu.eval.409", "parameter '" + std::string(name) + "' has no value before " +
                                                    rules_.find_parameter(name)->values.front().from.to_string());
        return p.result;
      }
    return value::error("tuoyu.eval.409", "unknown parameter '" + std::string(name) + "'");
  }

  const parameter_use* parameter(std::string_view name) const {
    for (const auto& p : parameters_)
      if (p.name == name) return &p;
    return nullptr;
  }

  const activation& base() const { return base_; }
  const dataset_value_set& values() const { return values_; }
  date as_of() const { return as_of_; }
  const rulebook& rules() const { return rules_; }

  // Binds the subject variable of rule `r` into `a` (a copy of base()); rebinding reuses the slot.
  void bind_subject(activation& a, const rule& r, std::size_t index) const {
    switch (r.subject) {
      case subject_kind::facility: a.bind("facility", values_.facilities[index]); break;
      case subject_kind::township: a.bind("township", values_.townships[index]); break;
      case subject_kind::year: a.bind("year", value(static_cast<std::int64_t>(index))); break;
      case subject_kind::organisation: a.bind("department", values_.departments[index]); break;
      case subject_kind::jurisdiction: break;
    }
  }
  activation for_subject(const rule& r, std::size_t index) const {
    activation a = base_;
    bind_subject(a, r, index);
    return a;
  }

  subject_ref subject_of(const rule& r, std::size_t index, const dataset* data) const {
    switch (r.subject) {
      case subject_kind::facility: return {subject_kind::facility, data->facilities[index].id, std::nullopt};
      case subject_kind::township: return {subject_kind::township, data->townships[index].id, std::nullopt};
      case subject_kind::year:
        return {subject_kind::year, data ? data->jurisdiction.id : std::string(), static_cast<int>(index)};
      case subject_kind::organisation:
        if (auto* id = values_.departments[index].find("id"); id && id->is_string())
          return {subject_kind::organisation, std::string(id->as_string()), std::nullopt};
        return {subject_kind::organisation, std::to_string(index), std::nullopt};
      case subject_kind::jurisdiction: return {subject_kind::jurisdiction, data->jurisdiction.id, std::nullopt};
    }
    return {};
  }

  boost::json::object evidence(const rule& r, const activation& a, const value& failure) const {
    boost::json::object out;
    for (const auto& item : r.evidence) {
      auto v = item.expr.evaluate(a);
      out[item.path] = v.is_error() ? boost::json::value(nullptr) : evidence_value(v);
    }
    for (const auto& name : r.parameters)
      if (auto* p = parameter(name)) {
        boost::json::object entry{{"value", to_json(p->result)}};
        if (p->from) entry["from"] = p->from->to_string();
        out["param:" + name] = std::move(entry);
      }
    if (failure.is_error())
      out["error"] = boost::json::object{{"id", failure.error_id()}, {"message", failure.error_message()}};
    return out;
  }

  std::string render(const message_template& m, const activation& a) const {
    std::string out;
    for (const auto& part : m.parts) {
      out += part.literal;
      if (!part.hole) continue;
      auto v = part.hole->evaluate(a);
      out += v.is_error() ? std::string("?") : display(v);
    }
    return out;
  }

 private:
  const rulebook& rules_;
  date as_of_;
  std::vector<parameter_use> parameters_;
  dataset_value_set values_;
  activation base_;
};

enum class subject_outcome : std::uint8_t { not_applicable, held, fired };

// Evaluates one rule for one subject; appends a finding if the rule applies and does not hold.
inline subject_outcome evaluate_subject(const evaluation_context& ctx, const rule& r, std::size_t index,
                                        const dataset* data, activation& a, std::vector<finding>& out) {
  ctx.bind_subject(a, r, index);
  if (r.when) {
    auto applies = r.when->evaluate(a);
    if (!applies.is_error() && !applies.as_bool()) return subject_outcome::not_applicable;
    if (applies.is_error()) {
      // Applicability could not be decided: report it, with the error in the evidence.
      out.push_back({r.id, r.severity, ctx.subject_of(r, index, data), r.clause, r.responsible, r.action,
                     {"规则无法评估：" + applies.error_message(), "rule could not be evaluated: " + applies.error_message()},
                     ctx.evidence(r, a, applies)});
      return subject_outcome::fired;
    }
  }
  auto holds = r.require->evaluate(a);
  if (!holds.is_error() && holds.as_bool()) return subject_outcome::held;
  finding f{r.id, r.severity, ctx.subject_of(r, index, data), r.clause, r.responsible, r.action, {}, ctx.evidence(r, a, holds)};
  if (holds.is_error()) {
    f.message = {"规则无法评估：" + holds.error_message(), "rule could not be evaluated: " + holds.error_message()};
  } else {
    f.message = {ctx.render(r.message_zh, a), ctx.render(r.message_en, a)};
  }
  out.push_back(std::move(f));
  return subject_outcome::fired;
}

// The subjects a rule iterates over, as indices (years are the years themselves).
inline std::vector<std::size_t> subjects_of(const evaluation_context& ctx, const rule& r, const dataset* data) {
  std::vector<std::size_t> out;
  switch (r.subject) {
    case subject_kind::facility:
      out.resize(data->facilities.size());
      break;
    case subject_kind::township:
      out.resize(data->townships.size());
      break;
    case subject_kind::jurisdiction:
      out.resize(1);
      break;
    case subject_kind::organisation:
      out.resize(ctx.values().departments.size());
      break;
    case subject_kind::year: {
      auto from = r.years_from->evaluate(ctx.base());
      auto to = r.years_to->evaluate(ctx.base());
      if (from.kind() != value_kind::int_ || to.kind() != value_kind::int_) return out;
      // Bounded: a rulebook cannot make a check iterate over more than a thousand years.
      for (auto y = from.as_int(); y <= to.as_int() && y - from.as_int() < 1000; ++y)
        out.push_back(static_cast<std::size_t>(y));
      return out;
    }
  }
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = i;
  return out;
}

inline unsigned worker_count(unsigned requested) {
  if (requested == 0) requested = std::max(1u, std::thread::hardware_concurrency());
  return requested;
}

inline std::vector<finding> run_rules(const evaluation_context& ctx, const dataset* data, bool organisation,
                                      unsigned threads, rule_counters* counters = nullptr) {
  std::vector<finding> findings;
  const auto& all = ctx.rules().rules();
  for (std::size_t ri = 0; ri < all.size(); ++ri) {
    const auto& r = all[ri];
    if ((r.subject == subject_kind::organisation) != organisation) continue;
    if (!r.in_force.contains(ctx.as_of())) continue;
    auto subjects = subjects_of(ctx, r, data);
    unsigned n = std::min<unsigned>(worker_count(threads), static_cast<unsigned>(subjects.size() / 256 + 1));
    rule_counter* counter = counters && ri < counters->size() ? &(*counters)[ri] : nullptr;
    auto run_slice = [&](std::size_t begin, std::size_t end, std::vector<finding>& out) {
      activation a = ctx.base();
      if (!counter) {
        for (std::size_t i = begin; i < end; ++i) evaluate_subject(ctx, r, subjects[i], data, a, out);
        return;
      }
      // Tallied per slice, then added once: the shared atomics are touched once per worker.
      std::uint64_t held = 0, fired = 0, applied = 0;
      for (std::size_t i = begin; i < end; ++i) {
        auto o = evaluate_subject(ctx, r, subjects[i], data, a, out);
        held += o == subject_outcome::held;
        fired += o == subject_outcome::fired;
        applied += o != subject_outcome::not_applicable;
      }
      counter->subjects.fetch_add(end - begin, std::memory_order_relaxed);
      counter->applied.fetch_add(applied, std::memory_order_relaxed);
      counter->held.fetch_add(held, std::memory_order_relaxed);
      counter->fired.fetch_add(fired, std::memory_order_relaxed);
    };
    if (n <= 1) {
      run_slice(0, subjects.size(), findings);
      continue;
    }
    // Contiguous slices per worker, joined in order, so the result is the same for any thread count.
    std::vector<std::vector<finding>> parts(n);
    std::vector<std::thread> workers;
    std::size_t slice = (subjects.size() + n - 1) / n;
    for (unsigned w = 0; w < n; ++w)
      workers.emplace_back([&, w] { run_slice(std::min(subjects.size(), w * slice), std::min(subjects.size(), (w + 1) * slice), parts[w]); });
    for (auto& t : workers) t.join();
    for (auto& p : parts) std::move(p.begin(), p.end(), std::back_inserter(findings));
  }
  std::stable_sort(findings.begin(), findings.end(), finding_order);
  return findings;
}

inline void add_target(metrics& m, const evaluation_context& ctx) {
  if (auto* p = ctx.parameter("capacity_per_1000"); p && p->from && p->result.kind() == value_kind::double_)
    m.target = capacity_target{p->result.as_double(), *p->from};
}

}  // namespace detail

TUOYU_DECL metrics compute_metrics(const dataset& data, date as_of) {
  metrics m;
  m.population = data.jurisdiction.population;
  std::map<std::string, std::size_t, std::less<>> index;
  for (const auto& t : data.townships) {
    index.emplace(t.id, m.townships.size());
    m.townships.push_back({t.id, 0, 0});
  }
  for (const auto& f : data.facilities) {
    if (!detail::is_counted(f, as_of)) continue;
    m.counted_capacity += f.capacity;
    if (auto it = index.find(f.township); it != index.end()) {
      m.townships[it->second].counted_capacity += f.capacity;
      ++m.townships[it->second].counted_facilities;
    }
  }
  m.capacity_per_1000 =
      m.population > 0 ? static_cast<double>(m.counted_capacity) * 1000.0 / static_cast<double>(m.population) : 0.0;
  return m;
}

TUOYU_DECL report check(const rulebook& rules, const dataset& data, date as_of, const check_options& options) {
  report out;
  out.rulebook_id = rules.id();
  out.rulebook_version = rules.version();
  out.as_of = as_of;
  out.metrics = compute_metrics(data, as_of);
  detail::evaluation_context ctx(rules, &data, as_of, options);
  detail::add_target(out.metrics, ctx);
  if (!rules.in_force().contains(as_of)) return out;
  out.findings = detail::run_rules(ctx, &data, false, options.threads, options.counters);
  return out;
}

TUOYU_DECL report lint(const rulebook& rules, date as_of) {
  report out;
  out.rulebook_id = rules.id();
  out.rulebook_version = rules.version();
  out.as_of = as_of;
  dataset empty;
  check_options options;
  detail::evaluation_context ctx(rules, &empty, as_of, options, true);
  out.findings = detail::run_rules(ctx, &empty, true, 1);
  return out;
}

TUOYU_DECL rule_explanation explain(const rulebook& rules, const dataset& data, date as_of, std::string_view rule_id,
                                    std::string_view subject_id, const check_options& options) {
  const rule* r = rules.find_rule(rule_id);
  if (!r) throw input_error("tuoyu.input.120", "no rule \"" + std::string(rule_id) + "\" in rulebook " + rules.id());
  detail::evaluation_context ctx(rules, &data, as_of, options);
  auto subjects = detail::subjects_of(ctx, *r, &data);
  std::optional<std::size_t> chosen;
  for (auto s : subjects) {
    auto ref = ctx.subject_of(*r, s, &data);
    bool match = subject_id.empty() ? subjects.size() == 1
                 : r->subject == subject_kind::year ? std::to_string(s) == subject_id
                                                    : ref.id == subject_id;
    if (match) chosen = s;
  }
  if (!chosen) {
    // Year rules can be explained for any year, even outside the range the rule iterates over.
    if (r->subject == subject_kind::year && !subject_id.empty() && subject_id.size() <= 4 &&
        subject_id.find_first_not_of("0123456789") == std::string_view::npos)
      chosen = static_cast<std::size_t>(std::stoi(std::string(subject_id)));
    else
      throw input_error("tuoyu.input.121", "rule " + r->id + " has no subject \"" + std::string(subject_id) +
                                               "\" (give --subject with a " + std::string(to_string(r->subject)) +
                                               (r->subject == subject_kind::year ? ")" : " id)"));
  }
  rule_explanation out;
  out.rule = r->id;
  out.subject = ctx.subject_of(*r, *chosen, &data);
  out.as_of = as_of;
  out.in_force = rules.in_force().contains(as_of) && r->in_force.contains(as_of);
  activation a = ctx.for_subject(*r, *chosen);
  out.applies = true;
  if (r->when) {
    auto trace = r->when->explain(a);
    for (const auto& s : trace.entries) out.when_steps.push_back({s.source_text, s.depth, s.result});
    auto v = r->when->evaluate(a);
    out.applies = v.is_error() || v.as_bool();
  }
  if (out.applies) {
    auto trace = r->require->explain(a);
    for (const auto& s : trace.entries) out.require_steps.push_back({s.source_text, s.depth, s.result});
    out.outcome = r->require->evaluate(a);
    out.finding = out.in_force && (out.outcome.is_error() || !out.outcome.as_bool());
  }
  for (const auto& name : r->parameters)
    if (auto* p = ctx.parameter(name)) out.parameters.push_back(*p);
  out.evidence = ctx.evidence(*r, a, out.outcome);
  return out;
}

TUOYU_DECL value evaluate_in(const rulebook& rules, const dataset& data, date as_of, const expression& expr,
                             const std::vector<std::pair<std::string, value>>& variables) {
  check_options options;
  detail::evaluation_context ctx(rules, &data, as_of, options);
  activation a = ctx.base();
  for (const auto& [name, v] : variables) a.bind(name, v);
  return expr.evaluate(a);
}

TUOYU_DECL boost::json::value to_json(const rule_explanation& e) {
  auto steps = [](const std::vector<explanation_step>& in) {
    boost::json::array out;
    for (const auto& s : in)
      out.push_back(boost::json::object{{"expression", s.expression}, {"depth", s.depth}, {"value", to_json(s.result)}});
    return out;
  };
  boost::json::array params;
  for (const auto& p : e.parameters) {
    boost::json::object o{{"name", p.name}, {"value", to_json(p.result)}};
    if (p.from) o["from"] = p.from->to_string();
    params.push_back(std::move(o));
  }
  boost::json::object subject{{"kind", to_string(e.subject.kind == subject_kind::year ? subject_kind::jurisdiction
                                                                                         : e.subject.kind)},
                              {"id", e.subject.id}};
  if (e.subject.year) subject["year"] = *e.subject.year;
  return boost::json::object{{"rule", e.rule},
                             {"subject", std::move(subject)},
                             {"as_of", e.as_of.to_string()},
                             {"in_force", e.in_force},
                             {"applies", e.applies},
                             {"outcome", to_json(e.outcome)},
                             {"finding", e.finding},
                             {"when", steps(e.when_steps)},
                             {"require", steps(e.require_steps)},
                             {"parameters", std::move(params)},
                             {"evidence", e.evidence}};
}

}  // namespace v1
}  // namespace tuoyu
