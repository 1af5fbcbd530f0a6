// The policy object model: enums, departments, dated values, and each record's JSON conversions.
#define BOOST_TEST_MODULE tuoyu model
#include <boost/test/unit_test.hpp>

#include <tuoyu/tuoyu.hpp>

#include "test_support.hpp"

#include <boost/json.hpp>

#include <functional>
#include <string>

namespace json = boost::json;

using tuoyu::date;
using tuoyu_test::thrown_by;

namespace {

template <class Enum>
void check_enum_round_trip() {
  for (const auto& entry : tuoyu::enum_entries<Enum>()) {
    BOOST_TEST(tuoyu::to_string(entry.value) == entry.spelling);
    BOOST_TEST(tuoyu::label_zh(entry.value) == entry.label_zh);
    BOOST_TEST(!entry.label_zh.empty());
    BOOST_TEST(json::value_to<Enum>(json::value_from(entry.value)) == entry.value);
  }
}

}  // namespace

BOOST_AUTO_TEST_CASE(enum_spellings_and_labels) {
  check_enum_round_trip<tuoyu::facility_kind>();
  check_enum_round_trip<tuoyu::legal_form>();
  check_enum_round_trip<tuoyu::facility_status>();
  check_enum_round_trip<tuoyu::care_mode>();
  check_enum_round_trip<tuoyu::utility_pricing>();
  check_enum_round_trip<tuoyu::meeting_kind>();

  BOOST_TEST((tuoyu::parse_facility_kind("kindergarten_class") == tuoyu::facility_kind::kindergarten_class));
  BOOST_TEST((tuoyu::parse_legal_form("social_org") == tuoyu::legal_form::social_org));
  BOOST_TEST((tuoyu::parse_facility_status("banned") == tuoyu::facility_status::banned));
  BOOST_TEST((tuoyu::parse_care_mode("hourly") == tuoyu::care_mode::hourly));
  BOOST_TEST((tuoyu::parse_utility_pricing("commercial") == tuoyu::utility_pricing::commercial));
  BOOST_TEST((tuoyu::parse_meeting_kind("partial") == tuoyu::meeting_kind::partial));
  for (const char* bad : {"", "llc", "Enterprise", "enterprise ", "营利性"}) {
    BOOST_TEST(!tuoyu::parse_legal_form(bad).has_value(), bad);
  }
  BOOST_TEST(tuoyu::expected_spellings<tuoyu::legal_form>() == "enterprise, social_org, public_institution");
  BOOST_TEST(tuoyu::expected_spellings<tuoyu::facility_kind>() ==
             "nursery, kindergarten_class, employer, community, family");
  BOOST_TEST(tuoyu::enum_spellings<tuoyu::facility_status>().size() == 4u);
  BOOST_TEST(tuoyu::enum_spellings<tuoyu::care_mode>()[3] == "temporary");
  BOOST_TEST(tuoyu::label_zh(tuoyu::facility_kind::kindergarten_class) == "幼儿园托班");
  BOOST_TEST(tuoyu::label_zh(tuoyu::care_mode::full_day) == "全日托");
  static_assert(tuoyu::to_string(tuoyu::meeting_kind::plenary) == "plenary");
  static_assert(tuoyu::parse_care_mode("temporary") == tuoyu::care_mode::temporary);

  auto e = thrown_by([] { (void)json::value_to<tuoyu::legal_form>(json::value("llc")); });
  BOOST_TEST(e.id() == "tuoyu.input.104");
  BOOST_TEST(e.what() == std::string(R"([tuoyu.input.104] unknown value "llc" (expected enterprise, social_org, public_institution))"));
  e = thrown_by([] { (void)json::value_to<tuoyu::care_mode>(json::value(3)); });
  BOOST_TEST(e.id() == "tuoyu.input.103");
  BOOST_TEST(e.detail() == "expected a string, got a number");
}

BOOST_AUTO_TEST_CASE(field_set_basics) {
  tuoyu::field_set s{"b", "a", "b"};
  BOOST_TEST(s.size() == 2u);
  BOOST_TEST(s.contains("a"));
  BOOST_TEST(!s.contains("c"));
  s.insert("c");
  s.erase("a");
  BOOST_TEST((s == tuoyu::field_set{"c", "b"}));
  BOOST_TEST(*s.begin() == "b");
}

