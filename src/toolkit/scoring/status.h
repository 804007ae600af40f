#pragma once
// The published status of an organisation's toolkit is computed, never typed. These are the
// rules, as plain functions over plain values.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "toolkit/model/framework.h"

namespace cg::toolkit {

enum class Status { not_published, not_met, approaching, met, exceeded };
const char* to_string(Status s);
const char* status_label(Status s);  // "Standards Met"

struct ItemResult {
  std::string item_id;
  Mandatory mandatory = Mandatory::none;
  bool applies = true;
  bool met = false;
};

struct Gaps {
  std::vector<std::string> for_approaching;  // unmet items mandatory for Approaching Standards
  std::vector<std::string> for_met;  // unmet items mandatory for Standards Met (includes the above)
};
Gaps find_gaps(const std::vector<ItemResult>& results);

struct CertificateRecord {
  bool plus = false;       // Cyber Essentials Plus rather than Cyber Essentials
  std::string issued_on;   // YYYY-MM-DD
  std::string expires_on;  // YYYY-MM-DD
};
// A certificate counts from its issue date to the end of its expiry date (London).
bool has_current_ce_plus(const std::vector<CertificateRecord>& certs, int64_t now);

struct PlanEntry {
  std::string item_id;
  std::string owner;
  std::string target_date;  // YYYY-MM-DD
};

struct PublishRequest {
  Gaps gaps;
  bool current_ce_plus = false;
  bool approaching_published_this_edition = false;  // Approaching may be published once
  std::vector<PlanEntry> plan;                      // improvement or action plan
  std::string today;                                // London date
};

struct PublishDecision {
  Status status = Status::not_met;
  std::vector<std::string> problems;  // plain messages; publishing is refused when not empty
};

// Decides the status a publication gets: Met (or Exceeded with a current Cyber Essentials
// Plus) when nothing mandatory is missing; Approaching when only Met-level items are missing,
// an action plan covers them and Approaching has not been published this edition; otherwise
// Not Met, which needs an improvement plan covering every unmet mandatory item with an owner
// and a target date within 6 months.
PublishDecision decide_publication(const PublishRequest& request);

// When a publication of an edition stops counting: the end of the next edition's publication
// deadline day (London). The next edition's deadline is the same day one year later.
int64_t publication_valid_until(const std::string& edition_deadline);

struct Publication {
  Status status = Status::not_met;
  std::string edition;           // e.g. "2026-27"
  std::string edition_deadline;  // that edition's publication deadline, YYYY-MM-DD
  int64_t published_at = 0;
  int64_t sequence = 0;  // breaks ties between publications in the same second
};
struct CurrentStatus {
  Status status = Status::not_published;
  std::optional<Publication> publication;  // the publication it comes from
  int64_t valid_until = 0;
};
// The status shown now: the newest publication still valid, otherwise Not Published.
CurrentStatus current_status(const std::vector<Publication>& publications, int64_t now);

// "26/27 Standards Met", as the public status list writes it.
std::string public_status_text(const CurrentStatus& status);

}  // namespace cg::toolkit
