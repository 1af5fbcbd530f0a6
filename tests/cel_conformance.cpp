// Runs the CEL specification's "simple" conformance tests (JSON form) against tuoyu's expression
// language. The folder is given by the environment variable TUOYU_CEL_CONFORMANCE_DIR; without it the
// run is skipped. Tests that use a CEL feature outside tuoyu's subset are skipped, naming the feature
// detected in the test itself (its expression, declarations, bindings or expected value).
//
// Usage: cel_conformance [--skip-code=N] [--verbose]
// Exit status: 0 if no test in the subset failed, 1 otherwise, N (default 0) when skipped.
#include <tuoyu/tuoyu.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

// The JSON conversion writes non-finite doubles as bare Infinity / -Infinity / NaN; quote them.
std::string quote_non_finite(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      out += c;
      if (c == '\\' && i + 1 < text.size()) out += text[++i];
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
      out += c;
      continue;
    }
    for (const char* word : {"-Infinity", "Infinity", "NaN"}) {
      std::size_t n = std::char_traits<char>::length(word);
      if (text.compare(i, n, word) == 0) {
        out += '"';
        out += word;
        out += '"';
        i += n;
        break;
      }
    }
    if (i < text.size()) {
      // re-check the current character after a possible replacement
      char d = text[i];
      if (d == '"') {
        in_string = true;
      }
      out += d;
    }
  }
  return out;
}

bool is_ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// The expression with comments replaced by spaces.
std::string strip_comments(const std::string& e) {
  std::string out = e;
  for (std::size_t i = 0; i + 1 < out.size(); ++i) {
    if (out[i] == '\'' || out[i] == '"') {
      char q = out[i];
      for (++i; i < out.size() && out[i] != q && out[i] != '\n'; ++i)
        if (out[i] == '\\') ++i;
      continue;
    }
    if (out[i] == '/' && out[i + 1] == '/')
      while (i < out.size() && out[i] != '\n') out[i++] = ' ';
  }
  return out;
}

// Identifiers in the expression outside string literals and quoted field names, with the next
// non-space character after each.
std::vector<std::pair<std::string, char>> identifiers(const std::string& text, std::vector<char>* prev = nullptr) {
  std::vector<std::pair<std::string, char>> out;
  const std::string e = strip_comments(text);
  std::size_t i = 0;
  while (i < e.size()) {
    char c = e[i];
    if (c == '`') {
      std::size_t j = e.find('`', i + 1);
      i = j == std::string::npos ? e.size() : j + 1;
      continue;
    }
    if (c == '\'' || c == '"') {
      bool triple = e.compare(i, 3, std::string(3, c)) == 0;
      std::size_t j = i + (triple ? 3 : 1);
      while (j < e.size()) {
        if (e[j] == '\\') { j += 2; continue; }
        if (triple ? e.compare(j, 3, std::string(3, c)) == 0 : e[j] == c) break;
        ++j;
      }
      i = j + (triple ? 3 : 1);
      continue;
    }
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      std::size_t j = i;
      while (j < e.size() && is_ident_char(e[j])) ++j;
      std::size_t k = j;
      while (k < e.size() && std::isspace(static_cast<unsigned char>(e[k]))) ++k;
      std::size_t p = i;
      char before = 0;
      while (p > 0) {
        --p;
        if (!std::isspace(static_cast<unsigned char>(e[p]))) { before = e[p]; break; }
      }
      out.emplace_back(e.substr(i, j - i), k < e.size() ? e[k] : '\0');
      if (prev) prev->push_back(before);
      i = j;
      continue;
    }
    if (std::isdigit(static_cast<unsigned char>(c))) {
      while (i < e.size() && (is_ident_char(e[i]) || e[i] == '.')) ++i;
      continue;
    }
    ++i;
  }
  return out;
}

bool value_has_key(const json::value& v, std::string_view key) {
  if (v.is_object()) {
    for (const auto& kv : v.get_object()) {
      if (kv.key() == key) return true;
      if (value_has_key(kv.value(), key)) return true;
    }
  } else if (v.is_array()) {
    for (const auto& x : v.get_array())
      if (value_has_key(x, key)) return true;
  }
  return false;
}

