// A balancer's view of one target's health (models/catalog/facts.md 4): consecutive probe results against
// thresholds. A target starts healthy; `unhealthy_threshold` failed probes in a row mark it unhealthy,
// `healthy_threshold` good ones in a row mark it healthy again.
#pragma once

namespace rsim {

class TargetHealth {
 public:
  // REQUIRES: thresholds >= 1.
  TargetHealth(int healthy_threshold, int unhealthy_threshold)
      : healthy_threshold_(healthy_threshold), unhealthy_threshold_(unhealthy_threshold) {}

  // Records one probe result; true when it changed the state.
  bool probe(bool ok) {
    if (ok) {
      failed_ = 0;
      if (!healthy_ && ++passed_ >= healthy_threshold_) {
        healthy_ = true;
        passed_ = 0;
        return true;
      }
      return false;
    }
    passed_ = 0;
    if (healthy_ && ++failed_ >= unhealthy_threshold_) {
      healthy_ = false;
      failed_ = 0;
      return true;
    }
    return false;
  }
  bool healthy() const { return healthy_; }

 private:
  int healthy_threshold_;
  int unhealthy_threshold_;
  int passed_ = 0;
  int failed_ = 0;
  bool healthy_ = true;
};

}  // namespace rsim
