#include "sim/plot/gnuplot_renderer.h"

#include <fmt/format.h>
#include <gnuplot-iostream.h>
#include <unistd.h>

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <sstream>

#include "sim/io/input_error.h"

namespace rsim {

namespace {

namespace fs = std::filesystem;

// Text without control characters: gnuplot reads one command per line, so a newline in a name would end a
// string and start a command of its own (gnuplot can run shell commands).
std::string printable(const std::string& text) {
  std::string out;
  for (const char c : text) out += static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? ' ' : c;
  return out;
}

// gnuplot reads file names in single quotes, where a quote cannot be escaped; a name starting with '|' or
// '<' would be a pipe, so paths are made absolute (starting with '/').
std::string quoted(const fs::path& p) {
  const std::string s = fs::absolute(p).string();
  if (s.find('\'') != std::string::npos || printable(s) != s)
    throw InputError(
        fmt::format("{}: a plot path cannot hold a single quote or a control character", printable(s)));
  return "'" + s + "'";
}

std::string escaped(const std::string& text) {
  std::string out;
  for (const char c : printable(text)) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

// The series that have points: gnuplot cannot tell an empty block from a block separator.
std::vector<const PlotSeries*> drawn(const Plot& p) {
  std::vector<const PlotSeries*> out;
  for (const PlotSeries& s : p.series) {
    if (!s.x.empty()) out.push_back(&s);
  }
  return out;
}

void write_data(const Plot& p, const fs::path& file) {
  std::ofstream out(file);
  out.precision(std::numeric_limits<double>::max_digits10);
  const auto series = drawn(p);
  for (std::size_t s = 0; s < series.size(); ++s) {
    if (s > 0) out << "\n\n";  // gnuplot's index separator
    out << "# " << printable(series[s]->title) << "\n";
    for (std::size_t i = 0; i < series[s]->x.size(); ++i)
      out << series[s]->x[i] << '\t' << series[s]->y[i] << '\n';
  }
  if (!out) throw InputError(fmt::format("{}: cannot write the plot's data", file.string()));
}

// Whether gnuplot's messages hold an error: "line N: message" whose message is not a warning. (No std::regex:
// GCC 12 warns inside it under the sanitizer build.)
bool reports_error(const std::string& messages) {
  std::stringstream lines(messages);
  for (std::string line; std::getline(lines, line);) {
    const auto at = line.find("line ");
    if (at == std::string::npos) continue;
    std::size_t i = at + 5;
    const std::size_t digits = i;
    while (i < line.size() && std::isdigit(static_cast<unsigned char>(line[i]))) ++i;
    if (i == digits || line.compare(i, 2, ": ") != 0) continue;
    std::string rest = line.substr(i + 2, 7);
    for (char& c : rest) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (rest != "warning") return true;
  }
  return false;
}

// The gnuplot commands drawing `p` from its data file into the current output.
std::string commands(const Plot& p, const fs::path& data) {
  std::string c;
  c += fmt::format("set title \"{}\" noenhanced\n", escaped(p.title));
  c += fmt::format("set xlabel \"{}\" noenhanced\nset ylabel \"{}\" noenhanced\n", escaped(p.x_label),
                   escaped(p.y_label));
  c += "set grid\nset key outside below center noenhanced\n";
  c += p.log_x ? "set logscale x\n" : "unset logscale x\n";
  c += p.log_y ? "set logscale y\n" : "unset logscale y\n";
  c += "unset arrow\nunset label\n";
  int tag = 1;
  for (const PlotMark& m : p.marks) {
    c += fmt::format(
        "set arrow {} from {:.10g}, graph 0 to {:.10g}, graph 1 nohead dashtype 2 lc rgb '#cc3333'\n", tag,
        m.x, m.x);
    c += fmt::format(
        "set label {} \"{}\" at {:.10g}, graph 0.98 rotate by 90 right font ',8' tc rgb '#cc3333' "
        "noenhanced\n",
        tag, escaped(m.label), m.x);
    ++tag;
  }
  const auto series = drawn(p);
  if (series.empty()) {
    // Empty axes: nothing to draw, but the files a reader expects exist.
    return c + "set xrange [0:1]\nset yrange [0:1]\nplot NaN notitle\nset autoscale\n";
  }
  std::string plot = "plot ";
  for (std::size_t s = 0; s < series.size(); ++s) {
    if (s > 0) plot += ", ";
    plot += fmt::format("{} index {} using 1:2 with {} lw 2 title \"{}\"", quoted(data), s, series[s]->style,
                        escaped(series[s]->title));
  }
  if (p.diagonal) plot += ", x with lines dashtype 3 lc rgb '#888888' title \"predicted = observed\"";
  c += plot + "\n";
  return c;
}

}  // namespace

bool gnuplot_available() {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    if (!dir.empty() && ::access((fs::path(dir) / "gnuplot").c_str(), X_OK) == 0) return true;
  }
  return false;
}

void render_plots(const std::vector<Plot>& plots, const fs::path& dir) {
  if (!gnuplot_available())
    throw InputError("plots need gnuplot, which is not on the PATH (Debian: apt-get install gnuplot-nox)");
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec)
    throw InputError(fmt::format("{}: cannot create the plots' directory: {}", dir.string(), ec.message()));
  const fs::path errors = dir / ".gnuplot-messages";
  for (const Plot& p : plots) {
    for (const PlotSeries& s : p.series) {
      if (s.x.size() != s.y.size())
        throw InputError(fmt::format("plot {}: series \"{}\" has {} x and {} y values", p.name, s.title,
                                     s.x.size(), s.y.size()));
    }
  }
  {
    // One gnuplot process draws everything; its messages go to a file, read once it has exited.
    Gnuplot gp("gnuplot 2>" + quoted(errors));
    for (const Plot& p : plots) {
      const fs::path data = dir / (p.name + ".dat");
      write_data(p, data);
      gp << "set terminal pngcairo size 1000,600 noenhanced font 'sans,10'\n";
      gp << "set output " << quoted(dir / (p.name + ".png")) << "\n" << commands(p, data);
      gp << "set terminal svg size 1000,600 dynamic noenhanced font 'sans,10'\n";
      gp << "set output " << quoted(dir / (p.name + ".svg")) << "\n" << commands(p, data);
    }
    gp << "set output\nexit\n";
  }  // waits for gnuplot to exit
  std::ifstream in(errors);
  std::stringstream messages;
  messages << in.rdbuf();
  in.close();
  fs::remove(errors, ec);
  // Warnings (an all-zero series: "empty y range") do not stop a plot; errors do.
  if (reports_error(messages.str())) throw InputError("gnuplot: " + messages.str());
  for (const Plot& p : plots) {
    for (const char* ext : {".png", ".svg"}) {
      const fs::path f = dir / (p.name + ext);
      if (!fs::exists(f, ec) || fs::file_size(f, ec) == 0)
        throw InputError(fmt::format("plot {}: gnuplot left {} empty", p.name, f.string()));
    }
  }
}