BOOST_AUTO_TEST_CASE(builtin_directory_resolves_every_id_name_and_alias) {
  const auto& directory = tuoyu::department_directory::builtin();
  BOOST_TEST(&directory == &tuoyu::department_directory::builtin());  // parsed once
  BOOST_TEST(directory.id() == "zezhou-2022");
  BOOST_TEST(directory.jurisdiction() == "泽州县");
  BOOST_TEST(directory.departments().size() == 23u);
  std::size_t prefixed = 0;
  for (const auto& d : directory.departments()) {
    BOOST_TEST(directory.resolve(d.id) == &d, d.id);
    BOOST_TEST(directory.find(d.id) == &d, d.id);
    BOOST_TEST(directory.resolve(d.name) == &d, d.name);
    BOOST_TEST(directory.find(d.name) == nullptr, d.name);  // find() takes ids only
    BOOST_TEST(!d.name_en.empty());
    std::vector<std::string> names = d.aliases;
    names.push_back(d.name);
    for (const auto& name : names) {
      BOOST_TEST(directory.resolve(name) == &d, name);
      if (name.starts_with("县")) {
        std::string full = "泽州" + name;  // 县卫健体局 → 泽州县卫健体局
        BOOST_TEST(directory.resolve(full) == &d, full);
        ++prefixed;
      }
    }
  }
  BOOST_TEST(prefixed > 20u);

  // Contract section 4, spot checks.
  struct {
    const char* name;
    const char* id;
  } const expected[] = {
      {"县政府", "county_government"},           {"县政府办公室", "gov_office"},
      {"县卫生健康和体育局", "health"},          {"县卫健体局", "health"},
      {"泽州县卫生健康和体育局", "health"},      {"县发展和改革委员会", "development_reform"},
      {"县发改局", "development_reform"},        {"县人社局", "hr_social_security"},
      {"县住房保障和城乡建设局", "housing_construction"},
      {"县住房和城乡建设局", "housing_construction"},
      {"县市场监管局", "market_regulation"},     {"县行政审批服务管理局", "admin_approval"},
      {"泽州县行政审批服务管理局", "admin_approval"},
      {"县委编办", "staffing_office"},           {"团县委", "youth_league"},
      {"县计生协", "family_planning_association"}, {"县计生协会", "family_planning_association"},
      {"各乡镇人民政府", "townships"},           {"culture_tourism", "culture_tourism"},
  };
  for (const auto& [name, id] : expected) {
    const auto* d = directory.resolve(name);
    BOOST_TEST_REQUIRE(d != nullptr, name);
    BOOST_TEST(d->id == id, name);
  }
  for (const char* unknown : {"", "县", "泽州县", "泽州县县政府", "县工商局", "Health", "health ", "团泽州县委",
                              "晋城市卫生健康委员会"}) {
    BOOST_TEST(directory.resolve(unknown) == nullptr, unknown);
  }
}

BOOST_AUTO_TEST_CASE(directory_from_json_and_back) {
  auto organisation = json::parse(R"({
    "id": "test", "jurisdiction": "阳城县", "roster": [1],
    "departments": [
      {"id": "health", "name": "县卫生健康局", "aliases": ["县卫健局"], "name_en": "Health", "duties": ["x"]},
      {"id": "education", "name": "县教育局"}
    ]})");
  auto directory = tuoyu::department_directory::from_json(organisation);
  BOOST_TEST(directory.resolve("阳城县卫健局")->id == "health");
  BOOST_TEST(directory.resolve("泽州县卫健局") == nullptr);
  BOOST_TEST(directory.resolve("education")->aliases.empty());
  BOOST_TEST(directory.departments()[0].extra.at("duties").as_array().size() == 1u);
  BOOST_TEST(directory.extra().contains("roster"));
  auto again = json::value_to<tuoyu::department_directory>(json::value_from(directory));
  BOOST_TEST((again == directory));

  auto clash = json::parse(R"({"departments": [
      {"id": "a", "name": "县甲局", "aliases": ["县乙"]}, {"id": "b", "name": "县乙局", "aliases": ["县丙", "县乙"]}]})");
  auto e = thrown_by([&] { (void)tuoyu::department_directory::from_json(clash); });
  BOOST_TEST(e.id() == "tuoyu.input.107");
  BOOST_TEST(e.where().pointer == "/departments/1/aliases/1");
  auto same_id = json::parse(R"({"departments": [{"id": "a", "name": "甲"}, {"id": "a", "name": "乙"}]})");
  e = thrown_by([&] { (void)tuoyu::department_directory::from_json(same_id); });
  BOOST_TEST(e.id() == "tuoyu.input.107");
  BOOST_TEST(e.where().pointer == "/departments/1/id");
  e = thrown_by([] { (void)tuoyu::department_directory::from_json(json::parse(R"({"departments": [{"id": "a"}]})")); });
  BOOST_TEST(e.id() == "tuoyu.input.111");
  BOOST_TEST(e.where().pointer == "/departments/0/name");
}

