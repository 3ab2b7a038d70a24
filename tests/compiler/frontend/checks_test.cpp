// checks: load-time container references and cycles (config.md §8.1), and
// the references `vagga check` adds (§8.2).
#include "compiler/checks/checks.h"

#include "helpers.h"

#include <chrono>

namespace vagga::testing {
namespace {

using Codes = std::vector<std::string>;

struct Checked : Decoded {
    diag::Diagnostics load, refs;
    explicit Checked(std::string text) : Decoded(std::move(text)) {
        EXPECT_EQ(codes(), Codes{}) << Decoded::text();
        checks::check_load(config, load);
        checks::check_references(config, refs);
    }
    Codes load_codes() const { return summary(sm, load); }
    Codes ref_codes() const { return summary(sm, refs); }
};

TEST(CheckLoad, UnknownContainerFromEachStep) {
    Checked c("containers:\n  app:\n    setup:\n"
              "    - !Container base\n"
              "    - !Build {container: builder, source: /x}\n"
              "    - !SubConfig {source: !Container sub, container: x}\n"
              "    - !SubConfig {container: notadep}\n");
    EXPECT_EQ(c.load_codes(), (Codes{"unknown-container@4:18", "unknown-container@5:26",
                                     "unknown-container@6:38"}));
    EXPECT_EQ(c.load.list()[0].message,
              "container `base` referenced from container `app` is not defined");
}

TEST(CheckLoad, DidYouMeanForContainers) {
    Checked c("containers:\n  python:\n  app:\n    setup:\n    - !Container pyhton\n");
    ASSERT_EQ(c.load_codes(), Codes{"unknown-container@5:18"});
    EXPECT_EQ(c.load.list()[0].label, "did you mean `python`?");
}

TEST(CheckLoad, SelfCycle) {
    Checked c("containers:\n  crash:\n    setup:\n    - !Container crash\n");
    ASSERT_EQ(c.load_codes(), Codes{"container-cycle@4:18"});
    EXPECT_EQ(c.load.list()[0].message, "container `crash` depends on itself");
}

TEST(CheckLoad, CycleReachedFromAnOutsideContainerTerminates) {
    // The original recursed forever here: `0app` sorts before the cycle.
    Checked c("containers:\n"
              "  0app:\n    setup:\n    - !Container a\n"
              "  a:\n    setup:\n    - !Container b\n"
              "  b:\n    setup:\n    - !Build {container: a}\n");
    ASSERT_EQ(c.load_codes(), Codes{"container-cycle@10:26"});
    EXPECT_EQ(c.load.list()[0].message,
              "containers depend on each other in a cycle: `a` -> `b` -> `a`");
}

TEST(CheckLoad, NoCycleNoError) {
    Checked c("containers:\n  base:\n  a:\n    setup:\n    - !Container base\n"
              "  b:\n    setup:\n    - !Container base\n    - !Build {container: a}\n");
    EXPECT_EQ(c.load_codes(), Codes{});
}

TEST(CheckLoad, DeepDiamondFinishesFast) {
    // c0 -> {l1, r1} -> c1 -> {l2, r2} -> c2 ... : 2^30 paths without memoisation.
    std::string y = "containers:\n";
    for (int i = 0; i < 30; ++i) {
        y += "  c" + std::to_string(i) + ":\n    setup:\n";
        y += "    - !Container l" + std::to_string(i + 1) + "\n";
        y += "    - !Build {container: r" + std::to_string(i + 1) + "}\n";
        y += "  l" + std::to_string(i + 1) + ":\n    setup:\n    - !Container c" +
             std::to_string(i + 1) + "\n";
        y += "  r" + std::to_string(i + 1) + ":\n    setup:\n    - !Container c" +
             std::to_string(i + 1) + "\n";
    }
    y += "  c30:\n";
    auto t0 = std::chrono::steady_clock::now();
    Checked c(y);
    auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0)
            .count();
    EXPECT_EQ(c.load_codes(), Codes{});
    EXPECT_LT(ms, 2000);
}

TEST(CheckReferences, CommandsChildrenVolumesAndInitCommands) {
    Checked c(R"(containers:
  app:
    volumes:
      /a: !Container nosuch1
      /b: !Snapshot {container: nosuch2}
      /c: !Persistent {name: p, init-command: noinit}
commands:
  run: !Command
    container: nosuch3
    run: [x]
    prerequisites: [nocmd, run]
  sup: !Supervise
    prerequisites: [nocmd2]
    children:
      ch: !Command
        container: nosuch4
        run: [x]
        prerequisites: [nocmd3]
        volumes:
          /v: !Container nosuch5
  cap: !CapsuleCommand
    run: [x]
    prerequisites: [nocmd4]
)");
    EXPECT_EQ(c.load_codes(), Codes{});
    EXPECT_EQ(c.ref_codes(),
              (Codes{"unknown-container@4:22", "unknown-container@5:33", "unknown-command@6:47",
                     "unknown-command@23:21", "unknown-container@9:16", "unknown-command@11:21",
                     "unknown-command@13:21", "unknown-container@16:20", "unknown-container@20:26",
                     "unknown-command@18:25"}));
    EXPECT_EQ(c.refs.list()[2].message, "init-command `noinit` of volume `p` is not a command");
}

TEST(CheckReferences, CleanProject) {
    Checked c("containers:\n  app:\n    volumes:\n      /p: !Persistent {name: p, init-command: "
              "init}\ncommands:\n  init: !Command {container: app, run: [x]}\n"
              "  run: !Command {container: app, run: [x], prerequisites: [init]}\n");
    EXPECT_EQ(c.ref_codes(), Codes{});
}

// A command whose `container` is missing or empty is reported once, by the
// decoder at its place; the reference check used to add an unlocated
// "container `` ... is not defined" (found by tests/system/corpus/mutation_test.cpp).
TEST(CheckReferences, MissingContainerFieldIsReportedOnce) {
    for (const char* field : {"", "    container:\n"}) {
        Decoded d(std::string("containers:\n  c:\ncommands:\n  server: !Command\n") + field +
                  "    run: [x]\n");
        ASSERT_EQ(d.codes().size(), 1u) << d.text();
        diag::Diagnostics refs;
        checks::check_references(d.config, refs);
        EXPECT_TRUE(refs.empty()) << diag::render_text(d.sm, refs);
    }
}

} // namespace
} // namespace vagga::testing
