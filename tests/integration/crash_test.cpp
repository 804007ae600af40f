// Crash safety: writers create organisations through the API from four connections while the
// server is killed with SIGKILL at random moments, 20 times. After each restart every write a
// client saw acknowledged (201) must be there, nothing may be half there (an organisation without
// its audit entry), the audit chain must verify and, on SQLite, the file must pass
// integrity_check. On both databases, through the real binary.
#include <gtest/gtest.h>

#include <atomic>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <thread>

#include "flows.h"
#include "harness.h"
#include "store/database.h"

namespace cg::test {
namespace {

constexpr int kKills = 20;
constexpr int kWriters = 4;

TEST(CrashTest, AcknowledgedWritesSurviveSigkill) {
  TestServer server;
  server.prepare();
  ASSERT_TRUE(add_national_region_and_ics(server));
  auto added = server.cli({"org", "add", "--name", "Sunnyside Care", "--type", "care_home", "--ods",
                           "AB1C2", "--parent", "QYG", "--staff", "20", "--people", "30"});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  const int64_t provider = std::stoll(added.out);
  const std::string email = unique_email("lead");
  ASSERT_EQ(server
                .cli({"user", "add", "--email", email, "--name", "Grace Lead", "--org", "AB1C2",
                      "--role", "org_lead", "--password-stdin"},
                     "kettle orange bicycle\n")
                .exit_code,
            0);
  enrol_mfa_in_database(server, email);
  auto made = server.cli({"token", "create", "--email", email, "--org", "AB1C2", "--name", "w"});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  std::string token = made.out;
  while (!token.empty() && (token.back() == '\n' || token.back() == ' ')) token.pop_back();
  token = token.substr(token.find_last_of('\n') + 1);

  std::mt19937 random(20261122);
  std::atomic<int> next_code{10000};
  std::mutex mutex;
  std::set<std::string> acknowledged;
  int refused = 0;
  for (int round = 0; round < kKills; ++round) {
    server.start();
    std::atomic<bool> stop{false};
    std::vector<std::thread> writers;
    for (int w = 0; w < kWriters; ++w)
      writers.emplace_back([&] {
        Client c = server.client();
        while (!stop) {
          const std::string code = "V" + std::to_string(next_code++);
          nlohmann::json site = {{"parent_id", provider}, {"name", "Site " + code},
                                 {"type", "care_home"},   {"ods_code", code},
                                 {"staff_count", 12},     {"people_supported", 9}};
          try {
            auto r = c.request(
                "POST", "/api/v1/orgs", site.dump(),
                {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}});
            std::lock_guard lock(mutex);
            if (r.status == 201)
              acknowledged.insert(code);
            else
              ++refused;
          } catch (const std::exception&) {
            return;  // the server is gone: this write was never acknowledged
          }
        }
      });
    std::this_thread::sleep_for(
        std::chrono::milliseconds(std::uniform_int_distribution<int>(80, 400)(random)));
    server.kill_hard();
    stop = true;
    for (auto& t : writers) t.join();
  }
  EXPECT_EQ(refused, 0) << "every request that got an answer should have been accepted";
  EXPECT_GT(acknowledged.size(), static_cast<size_t>(kKills)) << "the writers did write";

  auto db = store::open(server.database_url(), 1);
  std::set<std::string> present;
  int64_t without_audit = 0;
  db->read([&](store::Connection& c) {
    for (const auto& row :
         c.exec("SELECT ods_code FROM organisations WHERE ods_code LIKE 'V%'").rows)
      present.insert(row.text(0));
    without_audit =
        c.exec(
             "SELECT COUNT(*) FROM organisations o WHERE o.ods_code LIKE 'V%' AND NOT EXISTS "
             "(SELECT 1 FROM audit_log a WHERE a.action = 'org.create' AND a.org_id = o.id)")
            .one()
            .integer(0);
    if (c.dialect() == store::Dialect::sqlite) {
      EXPECT_EQ(c.exec("PRAGMA integrity_check").one().text(0), "ok");
    }
  });
  std::cout << "crash test: " << kKills << " kills, " << acknowledged.size()
            << " acknowledged writes, " << present.size() << " organisations present\n";
  for (const auto& code : acknowledged) EXPECT_TRUE(present.count(code)) << code << " was lost";
  EXPECT_EQ(without_audit, 0) << "an organisation is never there without its audit entry";
  auto verify = server.cli({"audit", "verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  // And the server still starts and serves after the last kill.
  server.start();
  EXPECT_EQ(server.client().get("/readyz").status, 200);
}

}  // namespace
}  // namespace cg::test
