// Benchmark 3: `tuoyu check` end to end on a JSON file against a bare Boost.JSON parse of the same
// file, with the peak memory of the check beside the file size. Usage: bench_json TUOYU_EXE [runs] [n]
#include "bench_data.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <sys/resource.h>
#include <malloc.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Runs the command, returning wall seconds and the child's peak resident set in MiB.
// A negative time: the command exited with 2 (an input error, such as the CLI's size limit).
std::pair<double, double> run_child(const std::vector<std::string>& args) {
  std::fflush(stdout);  // else the child inherits and prints our buffered lines again
  // Hand the memory of the data generated and parsed in this process back to the system first: a
  // parent sitting on gigabytes slows its child by 10-15% on this machine, a cost the parse does not pay.
  malloc_trim(0);
  auto t0 = std::chrono::steady_clock::now();
  pid_t pid = fork();
  if (pid == 0) {
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    if (!std::freopen("/dev/null", "w", stdout)) _exit(127);
    execv(argv[0], argv.data());
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (WIFEXITED(status) && WEXITSTATUS(status) == 2) return {-1.0, 0.0};
  if (!WIFEXITED(status) || WEXITSTATUS(status) > 1) {
    std::fprintf(stderr, "bench_json: %s failed\n", args[0].c_str());
    std::exit(1);
  }
  return {s, static_cast<double>(usage.ru_maxrss) / 1024.0};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: bench_json TUOYU_EXE [runs] [records]\n");
    return 2;
  }
  std::string exe = argv[1];
  int runs = argc > 2 ? std::atoi(argv[2]) : 3;
  std::vector<std::size_t> sizes{10'000, 100'000, 1'000'000};
  if (argc > 3) sizes = {static_cast<std::size_t>(std::atoll(argv[3]))};
  auto dir = std::filesystem::temp_directory_path() / ("tuoyu-bench-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  // "cli": the tuoyu command (all cores, output to /dev/null, the input size limit raised for the 1M
  // file); "lib": the same steps in this process (read, parse_dataset, check on all cores, to_json,
  // serialize).
  std::printf("%-9s %5s %9s %10s %10s %10s %9s %9s %12s %11s %12s %12s\n", "records", "runs", "file MiB", "parse ms",
              "cli ms", "lib ms", "cli/parse", "lib/parse", "parse MiB/s", "lib MiB/s", "cli peak MiB", "lib peak MiB");
  for (auto n : sizes) {
    auto path = (dir / ("dataset-" + std::to_string(n) + ".json")).string();
    {
      std::ofstream out(path, std::ios::binary);
      out << boost::json::serialize(tuoyu::to_json(bench::make_dataset(n)));
    }
    double mib = static_cast<double>(std::filesystem::file_size(path)) / (1024.0 * 1024.0);
    std::vector<double> parse, check, lib;
    double peak = 0, lib_peak = 0;
    auto rules = tuoyu::builtin_rulebook("zezhou-2022");
    // At least `runs` rounds, and at the small sizes as many as fill about two seconds: a 10k round
    // lasts a tenth of a second, so three rounds could all fall in one slow moment of the machine.
    int rounds = runs;
    for (int r = 0; r < rounds; ++r) {
      auto round_start = std::chrono::steady_clock::now();
      parse.push_back(bench::seconds([&] {
        auto text = read_file(path);
        auto jv = boost::json::parse(text);
        if (!jv.is_object()) std::exit(1);
      }));
      // --max-bytes: the CLI refuses documents over 256 MiB unless told otherwise (the 1M file is 341 MiB).
      auto [s, rss] = run_child({exe, "check", "--as-of", "2025-12-31", "--format", "json", "--fail-on", "never",
                                 "--max-bytes", "1000000000", path});
      check.push_back(s);
      peak = std::max(peak, rss);
      // In a child process too, so its peak memory is its own.
      std::fflush(stdout);
      malloc_trim(0);  // as in run_child
      auto t0 = std::chrono::steady_clock::now();
      pid_t pid = fork();
      if (pid == 0) {
        tuoyu::input_limits limits;
        limits.max_document_bytes = std::size_t(4) << 30;
        auto data = tuoyu::parse_dataset(read_file(path), path, limits);
        tuoyu::check_options o;
        o.threads = 0;
        auto text = boost::json::serialize(tuoyu::to_json(tuoyu::check(rules, data, tuoyu::date::parse("2025-12-31"), o)));
        _exit(text.empty() ? 1 : 0);
      }
      int status = 0;
      rusage usage{};
      wait4(pid, &status, 0, &usage);
      lib.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
      lib_peak = std::max(lib_peak, static_cast<double>(usage.ru_maxrss) / 1024.0);
      if (r == 0) {
        double round = std::chrono::duration<double>(std::chrono::steady_clock::now() - round_start).count();
        rounds = std::max(runs, std::min(30, static_cast<int>(2.0 / round)));
      }
    }
    double p = bench::median(parse), c = bench::median(check), l = bench::median(lib);
    char cli[32] = "over limit", ratio[32] = "-", rss[32] = "-";
    if (c > 0) {
      std::snprintf(cli, sizeof cli, "%.1f", c * 1e3);
      std::snprintf(ratio, sizeof ratio, "%.0f%%", 100.0 * p / c);
      std::snprintf(rss, sizeof rss, "%.0f", peak);
    }
    std::printf("%-9zu %5d %9.1f %10.1f %10s %10.1f %9s %8.0f%% %12.1f %11.1f %12s %12.0f\n", n, rounds, mib, p * 1e3, cli,
                l * 1e3, ratio, 100.0 * p / l, mib / p, mib / l, rss, lib_peak);
    std::filesystem::remove(path);
  }
  std::filesystem::remove_all(dir);
}