// The CEL feature outside tuoyu's subset that a test uses, or "" if it is inside.
std::string unsupported_feature(const json::object& t) {
  std::string e(t.at("expr").as_string());
  json::value whole = t;
  if (t.contains("container") || e.find("google.protobuf") != std::string::npos || value_has_key(whole, "object_value") ||
      value_has_key(whole, "message_type") || value_has_key(whole, "well_known"))
    return "protobuf messages";
  std::vector<char> before;
  auto ids = identifiers(e, &before);
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const auto& [id, next] = ids[i];
    if (next == '{') return "protobuf messages";
  }
  for (std::size_t i = 0; i + 1 < e.size(); ++i) {
    char c = e[i];
    bool boundary = i == 0 || !is_ident_char(e[i - 1]);
    if (!boundary) continue;
    if ((c == 'b' || c == 'B') && (e[i + 1] == '\'' || e[i + 1] == '"')) return "bytes";
    if ((c == 'b' || c == 'B' || c == 'r' || c == 'R') && i + 2 < e.size() &&
        (e[i + 1] == 'b' || e[i + 1] == 'B' || e[i + 1] == 'r' || e[i + 1] == 'R') && (e[i + 2] == '\'' || e[i + 2] == '"') &&
        std::tolower(c) != std::tolower(e[i + 1]))
      return "bytes";
  }
  if (value_has_key(whole, "bytes_value")) return "bytes";
  for (const auto& [id, next] : ids) {
    if (id == "bytes" && next == '(') return "bytes";
    if ((id == "timestamp" || id == "duration") && next == '(') return "timestamps and durations";
  }
  if (t.contains("type_env")) {
    std::string env = json::serialize(t.at("type_env"));
    if (env.find("BYTES") != std::string::npos) return "bytes";
    if (env.find("\"function\"") != std::string::npos) return "custom function declarations";
    if (env.find("abstract_type") != std::string::npos || env.find("type_param") != std::string::npos)
      return "abstract and parameterized types";
  }
  if (value_has_key(whole, "type_value")) return "type values";
  static const char* type_names[] = {"bool", "int", "uint", "double", "string", "list", "map", "null_type", "type"};
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const auto& [id, next] = ids[i];
    if (id == "type" && next == '(') return "type values";
    if (next != '(' && before[i] != '.' &&
        std::find(std::begin(type_names), std::end(type_names), id) != std::end(type_names))
      return "type values";
  }
  for (const auto& [id, next] : ids) {
    if (id == "optional") return "optionals";
  }
  if (e.find("?.") != std::string::npos || e.find(".?") != std::string::npos || e.find("[?") != std::string::npos)
    return "optionals";
  if (t.contains("disable_macros") && t.at("disable_macros").as_bool()) return "disable_macros";
  if (t.contains("unknown")) return "unknown values";
  if (value_has_key(whole, "enum_value")) return "enums";
  return "";
}

std::optional<tuoyu::type> to_type(const json::value& j) {
  const auto& o = j.as_object();
  if (o.contains("primitive")) {
    auto p = o.at("primitive").as_string();
    if (p == "INT64") return tuoyu::type::int_();
    if (p == "UINT64") return tuoyu::type::uint_();
    if (p == "DOUBLE") return tuoyu::type::double_();
    if (p == "STRING") return tuoyu::type::string();
    if (p == "BOOL") return tuoyu::type::bool_();
    return std::nullopt;
  }
  if (o.contains("null")) return tuoyu::type::null();
  if (o.contains("dyn")) return tuoyu::type::dyn();
  if (o.contains("list_type")) {
    auto e = to_type(o.at("list_type").as_object().at("elem_type"));
    if (!e) return std::nullopt;
    return tuoyu::type::list(*e);
  }
  if (o.contains("map_type")) {
    auto k = to_type(o.at("map_type").as_object().at("key_type"));
    auto v = to_type(o.at("map_type").as_object().at("value_type"));
    if (!k || !v) return std::nullopt;
    return tuoyu::type::map(*k, *v);
  }
  return std::nullopt;
}

