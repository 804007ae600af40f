#include "toolkit/scoring/status.h"

#include <algorithm>
#include <map>

#include "toolkit/rules/rule.h"
#include "toolkit/scoring/london_time.h"

namespace cg::toolkit {

const char* to_string(Status s) {
  switch (s) {
    case Status::not_published:
      return "not_published";
    case Status::not_met:
      return "not_met";
    case Status::approaching:
      return "approaching";
    case Status::met:
      return "met";
    case Status::exceeded:
      return "exceeded";
  }
  return "";
}

const char* status_label(Status s) {
  switch (s) {
    case Status::not_published:
      return "Not Published";
    case Status::not_met:
      return "Standards Not Met";
    case Status::approaching:
      return "Approaching Standards";
    case Status::met:
      return "Standards Met";
    case Status::exceeded:
      return "Standards Exceeded";
  }
  return "";
}

Gaps find_gaps(const std::vector<ItemResult>& results) {
  Gaps g;
  for (const auto& r : results) {
    if (!r.applies || r.met || r.mandatory == Mandatory::none) continue;
    if (r.mandatory == Mandatory::approaching) g.for_approaching.push_back(r.item_id);
    g.for_met.push_back(r.item_id);
  }
  return g;
}

bool has_current_ce_plus(const std::vector<CertificateRecord>& certs, int64_t now) {
  const std::string today = london_date(now);
  for (const auto& c : certs) {
    if (!c.plus || !valid_date(c.issued_on) || !valid_date(c.expires_on)) continue;
    if (c.issued_on <= today && now < london_day_end_utc(c.expires_on)) return true;
  }
  return false;
}

namespace {

// The same day `months` later (clamped to a shorter month's end).
std::string months_after(const std::string& date, int months) {
  return months_before(date, -months);
}

// Every listed item needs a plan entry with an owner and a target date from today to 6 months on.
void check_plan(const std::vector<std::string>& items, const std::vector<PlanEntry>& plan,
                const std::string& today, const char* plan_name,
                std::vector<std::string>& problems) {
  std::map<std::string, const PlanEntry*> by_item;
  for (const auto& e : plan) by_item[e.item_id] = &e;
  for (const auto& id : items) {
    auto it = by_item.find(id);
    if (it == by_item.end()) {
      problems.push_back(std::string("Item ") + id + " needs an entry in the " + plan_name);
      continue;
    }
    const PlanEntry& e = *it->second;
    if (e.owner.empty()) problems.push_back("Item " + id + ": say who will do this");
    if (!valid_date(e.target_date)) {
      problems.push_back("Item " + id + ": give a target date");
    } else if (e.target_date < today) {
      problems.push_back("Item " + id + ": the target date is in the past");
    } else if (e.target_date > months_after(today, 6)) {
      problems.push_back("Item " + id + ": the target date must be within 6 months");
    }
  }
}

}  // namespace

PublishDecision decide_publication(const PublishRequest& r) {
  PublishDecision d;
  if (r.gaps.for_met.empty()) {
    d.status = r.current_ce_plus ? Status::exceeded : Status::met;
    return d;
  }
  if (r.gaps.for_approaching.empty() && !r.approaching_published_this_edition) {
    d.status = Status::approaching;
    check_plan(r.gaps.for_met, r.plan, r.today, "action plan", d.problems);
    return d;
  }
  d.status = Status::not_met;
  check_plan(r.gaps.for_met, r.plan, r.today, "improvement plan", d.problems);
  return d;
}

int64_t publication_valid_until(const std::string& edition_deadline) {
  const int year = std::stoi(edition_deadline.substr(0, 4)) + 1;
  return london_day_end_utc(std::to_string(year) + edition_deadline.substr(4));
}

CurrentStatus current_status(const std::vector<Publication>& publications, int64_t now) {
  CurrentStatus out;
  const Publication* best = nullptr;
  for (const auto& p : publications) {
    if (p.published_at > now) continue;
    if (now >= publication_valid_until(p.edition_deadline)) continue;
    // The newest edition wins; within an edition the latest publication (by time, then by
    // sequence for two in the same second).
    const bool later =
        best && (p.published_at > best->published_at ||
                 (p.published_at == best->published_at && p.sequence > best->sequence));
    if (!best || p.edition > best->edition || (p.edition == best->edition && later)) best = &p;
  }
  if (best) {
    out.status = best->status;
    out.publication = *best;
    out.valid_until = publication_valid_until(best->edition_deadline);
  }
  return out;
}

std::string public_status_text(const CurrentStatus& s) {
  if (!s.publication || s.status == Status::not_published) return "Not Published";
  // "2026-27" -> "26/27"
  const std::string& e = s.publication->edition;
  std::string years = e.size() == 7 ? e.substr(2, 2) + "/" + e.substr(5, 2) : e;
  return years + " " + status_label(s.status);
}

}  // namespace cg::toolkit