BOOST_AUTO_TEST_CASE(dated_value_boundaries) {
  // The capacity target of clause 一: 2.8 per 1000 from 2022-12-31, 4.5 from 2025-12-31.
  tuoyu::dated_value<double> target{{date::parse("2025-12-31"), 4.5}, {date::parse("2022-12-31"), 2.8}};
  BOOST_TEST(target.size() == 2u);
  BOOST_TEST(target.entries()[0].from == date::parse("2022-12-31"));  // sorted
  BOOST_TEST(target.at(date::parse("2022-12-30")) == nullptr);
  BOOST_TEST(target.entry_at(date::parse("0001-01-01")) == nullptr);
  BOOST_TEST(*target.at(date::parse("2022-12-31")) == 2.8);
  BOOST_TEST(*target.at(date::parse("2023-01-01")) == 2.8);
  BOOST_TEST(*target.at(date::parse("2025-12-30")) == 2.8);
  BOOST_TEST(*target.at(date::parse("2025-12-31")) == 4.5);
  BOOST_TEST(*target.at(date::parse("9999-12-31")) == 4.5);
  BOOST_TEST((target.entry_at(date::parse("2025-12-30"))->from == date::parse("2022-12-31")));
  BOOST_TEST((target.entry_at(date::parse("2026-06-01"))->from == date::parse("2025-12-31")));

  target.set(date::parse("2025-12-31"), 5.0);  // replaces
  BOOST_TEST(target.size() == 2u);
  BOOST_TEST(*target.at(date::parse("2026-01-01")) == 5.0);

  tuoyu::dated_value<double> empty;
  BOOST_TEST(empty.empty());
  BOOST_TEST(empty.at(date::parse("2025-01-01")) == nullptr);

  // JSON, both ways.
  auto jv = json::parse(R"([{"from": "2025-12-31", "value": 4.5}, {"from": "2022-12-31", "value": 2.8}])");
  auto read = json::value_to<tuoyu::dated_value<double>>(jv);
  BOOST_TEST(*read.at(date::parse("2024-01-01")) == 2.8);
  BOOST_TEST(json::serialize(json::value_from(read)) ==
             R"([{"from":"2022-12-31","value":2.8E0},{"from":"2025-12-31","value":4.5E0}])");
  BOOST_TEST((json::value_to<tuoyu::dated_value<double>>(json::value_from(read)) == read));
  auto ints = json::value_to<tuoyu::dated_value<int>>(json::parse(R"([{"from": "2023-01-01", "value": 3}])"));
  BOOST_TEST(*ints.at(date::parse("2023-01-01")) == 3);
  auto dates = json::value_to<tuoyu::dated_value<date>>(json::parse(R"([{"from": "2023-01-01", "value": "2024-02-29"}])"));
  BOOST_TEST(json::serialize(json::value_from(dates)) == R"([{"from":"2023-01-01","value":"2024-02-29"}])");

  auto e = thrown_by([] {
    (void)json::value_to<tuoyu::dated_value<double>>(
        json::parse(R"([{"from": "2022-12-31", "value": 2.8}, {"from": "2022-12-31", "value": 3}])"));
  });
  BOOST_TEST(e.id() == "tuoyu.input.115");
  BOOST_TEST(e.where().pointer == "/1/from");
  e = thrown_by([] {
    (void)json::value_to<tuoyu::dated_value<double>>(json::parse(R"([{"from": "2022-12-31", "value": "2.8"}])"));
  });
  BOOST_TEST(e.id() == "tuoyu.input.103");
  BOOST_TEST(e.where().pointer == "/0/value");
  e = thrown_by([] { (void)json::value_to<tuoyu::dated_value<double>>(json::parse(R"([{"from": "2022-02-30", "value": 1}])")); });
  BOOST_TEST(e.id() == "tuoyu.input.110");
  BOOST_TEST(e.where().pointer == "/0/from");
  e = thrown_by([] { (void)json::value_to<tuoyu::dated_value<double>>(json::parse(R"([{"value": 1}])")); });
  BOOST_TEST(e.id() == "tuoyu.input.111");
  BOOST_TEST(e.where().pointer == "/0/from");
}