std::int64_t json_int(const json::value& v) {
  if (v.is_string()) return std::stoll(std::string(v.as_string()));
  if (v.is_uint64()) return static_cast<std::int64_t>(v.as_uint64());
  return v.as_int64();
}
std::uint64_t json_uint(const json::value& v) {
  if (v.is_string()) return std::stoull(std::string(v.as_string()));
  if (v.is_int64()) return static_cast<std::uint64_t>(v.as_int64());
  return v.as_uint64();
}
double json_double(const json::value& v) {
  if (v.is_string()) {
    std::string s(v.as_string());
    if (s == "inf" || s == "Infinity") return HUGE_VAL;
    if (s == "-inf" || s == "-Infinity") return -HUGE_VAL;
    if (s == "NaN" || s == "nan") return std::nan("");
    return std::stod(s);
  }
  return v.to_number<double>();
}

// A CEL Value in JSON form → tuoyu value.
tuoyu::value to_value(const json::value& j) {
  const auto& o = j.as_object();
  if (o.contains("int64_value")) return tuoyu::value(json_int(o.at("int64_value")));
  if (o.contains("uint64_value")) return tuoyu::value(json_uint(o.at("uint64_value")));
  if (o.contains("double_value")) return tuoyu::value(json_double(o.at("double_value")));
  if (o.contains("string_value")) return tuoyu::value(std::string(o.at("string_value").as_string()));
  if (o.contains("bool_value")) return tuoyu::value(o.at("bool_value").as_bool());
  if (o.contains("null_value")) return tuoyu::value();
  if (o.contains("list_value")) {
    tuoyu::value_list items;
    const auto& l = o.at("list_value").as_object();
    if (l.contains("values"))
      for (const auto& x : l.at("values").as_array()) items.push_back(to_value(x));
    return tuoyu::value::list(std::move(items));
  }
  if (o.contains("map_value")) {
    std::vector<std::pair<tuoyu::value, tuoyu::value>> entries;
    const auto& m = o.at("map_value").as_object();
    if (m.contains("entries"))
      for (const auto& x : m.at("entries").as_array())
        entries.emplace_back(to_value(x.at("key")), to_value(x.at("value")));
    return tuoyu::value::map(std::move(entries));
  }
  throw std::runtime_error("unsupported expected value " + json::serialize(j));
}

// Equality that also requires the same kinds (1 and 1u differ) and the same sign of zero.
bool same(const tuoyu::value& a, const tuoyu::value& b) {
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case tuoyu::value_kind::double_: {
      double x = a.as_double(), y = b.as_double();
      if (std::isnan(x) || std::isnan(y)) return std::isnan(x) && std::isnan(y);
      return x == y && std::signbit(x) == std::signbit(y);
    }
    case tuoyu::value_kind::list: {
      const auto& x = a.as_list();
      const auto& y = b.as_list();
      if (x.size() != y.size()) return false;
      for (std::size_t i = 0; i < x.size(); ++i)
        if (!same(x[i], y[i])) return false;
      return true;
    }
    case tuoyu::value_kind::map: {
      const auto& x = a.as_map();
      const auto& y = b.as_map();
      if (x.size() != y.size()) return false;
      for (const auto& [k, v] : x) {
        const tuoyu::value* w = y.find(k);
        if (!w || !same(v, *w)) return false;
        auto it = std::find_if(y.begin(), y.end(), [&](const auto& e) { return same(e.first, k); });
        if (it == y.end()) return false;
      }
      return true;
    }
    default: return a == b;
  }
}

struct outcome {
  enum kind_t { pass, fail, skip } kind;
  std::string detail;  // failure description or skipped feature
};

