// Concurrency-scaling billing (models/catalog/facts.md 2.3, S28): one free credit-hour accrues per 24 hours
// the main cluster runs, earned hourly (150 s per full hour of running) and banked up to 30 hours. Each
// activation of a scaling cluster is billed for the seconds it served queries, at least one minute; banked
// credit pays first, the rest is charged per second at the main cluster's on-demand rate.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace rsim {

struct ScalingCreditConfig {
  double initial_s = 0;             // credit banked when the run starts (an assumption: 0 for a new cluster)
  double per_running_hour_s = 150;  // 1 hour per 24 hours
  double cap_s = 30 * 3600.0;
  double minimum_per_activation_s = 60;
};

class ScalingCredit {
 public:
  explicit ScalingCredit(ScalingCreditConfig c = {}) : c_(c), balance_s_(std::min(c.initial_s, c.cap_s)) {}

  // An activation that served queries for `busy_s` ended when the main cluster had run `main_running_s`.
  // Returns the seconds charged (after the minimum and the credit).
  double activation(double busy_s, double main_running_s) {
    earn(main_running_s);
    const double billable = std::max(busy_s, c_.minimum_per_activation_s);
    const double from_credit = std::min(balance_s_, billable);
    balance_s_ -= from_credit;
    credit_used_s_ += from_credit;
    billable_s_ += billable;
    charged_s_ += billable - from_credit;
    ++activations_;
    return billable - from_credit;
  }

  double balance_s() const { return balance_s_; }
  double credit_used_s() const { return credit_used_s_; }
  double billable_s() const { return billable_s_; }  // after the minimum, before credit
  double charged_s() const { return charged_s_; }
  std::uint64_t activations() const { return activations_; }

 private:
  void earn(double main_running_s) {
    const auto hours = static_cast<std::uint64_t>(std::floor(main_running_s / 3600.0));
    for (; earned_hours_ < hours; ++earned_hours_)
      balance_s_ = std::min(c_.cap_s, balance_s_ + c_.per_running_hour_s);
  }

  ScalingCreditConfig c_;
  double balance_s_;
  std::uint64_t earned_hours_ = 0;
  double credit_used_s_ = 0;
  double billable_s_ = 0;
  double charged_s_ = 0;
  std::uint64_t activations_ = 0;
};

}  // namespace rsim
