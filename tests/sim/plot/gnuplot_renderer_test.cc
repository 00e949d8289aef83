// The gnuplot layer on its own: names cannot smuggle commands into gnuplot, empty series are left out
// rather than shifting the others, and data files keep full precision.
#include "sim/plot/gnuplot_renderer.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "sim/io/input_error.h"
#include "tests/support/temp_dir.h"

namespace rsim {
namespace {

namespace fs = std::filesystem;

std::string read_text(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(GnuplotRenderer, ANewlineInANameCannotRunACommand) {
  testing::TempDir dir;
  const fs::path marker = dir.path() / "pwned";
  Plot p("inject", "title\nsystem('touch " + marker.string() + "')\n", "x", "y");
  p.series.push_back(PlotSeries("series\nsystem('touch " + marker.string() + "')", {1, 2}, {3, 4}));
  p.marks.push_back({1.5, "mark\nsystem('touch " + marker.string() + "')"});
  render_plots({p}, dir.path() / "out");
  EXPECT_FALSE(fs::exists(marker));
  EXPECT_GT(fs::file_size(dir.path() / "out" / "inject.png"), 0u);
}

TEST(GnuplotRenderer, EmptySeriesAreLeftOutAndFullPrecisionIsKept) {
  testing::TempDir dir;
  Plot p("gaps", "gaps", "x", "y");
  p.series.push_back(PlotSeries("empty", {}, {}));
  p.series.push_back(PlotSeries("kept", {12345678.123456789}, {0.95}));
  p.series.push_back(PlotSeries("also empty", {}, {}));
  Plot none("none", "nothing at all", "x", "y");
  none.series.push_back(PlotSeries("empty", {}, {}));
  render_plots({p, none}, dir.path());
  const std::string data = read_text(dir.path() / "gaps.dat");
  EXPECT_EQ(data, "# kept\n12345678.123456789\t0.94999999999999996\n");
  EXPECT_GT(fs::file_size(dir.path() / "none.png"), 0u);  // empty axes, but the file a reader expects
  EXPECT_GT(fs::file_size(dir.path() / "none.svg"), 0u);
}

TEST(GnuplotRenderer, StagedPlotsAppearOnlyOnCommit) {
  testing::TempDir dir;
  Plot p("one", "one", "x", "y");
  p.series.push_back(PlotSeries("s", {1}, {1}));
  {
    StagedPlots staged({p}, dir.path());
    EXPECT_FALSE(fs::exists(dir.path() / "plots"));
    EXPECT_NE(staged.svgs().at(0).find("<svg"), std::string::npos);
  }  // not committed: nothing left behind
  EXPECT_TRUE(fs::is_empty(dir.path()));
  StagedPlots staged({p}, dir.path());
  staged.commit();
  EXPECT_TRUE(fs::exists(dir.path() / "plots" / "one.png"));
}

// gnuplot's own errors stop the plot (its warnings do not: an all-zero series is drawn).
TEST(GnuplotRenderer, AGnuplotErrorIsAnInputError) {
  testing::TempDir dir;
  Plot bad("bad", "bad", "x", "y");
  bad.series.push_back(PlotSeries("s", {1, 2}, {1, 2}, "no_such_style"));
  try {
    render_plots({bad}, dir.path());
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("gnuplot:"), std::string::npos) << e.what();
  }
  Plot flat("flat", "flat", "x", "y");
  flat.series.push_back(PlotSeries("zeros", {1, 2, 3}, {0, 0, 0}));
  EXPECT_NO_THROW(render_plots({flat}, dir.path()));
}

TEST(GnuplotRenderer, APathWithAQuoteIsRefused) {
  testing::TempDir dir;
  Plot p("q", "q", "x", "y");
  EXPECT_THROW(render_plots({p}, dir.path() / "it's"), InputError);
}

}  // namespace
}  // namespace rsim
