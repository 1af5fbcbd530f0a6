// A calendar date in the proleptic Gregorian calendar, years 1..9999.
// Stored as days since 1970-01-01 so comparison and "days between" are integer operations.
#pragma once

#include <tuoyu/error.hpp>

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tuoyu {
inline namespace v1 {

class date {
 public:
  constexpr date() = default;  // 1970-01-01

  // Throws input_error tuoyu.input.110 unless `text` is exactly YYYY-MM-DD naming a real day.
  static date parse(std::string_view text) {
    if (auto d = try_parse(text)) return *d;
    throw input_error("tuoyu.input.110",
                      "invalid date \"" + std::string(text) + "\" (expected a real day as YYYY-MM-DD)");
  }

  static constexpr std::optional<date> try_parse(std::string_view text) noexcept {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    int parts[3] = {0, 0, 0};
    int widths[3] = {4, 2, 2};
    std::size_t pos = 0;
    for (int p = 0; p < 3; ++p) {
      for (int i = 0; i < widths[p]; ++i, ++pos) {
        char c = text[pos];
        if (c < '0' || c > '9') return std::nullopt;
        parts[p] = parts[p] * 10 + (c - '0');
      }
      ++pos;  // skip '-'
    }
    return from_ymd(parts[0], parts[1], parts[2]);
  }

  // nullopt unless year/month/day name a real day (2023-02-30 does not).
  static constexpr std::optional<date> from_ymd(int y, int m, int d) noexcept {
    if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return std::nullopt;
    return from_days(days_from_civil(y, m, d));
  }

  static constexpr date from_days(std::int32_t days_since_epoch) noexcept {
    date out;
    out.days_ = days_since_epoch;
    return out;
  }

  constexpr std::int32_t days_since_epoch() const noexcept { return days_; }
  constexpr int year() const noexcept { return civil().y; }
  constexpr int month() const noexcept { return civil().m; }
  constexpr int day() const noexcept { return civil().d; }

  // Signed number of days from `a` to `b` (b - a).
  friend constexpr std::int32_t days_between(date a, date b) noexcept { return b.days_ - a.days_; }
  constexpr date add_days(std::int32_t n) const noexcept { return from_days(days_ + n); }

  std::string to_string() const {
    auto c = civil();
    char buf[11];
    int y = c.y;
    for (int i = 3; i >= 0; --i, y /= 10) buf[i] = static_cast<char>('0' + y % 10);
    buf[4] = '-';
    buf[5] = static_cast<char>('0' + c.m / 10);
    buf[6] = static_cast<char>('0' + c.m % 10);
    buf[7] = '-';
    buf[8] = static_cast<char>('0' + c.d / 10);
    buf[9] = static_cast<char>('0' + c.d % 10);
    buf[10] = '\0';
    return std::string(buf, 10);
  }

  static constexpr bool is_leap_year(int y) noexcept { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
  static constexpr int days_in_month(int y, int m) noexcept {
    constexpr int lengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap_year(y) ? 29 : lengths[m - 1];
  }

  friend constexpr bool operator==(date, date) noexcept = default;
  friend constexpr auto operator<=>(date, date) noexcept = default;

 private:
  struct ymd {
    int y, m, d;
  };

  // Days from civil date, after H. Hinnant's public-domain derivation (eras of 400 years).
  static constexpr std::int32_t days_from_civil(int y, int m, int d) noexcept {
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = y - era * 400;
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
  }

  constexpr ymd civil() const noexcept {
    const int z = days_ + 719468;
    const int era = (z >= 0 ? z : z - 146096) / 146097;
    const int doe = z - era * 146097;
    const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int mp = (5 * doy + 2) / 153;
    const int d = doy - (153 * mp + 2) / 5 + 1;
    const int m = mp < 10 ? mp + 3 : mp - 9;
    return {yoe + era * 400 + (m <= 2), m, d};
  }

  std::int32_t days_ = 0;
};

}  // namespace v1
}  // namespace tuoyu
