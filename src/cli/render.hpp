// Human and tabular renderings of a report: the text a county official reads (Chinese by default,
// English with --lang en), and CSV for spreadsheets.
#pragma once

#include <tuoyu/tuoyu.hpp>
#include <tuoyu/detail/dataset_values.hpp>

#include <boost/json/serialize.hpp>

#include <cstdio>
#include <map>
#include <sstream>
#include <string>

namespace tuoyu::cli {

struct words {
  const char* title;
  const char* summary;
  const char* error;
  const char* warning;
  const char* info;
  const char* capacity;
  const char* counted;
  const char* population;
  const char* per_1000;
  const char* target;
  const char* since;
  const char* met;
  const char* not_met;
  const char* no_target;
  const char* townships;
  const char* facilities;
  const char* by_department;
  const char* no_findings;
  const char* action;
  const char* items;
};

inline const words& words_for(std::string_view lang) {
  static const words zh{"托育服务政策检查报告", "汇总", "错误", "警告", "提示", "托位",
                        "计入托位", "常住人口", "每千人口托位", "目标", "自", "达标",
                        "未达标", "无现行目标", "各乡镇", "家机构", "按责任单位列出的问题", "未发现问题。",
                        "处置", "项"};
  static const words en{"Childcare policy check", "Summary", "error", "warning", "info", "Places",
                        "counted places", "residents", "places per 1,000", "target", "from", "met",
                        "NOT met", "no target in force", "Townships", "facilities", "Findings by responsible department",
                        "No findings.", "action", "findings"};
  return lang == "en" ? en : zh;
}

inline std::string format_number(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

inline const char* severity_word(severity s, const words& w) {
  return s == severity::error ? w.error : s == severity::warning ? w.warning : w.info;
}

inline std::string department_label(const department_directory& dirs, const std::string& id, std::string_view lang) {
  if (auto* d = dirs.find(id)) return (lang == "en" ? d->name_en : d->name) + " (" + id + ")";
  return id;
}

inline std::string subject_label(const finding& f) {
  std::string s(to_string(f.subject.kind == subject_kind::year ? subject_kind::jurisdiction : f.subject.kind));
  s += ' ' + f.subject.id;
  if (f.subject.year) s += " " + std::to_string(*f.subject.year);
  return s;
}

// The report for people: summary, capacity against the target, then findings grouped by department.
inline std::string render_text(const report& r, const dataset* data, const department_directory& dirs,
                               std::string_view lang) {
  const auto& w = words_for(lang);
  std::ostringstream out;
  std::string place = data ? data->jurisdiction.name : std::string();
  out << place << (place.empty() ? "" : " ") << w.title << "  (" << r.rulebook_id << ' ' << r.rulebook_version
      << ", as_of " << r.as_of.to_string() << ")\n\n";
  out << w.summary << ": " << r.count(severity::error) << ' ' << w.error << ", " << r.count(severity::warning) << ' '
      << w.warning << ", " << r.count(severity::info) << ' ' << w.info << "\n";
  const auto& m = r.metrics;
  out << w.capacity << ": " << w.counted << ' ' << m.counted_capacity << ", " << w.population << ' ' << m.population
      << ", " << w.per_1000 << ' ' << format_number(m.capacity_per_1000, 3);
  if (m.target)
    out << " (" << w.target << ' ' << format_number(m.target->value, 1) << ", " << w.since << ' '
        << m.target->from.to_string() << ": " << (m.capacity_per_1000 >= m.target->value ? w.met : w.not_met) << ")";
  else
    out << " (" << w.no_target << ")";
  out << "\n";
  if (data && !m.townships.empty()) {
    out << w.townships << ":\n";
    for (std::size_t i = 0; i < m.townships.size(); ++i) {
      const auto& t = m.townships[i];
      std::string name = i < data->townships.size() ? data->townships[i].name : t.id;
      out << "  " << t.id << ' ' << name << ": " << t.counted_facilities << ' ' << w.facilities << ", "
          << t.counted_capacity << ' ' << w.counted << "\n";
    }
  }
  out << "\n";
  if (r.findings.empty()) {
    out << w.no_findings << "\n";
    return out.str();
  }
  // Group by responsible department, in the order departments first appear in the directory.
  std::map<std::string, std::vector<const finding*>> groups;
  for (const auto& f : r.findings)
    for (const auto& d : f.responsible) groups[d].push_back(&f);
  out << w.by_department << ":\n";
  auto print_group = [&](const std::string& id, const std::vector<const finding*>& list) {
    out << "\n【" << department_label(dirs, id, lang) << "】 " << list.size() << ' ' << w.items << "\n";
    for (const auto* f : list) {
      out << "  [" << severity_word(f->severity, w) << "] " << f->rule << "  " << f->clause << "  "
          << subject_label(*f) << "\n      " << f->message.in(lang);
      if (!f->action.empty()) out << "  (" << w.action << ": " << f->action << ")";
      out << "\n";
    }
  };
  for (const auto& d : dirs.departments())
    if (auto it = groups.find(d.id); it != groups.end()) {
      print_group(it->first, it->second);
      groups.erase(it);
    }
  for (const auto& [id, list] : groups) print_group(id, list);
  return out.str();
}

inline std::string csv_field(std::string_view s) {
  bool quote = s.find_first_of(",\"\n\r") != std::string_view::npos;
  if (!quote) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

// One row per finding; list-valued columns are joined with ';', evidence is compact JSON.
inline std::string render_csv(const report& r) {
  std::ostringstream out;
  out << "rule,severity,subject_kind,subject_id,year,clause,responsible,action,message_zh,message_en,evidence\r\n";
  for (const auto& f : r.findings) {
    std::string responsible;
    for (const auto& d : f.responsible) responsible += (responsible.empty() ? "" : ";") + d;
    out << csv_field(f.rule) << ',' << to_string(f.severity) << ','
        << to_string(f.subject.kind == subject_kind::year ? subject_kind::jurisdiction : f.subject.kind) << ','
        << csv_field(f.subject.id) << ',' << (f.subject.year ? std::to_string(*f.subject.year) : "") << ','
        << csv_field(f.clause) << ',' << csv_field(responsible) << ',' << csv_field(f.action) << ','
        << csv_field(f.message.zh) << ',' << csv_field(f.message.en) << ','
        << csv_field(boost::json::serialize(f.evidence)) << "\r\n";
  }
  return out.str();
}

}  // namespace tuoyu::cli
