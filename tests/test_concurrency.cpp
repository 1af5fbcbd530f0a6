// One compiled rulebook shared by 8 threads, each checking different datasets: every result must equal
// the single-threaded one. Run under ThreadSanitizer by the tsan preset (label concurrency), where a
// data race in the library (a mutable static, a shared cache) fails the test.
#define BOOST_TEST_MODULE test_concurrency
#include <boost/test/unit_test.hpp>

#include <tuoyu/tuoyu.hpp>
#include <tuoyu/detail/parallel.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#if defined(__unix__) || defined(__APPLE__)
#include <sys/wait.h>
#include <unistd.h>
#endif

namespace fs = std::filesystem;

namespace {

constexpr unsigned thread_count = 8;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {(std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>()};
}

// The datasets of the rule tests (inline in tests/rules/*.cases.json) and the bundled sample, as text.
std::vector<std::string> dataset_texts() {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(fs::path(TUOYU_SOURCE_DIR) / "tests" / "rules")) {
    auto doc = boost::json::parse(slurp(e.path()));
    for (const auto& c : doc.at("cases").as_array())
      if (auto* d = c.as_object().if_contains("dataset")) out.push_back(boost::json::serialize(*d));
  }
  out.push_back(slurp(fs::path(TUOYU_SOURCE_DIR) / "examples" / "data" / "zezhou-sample.json"));
  return out;
}

const tuoyu::date as_of_dates[] = {tuoyu::date::parse("2023-06-30"), tuoyu::date::parse("2025-12-31"),
                                   tuoyu::date::parse("2027-01-01")};

std::string result_of(const tuoyu::rulebook& rules, const tuoyu::dataset& d, tuoyu::date as_of, unsigned inner_threads) {
  tuoyu::check_options options;
  options.threads = inner_threads;
  return boost::json::serialize(tuoyu::to_json(tuoyu::check(rules, d, as_of, options)));
}

// Runs `work(thread_index)` on thread_count threads released together.
template <class Work>
void on_all_threads(Work&& work) {
  std::atomic<unsigned> ready{0};
  std::vector<std::thread> threads;
  for (unsigned t = 0; t < thread_count; ++t)
    threads.emplace_back([&, t] {
      ++ready;
      while (ready.load() < thread_count) std::this_thread::yield();
      work(t);
    });
  for (auto& th : threads) th.join();
}

}  // namespace

BOOST_AUTO_TEST_CASE(first_use_of_the_builtins_from_many_threads) {
  // The first calls build function-local statics (the built-in rulebook and department directory);
  // racing them must give every thread the same objects.
  std::vector<std::size_t> rule_counts(thread_count);
  std::vector<const tuoyu::department_directory*> directories(thread_count);
  on_all_threads([&](unsigned t) {
    rule_counts[t] = tuoyu::builtin_rulebook("zezhou-2022").rules().size();
    directories[t] = &tuoyu::department_directory::builtin();
  });
  for (unsigned t = 0; t < thread_count; ++t) {
    BOOST_TEST(rule_counts[t] == rule_counts[0]);
    BOOST_TEST(directories[t] == directories[0]);
  }
  BOOST_TEST(rule_counts[0] > 10u);
}

BOOST_AUTO_TEST_CASE(one_rulebook_many_threads_same_results) {
  const auto texts = dataset_texts();
  BOOST_TEST_REQUIRE(texts.size() > 50u);
  const tuoyu::rulebook rules = tuoyu::builtin_rulebook("zezhou-2022");

  // Single-threaded reference results.
  std::vector<tuoyu::dataset> datasets;
  for (const auto& t : texts) datasets.push_back(tuoyu::parse_dataset(t));
  std::vector<std::string> expected;
  for (const auto& d : datasets)
    for (auto as_of : as_of_dates) expected.push_back(result_of(rules, d, as_of, 1));

  // Each thread parses its own copies and checks a different slice first, then all of them, with and
  // without check's own worker threads.
  std::vector<std::size_t> mismatches(thread_count, 0), checked(thread_count, 0);
  on_all_threads([&](unsigned t) {
    for (std::size_t k = 0; k < datasets.size(); ++k) {
      std::size_t i = (k + t * datasets.size() / thread_count) % datasets.size();
      auto own = tuoyu::parse_dataset(texts[i]);
      for (std::size_t a = 0; a < std::size(as_of_dates); ++a) {
        unsigned inner = (i + t) % 4 == 0 ? 2 : 1;
        // Half the threads use their own parsed dataset, half the shared one (read-only sharing).
        const auto& d = t % 2 ? own : datasets[i];
        if (result_of(rules, d, as_of_dates[a], inner) != expected[i * std::size(as_of_dates) + a]) ++mismatches[t];
        ++checked[t];
      }
    }
  });
  for (unsigned t = 0; t < thread_count; ++t) {
    BOOST_TEST(mismatches[t] == 0u, "thread " << t);
    BOOST_TEST(checked[t] == expected.size());
  }
}