StagedPlots::StagedPlots(const std::vector<Plot>& plots, const fs::path& dir, std::string subdir)
    : target_(dir / subdir), staging_(dir / fmt::format(".{}-{}", subdir, ::getpid())) {
  for (const Plot& p : plots) names_.push_back(p.name);
  std::error_code ec;
  fs::remove_all(staging_, ec);
  try {
    render_plots(plots, staging_);
  } catch (...) {
    fs::remove_all(staging_, ec);
    throw;
  }
}

StagedPlots::~StagedPlots() {
  if (committed_) return;
  std::error_code ec;
  fs::remove_all(staging_, ec);
}

std::vector<std::string> StagedPlots::svgs() const {
  std::vector<std::string> out;
  for (const std::string& name : names_) {
    std::ifstream in(staging_ / (name + ".svg"));
    std::stringstream text;
    text << in.rdbuf();
    out.push_back(text.str());
  }
  return out;
}

void StagedPlots::commit() {
  std::error_code ec;
  fs::remove_all(target_, ec);
  if (!ec) fs::rename(staging_, target_, ec);
  if (ec)
    throw InputError(fmt::format("{}: cannot put the plots in place: {}", target_.string(), ec.message()));
  committed_ = true;
}

void remove_stale_output(const fs::path& path) {
  std::error_code ec;
  fs::remove_all(path, ec);
  if (ec)
    throw InputError(
        fmt::format("{}: cannot remove an earlier run's output: {}", path.string(), ec.message()));
}

}  // namespace rsim
