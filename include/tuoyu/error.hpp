// One exception hierarchy for everything tuoyu reports. Every error has a stable id
// (listed in docs/errors.md) and, where it applies, the place it happened.
#pragma once

#include <exception>
#include <string>
#include <string_view>
#include <utility>

namespace tuoyu {
inline namespace v1 {

// Where in an input an error is: a file (may be empty), a JSON pointer, and/or a 1-based line:column.
struct location {
  std::string file;
  std::string pointer;  // RFC 6901, e.g. "/facilities/3/legal_form"
  int line = 0;         // 0: unknown
  int column = 0;

  // "file:line:column: /pointer", leaving out the parts that are unknown.
  std::string to_string() const {
    std::string out = file;
    if (line > 0) {
      if (!out.empty()) out += ':';
      out += std::to_string(line) + ':' + std::to_string(column);
    }
    if (!pointer.empty()) {
      if (!out.empty()) out += ": ";
      out += pointer;
    }
    return out;
  }
};

// Base of all tuoyu errors. what() reads "[id] where: detail".
class error : public std::exception {
 public:
  error(std::string id, std::string detail, location where = {})
      : id_(std::move(id)), detail_(std::move(detail)), where_(std::move(where)) {
    rebuild();
  }

  const char* what() const noexcept override { return what_.c_str(); }
  const std::string& id() const noexcept { return id_; }
  const std::string& detail() const noexcept { return detail_; }
  const location& where() const noexcept { return where_; }

  // Errors found deep inside a document learn their file name on the way out.
  void set_file(std::string file) {
    where_.file = std::move(file);
    rebuild();
  }
  // Errors inside a nested document (a dataset inside a case file) learn their outer pointer.
  void prefix_pointer(std::string_view outer) {
    where_.pointer = std::string(outer) + where_.pointer;
    rebuild();
  }

 private:
  void rebuild() {
    what_ = '[' + id_ + "] ";
    auto place = where_.to_string();
    if (!place.empty()) what_ += place + ": ";
    what_ += detail_;
  }

  std::string id_;
  std::string detail_;
  location where_;
  std::string what_;
};

// A dataset (or any input document) is malformed or violates the contract: tuoyu.input.*
class input_error : public error {
 public:
  using error::error;
};

// A file could not be read or written: tuoyu.io.*
class io_error : public error {
 public:
  using error::error;
};

// A rulebook is malformed or does not check: tuoyu.rulebook.*
class rulebook_error : public error {
 public:
  using error::error;
};

// An expression does not parse or type-check: tuoyu.expr.*
class expression_error : public error {
 public:
  using error::error;
};

// Evaluating an expression failed (division by zero, overflow, budget exceeded, ...): tuoyu.eval.*
class evaluation_error : public error {
 public:
  using error::error;
};

}  // namespace v1
}  // namespace tuoyu