BOOST_AUTO_TEST_CASE(a_loaded_rulebook_is_shared_too) {
  // A rulebook parsed from text (not the built-in static), explained and linted from many threads.
  const auto rules = tuoyu::load_rulebook(fs::path(TUOYU_SOURCE_DIR) / "rules" / "zezhou-2022.json");
  const auto data = tuoyu::load_dataset(fs::path(TUOYU_SOURCE_DIR) / "examples" / "data" / "zezhou-sample.json");
  const auto as_of = tuoyu::date::parse("2025-12-31");
  const auto expected_report = result_of(rules, data, as_of, 1);
  const auto expected_explain = boost::json::serialize(tuoyu::to_json(tuoyu::explain(rules, data, as_of, "ZZ-CAPACITY")));
  const auto expected_lint = boost::json::serialize(tuoyu::to_json(tuoyu::lint(rules, as_of)));
  std::vector<int> ok(thread_count, 0);
  on_all_threads([&](unsigned t) {
    bool same = true;
    for (int round = 0; round < 5; ++round) {
      same = same && result_of(rules, data, as_of, t % 3) == expected_report;
      same = same &&
             boost::json::serialize(tuoyu::to_json(tuoyu::explain(rules, data, as_of, "ZZ-CAPACITY"))) == expected_explain;
      same = same && boost::json::serialize(tuoyu::to_json(tuoyu::lint(rules, as_of))) == expected_lint;
    }
    ok[t] = same;
  });
  for (unsigned t = 0; t < thread_count; ++t) BOOST_TEST(ok[t] == 1, "thread " << t);
}

// A row view makes its nested objects and its whole map on first use: threads that get there
// together must see the same map (under ThreadSanitizer, without a race).
BOOST_AUTO_TEST_CASE(row_views_are_safe_to_share_between_threads) {
  auto data = tuoyu::load_dataset(fs::path(TUOYU_SOURCE_DIR) / "examples" / "data" / "zezhou-sample.json");
  auto table = tuoyu::facility_table::from_dataset(data);
  std::vector<tuoyu::value> views = table.row_views();  // made together: they share blocks
  std::vector<std::string> seen(thread_count);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < seen.size(); ++t)
    threads.emplace_back([&, t] {
      for (const auto& v : views) {
        if (const auto* r = v.find("registration")) seen[t] += r->to_string();
        seen[t] += v.to_string();
      }
    });
  for (auto& t : threads) t.join();
  std::string expected;
  for (std::size_t i = 0; i < table.size(); ++i) {
    auto row = table.row(i);
    if (const auto* r = row.find("registration")) expected += r->to_string();
    expected += row.to_string();
  }
  BOOST_TEST(expected.size() > 1000);
  for (const auto& s : seen) BOOST_TEST(s == expected);
  // Views made together share a block, freed by whichever thread drops its last view.
  auto middle = views.begin() + static_cast<std::ptrdiff_t>(views.size() / 2);
  std::vector<tuoyu::value> front(views.begin(), middle), back(middle, views.end());
  views.clear();
  std::thread drop_front([&] { front.clear(); });
  back.clear();
  drop_front.join();
}

