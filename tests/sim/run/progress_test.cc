// The progress display, driven by a fake wall clock: silent for the first second, then a bar redrawn in
// place on a terminal or plain lines every ten seconds otherwise, with the share done and the time left.
#include "sim/run/progress.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "tests/support/temp_dir.h"
#include "workloads/trace/timestamp.h"

namespace rsim {
namespace {

RunProgress::Clock::time_point fake_now;
RunProgress::Clock::time_point now() { return fake_now; }

struct Captured {
  Captured() : file(std::tmpfile()) {}
  ~Captured() { std::fclose(file); }
  std::string text() const {
    std::fflush(file);
    std::rewind(file);
    std::string out;
    char buf[4096];
    while (const std::size_t n = std::fread(buf, 1, sizeof buf, file)) out.append(buf, n);
    return out;
  }
  std::FILE* file;
};

constexpr SimTime kFirst = 1'772'496'000'000'000;  // 2026-03-03T00:00:00Z
constexpr SimTime kHour = 3'600'000'000;

TEST(RunProgress, PlainLinesAfterASecondThenEveryTenSeconds) {
  Captured out;
  fake_now = {};
  RunProgress p(out.file, false, &now);
  p.start("", std::pair{kFirst, kFirst + 24 * kHour});
  fake_now += std::chrono::milliseconds(900);
  p.update(kFirst + 2 * kHour, 1000);
  EXPECT_EQ(out.text(), "");  // under a second: nothing
  fake_now += std::chrono::milliseconds(200);
  p.update(kFirst + 6 * kHour, 1'100'000);  // 1.1 s in, a quarter done
  fake_now += std::chrono::seconds(5);
  p.update(kFirst + 12 * kHour, 2'000'000);  // too soon for another line
  fake_now += std::chrono::seconds(5);
  p.update(kFirst + 12 * kHour, 11'100'000);
  p.finish();
  EXPECT_EQ(out.text(),
            "progress:  25%  simulated 2026-03-03T06:00Z  1.00 M queries/s  ETA 3 s\n"
            "progress:  50%  simulated 2026-03-03T12:00Z  1.00 M queries/s  ETA 11 s\n");
}

TEST(RunProgress, ABarRedrawnInPlaceOnATerminal) {
  Captured out;
  fake_now = {};
  RunProgress p(out.file, true, &now);
  p.start("replication 2/3", std::pair{kFirst, kFirst + 4 * kHour});
  fake_now += std::chrono::seconds(2);
  p.update(kFirst + kHour, 500'000);
  fake_now += std::chrono::milliseconds(100);
  p.update(kFirst + 2 * kHour, 600'000);  // within a quarter second: not redrawn
  fake_now += std::chrono::milliseconds(300);
  p.update(kFirst + 2 * kHour, 700'000);
  p.finish();
  const std::string text = out.text();
  EXPECT_EQ(
      text,
      "\rreplication 2/3: [######------------------]  25%  simulated 2026-03-03T01:00Z  0.25 M queries/s"
      "  ETA 6 s\x1b[K"
      "\rreplication 2/3: [############------------]  50%  simulated 2026-03-03T02:00Z  0.29 M queries/s"
      "  ETA 2 s\x1b[K"
      "\r\x1b[K");
}

TEST(RunProgress, WithoutASpanItShowsSimulatedTimeAndQueries) {
  RunProgress p(stderr, false, &now);
  p.start("", std::nullopt);
  EXPECT_EQ(p.describe(kFirst + kHour, 3000, 2.0),
            "simulated 2026-03-03T01:00Z  3000 queries  0.00 M queries/s");
}

TEST(RunProgress, SpanComesFromTheTracesFirstAndLastLines) {
  testing::TempDir dir;
  const auto plain =
      dir.write("t.csv",
                "query_id,arrival,exec_ms\n"
                "a,2026-03-03T00:00:01Z,5\nb,2026-03-03T00:30:00Z,5\nc,2026-03-03T10:00:00Z,7\n");
  const auto span = arrival_span_of(plain.string());
  ASSERT_TRUE(span);
  EXPECT_EQ(format_timestamp(span->first), "2026-03-03T00:00:01.000000Z");
  EXPECT_EQ(format_timestamp(span->second), "2026-03-03T10:00:00.000000Z");
  EXPECT_FALSE(
      arrival_span_of(dir.write("q.csv", "query_id,arrival\n\"a,b\",2026-03-03T00:00:01Z\n").string()));
  EXPECT_FALSE(arrival_span_of(dir.write("n.csv", "query_id,exec_ms\na,1\n").string()));
  EXPECT_FALSE(arrival_span_of((dir.path() / "t.csv.gz").string()));
}

}  // namespace
}  // namespace rsim
