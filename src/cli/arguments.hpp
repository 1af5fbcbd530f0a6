// Command-line parsing for the tuoyu tool: flags of the form --name VALUE or --name=VALUE, plus
// positional arguments. Usage errors are tuoyu::error with ids tuoyu.usage.5xx (exit code 2).
#pragma once

#include <tuoyu/error.hpp>

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace tuoyu::cli {

class usage_error : public error {
 public:
  explicit usage_error(std::string detail, std::string id = "tuoyu.usage.501") : error(std::move(id), std::move(detail)) {}
};

// Thrown after a command has already reported its problem on standard error: exit with `code`.
struct exit_code {
  int code;
};

class arguments {
 public:
  // `valued`: flags that take a value; `repeatable`: flags that may be given more than once;
  // `switches`: flags without a value.
  arguments(const std::vector<std::string>& argv, std::set<std::string, std::less<>> valued,
            std::set<std::string, std::less<>> switches, std::set<std::string, std::less<>> repeatable = {}) {
    for (std::size_t i = 0; i < argv.size(); ++i) {
      std::string_view a = argv[i];
      if (a == "-" || a.substr(0, 2) != "--") {
        positional_.emplace_back(a);
        continue;
      }
      if (a == "--") {
        for (++i; i < argv.size(); ++i) positional_.push_back(argv[i]);
        break;
      }
      std::string name(a.substr(2));
      std::string value;
      bool has_value = false;
      if (auto eq = name.find('='); eq != std::string::npos) {
        value = name.substr(eq + 1);
        name = name.substr(0, eq);
        has_value = true;
      }
      if (switches.count(name)) {
        if (has_value) throw usage_error("--" + name + " takes no value");
        switches_.insert(name);
        continue;
      }
      if (!valued.count(name)) throw usage_error("unknown option --" + name);
      if (!has_value) {
        if (i + 1 >= argv.size()) throw usage_error("--" + name + " needs a value");
        value = argv[++i];
      }
      if (values_.count(name) && !repeatable.count(name)) throw usage_error("--" + name + " given more than once");
      values_[name].push_back(value);
    }
  }

  bool has(std::string_view name) const { return values_.count(std::string(name)) || switches_.count(name); }
  std::string get(std::string_view name, std::string fallback = {}) const {
    auto it = values_.find(std::string(name));
    return it == values_.end() ? fallback : it->second.back();
  }
  std::vector<std::string> all(std::string_view name) const {
    auto it = values_.find(std::string(name));
    return it == values_.end() ? std::vector<std::string>{} : it->second;
  }
  // One of `allowed`, or a usage error naming them.
  std::string choice(std::string_view name, std::string fallback, std::initializer_list<std::string_view> allowed) const {
    auto v = get(name, fallback);
    std::string list;
    for (auto a : allowed) {
      if (a == v) return v;
      list += (list.empty() ? "" : ", ") + std::string(a);
    }
    throw usage_error("--" + std::string(name) + ": unknown value \"" + v + "\" (expected " + list + ")");
  }
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  std::map<std::string, std::vector<std::string>, std::less<>> values_;
  std::set<std::string, std::less<>> switches_;
  std::vector<std::string> positional_;
};

}  // namespace tuoyu::cli
