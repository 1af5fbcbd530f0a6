#define BOOST_TEST_MODULE tuoyu date
#include <boost/test/unit_test.hpp>

#include <tuoyu/date.hpp>

using tuoyu::date;

BOOST_AUTO_TEST_CASE(parse_and_format_round_trip) {
  for (const char* text : {"2022-12-31", "2025-12-31", "2000-02-29", "0001-01-01", "9999-12-31", "1970-01-01"}) {
    BOOST_TEST(date::parse(text).to_string() == text);
  }
}

BOOST_AUTO_TEST_CASE(fields) {
  auto d = date::parse("2024-02-29");
  BOOST_TEST(d.year() == 2024);
  BOOST_TEST(d.month() == 2);
  BOOST_TEST(d.day() == 29);
  BOOST_TEST(date::parse("1970-01-01").days_since_epoch() == 0);
  BOOST_TEST(date::parse("1969-12-31").days_since_epoch() == -1);
}

BOOST_AUTO_TEST_CASE(rejects_impossible_dates) {
  for (const char* text : {"2023-02-29", "2023-02-30", "1900-02-29", "2022-13-01", "2022-00-10", "2022-04-31",
                           "0000-01-01", "2022-1-01", "2022/01/01", "20220101", "", "2022-01-01T00:00",
                           " 2022-01-01", "２０２２-01-01"}) {
    BOOST_TEST(!date::try_parse(text).has_value(), text);
  }
  BOOST_CHECK_EXCEPTION(date::parse("2023-02-30"), tuoyu::input_error,
                        [](const tuoyu::input_error& e) { return e.id() == "tuoyu.input.110"; });
}

BOOST_AUTO_TEST_CASE(compare_and_days_between) {
  auto a = date::parse("2022-12-31");
  auto b = date::parse("2025-12-31");
  BOOST_TEST((a < b));
  BOOST_TEST((a == date::parse("2022-12-31")));
  BOOST_TEST(days_between(a, b) == 1096);  // 2023, 2024 (leap), 2025
  BOOST_TEST(days_between(b, a) == -1096);
  BOOST_TEST(a.add_days(1).to_string() == "2023-01-01");
  BOOST_TEST(date::parse("2024-02-28").add_days(1).to_string() == "2024-02-29");
}

BOOST_AUTO_TEST_CASE(every_day_round_trips) {
  // Walk four centuries day by day: civil <-> serial conversions agree everywhere.
  auto d = date::parse("1900-01-01");
  int previous_day = 0;
  for (int i = 0; i < 146097; ++i, d = d.add_days(1)) {
    auto again = date::from_ymd(d.year(), d.month(), d.day());
    BOOST_REQUIRE(again.has_value());
    BOOST_REQUIRE(*again == d);
    BOOST_REQUIRE(d.day() == previous_day + 1 || d.day() == 1);
    previous_day = d.day();
  }
}
