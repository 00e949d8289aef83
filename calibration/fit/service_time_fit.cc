#include "calibration/fit/service_time_fit.h"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <functional>
#include <set>

namespace rsim {

namespace {

// Huber threshold on log residuals: up to about 30% off is treated as noise, beyond as an outlier.
constexpr double kHuber = 0.25;
constexpr std::size_t kMinForLine = 3;

double huber(double r) {
  const double a = std::abs(r);
  return a <= kHuber ? 0.5 * r * r : kHuber * (a - 0.5 * kHuber);
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  const auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
  std::nth_element(v.begin(), mid, v.end());
  return *mid;
}

struct LineFit {
  double overhead = 0;  // s
  double slope = 0;     // s per MB
  double loss = 0;
  bool ok = false;
};

// Robust fit of log z = log(o + b m) by Gauss-Newton with Huber weights (iteratively reweighted).
LineFit fit_line(const std::vector<double>& z, const std::vector<double>& m, bool with_slope) {
  LineFit f;
  const std::size_t n = z.size();
  if (n < kMinForLine) return f;
  // Start: least squares on relative errors (weights 1/z^2).
  Eigen::Matrix2d a = Eigen::Matrix2d::Zero();
  Eigen::Vector2d y = Eigen::Vector2d::Zero();
  for (std::size_t i = 0; i < n; ++i) {
    const double w = 1.0 / (z[i] * z[i]);
    const Eigen::Vector2d x(1.0, with_slope ? m[i] : 0.0);
    a += w * x * x.transpose();
    y += w * x * z[i];
  }
  if (!with_slope) a(1, 1) = 1.0;
  Eigen::Vector2d theta = a.ldlt().solve(y);
  double floor_overhead = 1e-6;
  theta(0) = std::max(theta(0), floor_overhead);
  theta(1) = with_slope ? std::max(theta(1), 0.0) : 0.0;
  for (int iteration = 0; iteration < 25; ++iteration) {
    a.setZero();
    y.setZero();
    for (std::size_t i = 0; i < n; ++i) {
      const double fitted = theta(0) + theta(1) * m[i];
      const double r = std::log(z[i] / fitted);
      const double w = std::abs(r) <= kHuber ? 1.0 : kHuber / std::abs(r);
      const Eigen::Vector2d j(1.0 / fitted, with_slope ? m[i] / fitted : 0.0);
      a += w * j * j.transpose();
      y += w * j * r;
    }
    if (!with_slope) a(1, 1) = 1.0;
    const Eigen::Vector2d step = a.ldlt().solve(y);
    if (!step.allFinite()) break;
    theta += step;
    theta(0) = std::max(theta(0), floor_overhead);
    if (with_slope) theta(1) = std::max(theta(1), 0.0);
    if (step.cwiseAbs().maxCoeff() < 1e-9 * (1.0 + theta.cwiseAbs().maxCoeff())) break;
  }
  f.overhead = theta(0);
  f.slope = theta(1);
  for (std::size_t i = 0; i < n; ++i) f.loss += huber(std::log(z[i] / (f.overhead + f.slope * m[i])));
  f.ok = true;
  return f;
}

struct Candidate {
  double exponent, serial, spill;
};

// n^(e - 1) for n = 0 .. max: the share of M(n) = n^e each of n running queries gets.
std::vector<double> shares(double exponent, std::uint32_t max) {
  std::vector<double> power(max + 1, 1.0);
  for (std::uint32_t n = 1; n <= max; ++n) power[n] = std::pow(n, exponent - 1.0);
  return power;
}

// The solo work on the reference capacity that q's observed execution implies at candidate `c`, s.
double solo_work(const ObservedQuery& q, const ExecutionTimeline& timeline, const std::vector<double>& power,
                 double base, double reference, const Candidate& c) {
  double work = 0;
  const auto [first, last] = timeline.segments(q.execution);
  for (auto s = first; s != last; ++s) {
    const double capacity = timeline.capacities()[s->capacity];
    work += s->seconds * power[s->running] / (c.serial + (1.0 - c.serial) * base / capacity);
  }
  const double amdahl = c.serial + (1.0 - c.serial) * reference / base;
  return (work - q.compile_s) / (amdahl * (1.0 + c.spill * q.overflow));
}

class Objective {
 public:
  Objective(const std::vector<ObservedQuery>& queries, const ExecutionTimeline& timeline,
            const std::vector<double>& base, const ServiceTimeFitOptions& options)
      : queries_(queries), timeline_(timeline), base_(base), options_(options) {
    for (const auto& q : queries) {
      const auto t = static_cast<std::size_t>(q.type);
      ++counts_[t];
      scans_[t].insert(std::round(q.mbytes_scanned));
      scanned_[t].push_back(q.mbytes_scanned);
    }
    for (auto& v : scanned_) median_[&v - scanned_.data()] = median(std::move(v));
  }

  // Total robust loss at `c`; fills `fits` per type.
  double operator()(const Candidate& c, std::array<LineFit, kQueryTypeCount>* fits = nullptr) {
    ++evaluations_;
    const std::vector<double> power = shares(c.exponent, timeline_.max_running());
    std::array<std::vector<double>, kQueryTypeCount> z, m;
    double loss = 0;
    for (const auto& q : queries_) {
      const double solo = solo_work(q, timeline_, power, base_[q.endpoint], options_.reference_rpu, c);
      if (!(solo > 0)) {
        // No work left after compilation: this candidate cannot explain the query. It costs as much as a
        // residual of a factor e^4, so that a candidate cannot gain by explaining queries away.
        loss += huber(4.0);
        continue;
      }
      const auto t = static_cast<std::size_t>(q.type);
      z[t].push_back(solo);
      m[t].push_back(q.mbytes_scanned);
    }
    for (std::size_t t = 0; t < kQueryTypeCount; ++t) {
      const LineFit f = fit_line(z[t], m[t], scans_[t].size() >= 3);
      loss += f.loss;
      if (fits) (*fits)[t] = f;
    }
    return loss;
  }

