#include <gtest/gtest.h>
#include <sys/resource.h>

#include "core/file_limit.h"

namespace {

// Starts from a soft limit below the hard one, as systemd gives a service (1,024 under
// 524,288), and checks that the server's start-up call lifts it all the way.
TEST(FileLimit, RaisesTheSoftLimitToTheHardLimit) {
  rlimit original{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &original), 0);
  ASSERT_GT(original.rlim_max, 2U) << "the hard limit leaves no room to lower the soft one";
  rlimit lowered = original;
  lowered.rlim_cur = original.rlim_max / 2;
  ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &lowered), 0);
  EXPECT_EQ(cg::open_file_limit().soft, original.rlim_max / 2);

  const cg::FileLimit raised = cg::raise_open_file_limit();

  EXPECT_EQ(raised.soft, original.rlim_max);
  EXPECT_EQ(raised.hard, original.rlim_max);
  rlimit now{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &now), 0);
  EXPECT_EQ(now.rlim_cur, original.rlim_max);
  setrlimit(RLIMIT_NOFILE, &original);
}

TEST(FileLimit, LeavesALimitAlreadyAtTheHardLimitAlone) {
  rlimit original{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &original), 0);
  rlimit full = original;
  full.rlim_cur = original.rlim_max;
  ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &full), 0);

  const cg::FileLimit raised = cg::raise_open_file_limit();

  EXPECT_EQ(raised.soft, original.rlim_max);
  EXPECT_EQ(raised.hard, original.rlim_max);
  setrlimit(RLIMIT_NOFILE, &original);
}

}  // namespace