// The pieces that engine threads take in turn: they cover the job once, in order, start on the
// alignment, shrink as the job runs out but never below the least size (but for the last), and
// every piece is handed to exactly one of the threads that take them together.
// A dataset whose facilities came as columns makes its records on the first data() call: threads
// that ask together get the one dataset, made once, while others check it from the columns.
BOOST_AUTO_TEST_CASE(records_made_on_demand_are_made_once_for_all_threads) {
  auto data = tuoyu::load_dataset(fs::path(TUOYU_SOURCE_DIR) / "examples" / "data" / "zezhou-sample.json");
  for (auto& f : data.facilities) {  // unknown fields have no column: the builder takes none
    f.extra.clear();
    if (f.registration) f.registration->extra.clear();
    if (f.filing) f.filing->extra.clear();
    if (f.enrolled_age_months) f.enrolled_age_months->extra.clear();
  }
  auto rules = tuoyu::builtin_rulebook("zezhou-2022");
  auto as_of = tuoyu::date::parse("2025-12-31");
  auto expected = boost::json::serialize(tuoyu::to_json(tuoyu::check(rules, data, as_of)));
  tuoyu::facility_table::builder b(data.facilities.size());
  for (const auto& f : data.facilities) BOOST_TEST_REQUIRE(b.add(f));
  tuoyu::dataset others = data;
  others.facilities.clear();
  std::atomic<int> made{0};
  tuoyu::prepared_dataset prepared(std::move(others), std::move(b).finish(), [&](const tuoyu::facility_table&) {
    ++made;
    return data.facilities;
  });
  std::vector<const tuoyu::dataset*> seen(thread_count);
  std::vector<int> same(thread_count, 0);
  std::vector<std::thread> threads;
  for (unsigned t = 0; t < thread_count; ++t)
    threads.emplace_back([&, t] {
      if (t % 2) seen[t] = &prepared.data();
      same[t] = boost::json::serialize(tuoyu::to_json(tuoyu::check(rules, prepared, as_of))) == expected;
    });
  for (auto& t : threads) t.join();
  BOOST_TEST(made.load() == 1);
  for (unsigned t = 0; t < thread_count; ++t) {
    BOOST_TEST(same[t] == 1, "thread " << t);
    if (t % 2) BOOST_TEST(seen[t] == &prepared.data());
  }
  BOOST_TEST((prepared.data() == data));
}

BOOST_AUTO_TEST_CASE(pieces_cover_the_job_once_and_shrink) {
  for (std::size_t size : {std::size_t{0}, std::size_t{1}, std::size_t{1000}, std::size_t{1'000'000}})
    for (unsigned threads : {1u, 2u, 3u, 8u}) {
      tuoyu::detail::piece_queue queue(size, threads, 1024, 256);
      BOOST_TEST_CONTEXT("size " << size << ", threads " << threads) {
        if (threads == 1) BOOST_TEST(queue.count() == (size == 0 ? 0u : 1u));
        if (size == 1'000'000 && threads > 1) BOOST_TEST(queue.count() > 4 * threads);
        std::size_t at = 0;
        for (std::size_t p = 0; p < queue.count(); ++p) {
          BOOST_TEST(queue.begin(p) == at);
          BOOST_TEST(queue.begin(p) % 256 == 0u);
          BOOST_TEST(queue.end(p) > queue.begin(p));
          std::size_t length = queue.end(p) - queue.begin(p);
          if (queue.end(p) < size) BOOST_TEST(length >= 1024u);
          if (p > 0 && queue.end(p) < size) BOOST_TEST(length <= queue.end(p - 1) - queue.begin(p - 1));
          at = queue.end(p);
        }
        BOOST_TEST(at == size);
      }
    }
  tuoyu::detail::piece_queue queue(10'000'000, thread_count, 1, 1);
  std::vector<std::atomic<int>> taken(queue.count());
  on_all_threads([&](unsigned) {
    for (std::size_t p = queue.take(); p < queue.count(); p = queue.take()) ++taken[p];
  });
  for (std::size_t p = 0; p < queue.count(); ++p) BOOST_TEST(taken[p].load() == 1, "piece " << p);
  BOOST_TEST(queue.take() == queue.count());
}

// run_parts hands parts to the worker pool: each part runs once, part 0 on the caller's thread and
// the others each on a thread of its own, in every one of many jobs in a row (the pool's threads
// wait between jobs and must not miss or repeat one).
static void check_one_job(int job, unsigned parts) {
  std::vector<std::atomic<int>> ran(parts);
  std::vector<std::thread::id> on(parts);
  tuoyu::detail::run_parts(parts, [&](unsigned p) {
    ++ran[p];
    on[p] = std::this_thread::get_id();
  });
  for (unsigned p = 0; p < parts; ++p) BOOST_TEST(ran[p].load() == 1, "job " << job << ", part " << p);
  BOOST_TEST(on[0] == std::this_thread::get_id());
  for (unsigned p = 1; p < parts; ++p)
    for (unsigned q = 0; q < p; ++q) BOOST_TEST((on[p] != on[q]), "job " << job << ", parts " << q << " and " << p);
}