outcome run_test(const json::object& t) {
  if (auto f = unsupported_feature(t); !f.empty()) return {outcome::skip, f};
  std::string expr(t.at("expr").as_string());
  bool check = !(t.contains("disable_check") && t.at("disable_check").as_bool());
  tuoyu::environment env;
  tuoyu::activation act;
  if (t.contains("type_env")) {
    for (const auto& d : t.at("type_env").as_array()) {
      const auto& o = d.as_object();
      if (!o.contains("ident")) return {outcome::skip, "custom function declarations"};
      auto ty = to_type(o.at("ident").as_object().at("type"));
      if (!ty) return {outcome::skip, "protobuf messages"};
      env.declare_variable(std::string(o.at("name").as_string()), *ty);
    }
  }
  if (t.contains("bindings")) {
    for (const auto& b : t.at("bindings").as_array()) {
      std::string name(b.at("key").as_string());
      if (!env.find_variable(name)) env.declare_variable(name, tuoyu::type::dyn());
      act.bind(name, to_value(b.at("value").at("value")));
    }
  }
  tuoyu::value result;
  std::string compile_error;
  try {
    auto e = tuoyu::expression::compile(expr, env, tuoyu::compile_options{check});
    result = e.evaluate(act);
  } catch (const tuoyu::error& err) {
    compile_error = err.what();
  }
  bool want_error = t.contains("eval_error") || t.contains("any_eval_errors");
  if (!compile_error.empty()) return {outcome::fail, "compile error: " + compile_error};
  if (want_error) {
    if (result.is_error()) return {outcome::pass, ""};
    return {outcome::fail, "expected an error, got " + result.to_string()};
  }
  tuoyu::value expected = t.contains("value") ? to_value(t.at("value")) : tuoyu::value(true);
  if (same(result, expected)) return {outcome::pass, ""};
  return {outcome::fail, "expected " + expected.to_string() + ", got " + result.to_string()};
}

}  // namespace

int main(int argc, char** argv) {
  int skip_code = 0;
  bool verbose = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--skip-code=", 0) == 0) skip_code = std::atoi(a.c_str() + 12);
    else if (a == "--verbose") verbose = true;
  }
  const char* dir = std::getenv("TUOYU_CEL_CONFORMANCE_DIR");
  if (!dir || !*dir || !fs::is_directory(dir)) {
    std::cout << "cel_conformance: skipped (set TUOYU_CEL_CONFORMANCE_DIR to the folder of CEL conformance "
                 "tests in JSON form)\n";
    return skip_code;
  }
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  std::sort(files.begin(), files.end());

  struct row {
    std::string file;
    int passed = 0, failed = 0, skipped = 0;
    std::map<std::string, int> features;
  };
  std::vector<row> rows;
  std::map<std::string, int> all_features;
  int passed = 0, failed = 0, skipped = 0;
  for (const auto& path : files) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    row r;
    r.file = path.filename().string();
    json::value doc;
    try {
      doc = json::parse(quote_non_finite(ss.str()));
    } catch (const std::exception& e) {
      std::cout << r.file << ": cannot parse: " << e.what() << "\n";
      ++failed;
      continue;
    }
    for (const auto& section : doc.at("section").as_array()) {
      if (!section.as_object().contains("test")) continue;
      for (const auto& test : section.at("test").as_array()) {
        const auto& t = test.as_object();
        outcome o;
        try {
          o = run_test(t);
        } catch (const std::exception& e) {
          o = {outcome::fail, std::string("runner exception: ") + e.what()};
        }
        std::string name = r.file + "/" + std::string(section.at("name").as_string()) + "/" +
                           std::string(t.at("name").as_string());
        switch (o.kind) {
          case outcome::pass: ++r.passed; break;
          case outcome::fail:
            ++r.failed;
            std::cout << "FAIL " << name << "\n     " << t.at("expr").as_string() << "\n     " << o.detail << "\n";
            break;
          case outcome::skip:
            ++r.skipped;
            ++r.features[o.detail];
            ++all_features[o.detail];
            if (verbose) std::cout << "SKIP " << name << " (" << o.detail << ")\n";
            break;
        }
      }
    }
    passed += r.passed;
    failed += r.failed;
    skipped += r.skipped;
    rows.push_back(std::move(r));
  }

  std::cout << "\n| file | passed | failed | skipped | skipped by feature |\n|---|---:|---:|---:|---|\n";
  for (const auto& r : rows) {
    std::string feats;
    for (const auto& [f, n] : r.features) feats += (feats.empty() ? "" : "; ") + f + " " + std::to_string(n);
    std::cout << "| " << r.file << " | " << r.passed << " | " << r.failed << " | " << r.skipped << " | " << feats << " |\n";
  }
  std::cout << "| **total** | " << passed << " | " << failed << " | " << skipped << " | |\n\nskipped by feature:\n";
  for (const auto& [f, n] : all_features) std::cout << "  " << f << ": " << n << "\n";
  std::cout << passed << " passed, " << failed << " failed\n";
  return failed ? 1 : 0;
}
