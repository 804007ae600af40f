#include "demo/answers.h"

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>

#include "demo/dates.h"
#include "toolkit/answers/answer_input.h"

namespace cg::demo {

using toolkit::AnswerType;
using toolkit::Mandatory;
using toolkit::RawAnswer;
using toolkit::Status;

namespace {

constexpr const char* kReferenceDate = "2026-01-15";
const int kDateBacks[] = {20, 75, 160, 300, 480, 800};

std::vector<RawAnswer> raw_candidates(const toolkit::Item& item) {
  const auto& a = item.answer;
  std::vector<RawAnswer> out;
  switch (a.type) {
    case AnswerType::yes_no:
      out.push_back({"yes", {}, ""});
      out.push_back({"no", {}, ""});
      break;
    case AnswerType::yes_no_detail:
      // Detail only where the question asks for it (the first that parses is used).
      out.push_back({"yes", {}, ""});
      out.push_back({"no", {}, ""});
      out.push_back({"yes", {}, "Recorded by the registered manager"});
      out.push_back({"no", {}, "On our improvement plan"});
      break;
    case AnswerType::single_choice:
      for (const auto& c : a.choices) out.push_back({c.id, {}, ""});
      break;
    case AnswerType::multi_choice: {
      RawAnswer all;
      for (const auto& c : a.choices) all.values.push_back(c.id);
      out.push_back(all);
      for (size_t skip = 0; skip < a.choices.size(); ++skip) {
        RawAnswer some;
        for (size_t i = 0; i < a.choices.size(); ++i)
          if (i != skip) some.values.push_back(a.choices[i].id);
        if (!some.values.empty()) out.push_back(some);
        out.push_back({"", {a.choices[skip].id}, ""});
      }
      break;
    }
    case AnswerType::number:
      for (double n : {100.0, 98.0, 95.0, 90.0, 80.0, 60.0, 12.0, 4.0, 1.0, 0.0})
        if ((!a.min || n >= *a.min) && (!a.max || n <= *a.max)) {
          std::string text = std::to_string(static_cast<int>(n));
          out.push_back({text, {}, ""});
        }
      break;
    case AnswerType::text:
      if (a.format == "ico_number")
        out.push_back({"ZA123456", {}, ""});
      else if (a.format == "ods_code")
        out.push_back({"V1A2B3", {}, ""});
      else if (a.format == "email")
        out.push_back({"data.protection@care.example", {}, ""});
      else if (a.format == "url")
        out.push_back({"https://care.example/privacy", {}, ""});
      else
        out.push_back({"Our registered manager, who leads on data protection", {}, ""});
      break;
    case AnswerType::evidence:
      out.push_back({"reviewed", {}, ""});
      break;
    case AnswerType::confirm:
      out.push_back({"confirmed", {}, ""});
      break;
    case AnswerType::date:
      break;  // built from kDateBacks
  }
  return out;
}

std::string fill(const Candidate& c, const std::string& date) {
  if (c.date_back_days < 0) return c.json;
  return "{\"value\":\"" + add_days(date, -c.date_back_days) + "\"}";
}

void classify(const toolkit::Item& item, Candidate c, ItemAnswers& into) {
  const std::string json = fill(c, kReferenceDate);
  const bool met0 = toolkit::item_met(item, toolkit::answer_from_json(json, 0), kReferenceDate);
  const bool met1 = toolkit::item_met(item, toolkit::answer_from_json(json, 1), kReferenceDate);
  if (met0) {
    into.met.push_back(c);
  } else if (met1) {
    c.needs_evidence = true;
    into.met.push_back(c);
  } else if (item.answer.type != AnswerType::evidence) {
    into.unmet.push_back(c);
  }
}

const char* const kOwners[] = {"Registered manager",  "Data protection lead", "Deputy manager",
                               "Operations director", "IT supplier",          "Office manager"};
const char* const kActions[] = {"Put this in place and keep a record of it",
                                "Agree the approach with the team and record it",
                                "Ask our IT supplier to set this up and confirm in writing",
                                "Write down how we do this and check it at the next team meeting"};

bool applies(const toolkit::Item& item, identity::OrgType type, int64_t staff) {
  return toolkit::item_applies(item, identity::to_string(type), staff);
}

// Scores the answers as the toolkit would on `date` and decides the publication.
void score(const AnswerBook& book, identity::OrgType type, int64_t staff, const std::string& date,
           GeneratedAssessment& out) {
  std::map<std::string, const GeneratedAnswer*> by_item;
  for (const auto& a : out.answers) by_item[a.item_id] = &a;
  for (const auto& ia : book.items()) {
    toolkit::ItemResult r;
    r.item_id = ia.item->id;
    r.mandatory = ia.item->mandatory;
    r.applies = applies(*ia.item, type, staff);
    auto it = by_item.find(r.item_id);
    r.met =
        r.applies && it != by_item.end() &&
        toolkit::item_met(
            *ia.item,
            toolkit::answer_from_json(it->second->json, it->second->needs_evidence ? 1 : 0), date);
    out.results.push_back(r);
  }
  out.gaps = toolkit::find_gaps(out.results);
}

}  // namespace

AnswerBook::AnswerBook(const toolkit::Framework& framework) : framework_(&framework) {
  for (const toolkit::Item* item : framework.all_items()) {
    ItemAnswers ia;
    ia.item = item;
    if (item->answer.type == AnswerType::date) {
      for (int back : kDateBacks) {
        Candidate c;
        c.date_back_days = back;
        classify(*item, c, ia);
      }
    } else {
      std::set<std::string> parsed;
      for (const auto& raw : raw_candidates(*item)) {
        if (!raw.detail.empty() && parsed.count(raw.value)) continue;
        try {
          Candidate c;
          c.json = toolkit::parse_answer(*item, raw, kReferenceDate).json;
          parsed.insert(raw.value);
          classify(*item, c, ia);
        } catch (const std::exception&) {
          // Not a valid answer to this item; try the next.
        }
      }
    }
    if (ia.met.empty())
      throw std::logic_error("no generated answer meets item " + item->id + " of " + framework.id +
                             " " + framework.edition);
    items_.push_back(std::move(ia));
  }
}

GeneratedAssessment published_assessment(const AnswerBook& book, identity::OrgType type,
                                         int64_t staff, Status wanted, const std::string& date,
                                         Rng& rng) {
  GeneratedAssessment out;
  // Which mandatory items are left unmet.
  std::vector<size_t> approaching_level, met_level;
  for (size_t i = 0; i < book.items().size(); ++i) {
    const auto* item = book.items()[i].item;
    if (!applies(*item, type, staff)) continue;
    if (item->mandatory == Mandatory::approaching) approaching_level.push_back(i);
    if (item->mandatory == Mandatory::met) met_level.push_back(i);
  }
  std::vector<bool> leave_unmet(book.items().size(), false);
  auto choose = [&](std::vector<size_t> from, int64_t k) {
    for (int64_t n = 0; n < k && !from.empty(); ++n) {
      const size_t at = rng.below(from.size());
      leave_unmet[from[at]] = true;
      from.erase(from.begin() + static_cast<std::ptrdiff_t>(at));
    }
  };
  if (wanted == Status::approaching) choose(met_level, rng.between(1, 3));
  if (wanted == Status::not_met) {
    choose(approaching_level, rng.between(1, 4));
    choose(met_level, rng.between(0, 2));
  }
  for (size_t i = 0; i < book.items().size(); ++i) {
    const ItemAnswers& ia = book.items()[i];
    if (!applies(*ia.item, type, staff)) continue;
    const bool mandatory = ia.item->mandatory != Mandatory::none;
    const Candidate* c = nullptr;
    if (mandatory && !leave_unmet[i]) {
      c = &ia.met[rng.below(ia.met.size())];
    } else if (mandatory) {
      if (!ia.unmet.empty() && rng.chance(0.7)) c = &ia.unmet[rng.below(ia.unmet.size())];
    } else {
      const double u = rng.unit();
      if (u < 0.55)
        c = &ia.met[rng.below(ia.met.size())];
      else if (u < 0.75 && !ia.unmet.empty())
        c = &ia.unmet[rng.below(ia.unmet.size())];
    }
    if (c) out.answers.push_back({ia.item->id, fill(*c, date), false, c->needs_evidence});
  }
  score(book, type, staff, date, out);
  for (auto& a : out.answers)
    for (const auto& r : out.results)
      if (r.item_id == a.item_id) a.met = r.met;
  for (const auto& id : out.gaps.for_met)
    out.plan.push_back(
        {id, rng.pick(kActions), rng.pick(kOwners), add_days(date, rng.between(14, 170))});
  toolkit::PublishRequest request;
  request.gaps = out.gaps;
  request.current_ce_plus = wanted == Status::exceeded;
  for (const auto& p : out.plan) request.plan.push_back({p.item_id, p.owner, p.target_date});
  request.today = date;
  const auto decision = toolkit::decide_publication(request);
  if (decision.status != wanted || !decision.problems.empty())
    throw std::logic_error(std::string("generated answers give ") +
                           toolkit::to_string(decision.status) + ", not " +
                           toolkit::to_string(wanted));
  out.status = decision.status;
  return out;
}

GeneratedAssessment partial_assessment(const AnswerBook& book, identity::OrgType type,
                                       int64_t staff, double progress, const std::string& date,
                                       Rng& rng) {
  GeneratedAssessment out;
  for (const ItemAnswers& ia : book.items()) {
    if (!applies(*ia.item, type, staff) || !rng.chance(progress)) continue;
    const Candidate* c = nullptr;
    if (ia.unmet.empty() || rng.chance(0.85))
      c = &ia.met[rng.below(ia.met.size())];
    else
      c = &ia.unmet[rng.below(ia.unmet.size())];
    out.answers.push_back({ia.item->id, fill(*c, date), false, c->needs_evidence});
  }
  score(book, type, staff, date, out);
  for (auto& a : out.answers)
    for (const auto& r : out.results)
      if (r.item_id == a.item_id) a.met = r.met;
  return out;
}

}  // namespace cg::demo
