// Where command output goes: standard output, or a file written atomically (temporary file, then
// rename), so a failed run never leaves a half-written or clobbered output file behind.
#pragma once

#include <tuoyu/error.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <random>
#include <string>

#include <fcntl.h>
#include <unistd.h>

namespace tuoyu::cli {

inline void write_all_or_throw(int fd, const std::string& text, const std::string& name) {
  std::size_t done = 0;
  while (done < text.size()) {
    auto n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw io_error("tuoyu.io.003", std::string("cannot write: ") + std::strerror(errno), location{name, "", 0, 0});
    }
    done += static_cast<std::size_t>(n);
  }
}

// Writes `text` to `path` atomically, or to standard output when `path` is empty.
inline void emit(const std::string& path, const std::string& text) {
  if (path.empty()) {
    std::cout << text;
    std::cout.flush();
    if (!std::cout) throw io_error("tuoyu.io.003", "cannot write to standard output");
    return;
  }
  namespace fs = std::filesystem;
  fs::path target(path);
  std::error_code ec;
  // A device (e.g. /dev/full, /dev/stdout) cannot be replaced by rename: write to it directly.
  if (fs::exists(target, ec) && !fs::is_regular_file(target, ec) && !fs::is_directory(target, ec)) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) throw io_error("tuoyu.io.003", std::string("cannot open for writing: ") + std::strerror(errno), location{path, "", 0, 0});
    try {
      write_all_or_throw(fd, text, path);
    } catch (...) {
      ::close(fd);
      throw;
    }
    ::close(fd);
    return;
  }
  if (fs::is_directory(target, ec))
    throw io_error("tuoyu.io.002", "is a directory, not a file", location{path, "", 0, 0});
  auto dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::random_device rd;
  auto temp = dir / ("." + target.filename().string() + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0)
    throw io_error("tuoyu.io.003", std::string("cannot write: ") + std::strerror(errno), location{path, "", 0, 0});
  try {
    write_all_or_throw(fd, text, path);
    if (::fsync(fd) != 0) throw io_error("tuoyu.io.003", std::string("cannot write: ") + std::strerror(errno), location{path, "", 0, 0});
  } catch (...) {
    ::close(fd);
    ::unlink(temp.c_str());
    throw;
  }
  ::close(fd);
  if (std::rename(temp.c_str(), target.c_str()) != 0) {
    auto err = errno;
    ::unlink(temp.c_str());
    throw io_error("tuoyu.io.003", std::string("cannot write: ") + std::strerror(err), location{path, "", 0, 0});
  }
}

}  // namespace tuoyu::cli
