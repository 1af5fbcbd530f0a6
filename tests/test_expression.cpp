#define BOOST_TEST_MODULE tuoyu expression
#include <boost/test/unit_test.hpp>

#include <tuoyu/detail/filter_index.hpp>
#include <tuoyu/tuoyu.hpp>

#include <boost/json.hpp>

#include <cmath>
#include <string>
#include <thread>

using tuoyu::activation;
using tuoyu::environment;
using tuoyu::expression;
using tuoyu::type;
using tuoyu::value;
using tuoyu::value_list;

namespace {

environment facility_env() {
  environment env;
  env.declare_object("facility", {{"id", type::string()},
                                  {"name", type::string()},
                                  {"legal_form", type::string()},
                                  {"capacity", type::int_()},
                                  {"opened", type::date()},
                                  {"registration", type::object("registration")},
                                  {"tags", type::list(type::string())}});
  env.declare_object("registration", {{"authority", type::string()}, {"date", type::date()}});
  env.declare_variable("facility", type::object("facility"));
  env.declare_variable("as_of", type::date());
  env.declare_variable("x", type::int_());
  env.declare_variable("d", type::dyn());
  env.declare_variable("m", type::map(type::string(), type::int_()));
  env.declare_variable("dataset", type::dyn());
  env.declare_parameter("capacity_per_1000", type::double_());
  env.declare_parameter("min_staff", type::int_());
  return env;
}

value facility_value() {
  return value::from_json(boost::json::parse(R"({
    "id": "F1", "name": "Sunflower", "legal_form": "enterprise", "capacity": 80,
    "registration": {"authority": "health"}, "tags": ["inclusive", "daycare"]})"));
}

activation default_activation() {
  activation act;
  std::vector<std::pair<value, value>> fac;
  const value base = facility_value();
  for (const auto& [k, v] : base.as_map()) fac.emplace_back(k, v);
  fac.emplace_back(value("opened"), value(tuoyu::date::parse("2021-03-01")));
  act.bind("facility", value::map(std::move(fac)));
  act.bind("as_of", value(tuoyu::date::parse("2025-12-31")));
  act.bind("x", value(7));
  act.bind("d", value(3));
  act.bind("m", value::from_json(boost::json::parse(R"({"a": 1, "b": 2})")));
  act.bind("dataset", value::from_json(boost::json::parse(
                          R"({"facilities": [{"status": "open", "capacity": 10}, {"status": "closed", "capacity": 5}]})")));
  act.set_parameter_lookup([](std::string_view name) -> value {
    if (name == "capacity_per_1000") return value(4.5);
    if (name == "min_staff") return value(3);
    return value::error("tuoyu.eval.410", "no such parameter");
  });
  return act;
}

value eval(std::string_view src, const environment& env = facility_env(), const activation& act = default_activation()) {
  return expression::compile(src, env).evaluate(act);
}

// The value of `src` equals the value of `expected` (both CEL), with the same kind.
void check_eval(std::string_view src, std::string_view expected) {
  value got = eval(src);
  value want = eval(expected);
  BOOST_TEST_INFO(std::string(src) << " => " << got.to_string() << ", expected " << want.to_string());
  BOOST_TEST((got.kind() == want.kind() && got == want));
}

void check_eval_error(std::string_view src, const std::string& id) {
  value got = eval(src);
  BOOST_TEST_INFO(std::string(src) << " => " << got.to_string());
  BOOST_TEST(got.is_error());
  if (got.is_error()) BOOST_TEST(got.error_id() == id);
}

void check_compile_error(std::string_view src, const std::string& id, int line, int column,
                         const environment& env = facility_env()) {
  try {
    expression::compile(src, env);
    BOOST_ERROR("compiled but expected " << id << ": " << src);
  } catch (const tuoyu::expression_error& e) {
    BOOST_TEST_INFO(std::string(src) << ": " << e.what());
    BOOST_TEST(e.id() == id);
    BOOST_TEST(e.where().line == line);
    BOOST_TEST(e.where().column == column);
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(values)

BOOST_AUTO_TEST_CASE(kinds_and_accessors) {
  BOOST_TEST(value().is_null());
  BOOST_TEST(value(true).as_bool());
  BOOST_TEST(value(-3).as_int() == -3);
  BOOST_TEST(value(3u).as_uint() == 3u);
  BOOST_TEST(value(2.5).as_double() == 2.5);
  BOOST_TEST(value("hi").as_string() == "hi");
  BOOST_TEST(value(tuoyu::date::parse("2025-12-31")).as_date().year() == 2025);
  BOOST_TEST(value::list({1, 2}).as_list().size() == 2u);
  auto m = value::map({{value("b"), value(2)}, {value("a"), value(1)}});
  BOOST_TEST(m.as_map().size() == 2u);
  BOOST_TEST(m.find("a")->as_int() == 1);
  BOOST_TEST(m.find("z") == nullptr);
  auto e = value::error("tuoyu.eval.401", "division by zero");
  BOOST_TEST(e.is_error());
  BOOST_TEST(e.error_id() == "tuoyu.eval.401");
  BOOST_TEST(e.error_message() == "division by zero");
  BOOST_CHECK_THROW(value(1).as_string(), std::logic_error);
  static_assert(sizeof(value) == 16);
}

BOOST_AUTO_TEST_CASE(maps_reject_repeated_and_bad_keys) {
  BOOST_TEST(value::map({{value(1), value(1)}, {value(1u), value(2)}}).is_error());
  BOOST_TEST(value::map({{value(1.5), value(1)}}).error_id() == "tuoyu.eval.411");
  auto m = value::map({{value(1), value("one")}, {value(true), value("t")}, {value("k"), value("v")}});
  BOOST_TEST(m.as_map().find(value(1.0))->as_string() == "one");
  BOOST_TEST(m.as_map().find(value(1u))->as_string() == "one");
  BOOST_TEST(m.as_map().find(value(true))->as_string() == "t");
}

BOOST_AUTO_TEST_CASE(equality_is_cel_equality) {
  BOOST_TEST((value(1) == value(1u)));
  BOOST_TEST((value(1) == value(1.0)));
  BOOST_TEST(!(value(std::nan("")) == value(std::nan(""))));
  BOOST_TEST(!(value(1) == value("1")));
  BOOST_TEST((value::list({1, 2.0}) == value::list({1u, 2})));
}

BOOST_AUTO_TEST_CASE(json_round_trip) {
  auto j = boost::json::parse(R"({"a": [1, 2.5, "x", null, true], "b": {"c": 18446744073709551615}})");
  value v = value::from_json(j);
  BOOST_TEST(v.find("b")->find("c")->is_uint());
  BOOST_TEST(v.find("a")->as_list()[0].is_int());
  BOOST_TEST(tuoyu::to_json(v) == j);
  BOOST_TEST(tuoyu::to_json(value(tuoyu::date::parse("2025-12-31"))) == boost::json::value("2025-12-31"));
  // JSON cannot spell these doubles; they are written as protobuf's JSON mapping writes them.
  BOOST_TEST(tuoyu::to_json(value(HUGE_VAL)) == boost::json::value("Infinity"));
  BOOST_TEST(tuoyu::to_json(value(-HUGE_VAL)) == boost::json::value("-Infinity"));
  BOOST_TEST(tuoyu::to_json(value::list({std::nan("")})) == boost::json::parse(R"(["NaN"])"));
  auto ej = tuoyu::to_json(value::error("tuoyu.eval.401", "division by zero"));
  BOOST_TEST(ej.at("error") == "tuoyu.eval.401");
  BOOST_TEST(ej.at("message") == "division by zero");
}

BOOST_AUTO_TEST_CASE(to_string_is_literal_like) {
  BOOST_TEST(value::list({1, 2u, 1.0, "a\"b", nullptr, true}).to_string() == R"([1, 2u, 1.0, "a\"b", null, true])");
  BOOST_TEST(value(tuoyu::date::parse("2025-01-02")).to_string() == R"(date("2025-01-02"))");
  BOOST_TEST(value::map({{value("k"), value(1)}}).to_string() == R"({"k": 1})");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(types)

BOOST_AUTO_TEST_CASE(print_and_parse) {
  BOOST_TEST(type::map(type::string(), type::list(type::int_())).to_string() == "map(string, list(int))");
  BOOST_TEST((type::parse("map(string, list(int))") == type::map(type::string(), type::list(type::int_()))));
  BOOST_TEST(type::parse("facility").name() == "facility");
  BOOST_TEST(type::parse("dyn").is_dyn());
  BOOST_CHECK_THROW(type::parse("list(int"), tuoyu::expression_error);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(parser)

BOOST_AUTO_TEST_CASE(literals) {
  check_eval("0x1F", "31");
  check_eval("0x1Fu", "31u");
  check_eval("-9223372036854775808", "-9223372036854775807 - 1");
  check_eval("1e3", "1000.0");
  check_eval(".5", "0.5");
  check_eval("'a\\tb'", "\"a\\x09b\"");
  check_eval("r'a\\tb'", "'a' + '\\\\' + 'tb'");
  check_eval("'''two\nlines'''", "'two\\nlines'");
  check_eval("'\\u00e9\\U0001F600\\303'", "'é😀Ã'");
  check_eval("size('é😀')", "2");
  check_eval("[1, 2, 3,]", "[1, 2, 3]");
  check_eval("{'a': 1,}", "{'a': 1}");
  check_eval("// comment\n 1 + // another\n 2", "3");
  check_eval("{'content-type': 1}.`content-type`", "1");
}

BOOST_AUTO_TEST_CASE(precedence) {
  check_eval("1 + 2 * 3", "7");
  check_eval("(1 + 2) * 3", "9");
  check_eval("10 - 4 - 3", "3");
  check_eval("!false && true || false", "true");
  check_eval("true ? 1 : false ? 2 : 3", "1");
  check_eval("1 < 2 == true", "true");
  check_eval("--19", "19");
  check_eval("!!true", "true");
}

BOOST_AUTO_TEST_CASE(syntax_errors_have_positions) {
  check_compile_error("1 +", "tuoyu.expr.301", 1, 4);
  check_compile_error("(1 + 2", "tuoyu.expr.301", 1, 7);
  check_compile_error("x ==\n  = 3", "tuoyu.expr.301", 2, 3);
  check_compile_error("'unterminated", "tuoyu.expr.301", 1, 1);
  check_compile_error("'bad \\q escape'", "tuoyu.expr.301", 1, 6);
  check_compile_error("9223372036854775808", "tuoyu.expr.301", 1, 1);
  check_compile_error("a & b", "tuoyu.expr.301", 1, 3);
  check_compile_error("'é' + #", "tuoyu.expr.301", 1, 7);  // columns count code points
  check_compile_error("has(x)", "tuoyu.expr.301", 1, 1);
  check_compile_error("[1].all(1, true)", "tuoyu.expr.301", 1, 9);
  check_compile_error("if", "tuoyu.expr.301", 1, 1);
  check_compile_error("b'bytes'", "tuoyu.expr.310", 1, 1);
  check_compile_error("Msg{a: 1}", "tuoyu.expr.310", 1, 1);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(checker)

BOOST_AUTO_TEST_CASE(check_errors) {
  check_compile_error("nope + 1", "tuoyu.expr.302", 1, 1);
  check_compile_error("facility.nope", "tuoyu.expr.303", 1, 10);
  check_compile_error("has(facility.registration.nope)", "tuoyu.expr.303", 1, 1);
  check_compile_error("1 + 'a'", "tuoyu.expr.304", 1, 3);
  check_compile_error("1 == 1.0", "tuoyu.expr.304", 1, 3);
  check_compile_error("facility.capacity + 1.5", "tuoyu.expr.304", 1, 19);
  check_compile_error("x ? 1 : 2", "tuoyu.expr.304", 1, 1);
  check_compile_error("true ? 1 : 'a'", "tuoyu.expr.304", 1, 6);
  check_compile_error("size(1)", "tuoyu.expr.304", 1, 1);
  check_compile_error("'a'.size(1)", "tuoyu.expr.304", 1, 5);
  check_compile_error("x.contains('a')", "tuoyu.expr.304", 1, 3);
  check_compile_error("contains('a', 'b')", "tuoyu.expr.304", 1, 1);
  check_compile_error("x.y", "tuoyu.expr.304", 1, 3);
  check_compile_error("[1].all(e, e + 1)", "tuoyu.expr.304", 1, 14);
  check_compile_error("1.all(e, true)", "tuoyu.expr.304", 1, 1);
  check_compile_error("{1.5: 1}", "tuoyu.expr.304", 1, 2);
  check_compile_error("sum(['a'])", "tuoyu.expr.304", 1, 1);
  check_compile_error("min([[1]])", "tuoyu.expr.304", 1, 1);
  check_compile_error("'a' in [1, 2]", "tuoyu.expr.304", 1, 5);
  check_compile_error("m[1]", "tuoyu.expr.304", 1, 2);
  check_compile_error("frobnicate(1)", "tuoyu.expr.305", 1, 1);
  check_compile_error("param('nope')", "tuoyu.expr.306", 1, 7);
  check_compile_error("param(x)", "tuoyu.expr.306", 1, 1);
}

BOOST_AUTO_TEST_CASE(result_types) {
  auto env = facility_env();
  auto rt = [&](const char* s) { return expression::compile(s, env).result_type().to_string(); };
  BOOST_TEST(rt("facility.capacity") == "int");
  BOOST_TEST(rt("facility.registration") == "registration");
  BOOST_TEST(rt("facility.tags.map(t, size(t))") == "list(int)");
  BOOST_TEST(rt("[1, 'a']") == "list(dyn)");
  BOOST_TEST(rt("m['a']") == "int");
  BOOST_TEST(rt("d.anything") == "dyn");
  BOOST_TEST(rt("param('capacity_per_1000')") == "double");
  BOOST_TEST(rt("1 < 2.5") == "bool");
  BOOST_TEST(rt("date('2025-01-01')") == "date");
  BOOST_TEST(rt("max(1, 2)") == "int");
  BOOST_TEST(rt("sum([1.5])") == "double");
}

BOOST_AUTO_TEST_CASE(dyn_defers_to_runtime) {
  check_eval_error("d + 'a'", "tuoyu.eval.404");
  check_eval("dyn(1) == 1.0", "true");
  check_eval("dyn(1) < 1.5", "true");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(evaluator)

BOOST_AUTO_TEST_CASE(arithmetic) {
  check_eval("7 / 2", "3");
  check_eval("-7 / 2", "-3");
  check_eval("-7 % 3", "-1");
  check_eval("7u / 2u", "3u");
  check_eval("7u % 4u", "3u");
  check_eval("7.0 / 2.0", "3.5");
  check_eval("1.0 / 0.0 > 1e308", "true");
  check_eval("'ab' + 'cd'", "'abcd'");
  check_eval("[1] + [2, 3]", "[1, 2, 3]");
  check_eval("-x", "-7");
  check_eval("-(2.5)", "-2.5");
  check_eval_error("1 / 0", "tuoyu.eval.401");
  check_eval_error("1 % 0", "tuoyu.eval.401");
  check_eval_error("1u / 0u", "tuoyu.eval.401");
  check_eval_error("9223372036854775807 + 1", "tuoyu.eval.402");
  check_eval_error("-9223372036854775808 - 1", "tuoyu.eval.402");
  check_eval_error("5000000000 * 5000000000", "tuoyu.eval.402");
  check_eval_error("-(-9223372036854775808)", "tuoyu.eval.402");
  check_eval_error("(-9223372036854775808) / -1", "tuoyu.eval.402");
  check_eval_error("0u - 1u", "tuoyu.eval.402");
  check_eval_error("dyn(1) + 1u", "tuoyu.eval.404");
  check_eval_error("dyn(1.5) % dyn(1.0)", "tuoyu.eval.404");
  check_eval_error("-dyn(1u)", "tuoyu.eval.404");
}

BOOST_AUTO_TEST_CASE(comparisons) {
  check_eval("1 < 2u", "true");
  check_eval("2u > 1.5", "true");
  check_eval("-1 < 0u", "true");
  check_eval("'a' < 'b'", "true");
  check_eval("false < true", "true");
  check_eval("date('2024-01-01') < date('2024-01-02')", "true");
  check_eval("date('2024-01-01') == date('2024-01-01')", "true");
  check_eval("0.0/0.0 == 0.0/0.0", "false");
  check_eval("0.0/0.0 < 1.0", "false");
  check_eval("[1, 2] == [1, 2]", "true");
  check_eval("{'a': 1} == dyn({'a': 1.0})", "true");
  check_eval("dyn('a') == 1", "false");
  check_eval("null == null", "true");
  check_eval("x != 7", "false");
  check_eval_error("dyn([1]) < dyn([2])", "tuoyu.eval.404");
  check_eval_error("dyn('a') < 1", "tuoyu.eval.404");
}

BOOST_AUTO_TEST_CASE(membership_and_indexing) {
  check_eval("2 in [1, 2]", "true");
  check_eval("dyn(2.0) in [1, 2]", "true");
  check_eval("'a' in m", "true");
  check_eval("'z' in m", "false");
  check_eval("m['b']", "2");
  check_eval("m.b", "2");
  check_eval("[10, 20][1]", "20");
  check_eval("[10, 20][1u]", "20");
  check_eval("facility.tags[0]", "'inclusive'");
  check_eval_error("[10, 20][2]", "tuoyu.eval.407");
  check_eval_error("[10, 20][-1]", "tuoyu.eval.407");
  check_eval_error("m['z']", "tuoyu.eval.403");
  check_eval_error("m.z", "tuoyu.eval.403");
  check_eval_error("dyn(1).a", "tuoyu.eval.404");
  check_eval_error("dyn(1)[0]", "tuoyu.eval.404");
  check_eval_error("[1][dyn('a')]", "tuoyu.eval.404");
  check_eval_error("1 in dyn(2)", "tuoyu.eval.404");
  check_eval_error("{'a': 1, 'a': 2}", "tuoyu.eval.411");
}

BOOST_AUTO_TEST_CASE(logic_absorbs_errors) {
  check_eval("1/0 == 1 || true", "true");
  check_eval("true || 1/0 == 1", "true");
  check_eval("1/0 == 1 && false", "false");
  check_eval("false && 1/0 == 1", "false");
  check_eval_error("1/0 == 1 && true", "tuoyu.eval.401");
  check_eval_error("true && 1/0 == 1", "tuoyu.eval.401");
  check_eval_error("1/0 == 1 || false", "tuoyu.eval.401");
  check_eval_error("dyn('a') || false", "tuoyu.eval.404");
  check_eval("dyn('a') || true", "true");
  check_eval("!true", "false");
  check_eval_error("!dyn(1)", "tuoyu.eval.404");
  check_eval("false ? 1/0 : 2", "2");
  check_eval_error("1/0 == 1 ? 1 : 2", "tuoyu.eval.401");
  check_eval_error("dyn(1) ? 1 : 2", "tuoyu.eval.404");
}

BOOST_AUTO_TEST_CASE(has_and_fields) {
  check_eval("has(facility.registration)", "true");
  check_eval("has(facility.opened)", "true");
  check_eval("has(facility.registration.date)", "false");
  check_eval("has(facility.registration) && facility.registration.authority == 'health'", "true");
  check_eval_error("facility.registration.date", "tuoyu.eval.403");
  check_eval_error("has(dyn(1).a)", "tuoyu.eval.404");
}

BOOST_AUTO_TEST_CASE(macros) {
  check_eval("[1, 2, 3].all(v, v > 0)", "true");
  check_eval("[1, 2, 3].exists(v, v > 2)", "true");
  check_eval("[1, 2, 3].exists_one(v, v > 1)", "false");
  check_eval("[1, 2, 3].existsOne(v, v > 2)", "true");
  check_eval("[1, 2, 3].filter(v, v % 2 == 1)", "[1, 3]");
  check_eval("[1, 2, 3].map(v, v * 10)", "[10, 20, 30]");
  check_eval("[1, 2, 3].map(v, v > 1, v * 10)", "[20, 30]");
  check_eval("[5, 6].all(i, v, v == i + 5)", "true");
  check_eval("[5, 6].exists(i, v, i == 1 && v == 6)", "true");
  check_eval("m.all(k, v, v > 0)", "true");
  check_eval("m.filter(k, k != 'a')", "['b']");
  check_eval("m.map(k, k + '!')", "['a!', 'b!']");
  check_eval("[1, 2].transformList(i, v, i + v)", "[1, 3]");
  check_eval("m.transformMap(k, v, v * 2)", "{'a': 2, 'b': 4}");
  check_eval("[].all(v, false)", "true");
  check_eval("[].exists(v, true)", "false");
  check_eval("[[1, 2], [3]].map(l, l.map(v, v + 1))", "[[2, 3], [4]]");
  check_eval("[0, 1].exists(v, 1 / v == 1)", "true");  // an error is absorbed by a later true
  check_eval("[0, 1].all(v, 1 / v == 5)", "false");
  check_eval_error("[0, 1].all(v, 1 / v == 1)", "tuoyu.eval.401");
  check_eval_error("[0, 1].exists(v, 1 / v == 5)", "tuoyu.eval.401");
  check_eval_error("[0].exists_one(v, 1 / v == 1)", "tuoyu.eval.401");
  check_eval_error("[0].filter(v, 1 / v == 1)", "tuoyu.eval.401");
  check_eval_error("[0].map(v, 1 / v)", "tuoyu.eval.401");
  check_eval_error("dyn(1).all(v, true)", "tuoyu.eval.404");
  check_eval("dataset.facilities.filter(f, f.status == 'open').map(f, f.capacity)", "[10]");
}

BOOST_AUTO_TEST_CASE(functions) {
  check_eval("size('abc')", "3");
  check_eval("'abc'.size()", "3");
  check_eval("size([1, 2])", "2");
  check_eval("size(m)", "2");
  check_eval("int('42')", "42");
  check_eval("int(2.9)", "2");
  check_eval("int(-2.9)", "-2");
  check_eval("int(3u)", "3");
  check_eval("uint(3)", "3u");
  check_eval("uint('7')", "7u");
  check_eval("double(3)", "3.0");
  check_eval("double('2.5')", "2.5");
  check_eval("string(12)", "'12'");
  check_eval("string(1.5)", "'1.5'");
  check_eval("string(3u)", "'3'");
  check_eval("string(true)", "'true'");
  check_eval("string(date('2025-01-02'))", "'2025-01-02'");
  check_eval("bool('true')", "true");
  check_eval("bool('f')", "false");
  check_eval("'hello'.contains('ell')", "true");
  check_eval("'hello'.startsWith('he')", "true");
  check_eval("'hello'.endsWith('lo')", "true");
  check_eval("'MiXed'.lowerAscii()", "'mixed'");
  check_eval("'MiXed'.upperAscii()", "'MIXED'");
  check_eval_error("int('x')", "tuoyu.eval.408");
  check_eval_error("int(1e99)", "tuoyu.eval.408");
  check_eval_error("int(18446744073709551615u)", "tuoyu.eval.408");
  check_eval_error("uint(-1)", "tuoyu.eval.408");
  check_eval_error("bool('yes')", "tuoyu.eval.408");
  check_eval_error("double('x')", "tuoyu.eval.408");
  check_eval_error("size(dyn(1))", "tuoyu.eval.404");
}

BOOST_AUTO_TEST_CASE(tuoyu_extras) {
  check_eval("year(date('2024-02-29'))", "2024");
  check_eval("month(date('2024-02-29'))", "2");
  check_eval("day(date('2024-02-29'))", "29");
  check_eval("days_between(date('2024-01-01'), date('2024-03-01'))", "60");
  check_eval("days_between(facility.opened, as_of) > 365", "true");
  check_eval("sum([1, 2, 3])", "6");
  check_eval("sum([1.5, 2.5])", "4.0");
  check_eval("sum([1u, 2u])", "3u");
  check_eval("sum([])", "0");
  check_eval("min([3, 1, 2])", "1");
  check_eval("max([3, 1, 2])", "3");
  check_eval("min(3, 1, 2)", "1");
  check_eval("max('a', 'b')", "'b'");
  check_eval("max([date('2024-01-01'), date('2025-01-01')])", "date('2025-01-01')");
  check_eval("min([2, 1.5])", "1.5");
  check_eval("param('capacity_per_1000') * 2.0", "9.0");
  check_eval("param('min_staff') + 1", "4");
  check_eval_error("date('2023-02-29')", "tuoyu.eval.406");
  check_eval_error("min([])", "tuoyu.eval.406");
  check_eval_error("max(dyn([1, 'a']))", "tuoyu.eval.404");
  check_eval_error("sum([9223372036854775807, 1])", "tuoyu.eval.402");
  check_eval_error("sum(dyn(['a']))", "tuoyu.eval.404");
  // Without a parameter lookup, param() is an evaluation error.
  auto e = expression::compile("param('min_staff')", facility_env());
  BOOST_TEST(e.evaluate(activation{}).error_id() == "tuoyu.eval.410");
}

BOOST_AUTO_TEST_CASE(unbound_variable) {
  auto e = expression::compile("x + 1", facility_env());
  value v = e.evaluate(activation{});
  BOOST_TEST(v.is_error());
  BOOST_TEST(v.error_id() == "tuoyu.eval.409");
}

BOOST_AUTO_TEST_CASE(unchecked_mode) {
  environment env;
  auto e = expression::compile("nope || true", env, tuoyu::compile_options{false});
  BOOST_TEST(e.evaluate(activation{}).as_bool());
  auto f = expression::compile("frob(1)", env, tuoyu::compile_options{false});
  BOOST_TEST(f.evaluate(activation{}).error_id() == "tuoyu.eval.409");
  auto g = expression::compile("1 == 1.0", env, tuoyu::compile_options{false});
  BOOST_TEST(g.evaluate(activation{}).as_bool());
  // Wrong argument counts reach the evaluator when checking is off (found by fuzzing).
  for (const char* src : {"size()", "dyn()", "dyn(1, 2)", "int(1, 2, 3)", "'a'.contains()"}) {
    auto h = expression::compile(src, env, tuoyu::compile_options{false});
    BOOST_TEST(h.evaluate(activation{}).error_id() == "tuoyu.eval.404", src);
  }
}

BOOST_AUTO_TEST_CASE(shared_between_threads) {
  auto env = facility_env();
  auto e = expression::compile("dataset.facilities.filter(f, f.capacity > 6).size() == 1 && x == 7", env);
  auto act = default_activation();
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 2000; ++i) ok += e.evaluate(act).as_bool() ? 1 : 0;
    });
  for (auto& t : threads) t.join();
  BOOST_TEST(ok.load() == 8000);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(limits)

BOOST_AUTO_TEST_CASE(deep_nesting_is_an_error_not_a_crash) {
  std::string deep(200000, '(');
  deep += "1";
  deep += std::string(200000, ')');
  environment env;
  env.set_limits({100, 1000000, 1000000});
  check_compile_error(deep, "tuoyu.expr.307", 1, 101, env);
  std::string lists(150, '[');
  lists += std::string(150, ']');
  check_compile_error(lists, "tuoyu.expr.307", 1, 101, env);
  std::string ok = std::string(50, '(') + "1" + std::string(50, ')');
  BOOST_TEST(expression::compile(ok, env).evaluate(activation{}).as_int() == 1);
  // Long chains of && are balanced, so they stay shallow.
  std::string chain = "true";
  for (int i = 0; i < 2000; ++i) chain += " && true";
  BOOST_TEST(expression::compile(chain, env).evaluate(activation{}).as_bool());
  // Long left-associative chains are bounded by the tree height limit.
  std::string sums = "1";
  for (int i = 0; i < 200; ++i) sums += " + 1";
  try {
    expression::compile(sums, env);
    BOOST_ERROR("expected a nesting error");
  } catch (const tuoyu::expression_error& e) {
    BOOST_TEST(e.id() == "tuoyu.expr.307");
  }
}

BOOST_AUTO_TEST_CASE(source_size_limit) {
  environment env;
  tuoyu::limits l;
  l.max_source_bytes = 10;
  env.set_limits(l);
  check_compile_error("1 + 2 + 3 + 4", "tuoyu.expr.308", 1, 1, env);
  BOOST_CHECK_THROW(env.define("f", {}, "1 + 2 + 3 + 4"), tuoyu::expression_error);
}

BOOST_AUTO_TEST_CASE(step_budget) {
  environment env;
  tuoyu::limits l;
  l.step_budget = 1000;
  env.set_limits(l);
  auto e = expression::compile("[1,2,3,4,5,6,7,8,9,10].all(a, [1,2,3,4,5,6,7,8,9,10].all(b, [1,2,3,4,5,6,7,8,9,10].all(c, true)))", env);
  value v = e.evaluate(activation{});
  BOOST_TEST(v.is_error());
  BOOST_TEST(v.error_id() == "tuoyu.eval.405");
  activation big;
  big.set_step_budget(100000);
  BOOST_TEST(e.evaluate(big).as_bool());
  // An exhausted budget is not absorbed by || true.
  auto f = expression::compile("[1,2,3,4,5,6,7,8,9,10].map(a, [1,2,3,4,5,6,7,8,9,10].map(b, a * b)).size() == 0 || true", env);
  activation tiny;
  tiny.set_step_budget(50);
  BOOST_TEST(f.evaluate(tiny).error_id() == "tuoyu.eval.405");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(introspection)

BOOST_AUTO_TEST_CASE(field_paths_and_parameters) {
  auto env = facility_env();
  auto e = expression::compile(
      "has(facility.registration) && facility.registration.authority == 'health' && facility.legal_form != 'x' && "
      "facility.capacity < param('capacity_per_1000') * 10.0 && param('min_staff') > 0 && "
      "dataset.facilities.exists(f, f.status == 'open') && m['a'] > 0 && as_of > date('2020-01-01')",
      env);
  std::vector<std::string> want = {"as_of",
                                   "dataset.facilities",
                                   "dataset.facilities[].status",
                                   "facility.capacity",
                                   "facility.legal_form",
                                   "facility.registration",
                                   "facility.registration.authority",
                                   "m.a"};
  BOOST_TEST(e.field_paths() == want, boost::test_tools::per_element());
  std::vector<std::string> params = {"capacity_per_1000", "min_staff"};
  BOOST_TEST(e.parameters() == params, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(explain_records_each_step) {
  auto env = facility_env();
  auto e = expression::compile("facility.capacity > 100 ||\n  facility.legal_form == 'enterprise'", env);
  auto ex = e.explain(default_activation());
  BOOST_TEST(ex.result.as_bool());
  BOOST_REQUIRE(ex.size() == 9u);
  BOOST_TEST(ex[0].source_text == e.source());
  BOOST_TEST(ex[0].depth == 0);
  BOOST_TEST(ex[1].source_text == "facility.capacity > 100");
  BOOST_TEST(ex[1].result.as_bool() == false);
  BOOST_TEST(ex[1].depth == 1);
  BOOST_TEST(ex[2].source_text == "facility.capacity");
  BOOST_TEST(ex[2].result.as_int() == 80);
  BOOST_TEST(ex[2].depth == 2);
  BOOST_TEST(ex[3].source_text == "facility");
  BOOST_TEST(ex[3].depth == 3);
  BOOST_TEST(ex[5].source_text == "facility.legal_form == 'enterprise'");
  BOOST_TEST(ex[5].line == 2);
  BOOST_TEST(ex[5].column == 3);
  BOOST_TEST(ex.to_string().find("facility.capacity > 100  =>  false") != std::string::npos);
  // Short-circuited operands do not appear.
  auto s = expression::compile("false && facility.capacity > 1", env).explain(default_activation());
  BOOST_TEST(s.size() == 2u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(definitions)

BOOST_AUTO_TEST_CASE(expansion) {
  auto env = facility_env();
  env.define("big", {"f"}, "f.capacity >= 50");
  env.define("registered_with", {"f", "who"}, "has(f.registration) && f.registration.authority == who");
  env.define("big_health", {}, "big(facility) && registered_with(facility, 'health')");
  env.define("any_open", {"l"}, "l.exists(f, f.status == 'open')");
  auto e = expression::compile("big_health && any_open(dataset.facilities)", env);
  BOOST_TEST(e.evaluate(default_activation()).as_bool());
  BOOST_TEST(e.result_type().to_string() == "bool");
  std::vector<std::string> want = {"dataset.facilities", "dataset.facilities[].status", "facility.capacity",
                                   "facility.registration", "facility.registration.authority"};
  BOOST_TEST(e.field_paths() == want, boost::test_tools::per_element());
  // Explanations name the definition a step comes from.
  auto ex = e.explain(default_activation());
  bool found = false;
  for (const auto& step : ex)
    if (step.definition == "big" && step.source_text == "f.capacity >= 50") found = true;
  BOOST_TEST(found);
}

BOOST_AUTO_TEST_CASE(hygiene) {
  auto env = facility_env();
  // The definition's own comprehension variable `f` must not capture the caller's `f`.
  env.define("has_cap", {"c"}, "[1, 2].exists(f, f == c)");
  auto e = expression::compile("dataset.facilities.map(f, has_cap(f.capacity / 5))", env);
  BOOST_TEST((e.evaluate(default_activation()) == value::list({true, true})));
  // A parameter name equal to a variable shadows it inside the body only.
  env.define("twice", {"x"}, "x * 2");
  BOOST_TEST(expression::compile("twice(x + 1) + x", env).evaluate(default_activation()).as_int() == 23);
}

BOOST_AUTO_TEST_CASE(errors_name_the_definition) {
  auto env = facility_env();
  env.define("bad", {"f"}, "f.capacity +\n  f.nope");
  try {
    expression::compile("1 == 1 && bad(facility) > 0", env);
    BOOST_ERROR("expected an error");
  } catch (const tuoyu::expression_error& e) {
    BOOST_TEST(e.id() == "tuoyu.expr.303");
    BOOST_TEST(e.detail().find("in definition 'bad' at 2:5") != std::string::npos, e.detail());
    BOOST_TEST(e.where().line == 1);
    BOOST_TEST(e.where().column == 11);
  }
  try {
    env.define("broken", {}, "1 +\n (");
    BOOST_ERROR("expected an error");
  } catch (const tuoyu::expression_error& e) {
    BOOST_TEST(e.id() == "tuoyu.expr.309");
    BOOST_TEST(e.detail().find("'broken'") != std::string::npos);
    BOOST_TEST(e.detail().find("2:3") != std::string::npos, e.detail());
  }
  check_compile_error("bad(1, 2)", "tuoyu.expr.309", 1, 1, env);
  BOOST_CHECK_THROW(env.define("bad", {}, "1"), tuoyu::expression_error);
  BOOST_CHECK_THROW(env.define("size", {"x"}, "1"), tuoyu::expression_error);
  BOOST_CHECK_THROW(env.define("x", {}, "1"), tuoyu::expression_error);
  BOOST_CHECK_THROW(env.define("p", {"a", "a"}, "a"), tuoyu::expression_error);
}

BOOST_AUTO_TEST_CASE(no_recursion) {
  auto env = facility_env();
  env.define("self", {"n"}, "n == 0 || self(n - 1)");
  check_compile_error("self(3)", "tuoyu.expr.309", 1, 1, env);
  env.define("first", {}, "later");
  env.define("later", {}, "true");
  check_compile_error("first", "tuoyu.expr.309", 1, 1, env);
  BOOST_TEST(expression::compile("later", env).evaluate(activation{}).as_bool());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(one_shot)

BOOST_AUTO_TEST_CASE(evaluate_with_json_variables) {
  auto vars = boost::json::parse(R"({"f": {"capacity": 80, "tags": ["a"]}, "n": 2})").as_object();
  BOOST_TEST(tuoyu::evaluate("f.capacity * n", vars).as_int() == 160);
  BOOST_TEST(tuoyu::evaluate("'a' in f.tags", vars).as_bool());
  BOOST_CHECK_EXCEPTION(tuoyu::evaluate("f.capacity / 0", vars), tuoyu::evaluation_error,
                        [](const tuoyu::evaluation_error& e) { return e.id() == "tuoyu.eval.401"; });
  BOOST_CHECK_EXCEPTION(tuoyu::evaluate("g + 1", vars), tuoyu::expression_error,
                        [](const tuoyu::expression_error& e) { return e.id() == "tuoyu.expr.302"; });
}

BOOST_AUTO_TEST_SUITE_END()

// A filter over a list bound for the whole evaluation, testing one field against a value that does
// not depend on the element, is answered from an index (detail/filter_index.hpp) when the activation
// carries an index cache, as the engine's does. The result must be the loop's, always.
BOOST_AUTO_TEST_SUITE(indexed_filter)

value keyed_list(int n, bool with_odd_elements) {
  value_list items;
  for (int i = 0; i < n; ++i) {
    std::vector<std::pair<value, value>> e{{value("i"), value(i)}, {value("k"), value("T" + std::to_string(i % 7))}};
    if (with_odd_elements && i == n / 2) e[1].second = value(3);  // a key of another kind
    if (with_odd_elements && i == n / 3) e.pop_back();            // no key at all: the filter fails
    items.push_back(value::map(std::move(e)));
  }
  return value::list(std::move(items));
}

BOOST_AUTO_TEST_CASE(same_results_as_the_loop) {
  environment env;
  env.declare_variable("xs", type::dyn());
  env.declare_variable("t", type::dyn());
  for (bool odd : {false, true}) {
    activation plain, indexed;
    for (auto* a : {&plain, &indexed}) {
      a->bind("xs", keyed_list(500, odd));
      a->bind("t", value::from_json(boost::json::parse(R"({"id": "T3", "n": 3, "d": 3.0})")));
    }
    indexed.set_index_cache(std::make_shared<tuoyu::detail::index_cache>());
    for (const char* src : {"xs.filter(x, x.k == t.id)", "xs.filter(x, t.id == x.k)", "xs.filter(x, x.k == 'T9')",
                            "xs.filter(x, x.k == t.n)", "xs.filter(x, x.i == t.n)", "xs.filter(x, x.i == t.d)",
                            "xs.filter(x, x.k == t.missing)", "size(xs.filter(x, x.k == t.id))",
                            "xs.filter(x, x.k == x.k)"}) {
      auto e = expression::compile(src, env);
      for (int round = 0; round < 2; ++round) {  // the second round reuses the index
        BOOST_TEST_INFO(src << (odd ? " (odd elements)" : ""));
        BOOST_TEST(e.evaluate(indexed).to_string() == e.evaluate(plain).to_string());
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(costs_one_step_per_element) {
  environment env;
  env.declare_variable("xs", type::dyn());
  auto e = expression::compile("size(xs.filter(x, x.k == 'T3'))", env);
  activation plain, indexed;
  for (auto* a : {&plain, &indexed}) a->bind("xs", keyed_list(1000, false)).set_step_budget(1100);
  indexed.set_index_cache(std::make_shared<tuoyu::detail::index_cache>());
  BOOST_TEST(e.evaluate(indexed).as_int() == 143);  // i % 7 == 3 for i < 1000
  BOOST_TEST(e.evaluate(plain).error_id() == "tuoyu.eval.405");  // the loop takes several steps per element
}

BOOST_AUTO_TEST_SUITE_END()
