// The bad-input corpus (tests/bad-input/): every dataset and rulebook there must be refused with the
// error id and place its sidecar expected.json gives, never a crash or another kind of exception.
// Plus the inputs too large to commit (deep nesting), generated here.
#define BOOST_TEST_MODULE test_bad_input
#include <boost/test/unit_test.hpp>

#include <tuoyu/tuoyu.hpp>

#include <boost/json/parse.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>

namespace fs = std::filesystem;

namespace {

const fs::path corpus = fs::path(TUOYU_SOURCE_DIR) / "tests" / "bad-input";

boost::json::object expectations() {
  std::ifstream in(corpus / "expected.json");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return boost::json::parse(text).as_object();
}

std::string place(const tuoyu::location& where) {
  if (!where.pointer.empty()) return where.pointer;
  if (where.line > 0) return std::to_string(where.line) + ':' + std::to_string(where.column);
  return "";
}

// Loads `file` the way its folder says and returns the error, or fails the test.
template <class Load>
void expect_refused(const std::string& name, const boost::json::object& expected, Load&& load) {
  BOOST_TEST_CONTEXT(name) {
    auto path = (corpus / name).string();
    try {
      load(path);
      BOOST_ERROR("accepted, but expected " << expected.at("id").as_string());
    } catch (const tuoyu::error& e) {
      BOOST_TEST(e.id() == std::string(expected.at("id").as_string()), e.what());
      BOOST_TEST(place(e.where()) == std::string(expected.at("where").as_string()), e.what());
      // The file named is the input itself, unless expected.json says another (a case's dataset_file).
      auto named = expected.contains("file") ? (corpus / std::string(expected.at("file").as_string())).string() : path;
      BOOST_TEST(e.where().file == named, e.what());
    }
  }
}

std::set<std::string> files_under(const std::string& folder) {
  std::set<std::string> out;
  for (const auto& e : fs::directory_iterator(corpus / folder)) out.insert(folder + "/" + e.path().filename().string());
  return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_corpus_file_has_an_expectation) {
  auto expected = expectations();
  for (const char* folder : {"datasets", "rulebooks", "cases"})
    for (const auto& name : files_under(folder)) BOOST_TEST(expected.contains(name), name << " has no expected.json entry");
  for (const auto& [name, _] : expected) BOOST_TEST(fs::exists(corpus / std::string(name)), std::string(name) << " is gone");
}

BOOST_AUTO_TEST_CASE(datasets_are_refused_with_their_id_and_place) {
  std::size_t n = 0;
  for (const auto& [key, v] : expectations()) {
    std::string name(key);
    if (!name.starts_with("datasets/")) continue;
    expect_refused(name, v.as_object(), [](const std::string& p) { (void)tuoyu::load_dataset(p); });
    ++n;
  }
  BOOST_TEST(n >= 30u);
}

BOOST_AUTO_TEST_CASE(rulebooks_are_refused_with_their_id_and_place) {
  std::size_t n = 0;
  for (const auto& [key, v] : expectations()) {
    std::string name(key);
    if (!name.starts_with("rulebooks/")) continue;
    expect_refused(name, v.as_object(), [](const std::string& p) { (void)tuoyu::load_rulebook(p); });
    ++n;
  }
  BOOST_TEST(n >= 15u);
}

BOOST_AUTO_TEST_CASE(case_files_are_refused_with_their_id_and_place) {
  std::size_t n = 0;
  for (const auto& [key, v] : expectations()) {
    std::string name(key);
    if (!name.starts_with("cases/")) continue;
    expect_refused(name, v.as_object(), [](const std::string& p) { (void)tuoyu::load_case_file(p); });
    ++n;
  }
  BOOST_TEST(n >= 5u);
}

BOOST_AUTO_TEST_CASE(the_valid_references_load) {
  // The corpus files are mutations of these two; they must be valid, so each mutation is the one fault.
  auto ds = tuoyu::load_dataset(corpus / "valid-dataset.json");
  BOOST_TEST(ds.facilities.size() == 2u);
  auto rb = tuoyu::load_rulebook(corpus / "valid-rulebook.json");
  BOOST_TEST(rb.rules().size() == 2u);
}

// 200,000 levels of nesting: refused at the depth limit without recursing through the document.
BOOST_AUTO_TEST_CASE(deep_nesting_is_refused_at_the_limit) {
  const std::size_t depth = 200000;
  std::string arrays(depth, '[');
  arrays += std::string(depth, ']');
  try {
    (void)tuoyu::parse_dataset(arrays, "deep.json");
    BOOST_ERROR("accepted");
  } catch (const tuoyu::input_error& e) {
    BOOST_TEST(e.id() == "tuoyu.input.112");
    BOOST_TEST(e.where().line == 1);
    BOOST_TEST(e.where().column == 65);  // the 65th '[' is one level too deep for the default of 64
  }
  std::string objects;
  for (std::size_t i = 0; i < depth; ++i) objects += "{\"a\":";
  objects += "1" + std::string(depth, '}');
  try {
    tuoyu::rulebook_options load;
    load.file_name = "deep.rulebook.json";
    (void)tuoyu::parse_rulebook(objects, load);
    BOOST_ERROR("accepted");
  } catch (const tuoyu::rulebook_error& e) {
    BOOST_TEST(e.id() == "tuoyu.rulebook.201");
    BOOST_TEST(std::string(e.what()).find("tuoyu.input.112") != std::string::npos, e.what());
  }
  // An expression nested as deep is refused by the expression limits, not by the stack.
  std::string expr(depth, '(');
  expr += "1" + std::string(depth, ')');
  tuoyu::limits big;
  big.max_source_bytes = 1u << 20;
  tuoyu::environment env;
  env.set_limits(big);
  try {
    (void)tuoyu::expression::compile(expr, env);
    BOOST_ERROR("accepted");
  } catch (const tuoyu::expression_error& e) {
    BOOST_TEST(e.id() == "tuoyu.expr.307");
  }
}
