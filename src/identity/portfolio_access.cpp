#include "identity/portfolio_access.h"

#include <nlohmann/json.hpp>
#include <set>

#include "core/error.h"
#include "identity/org_rules.h"
#include "identity/store/audit_store.h"
#include "identity/store/org_store.h"
#include "identity/store/people_store.h"
#include "identity/store/portfolio_request_store.h"
#include "mail/outbox.h"

namespace cg::identity {

using cg::store::Connection;
using nlohmann::json;

namespace {

// One entry in each organisation's trail, so both sides can see who opened or closed what.
void audit_both(Connection& c, int64_t now, int64_t actor_id, int64_t support_id,
                int64_t provider_id, const std::string& action, json summary) {
  for (int64_t org : {support_id, provider_id}) {
    AuditEntry e;
    e.at = now;
    e.actor_id = actor_id;
    e.org_id = org;
    e.action = action;
    e.target_type = "portfolio";
    e.target_id = std::to_string(support_id) + ":" + std::to_string(provider_id);
    summary["support_org_id"] = support_id;
    summary["provider_id"] = provider_id;
    e.summary = summary.dump();
    store::append_audit(c, std::move(e));
  }
}

Organisation visible_org(Connection& c, const Actor& actor, int64_t org_id) {
  auto org = store::find_org(c, org_id);
  // Someone who may not see an organisation is told it is not there, so ids reveal nothing.
  if (!org || !allowed(actor, Action::view_org, OrgRef{org->id, org->path}))
    throw Error(ErrorCode::not_found, "Page not found");
  return *org;
}

Organisation support_org_for(Connection& c, const Actor& actor, int64_t support_org_id,
                             Action action) {
  Organisation support = visible_org(c, actor, support_org_id);
  if (!allowed(actor, action, OrgRef{support.id, support.path}))
    throw Error(ErrorCode::forbidden, "You do not have permission to do this");
  if (support.type != OrgType::support_org)
    throw Error(ErrorCode::not_found, "Only support organisations have a portfolio");
  return support;
}

Organisation provider_for(Connection& c, const Actor& actor, int64_t provider_id) {
  Organisation provider = visible_org(c, actor, provider_id);
  if (!allowed(actor, Action::grant_access, OrgRef{provider.id, provider.path}))
    throw Error(ErrorCode::forbidden, "You do not have permission to do this");
  return provider;
}

bool is_care_provider(const Organisation& o) {
  return is_provider_type(o.type) && o.type != OrgType::supplier;
}

std::string request_email(const Person& lead, const Organisation& provider,
                          const Organisation& support, const std::string& asker,
                          const std::string& base_url) {
  return "Hello " + lead.name + ",\n\n" + support.name + " has asked to add " + provider.name +
         " to the care providers it supports on Careguard. " + asker + " sent the request.\n\n" +
         "If you say yes, its support advisers will be able to see your data security toolkit: "
         "your answers, notes and evidence. They can then help you and comment on your "
         "answers. They cannot change anything.\n\n"
         "Nothing is shared until you say yes, and you can stop sharing at any time.\n\n"
         "To answer, sign in and open your organisation's page:\n\n" +
         base_url + "/orgs/" + std::to_string(provider.id) + "\n\nIf you do not know " +
         support.name + ", you can say no. You do not need to give a reason.\n";
}

}  // namespace

std::vector<std::pair<int, std::string>> split_code_list(const std::string& text) {
  std::vector<std::pair<int, std::string>> out;
  int line = 1;
  std::string word;
  auto flush = [&] {
    if (!word.empty()) out.emplace_back(line, normalise_ods_code(word));
    word.clear();
  };
  for (char ch : text) {
    if (ch == '\n') {
      flush();
      ++line;
    } else if (ch == ',' || ch == ';' || ch == ' ' || ch == '\t' || ch == '\r') {
      flush();
    } else {
      word.push_back(ch);
    }
  }
  flush();
  return out;
}

AskResult ask_to_support(Database& db, const Actor& actor, int64_t support_org_id,
                         const std::string& provider_code, const std::string& base_url,
                         int64_t now) {
  return db.transaction([&](Connection& c) {
    Organisation support = support_org_for(c, actor, support_org_id, Action::manage_portfolio);
    const std::string code = normalise_ods_code(provider_code);
    if (code.empty())
      throw Error(ErrorCode::validation, "Enter an ODS code",
                  {{"provider_code", "Enter the ODS code of the care provider"}});
    auto provider = store::find_org_by_code(c, code);
    if (!provider)
      throw Error(ErrorCode::validation, "No organisation has that code",
                  {{"provider_code", "No organisation has the ODS code " + code}});
    if (!is_care_provider(*provider))
      throw Error(ErrorCode::validation, "Not a care provider",
                  {{"provider_code", provider->name + " is not a care provider"}});
    if (store::in_portfolio(c, support.id, provider->id))
      throw Error(ErrorCode::validation, "Already in the portfolio",
                  {{"provider_code", provider->name + " is already in the portfolio"}});
    AskResult result;
    result.provider_name = provider->name;
    if (allowed(actor, Action::assign_portfolio, OrgRef{support.id, support.path})) {
      store::add_to_portfolio(c, support.id, provider->id, now);
      store::close_open_request_between(c, support.id, provider->id, actor.person_id, now);
      audit_both(c, now, actor.person_id, support.id, provider->id, "portfolio.assigned",
                 {{"provider", provider->name}, {"support_org", support.name}});
      result.added = true;
      return result;
    }
    if (store::has_open_portfolio_request(c, support.id, provider->id))
      throw Error(ErrorCode::validation, "Already asked",
                  {{"provider_code",
                    "You have already asked " + provider->name + ". They have not answered yet"}});
    const int64_t id =
        store::insert_portfolio_request(c, support.id, provider->id, actor.person_id, now, "");
    audit_both(c, now, actor.person_id, support.id, provider->id, "portfolio.requested",
               {{"request_id", id}, {"provider", provider->name}, {"support_org", support.name}});
    auto asker = store::find_person(c, actor.person_id);
    const std::string asker_name = asker ? asker->name : support.name;
    for (const auto& m : store::members_of(c, provider->id)) {
      if (m.role != Role::org_lead) continue;
      auto lead = store::find_person(c, m.person_id);
      if (!lead || lead->disabled_at) continue;
      mail::enqueue(c, lead->email, support.name + " asks to support " + provider->name,
                    request_email(*lead, *provider, support, asker_name, base_url), now);
    }
    return result;
  });
}

void answer_request(Database& db, const Actor& actor, int64_t provider_id, int64_t request_id,
                    bool accept, int64_t now) {
  db.transaction([&](Connection& c) {
    Organisation provider = provider_for(c, actor, provider_id);
    auto request = store::find_open_portfolio_request(c, request_id);
    if (!request || request->provider_id != provider.id)
      throw Error(ErrorCode::not_found, "This request has already been answered or taken back");
    if (!store::close_portfolio_request(c, request->id, actor.person_id, now,
                                        accept ? "accepted" : "declined"))
      throw Error(ErrorCode::not_found, "This request has already been answered or taken back");
    if (accept) store::add_to_portfolio(c, request->support_org_id, provider.id, now);
    audit_both(c, now, actor.person_id, request->support_org_id, provider.id,
               accept ? "portfolio.accepted" : "portfolio.declined",
               {{"request_id", request->id},
                {"provider", provider.name},
                {"support_org", request->support_name}});
  });
}

void withdraw_request(Database& db, const Actor& actor, int64_t support_org_id, int64_t request_id,
                      int64_t now) {
  db.transaction([&](Connection& c) {
    Organisation support = support_org_for(c, actor, support_org_id, Action::manage_portfolio);
    auto request = store::find_open_portfolio_request(c, request_id);
    if (!request || request->support_org_id != support.id ||
        !store::close_portfolio_request(c, request->id, actor.person_id, now, "withdrawn"))
      throw Error(ErrorCode::not_found, "This request has already been answered or taken back");
    audit_both(c, now, actor.person_id, support.id, request->provider_id, "portfolio.withdrawn",
               {{"request_id", request->id},
                {"provider", request->provider_name},
                {"support_org", support.name}});
  });
}

void stop_support(Database& db, const Actor& actor, int64_t provider_id, int64_t support_org_id,
                  int64_t now) {
  db.transaction([&](Connection& c) {
    Organisation provider = provider_for(c, actor, provider_id);
    auto support = store::find_org(c, support_org_id);
    if (!support || !store::remove_from_portfolio(c, support->id, provider.id))
      throw Error(ErrorCode::not_found, "That support organisation cannot see your work");
    audit_both(c, now, actor.person_id, support->id, provider.id, "portfolio.stopped_by_provider",
               {{"provider", provider.name}, {"support_org", support->name}});
  });
}

void remove_from_portfolio(Database& db, const Actor& actor, int64_t support_org_id,
                           int64_t provider_id, int64_t now) {
  db.transaction([&](Connection& c) {
    Organisation support = support_org_for(c, actor, support_org_id, Action::manage_portfolio);
    auto provider = store::find_org(c, provider_id);
    if (!provider || !store::remove_from_portfolio(c, support.id, provider->id))
      throw Error(ErrorCode::not_found, "That provider is not in the portfolio");
    audit_both(c, now, actor.person_id, support.id, provider->id, "portfolio.remove",
               {{"provider", provider->name}, {"support_org", support.name}});
  });
}

AssignResult assign_providers(Database& db, const Actor& actor, int64_t support_org_id,
                              const std::string& codes, int64_t now) {
  const auto listed = split_code_list(codes);
  return db.transaction([&](Connection& c) {
    Organisation support = support_org_for(c, actor, support_org_id, Action::assign_portfolio);
    Validation v;
    if (listed.empty()) v.add("codes", "Enter the ODS codes of the care providers");
    if (listed.size() > 5000) v.add("codes", "Enter 5,000 codes or fewer at a time");
    v.throw_if_failed();
    std::vector<Organisation> providers;
    std::set<int64_t> seen;
    for (const auto& [line, code] : listed) {
      auto provider = store::find_org_by_code(c, code);
      if (!provider)
        v.add("codes",
              "Line " + std::to_string(line) + ": no organisation has the ODS code " + code);
      else if (!is_care_provider(*provider))
        v.add("codes",
              "Line " + std::to_string(line) + ": " + provider->name + " is not a care provider");
      else if (seen.insert(provider->id).second)
        providers.push_back(*provider);
      if (v.errors().size() >= 20) break;  // enough to fix the list; the rest can wait
    }
    v.throw_if_failed("Nothing was added: check the list");
    AssignResult result;
    for (const auto& p : providers) {
      if (store::in_portfolio(c, support.id, p.id)) {
        ++result.already;
        continue;
      }
      store::add_to_portfolio(c, support.id, p.id, now);
      store::close_open_request_between(c, support.id, p.id, actor.person_id, now);
      audit_both(c, now, actor.person_id, support.id, p.id, "portfolio.assigned",
                 {{"provider", p.name}, {"support_org", support.name}});
      ++result.added;
    }
    return result;
  });
}

}  // namespace cg::identity
