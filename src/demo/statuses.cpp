#include "demo/statuses.h"

#include <algorithm>

#include "demo/dates.h"
#include "demo/population.h"
#include "demo/rng.h"

namespace cg::demo {

namespace {

// National shares per past edition, in percent: compliant, approaching, not met (the rest did
// not publish). Compliant follows the published trend.
constexpr double kNational[kPastEditions][3] = {
    {14, 7, 3}, {35, 10, 4}, {55, 9, 4}, {68, 7, 3}, {76, 6, 3}};

// How far each type's compliant share sits from the national one, in points, before centring.
double raw_offset(OrgType type) {
  switch (type) {
    case OrgType::care_home:
      return 6;
    case OrgType::home_care:
      return -8;
    case OrgType::supported_living:
      return -4;
    case OrgType::other_social_care:
      return -6;
    case OrgType::gp_practice:
      return 12;
    case OrgType::pharmacy:
      return 5;
    case OrgType::nhs_trust:
      return 45;
    case OrgType::local_authority:
      return 20;
    default:
      return 8;
  }
}

double centred_offset(OrgType type) {
  static const double mean = [] {
    double sum = 0;
    for (const auto& s : type_shares()) sum += raw_offset(s.type) * s.per_mille;
    return sum / 1000;
  }();
  return raw_offset(type) - mean;
}

// Share of compliant organisations holding a current Cyber Essentials Plus certificate.
double exceeded_fraction(OrgType type, int e) {
  switch (type) {
    case OrgType::nhs_trust:
      return 0.40;
    case OrgType::local_authority:
      return 0.25;
    case OrgType::gp_practice:
      return 0.10;
    case OrgType::supplier:
      return 0.30;
    default:
      return 0.03 + 0.01 * e;
  }
}

Status pick(const Shares& s, double u) {
  // Ordered from most to least ready, so a steady readiness keeps its place over the years.
  if ((u -= s.exceeded) < 0) return Status::exceeded;
  if ((u -= s.met) < 0) return Status::met;
  if ((u -= s.approaching) < 0) return Status::approaching;
  if ((u -= s.not_met) < 0) return Status::not_met;
  return Status::not_published;
}

// The organisation's readiness in edition e: its lasting value, or (15% of the time) a fresh
// one for that year. A mixture of uniform draws is uniform, so the shares hold exactly.
double readiness(uint64_t seed, int64_t index, int e) {
  Rng lasting(key({seed, 3, static_cast<uint64_t>(index)}));
  Rng year(key({seed, 4, static_cast<uint64_t>(index), static_cast<uint64_t>(e)}));
  const bool churn = year.chance(0.15);
  const double fresh = year.unit();
  return churn ? fresh : lasting.unit();
}

}  // namespace

std::string edition_deadline(const std::string& edition) {
  return "20" + edition.substr(5, 2) + "-06-30";
}

Shares national_shares(int e) {
  Shares s;
  const double compliant = kNational[e][0] / 100;
  s.exceeded = compliant * exceeded_fraction(OrgType::care_home, e);
  s.met = compliant - s.exceeded;
  s.approaching = kNational[e][1] / 100;
  s.not_met = kNational[e][2] / 100;
  s.not_published = 1 - compliant - s.approaching - s.not_met;
  return s;
}

Shares shares_for(OrgType type, int e) {
  const double national = kNational[e][0];
  const double compliant = std::clamp(national + centred_offset(type), 2.0, 97.0) / 100;
  // The rest splits between Approaching, Not Met and Not Published as nationally.
  const double rest = 1 - compliant;
  const double national_rest = 1 - national / 100;
  Shares s;
  s.exceeded = compliant * exceeded_fraction(type, e);
  s.met = compliant - s.exceeded;
  s.approaching = rest * (kNational[e][1] / 100) / national_rest;
  s.not_met = rest * (kNational[e][2] / 100) / national_rest;
  s.not_published = rest - s.approaching - s.not_met;
  return s;
}

Status past_status(uint64_t seed, int64_t index, OrgType type, int e) {
  return pick(shares_for(type, e), readiness(seed, index, e));
}

CurrentState current_state(uint64_t seed, int64_t index, OrgType type) {
  CurrentState c;
  // The readiest publish first.
  const double u = readiness(seed, index, kPastEditions);
  Rng r(key({seed, 5, static_cast<uint64_t>(index)}));
  const double v = r.unit();
  if (u < 0.10) {
    c.started = true;
    c.progress = 1;
    if (v < 0.04)
      c.status = Status::not_met;
    else if (v < 0.12)
      c.status = Status::approaching;
    else
      c.status = r.chance(exceeded_fraction(type, kPastEditions)) ? Status::exceeded : Status::met;
  } else if (u < 0.42) {
    c.started = true;
    c.progress = 0.05 + 0.9 * v;
  }
  return c;
}

std::string publication_date(uint64_t seed, int64_t index, const std::string& edition,
                             const std::string& today) {
  Rng r(key({seed, 6, static_cast<uint64_t>(index),
             static_cast<uint64_t>(day_number(edition_deadline(edition)))}));
  const std::string deadline = edition_deadline(edition);
  const std::string opens = "20" + edition.substr(2, 2) + "-07-01";
  const int64_t open_day = day_number(opens);
  const int64_t last_day = std::min(day_number(deadline), day_number(today) - 1);
  int64_t back = 0;
  const int64_t band = r.between(0, 99);
  if (band < 55)
    back = r.between(0, 60);
  else if (band < 85)
    back = r.between(61, 180);
  else
    back = r.between(181, 330);
  const int64_t day = std::max(open_day, day_number(deadline) - back);
  // Editions still open: the publications so far fall between opening and yesterday.
  if (day > last_day)
    return date_of(open_day + r.between(0, std::max<int64_t>(0, last_day - open_day)));
  return date_of(day);
}

}  // namespace cg::demo