  std::size_t count(std::size_t type) const { return counts_[type]; }
  bool scan_varies(std::size_t type) const { return scans_[type].size() >= 3; }
  double median_scan(std::size_t type) const { return median_[type]; }
  std::size_t evaluations() const { return evaluations_; }

 private:
  const std::vector<ObservedQuery>& queries_;
  const ExecutionTimeline& timeline_;
  const std::vector<double>& base_;
  const ServiceTimeFitOptions& options_;
  std::array<std::size_t, kQueryTypeCount> counts_{};
  std::array<std::set<double>, kQueryTypeCount> scans_;
  std::array<std::vector<double>, kQueryTypeCount> scanned_;
  std::array<double, kQueryTypeCount> median_{};
  std::size_t evaluations_ = 0;
};

// Minimises f on [lo, hi] (assumed unimodal there) to `tolerance`.
double golden_section(const std::function<double(double)>& f, double lo, double hi, double tolerance) {
  const double ratio = (std::sqrt(5.0) - 1.0) / 2.0;
  double a = lo, b = hi;
  double x1 = b - ratio * (b - a), x2 = a + ratio * (b - a);
  double f1 = f(x1), f2 = f(x2);
  while (b - a > tolerance) {
    if (f1 <= f2) {
      b = x2;
      x2 = x1;
      f2 = f1;
      x1 = b - ratio * (b - a);
      f1 = f(x1);
    } else {
      a = x1;
      x1 = x2;
      f1 = f2;
      x2 = a + ratio * (b - a);
      f2 = f(x2);
    }
  }
  return f1 <= f2 ? x1 : x2;
}

}  // namespace

ServiceTimeFit fit_service_time(const std::vector<ObservedQuery>& queries, const ExecutionTimeline& timeline,
                                const std::vector<double>& base_rpu, const ServiceTimeFitOptions& options) {
  ServiceTimeFit fit;
  Objective objective(queries, timeline, base_rpu, options);
  const bool fit_serial = timeline.capacities().size() >= 2;
  std::size_t spilled = 0;
  for (const auto& q : queries) spilled += q.overflow > 0 ? 1 : 0;
  const bool fit_spill = spilled >= kMinQueriesPerType;

  Candidate best{options.default_exponent, options.default_serial_fraction, options.default_spill_penalty};
  double best_loss = objective(best);
  // A coarse grid over the exponent (and the serial fraction) finds the basin; golden sections refine it.
  for (int i = 0; i <= 20; ++i) {
    for (int j = 0; j <= (fit_serial ? 12 : 0); ++j) {
      const Candidate c{i * 0.05, fit_serial ? j * 0.05 : best.serial, best.spill};
      const double loss = objective(c);
      if (loss < best_loss) {
        best_loss = loss;
        best = c;
      }
    }
  }
  for (int round = 0; round < 3; ++round) {
    best.exponent = golden_section(
        [&](double e) {
          return objective({e, best.serial, best.spill});
        },
        std::max(0.0, best.exponent - 0.1), std::min(1.0, best.exponent + 0.1), 1e-3);
    if (fit_serial) {
      best.serial = golden_section(
          [&](double s) {
            return objective({best.exponent, s, best.spill});
          },
          std::max(0.0, best.serial - 0.1), std::min(1.0, best.serial + 0.1), 1e-3);
    }
    if (fit_spill) {
      best.spill = golden_section(
          [&](double p) {
            return objective({best.exponent, best.serial, p});
          },
          0.0, 10.0, 1e-3);
    }
  }

  std::array<LineFit, kQueryTypeCount> lines{};
  objective(best, &lines);
  fit.exponent = best.exponent;
  fit.serial_fraction = best.serial;
  fit.serial_calibrated = fit_serial;
  fit.spill_penalty = best.spill;
  fit.spill_calibrated = fit_spill;
  for (std::size_t t = 0; t < kQueryTypeCount; ++t) {
    TypeFit& tf = fit.types[t];
    tf.queries = objective.count(t);
    tf.overhead_ms = options.default_overhead_ms[t];
    tf.scan_mb_per_s_per_rpu = options.default_scan_mb_per_s_per_rpu;
    if (tf.queries < kMinQueriesPerType || !lines[t].ok) continue;
    tf.calibrated = true;
    tf.overhead_ms = lines[t].overhead * 1e3;
    // The scan rate is calibrated only where scanning matters: at the type's median scan it must account for
    // at least 5% of the overhead (else the slope is noise, and its rate absurd).
    if (objective.scan_varies(t) && lines[t].slope * objective.median_scan(t) >= 0.05 * lines[t].overhead) {
      tf.scan_calibrated = true;
      tf.scan_mb_per_s_per_rpu = 1.0 / (lines[t].slope * options.reference_rpu);
    }
    fit.used += tf.queries;
  }
  // The spread the model leaves: the median absolute log residual, scaled to a normal's sd.
  std::vector<double> residuals;
  const std::vector<double> power = shares(best.exponent, timeline.max_running());
  for (const auto& q : queries) {
    const auto t = static_cast<std::size_t>(q.type);
    const double solo = solo_work(q, timeline, power, base_rpu[q.endpoint], options.reference_rpu, best);
    if (lines[t].ok && solo > 0)
      residuals.push_back(std::abs(std::log(solo / (lines[t].overhead + lines[t].slope * q.mbytes_scanned))));
  }
  fit.log_sd = 1.4826 * median(residuals);
  fit.evaluations = objective.evaluations();
  return fit;
}

}  // namespace rsim
