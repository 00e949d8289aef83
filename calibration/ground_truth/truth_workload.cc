#include "calibration/ground_truth/truth_workload.h"

#include <cmath>
#include <string>

namespace rsim {

TruthWorkloadSource::TruthWorkloadSource(const TruthWorkload& w, std::uint64_t seed, SymbolTable& symbols)
    : w_(w),
      arrivals_(seed, "truth", "arrivals"),
      features_(seed, "truth", "features"),
      noise_(seed, "truth", "noise"),
      capacity_(symbols.intern("rpu:16")),
      t_(static_cast<double>(w.start)) {
  for (int i = 0; i < 4; ++i) users_[i] = symbols.intern("analyst_" + std::to_string(i));
  for (const auto& [type, weight] : w_.mix) total_weight_ += weight;
}

bool TruthWorkloadSource::next(Query& q) {
  double rate = w_.rate_per_s;
  if (w_.period_s > 0) {
    const double phase = std::fmod((t_ - static_cast<double>(w_.start)) * 1e-6, w_.period_s);
    if (phase >= 0.5 * w_.period_s) {
      rate = w_.low_rate_per_s;
      if (rate <= 0) {  // silent half: skip to the next busy one
        t_ += (w_.period_s - phase) * 1e6;
        rate = w_.rate_per_s;
      }
    }
  }
  t_ += arrivals_.exponential(1e6 / rate);
  if (t_ >= static_cast<double>(w_.start) + w_.span_s * 1e6) return false;
  q = Query{};
  q.ordinal = n_++;
  q.id = std::to_string(q.ordinal + 1);
  q.arrival = static_cast<SimTime>(t_);
  double pick = features_.uniform() * total_weight_;
  q.type = w_.mix.back().first;
  for (const auto& [type, weight] : w_.mix) {
    if (pick < weight) {
      q.type = type;
      break;
    }
    pick -= weight;
  }
  q.mbytes_scanned = features_.lognormal(std::log(w_.scan_median_mb), w_.scan_sigma);
  if (features_.uniform() < w_.spill_share)
    q.peak_mem_mb = w_.spill_above_mb * (1.2 + 1.8 * features_.uniform());
  q.user = users_[features_.below(4)];
  q.session = q.ordinal + 1;
  q.observed_capacity = capacity_;
  const double solo_ms = w_.overhead_ms[static_cast<std::size_t>(q.type)] +
                         q.mbytes_scanned / (w_.scan_mb_per_s_per_rpu * 16.0) * 1e3;
  q.exec_ms = solo_ms * noise_.lognormal(0.0, w_.noise_sigma);
  if (noise_.uniform() < w_.outlier_share) q.exec_ms *= 3.0 + 7.0 * noise_.uniform();
  return true;
}

}  // namespace rsim
