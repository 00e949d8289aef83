// report.html: self-contained (no script, nothing fetched from the network), holding the report's figures,
// and rendered by headless Chromium (Debian's package) without a console error, with a screenshot taken.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/support/build_paths.h"
#include "tests/support/cli_runner.h"
#include "tests/support/temp_dir.h"

namespace rsim {
namespace {

namespace fs = std::filesystem;

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

struct Rendered {
  int code = -1;
  std::string log;  // Chromium's stderr: console messages appear as ":CONSOLE" lines
};

// Opens `page` in headless Chromium, logging the console, and writes a screenshot of 1200 x 2400.
Rendered render(const fs::path& page, const fs::path& screenshot, const fs::path& profile) {
  const std::string cmd = fmt::format(
      "timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run "
      "--user-data-dir={} "
      "--enable-logging=stderr --v=0 --window-size=1200,2400 --screenshot={} file://{} 2>&1",
      profile.string(), screenshot.string(), page.string());
  Rendered r;
  FILE* p = popen(cmd.c_str(), "r");
  char buf[4096];
  while (const std::size_t n = fread(buf, 1, sizeof buf, p)) r.log.append(buf, n);
  const int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

bool chromium_installed() { return std::system("command -v chromium > /dev/null 2>&1") == 0; }

TEST(HtmlReport, IsSelfContainedAndHoldsTheReport) {
  testing::TempDir dir;
  const auto r = testing::run_rsim("run " + testing::kSourceDir + "/models/scenarios/golden.json --out " +
                                   dir.path().string() + " --html --quiet");
  ASSERT_EQ(r.code, 0) << r.output;
  const std::string html = read_text(dir.path() / "report.html");
  std::ifstream in(dir.path() / "report.json");
  const nlohmann::json report = nlohmann::json::parse(in);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_EQ(count(html, "<script"), 0u);
  // Nothing from the network: the only URLs are the SVG namespace names, which are never fetched.
  for (const char* fetch : {"src=\"http", "src='http", "href=\"http", "href='http", "url(http", "url(\"http",
                            "url('http", "@import"})
    EXPECT_EQ(count(html, fetch), 0u) << fetch;
  EXPECT_EQ(count(html, "<svg"), 6u);  // latency CDF, queue wait, running, capacity, balancer load, cost
  EXPECT_NE(html.find(fmt::format("{:.1f}", report["overall"]["latency_ms"]["p95"].get<double>())),
            std::string::npos);
  EXPECT_NE(html.find(fmt::format("${:.2f}", report["cost"]["total_usd"].get<double>())), std::string::npos);
  for (const auto& item : report["cost"]["items"])
    EXPECT_NE(html.find("<td>" + item["meter"].get<std::string>() + "</td>"), std::string::npos);
  ASSERT_FALSE(report["assumptions"].empty());
  for (const auto& a : report["assumptions"]) {
    std::string escaped;
    for (const char c : a.get<std::string>()) {
      switch (c) {
        case '&':
          escaped += "&amp;";
          break;
        case '<':
          escaped += "&lt;";
          break;
        case '>':
          escaped += "&gt;";
          break;
        case '"':
          escaped += "&quot;";
          break;
        case '\'':
          escaped += "&apos;";
          break;
        default:
          escaped += c;
      }
    }
    EXPECT_NE(html.find("<li>" + escaped + "</li>"), std::string::npos) << a;
  }
}

TEST(HtmlReport, RendersInHeadlessChromiumWithoutConsoleErrors) {
  ASSERT_TRUE(chromium_installed())
      << "the HTML report test needs Debian's chromium (scripts/install-deps.sh)";
  testing::TempDir dir;
  const auto run = testing::run_rsim("run " + testing::kSourceDir + "/models/scenarios/golden.json --out " +
                                     dir.path().string() + " --html --quiet");
  ASSERT_EQ(run.code, 0) << run.output;
  // The console is watched: a page with a script error shows up as console lines.
  const fs::path broken =
      dir.write("broken.html", "<!DOCTYPE html><html><body><script>no_such();</script></body></html>");
  const Rendered control = render(broken, dir.path() / "broken.png", dir.path() / "profile-a");
  ASSERT_EQ(control.code, 0) << control.log;
  ASSERT_NE(control.log.find(":CONSOLE"), std::string::npos) << control.log;

  const fs::path shot = dir.path() / "report.png";
  const Rendered r = render(dir.path() / "report.html", shot, dir.path() / "profile-b");
  ASSERT_EQ(r.code, 0) << r.log;
  EXPECT_EQ(r.log.find(":CONSOLE"), std::string::npos) << r.log;
  const std::string png = read_text(shot);
  ASSERT_GT(png.size(), 20000u);  // a page of tables and charts, not a blank one
  EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  const auto be = [&](std::size_t at) {
    std::uint32_t v = 0;
    for (std::size_t i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(png[at + i]);
    return v;
  };
  EXPECT_EQ(be(16), 1200u);
  EXPECT_EQ(be(20), 2400u);
  // Kept for a person to look at when the test runs in CI (the build's test folder).
  std::error_code ec;
  fs::copy_file(shot, fs::path(testing::rsim_binary()).parent_path() / "report_screenshot.png",
                fs::copy_options::overwrite_existing, ec);
}

}  // namespace
}  // namespace rsim