BOOST_AUTO_TEST_CASE(run_parts_runs_each_part_once_on_its_own_thread) {
  for (int job = 0; job < 500; ++job) check_one_job(job, 1 + static_cast<unsigned>(job % 4));
}

// expect_parts wakes the pool's threads ahead of a job; a thread woken for nothing must go back to
// sleep and still see the next job. Pauses on either side of the 1-ms linger, so that jobs and
// wake-ups find the threads spinning, asleep, or in between; a missed job hangs the test.
BOOST_AUTO_TEST_CASE(expect_parts_wakes_the_threads_without_losing_a_job) {
  const std::chrono::microseconds pauses[] = {std::chrono::microseconds(0), std::chrono::microseconds(300),
                                              std::chrono::microseconds(1500)};
  for (int job = 0; job < 60; ++job) {
    unsigned parts = 2 + static_cast<unsigned>(job % 3);
    std::this_thread::sleep_for(pauses[job % 3]);
    if (job % 2 == 0) tuoyu::detail::expect_parts(parts + static_cast<unsigned>(job % 4 == 0));  // more, at times
    if (job % 5 == 0) continue;  // woken for nothing
    std::this_thread::sleep_for(pauses[(job / 3) % 3]);
    check_one_job(job, parts);
  }
  // Called while the pool runs a job (here, from inside a part), it does nothing.
  std::atomic<int> ran{0};
  tuoyu::detail::run_parts(2, [&](unsigned) {
    tuoyu::detail::expect_parts(3);
    ++ran;
  });
  BOOST_TEST(ran.load() == 2);
}

// The lowest-numbered part's exception comes out; a part that runs parts itself, and callers on
// several threads at once, find the pool busy and start threads of their own.
BOOST_AUTO_TEST_CASE(run_parts_nested_concurrent_and_throwing) {
  BOOST_CHECK_EXCEPTION(tuoyu::detail::run_parts(3,
                                                 [](unsigned p) {
                                                   if (p > 0) throw std::runtime_error("part " + std::to_string(p));
                                                 }),
                        std::runtime_error, [](const auto& e) { return std::string(e.what()) == "part 1"; });
  std::atomic<int> inner{0};
  tuoyu::detail::run_parts(2, [&](unsigned) { tuoyu::detail::run_parts(3, [&](unsigned) { ++inner; }); });
  BOOST_TEST(inner.load() == 6);
  std::atomic<int> total{0};
  on_all_threads([&](unsigned) {
    for (int job = 0; job < 50; ++job) tuoyu::detail::run_parts(2, [&](unsigned) { ++total; });
  });
  BOOST_TEST(total.load() == static_cast<int>(thread_count) * 50 * 2);
}

#if (defined(__unix__) || defined(__APPLE__)) && !defined(__SANITIZE_THREAD__)
// A child of fork() has none of the pool's threads: it must make its own, not wait forever for the
// parent's (Python's multiprocessing forks a notebook that has already checked on several threads).
BOOST_AUTO_TEST_CASE(run_parts_works_in_a_forked_child) {
  std::atomic<int> before{0};
  tuoyu::detail::run_parts(2, [&](unsigned) { ++before; });
  BOOST_REQUIRE(before.load() == 2);
  pid_t child = fork();
  BOOST_REQUIRE(child >= 0);
  if (child == 0) {
    alarm(10);  // a child left waiting for its parent's threads is killed, and the test fails
    std::atomic<int> ran{0};
    tuoyu::detail::run_parts(2, [&](unsigned) { ++ran; });
    _exit(ran.load() == 2 ? 0 : 1);
  }
  int status = 0;
  BOOST_REQUIRE(waitpid(child, &status, 0) == child);
  BOOST_TEST(WIFEXITED(status));
  BOOST_TEST(WEXITSTATUS(status) == 0);
}
#endif