BOOST_AUTO_TEST_CASE(records_convert_both_ways) {
  auto f = json::value_to<tuoyu::facility>(json::parse(R"({
      "id": "F9", "name": "托育园", "township": "T1", "kind": "employer", "legal_form": "social_org",
      "status": "suspended", "capacity": 30, "care_modes": ["hourly"], "inclusive": true,
      "registration": {"authority": "县行政审批服务管理局"}, "filing": {"authority": "泽州县卫健体局"},
      "x": {"y": 1}})"));
  BOOST_TEST(f.kind == tuoyu::facility_kind::employer);
  BOOST_TEST(f.legal_form == tuoyu::legal_form::social_org);
  BOOST_TEST(f.status == tuoyu::facility_status::suspended);
  BOOST_TEST(f.capacity == 30);
  BOOST_TEST(!f.enrolled.has_value());
  BOOST_TEST(f.inclusive);
  BOOST_TEST(!f.demonstration);
  BOOST_TEST(f.registration->authority == "admin_approval");
  BOOST_TEST(f.registration->authority_as_given == "县行政审批服务管理局");
  BOOST_TEST(!f.registration->scope_includes_childcare);
  BOOST_TEST(f.filing->authority == "health");
  BOOST_TEST(f.extra.at("x").at("y").as_int64() == 1);
  auto jv = json::value_from(f);
  BOOST_TEST(jv.at("filing").at("authority").as_string() == "泽州县卫健体局");
  BOOST_TEST(!jv.as_object().contains("demonstration"));
  BOOST_TEST((json::value_to<tuoyu::facility>(jv) == f));

  // A facility built in code, written without bookkeeping.
  tuoyu::facility g;
  g.id = "G1";
  g.name = "新园";
  g.township = "T1";
  g.capacity = 10;
  g.registration = tuoyu::registration{};
  g.registration->authority = "admin_approval";
  g.registration->date = date::parse("2024-01-02");
  auto written = json::value_from(g);
  BOOST_TEST(json::serialize(written) ==
             R"({"id":"G1","name":"新园","township":"T1","kind":"nursery","legal_form":"enterprise",)"
             R"("status":"operating","capacity":10,"registration":{"authority":"admin_approval","date":"2024-01-02"}})");
  BOOST_TEST((json::value_to<tuoyu::facility>(written) == g));

  auto t = json::value_to<tuoyu::township>(json::parse(R"({"id": "T1", "name": "镇", "population": 5, "k": null})"));
  BOOST_TEST(t.population == 5);
  BOOST_TEST((json::value_from(t) == json::parse(R"({"id": "T1", "name": "镇", "population": 5, "k": null})")));
  auto j = json::value_to<tuoyu::jurisdiction>(json::parse(R"({"id": "z", "name": "县", "population": 1e5})"));
  BOOST_TEST(j.population == 100000);
  auto m = json::value_to<tuoyu::meeting>(json::parse(R"({"date": "2023-06-10", "kind": "partial"})"));
  BOOST_TEST(m.kind == tuoyu::meeting_kind::partial);
  BOOST_TEST(json::serialize(json::value_from(m)) == R"({"date":"2023-06-10","kind":"partial"})");
  auto tr = json::value_to<tuoyu::training>(json::parse(R"({"date": "2023-04-12", "health_exam": false})"));
  BOOST_TEST(!tr.health_exam);
  BOOST_TEST(json::serialize(json::value_from(tr)) == R"({"date":"2023-04-12","health_exam":false})");
  auto d = json::value_to<tuoyu::department>(json::parse(R"({"id": "a", "name": "县甲局"})"));
  BOOST_TEST(d.name == "县甲局");
}
