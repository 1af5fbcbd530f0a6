// The policy's closed vocabularies: facility kinds, legal forms, statuses, care modes, utility pricing
// and joint-meeting kinds. Each enum converts to and from its JSON spelling (contract section 2) and has
// a Chinese label for display.
//
//   to_string(e)             the JSON spelling, e.g. "kindergarten_class"
//   label_zh(e)              the Chinese label, e.g. "幼儿园托班"
//   parse_<enum>(text)       the enum, or std::nullopt for an unknown spelling (exact, case-sensitive)
//   enum_spellings<E>()      every valid spelling, in declaration order
//   expected_spellings<E>()  "a, b, c", for error messages
//
// In JSON (Boost.JSON value_from / value_to) an enum is its spelling; value_to throws
// tuoyu::input_error tuoyu.input.103 (not a string) or tuoyu.input.104 (unknown spelling).
#pragma once

#include <tuoyu/detail/json_read.hpp>

#include <boost/json/value.hpp>

#include <array>
#include <cstddef>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>

namespace tuoyu {
inline namespace v1 {

// 机构类型
enum class facility_kind {
  nursery,             // 托育机构
  kindergarten_class,  // 幼儿园托班
  employer,            // 用人单位办托
  community,           // 社区托育点
  family,              // 家庭托育点
};

// 法人类型
enum class legal_form {
  enterprise,          // 营利性 (registered as an enterprise)
  social_org,          // 社会服务机构（非营利）
  public_institution,  // 事业单位
};

enum class facility_status {
  operating,  // 运营中
  suspended,  // 暂停运营
  closed,     // 已关闭
  banned,     // 已取缔
};

// 托育服务形式
enum class care_mode {
  full_day,   // 全日托
  half_day,   // 半日托
  hourly,     // 计时托
  temporary,  // 临时托
};

// Price category for water, electricity, gas and heating (三（一）: childcare pays residential prices).
enum class utility_pricing {
  residential,  // 居民生活类价格
  commercial,   // 非居民（商业）价格
};

// Joint-meeting session (附件1 三): 全体会议 or 部分成员单位会议.
enum class meeting_kind {
  plenary,  // 全体会议
  partial,  // 部分成员单位会议
};

// One enumerator with its spelling and label.
template <class Enum>
struct enum_entry {
  Enum value;
  std::string_view spelling;
  std::string_view label_zh;
};

namespace detail {

template <class Enum>
struct enum_table;  // specialised below: `name` (for messages) and `entries`, in enumerator order

template <>
struct enum_table<facility_kind> {
  static constexpr std::string_view name = "facility kind";
  static constexpr std::array<enum_entry<facility_kind>, 5> entries{{
      {facility_kind::nursery, "nursery", "托育机构"},
      {facility_kind::kindergarten_class, "kindergarten_class", "幼儿园托班"},
      {facility_kind::employer, "employer", "用人单位办托"},
      {facility_kind::community, "community", "社区托育点"},
      {facility_kind::family, "family", "家庭托育点"},
  }};
};

template <>
struct enum_table<legal_form> {
  static constexpr std::string_view name = "legal form";
  static constexpr std::array<enum_entry<legal_form>, 3> entries{{
      {legal_form::enterprise, "enterprise", "营利性"},
      {legal_form::social_org, "social_org", "社会服务机构（非营利）"},
      {legal_form::public_institution, "public_institution", "事业单位"},
  }};
};

template <>
struct enum_table<facility_status> {
  static constexpr std::string_view name = "facility status";
  static constexpr std::array<enum_entry<facility_status>, 4> entries{{
      {facility_status::operating, "operating", "运营中"},
      {facility_status::suspended, "suspended", "暂停运营"},
      {facility_status::closed, "closed", "已关闭"},
      {facility_status::banned, "banned", "已取缔"},
  }};
};

template <>
struct enum_table<care_mode> {
  static constexpr std::string_view name = "care mode";
  static constexpr std::array<enum_entry<care_mode>, 4> entries{{
      {care_mode::full_day, "full_day", "全日托"},
      {care_mode::half_day, "half_day", "半日托"},
      {care_mode::hourly, "hourly", "计时托"},
      {care_mode::temporary, "temporary", "临时托"},
  }};
};

template <>
struct enum_table<utility_pricing> {
  static constexpr std::string_view name = "utility pricing";
  static constexpr std::array<enum_entry<utility_pricing>, 2> entries{{
      {utility_pricing::residential, "residential", "居民生活类价格"},
      {utility_pricing::commercial, "commercial", "非居民（商业）价格"},
  }};
};

template <>
struct enum_table<meeting_kind> {
  static constexpr std::string_view name = "meeting kind";
  static constexpr std::array<enum_entry<meeting_kind>, 2> entries{{
      {meeting_kind::plenary, "plenary", "全体会议"},
      {meeting_kind::partial, "partial", "部分成员单位会议"},
  }};
};

template <class Enum>
concept policy_enum = requires { enum_table<Enum>::entries; };

template <class Enum>
constexpr const enum_entry<Enum>& entry_of(Enum e) noexcept {
  // Tables are in enumerator order, so the underlying value is the index.
  return enum_table<Enum>::entries[static_cast<std::size_t>(e)];
}

template <class Enum>
constexpr std::optional<Enum> parse_enum(std::string_view text) noexcept {
  for (const auto& entry : enum_table<Enum>::entries) {
    if (entry.spelling == text) return entry.value;
  }
  return std::nullopt;
}

template <class Enum>
constexpr bool table_is_in_order() noexcept {
  std::size_t i = 0;
  for (const auto& entry : enum_table<Enum>::entries) {
    if (static_cast<std::size_t>(entry.value) != i++) return false;
  }
  return true;
}
static_assert(table_is_in_order<facility_kind>() && table_is_in_order<legal_form>() &&
              table_is_in_order<facility_status>() && table_is_in_order<care_mode>() &&
              table_is_in_order<utility_pricing>() && table_is_in_order<meeting_kind>());

// Reads an enum from JSON; throws input_error 103 / 104 with an empty pointer.
template <class Enum>
Enum enum_from_json(const boost::json::value& jv);

}  // namespace detail

template <detail::policy_enum Enum>
constexpr std::string_view to_string(Enum e) noexcept {
  return detail::entry_of(e).spelling;
}

template <detail::policy_enum Enum>
constexpr std::string_view label_zh(Enum e) noexcept {
  return detail::entry_of(e).label_zh;
}

template <detail::policy_enum Enum>
constexpr std::span<const enum_entry<Enum>> enum_entries() noexcept {
  return detail::enum_table<Enum>::entries;
}

template <detail::policy_enum Enum>
constexpr std::array<std::string_view, detail::enum_table<Enum>::entries.size()> enum_spellings() noexcept {
  std::array<std::string_view, detail::enum_table<Enum>::entries.size()> out{};
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = detail::enum_table<Enum>::entries[i].spelling;
  return out;
}

// "enterprise, social_org, public_institution"
template <detail::policy_enum Enum>
std::string expected_spellings() {
  std::string out;
  for (const auto& entry : detail::enum_table<Enum>::entries) {
    if (!out.empty()) out += ", ";
    out += entry.spelling;
  }
  return out;
}

constexpr std::optional<facility_kind> parse_facility_kind(std::string_view text) noexcept {
  return detail::parse_enum<facility_kind>(text);
}
constexpr std::optional<legal_form> parse_legal_form(std::string_view text) noexcept {
  return detail::parse_enum<legal_form>(text);
}
constexpr std::optional<facility_status> parse_facility_status(std::string_view text) noexcept {
  return detail::parse_enum<facility_status>(text);
}
constexpr std::optional<care_mode> parse_care_mode(std::string_view text) noexcept {
  return detail::parse_enum<care_mode>(text);
}
constexpr std::optional<utility_pricing> parse_utility_pricing(std::string_view text) noexcept {
  return detail::parse_enum<utility_pricing>(text);
}
constexpr std::optional<meeting_kind> parse_meeting_kind(std::string_view text) noexcept {
  return detail::parse_enum<meeting_kind>(text);
}

// Writes the spelling.
template <detail::policy_enum Enum>
std::ostream& operator<<(std::ostream& out, Enum e) {
  return out << to_string(e);
}

// Boost.JSON conversions, found by argument-dependent lookup.
template <detail::policy_enum Enum>
void tag_invoke(const boost::json::value_from_tag&, boost::json::value& jv, Enum e) {
  jv = to_string(e);
}

template <detail::policy_enum Enum>
Enum tag_invoke(const boost::json::value_to_tag<Enum>&, const boost::json::value& jv) {
  return detail::enum_from_json<Enum>(jv);
}

namespace detail {
template <class Enum>
Enum enum_from_json(const boost::json::value& jv) {
  const auto* text = jv.if_string();
  if (!text) throw_wrong_type("a string", jv);
  std::string_view spelling(text->data(), text->size());
  if (auto e = parse_enum<Enum>(spelling)) return *e;
  throw_unknown_enum(spelling, expected_spellings<Enum>());
}
}  // namespace detail

}  // namespace v1
}  // namespace tuoyu
