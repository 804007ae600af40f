#pragma once
// What must hold in the database after the server running the crash workload was killed:
//   - every acknowledged write is there in full: an answer with its history row and audit
//     entry; an uploaded file with its evidence record, its link to the item, the same bytes
//     and its audit entry; a publication with its audit entry and its organisation's status
//     row; an invitation with its outbox email and audit entry;
//   - every write in flight at a kill is there in full or not at all, and stays that way;
//   - the dashboard counters equal a recount, and a SQLite file passes integrity_check.
// Failures are recorded as gtest failures naming the write.
#include <map>
#include <vector>

#include "crash_workload.h"
#include "store/database.h"

namespace cg::test::crash {

// Holds the database, read while the server is down, to the writers' ledgers.
void check_ledgers(store::Connection& c, std::vector<Writer>& writers, int64_t now);
// Counters equal a recount; on SQLite, integrity_check is ok.
void check_database(store::Connection& c);

// How the writes turned out, for the test's summary.
struct Tally {
  std::map<Kind, int> acknowledged;
  std::map<Kind, int> in_flight_found;   // in flight at a kill, then found in full
  std::map<Kind, int> in_flight_absent;  // in flight at a kill, then not there at all
};
Tally tally(store::Connection& c, const std::vector<Writer>& writers);

}  // namespace cg::test::crash
